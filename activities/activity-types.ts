import type { Actor, CaseStatus, CaseType, Role } from '@app/contracts';
import type { DurationPolicy } from '@app/domain/policy';

export type { DeadlineResult } from '@app/persistence';

export interface OpenTaskInput {
  caseId: string;
  caseType: CaseType;
  taskId: string;
  step: string;
  candidateRole: Role;
  regionCode: string;
  deadline: DurationPolicy;
  openedAt: string;
  /** Shown to the officer with the task (e.g. why the case came back, eligibility notes). */
  context?: Record<string, unknown> | null;
}

export interface CompleteTaskActivityInput {
  caseId: string;
  taskId: string;
  step: string;
  actor: Actor;
  outcome: string;
  comment: string | null;
  data: Record<string, unknown> | null;
  completedAt: string;
}

export interface CaseStateChange {
  caseId: string;
  /** Idempotency key for the audit row, chosen by the workflow. */
  eventKey: string;
  status: CaseStatus;
  currentStep: string | null;
  waitingUntil?: string | null;
  acceptedOn?: string;
  decidedOn?: string;
  outcomeReason?: string | null;
  action: string;
  actor?: Actor | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  at: string;
}
