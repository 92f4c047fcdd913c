import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, CASE_TYPES, ROLES, type CaseStatus, type CaseType, type Role } from '@app/contracts';
import { JSON_OBJECT, PendingDecisionView, PolicyRefView } from '../common/views';

export class CaseApplicantMaskedView {
  @ApiProperty() personId!: string;
  @ApiProperty({ example: '370124********0014' }) idNumberMasked!: string;
  @ApiProperty({ example: '张*' }) nameMasked!: string;
  @ApiProperty({ enum: ['male', 'female'], example: 'male' }) sex!: string;
  @ApiProperty({ example: 68 }) age!: number;
}

export class CaseOpenTaskView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'acceptance' }) step!: string;
  @ApiProperty({ example: '受理' }) stepLabel!: string;
  @ApiProperty({ enum: ROLES }) candidateRole!: Role;
  @ApiProperty({ type: String, nullable: true }) assigneeId!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() dueAt!: Date;
  @ApiProperty({ example: '2026-12-01' }) dueDate!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Set when the deadline crosses a year with no holiday arrangement loaded.' })
  calendarFlag!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ example: 0 }) escalationLevel!: number;
  @ApiProperty({
    type: PendingDecisionView,
    nullable: true,
    description: 'A decision on this task answered 202 DECISION_PENDING and not yet applied by the case workflow.',
  })
  pendingDecision!: PendingDecisionView | null;
}

export class CaseView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'JK-2026-000001' }) caseNo!: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType!: CaseType;
  @ApiProperty({ example: '经济困难老年人补贴' }) caseTypeLabel!: string;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ example: '办理中' }) statusLabel!: string;
  @ApiProperty({ type: String, nullable: true, example: 'acceptance' }) currentStep!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '受理' }) currentStepLabel!: string | null;
  @ApiProperty({ type: String, nullable: true }) waitingUntil!: string | null;
  @ApiProperty({ example: '370124001001' }) regionCode!: string;
  @ApiProperty({ example: '翠屏社区' }) regionName!: string;
  @ApiProperty({ example: '2026-11-20' }) appliedOn!: string;
  @ApiProperty({ type: String, nullable: true }) acceptedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcomeReason!: string | null;
  @ApiProperty({ description: 'Opened by proactive enrollment (免申即享).' }) proactive!: boolean;
  @ApiProperty({ type: PolicyRefView }) policy!: PolicyRefView;
  @ApiProperty({ type: CaseApplicantMaskedView }) applicant!: CaseApplicantMaskedView;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CaseDetailView extends CaseView {
  @ApiProperty({ type: [CaseOpenTaskView] }) openTasks!: CaseOpenTaskView[];
}

export class CasePageView {
  @ApiProperty({ type: [CaseView] }) items!: CaseView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class TimelineEntryView {
  @ApiProperty() id!: number;
  @ApiProperty() at!: Date;
  @ApiProperty({ example: 'task_completed' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) step!: string | null;
  @ApiProperty({ type: String, nullable: true }) stepLabel!: string | null;
  @ApiProperty({ type: String, nullable: true }) taskId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName!: string | null;
  @ApiProperty({ ...JSON_OBJECT, nullable: true }) before!: Record<string, unknown> | null;
  @ApiProperty({ ...JSON_OBJECT, nullable: true }) after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class ApplicantFullView {
  @ApiProperty({ example: '370124195803150014' }) idNumber!: string;
  @ApiProperty({ example: '测试老人甲' }) name!: string;
  @ApiProperty({ enum: ['male', 'female'], example: 'male' }) sex!: string;
  @ApiProperty({ example: '1958-03-15' }) birthDate!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) address!: string | null;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ type: String, nullable: true }) deathDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) movedOutOn!: string | null;
}
