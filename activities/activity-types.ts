import type { Actor, CaseStatus, CaseType, EntitlementPlanView, Role } from '@app/contracts';
import type { DurationPolicy } from '@app/domain/policy';

import type { DeadlineResult } from '@app/persistence';

export type { DeadlineResult };

/** An opened task's deadline, and who holds it already (results recorded before this field lack it). */
export type OpenedTask = DeadlineResult & { assigneeId?: string | null };

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

export interface CancelTaskInput {
  caseId: string;
  taskId: string;
  reason: string;
  at: string;
}

/**
 * A write the workflow defers to the next transition, where it commits with everything else: a
 * state change, a cancelled task, or (newer cases) a decision, stored with its consequences.
 */
export type TransitionWrite =
  ({ kind: 'state' } & CaseStateChange) | ({ kind: 'cancel' } & CancelTaskInput) | ({ kind: 'decision' } & CompleteTaskActivityInput);

/**
 * One transition of a case in one transaction: the deferred writes (state changes, cancelled
 * tasks), what the next step needs (the hardship age gate, the allowance plan, a grant, deadlines)
 * and the next task.
 */
export interface TransitionInput {
  caseId: string;
  /** In the order the workflow made them: a decision before the state changes it caused. */
  writes: TransitionWrite[];
  /** Durations to turn into instants (the notice period, the next review). */
  deadlines?: { from: string; duration: DurationPolicy }[];
  /** Computes the allowance plan; with `open`, shown with the task as its `eligibility` context. */
  plan?: boolean;
  /** Opens the task only once the applicant has reached the policy's age (hardship allowance). */
  ageGate?: boolean;
  open?: OpenTaskInput;
  /** Grants the entitlement of an approved case (idempotent per case). */
  grant?: GrantRequest;
}

export interface GrantRequest {
  revisionKey: string;
  reason: string;
  at: string;
  /**
   * The state change the grant makes (the case becomes active), written after it in the same
   * transaction, its details completed with the entitlement granted (id, start month).
   */
  then?: CaseStateChange;
}

export interface TransitionResult {
  opened: OpenedTask | null;
  /** Set when the age gate held the task back: the month the applicant becomes eligible. */
  notBeforeMonth: string | null;
  deadlines: DeadlineResult[];
  plan: EntitlementPlanView | null;
  granted: { entitlementId: string; plan: EntitlementPlanView } | null;
}
