import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, ROLES, type CaseStatus, type Role } from '@app/contracts';

/**
 * Response shapes shared by several features. Every 2xx response is declared with a class, so the
 * OpenAPI document types it and the console's generated client follows the server.
 */

/** A free-form JSON object (step findings, policy bodies, audit before/after). */
export const JSON_OBJECT = { type: 'object', additionalProperties: true } as const;

export class PolicyRefView {
  @ApiProperty({ example: '5b0e8a52-3f5c-4b7e-9a51-2f8d7c1e0a11' })
  id!: string;
  @ApiProperty({ example: 1 })
  version!: number;
}

export class UserRefView {
  @ApiProperty({ example: '5b0e8a52-3f5c-4b7e-9a51-2f8d7c1e0a11' })
  id!: string;
  @ApiProperty({ example: '榆山街道经办人' })
  displayName!: string;
}

/** A decision answered 202 DECISION_PENDING, re-sent by the worker until the case workflow applies or refuses it. */
export class PendingDecisionView {
  @ApiProperty({ description: 'When the officer submitted the decision.' }) submittedAt!: Date;
  @ApiProperty({ example: 'approve' }) outcome!: string;
  @ApiProperty({ description: 'The officer who submitted it.' }) actorId!: string;
}

export class OpenTaskStateView {
  @ApiProperty() taskId!: string;
  @ApiProperty({ example: 'review' }) step!: string;
  @ApiProperty({ enum: ROLES }) candidateRole!: Role;
  @ApiProperty({ example: '370124001' }) regionCode!: string;
  @ApiProperty({ example: '2026-11-30T16:00:00.000Z' }) dueAt!: string;
  @ApiProperty({ example: '2026-12-01' }) dueDate!: string;
}

/** What a case workflow answers to an Update: its status, step and open tasks right after the decision. */
export class CaseStateView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ type: String, nullable: true, example: 'review' }) currentStep!: string | null;
  @ApiProperty({ type: [OpenTaskStateView] }) openTasks!: OpenTaskStateView[];
  @ApiProperty({ type: String, nullable: true }) waitingUntil!: string | null;
  @ApiProperty({ type: String, nullable: true }) nextWakeAt!: string | null;
  @ApiProperty({ example: 0 }) openObjections!: number;
}

export class MaskedPersonView {
  @ApiProperty() personId!: string;
  @ApiProperty({ example: '3701**********0014' }) idNumberMasked!: string;
  @ApiProperty({ example: '张*' }) nameMasked!: string;
}
