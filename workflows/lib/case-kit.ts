import { ActivityFailure, ApplicationFailure, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { Actor, CaseStatus, CaseWorkflowInput, CompleteTaskInput, OpenTaskView, WorkflowErrorCode } from '@app/contracts';
import type { DurationPolicy, StepCode } from '@app/domain/policy';
import type * as activities from '../../activities';

/*
 * What the pieces of a case run share: the activity proxies, the typed failures, the live task and
 * the completion record. CaseRun (case-run.ts) drives the lifecycle; its deadline watch
 * (deadline-watch.ts) and approval chain (approval-chain.ts) each keep their own state.
 */

type Activities = activities.Activities;

/** Infrastructure faults retry until the database is back; business rejections are non-retryable. */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Newer cases run each transition as one local activity (one transaction, in the workflow task):
 * a step is then one round trip of work, not five activity hand-offs on the server's task queues.
 */
export const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Whether a case takes the path a patch guards. Cases started at `generation` or later
 * (CaseWorkflowInput.generation) take it without asking: the first patched() call of each patch
 * records a marker and a TemporalChangeVersion search-attribute upsert (two history events and a
 * visibility write per patch per case), for a path that is the only one new cases take. Cases
 * started before generations ask patched() as they always did, so their recorded histories replay
 * unchanged. Generation 1 covers every patch the case workflows had when it was cut
 * (one-transaction-per-transition, decision-in-transition, refusal-pending-status,
 * visible-transition-retries, end-interrupted-without-timer, waiting-list-continue-as-new);
 * generation 2 adds approval-in-one-transition. A patch added later is asked as usual until a new
 * generation includes it.
 */
export function takesPatch(input: Pick<CaseWorkflowInput, 'generation'>, patchId: string, generation = 1): boolean {
  return (input.generation ?? 0) >= generation || patched(patchId);
}

/**
 * Newer cases end an approval in one transition: the transition that grants the entitlement also
 * marks the case active (GrantRequest.then), and a wait that counts no days (months, drill
 * seconds) is counted in the workflow (durationEndWithoutCalendar) when no write waits for a
 * transition, instead of a transition of its own. An allowance's approval is then one local
 * activity instead of two. Taken by generation 2; older cases ask patched().
 */
export const APPROVAL_IN_ONE_TRANSITION_PATCH = 'approval-in-one-transition';

/** Cases started before this change keep their recorded path (five activities per step). */
export const ONE_TRANSACTION_PATCH = 'one-transaction-per-transition';

/**
 * Newer cases store a decision with its consequences: the decision rides with the transition the
 * run makes next (the next task, the state change, the grant) instead of its own local activity
 * before it, so a step is one transaction and one local activity. The update validator checks the
 * decision against every rule its storage enforces (actorProblems, decisionInputProblems), so a
 * decision the database would refuse is refused before it is accepted. Cases started before keep
 * the decision's own activity.
 */
export const DECISION_IN_TRANSITION_PATCH = 'decision-in-transition';

/**
 * A refusal whose written decision is still to be issued (an upheld 公示 objection, a refusal at a
 * step) is shown as `refusal_pending` at the `decision` step; cases that recorded the refusal
 * before this change keep showing their last status until the decision is issued.
 */
export const REFUSAL_PENDING_PATCH = 'refusal-pending-status';

/**
 * A transition that keeps failing retryably (PostgreSQL down, a policy no code can count in) is no
 * pending activity Temporal lists, so newer cases bound each round of local retries and, between
 * rounds, wait on a durable timer with the failure in the workflow's memo, where the
 * reconciliation reads it. Cases started before keep retrying as they recorded.
 */
export const VISIBLE_TRANSITION_RETRIES_PATCH = 'visible-transition-retries';
export const TRANSITION_ATTEMPTS_PER_ROUND = 4;
export const TRANSITION_PAUSE_BETWEEN_ROUNDS = '30 seconds';
export const boundedLocal = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: TRANSITION_ATTEMPTS_PER_ROUND,
  },
});

/** The message of a failure that ran out of its retry attempts (so may heal on a later round), or null. */
export function retriesExhaustedOf(err: unknown): string | null {
  if (err instanceof ActivityFailure) {
    if (err.retryState !== RetryState.MAXIMUM_ATTEMPTS_REACHED) return null;
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.nonRetryable) return null;
    return cause?.message ?? err.message;
  }
  // A local activity's failure may arrive unwrapped: a retryable one surfaces only once retries ran out.
  if (err instanceof ApplicationFailure && !err.nonRetryable) return err.message;
  return null;
}

/** The typed failure an activity ended with (a local activity's arrives unwrapped), or null. */
export function activityFailureOf(err: unknown, type: string): ApplicationFailure | null {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.type === type ? failure : null;
}

/** The reason of a write PostgreSQL refused (retrying cannot heal it), or null for any other failure. */
export function dataErrorOf(err: unknown): string | null {
  return activityFailureOf(err, 'DATA_ERROR')?.message ?? null;
}

/** What the transition opening a step computes with it (newer cases). */
export interface StepNeeds {
  /** The allowance plan, shown with the task as `eligibility` and kept in `run.plan`. */
  plan?: boolean;
  /** Hold the task back until the applicant reaches the policy's age (hardship allowance). */
  ageGate?: boolean;
}

export function fail(code: WorkflowErrorCode, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

export interface TaskCompletion {
  taskId: string;
  step: StepCode;
  outcome: string;
  comment: string | null;
  data: Record<string, unknown> | null;
  actor: Actor;
  completedAt: string;
}

export interface LiveTask extends OpenTaskView {
  step: StepCode;
  /** False until the task row is committed and its deadline known; decisions wait for it. */
  opened: boolean;
  /** Set synchronously when an update is accepted, so a second update for the same task is refused. */
  completing: boolean;
  completion: TaskCompletion | null;
  cancelled: boolean;
  /** When the task was opened and the policy's limit: a new holiday arrangement recounts from them. */
  openedAt: string;
  deadline: DurationPolicy;
  /** Who holds the task (claim, release, a supervisor's assignment): a decision by anyone else is refused. */
  assigneeId: string | null;
}

/** Thrown inside a case run to end it (withdrawn, rejected, closed); caught by `execute`. */
export class CaseEnded extends Error {
  constructor(
    readonly status: CaseStatus,
    readonly reason: string,
    readonly action: string,
  ) {
    super(`case ended: ${status}`);
  }
}

/** Validates step-specific data in the update validator (e.g. the assessment form). Throws to reject. */
export type StepDataValidator = (data: Record<string, unknown> | null, req: CompleteTaskInput) => void;

export interface ChainHooks {
  /** Runs after a task step is completed with a positive outcome, before the next step. */
  afterStep?: (step: StepCode, completion: TaskCompletion) => Promise<void>;
  /** Extra context shown with a step's task. */
  contextFor?: (step: StepCode) => Record<string, unknown> | null;
  /** What the transition opening a step computes with it (newer cases only). */
  needsFor?: (step: StepCode) => StepNeeds;
}

export type ChainResult = { outcome: 'approved'; completion: TaskCompletion | null };
