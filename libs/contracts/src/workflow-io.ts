import type { CaseStatus, CaseType } from './case-types';
import type { Actor, Role } from './roles';
import type { CareLevel } from './care-level';

/** Policy as carried into a workflow (libs/domain's PolicySnapshot, kept structural here). */
export interface WorkflowPolicy {
  policyId: string;
  version: number;
  regionCode: string;
  effectiveFrom: string;
  // The body is libs/domain's CasePolicy; typed there.
  body: import('@app/domain/policy').CasePolicy;
}

export interface CaseWorkflowInput {
  caseId: string;
  caseType: CaseType;
  regionCode: string;
  appliedOn: string;
  policy: WorkflowPolicy;
  /** Set when the workflow continues as new after an annual review or reassessment. */
  resume?: ResumeState;
  /** The acceptance task intake wrote with the case (newer cases): the workflow adopts it instead of opening one. */
  firstTask?: FirstTaskView;
  /** Set when a trial stay continues as new while it waits on a care home's list. */
  waitingList?: WaitingListState;
  /** Bed checks per run on the waiting list before continuing as new (tests make it small). */
  waitingChecksPerRun?: number;
  /**
   * The generation of the case workflows' code the case was started under (CASE_WORKFLOW_GENERATION
   * then), carried across continue-as-new. Absent in cases started before generations existed.
   */
  generation?: number;
}

/**
 * Cases started from now take every path their workflow code once guarded with patched() (see
 * takesPatch in workflows/lib/case-kit.ts) without recording a patch marker. Raised when a new
 * generation folds in the patches added since.
 */
export const CASE_WORKFLOW_GENERATION = 2;

/** What a case's first run starts from: the case as intake, the sweep or proactive enrollment wrote it. */
export type NewCaseStart = Omit<CaseWorkflowInput, 'generation' | 'resume' | 'waitingList' | 'waitingChecksPerRun'>;

/**
 * The input of a case's first run, started now. Every place that starts a case builds it here, so
 * each new case carries today's generation (continue-as-new carries the generation it started with).
 */
export function newCaseInput(start: NewCaseStart): CaseWorkflowInput {
  return { ...start, generation: CASE_WORKFLOW_GENERATION };
}

/** A trial stay waiting for a bed, as carried across continue-as-new: only what the steps after the bed need. */
export interface WaitingListState {
  home: { id: string; name: string };
  careLevel: CareLevel | null;
  currentStep: string | null;
  /** A bed offer signalled to the previous run that it had not yet looked at. */
  offerPending: boolean;
  /** How many runs have waited on the list before this one. */
  runs: number;
}

export interface FirstTaskView {
  taskId: string;
  step: string;
  candidateRole: string;
  openedAt: string;
  dueAt: string;
  dueDate: string;
  /** Who holds it already (a proactively opened case names its township officer). */
  assigneeId?: string | null;
}

/** What a long-lived case carries across continue-as-new: only what the next period needs. */
export interface ResumeState {
  phase: 'active';
  entitlementId: string;
  cycle: number;
  lastReviewOn: string;
}

export interface OpenTaskView {
  taskId: string;
  step: string;
  candidateRole: Role;
  regionCode: string;
  dueAt: string;
  dueDate: string;
}

export interface CaseStateView {
  caseId: string;
  status: CaseStatus;
  currentStep: string | null;
  openTasks: OpenTaskView[];
  waitingUntil: string | null;
  nextWakeAt: string | null;
  openObjections: number;
}

export interface CompleteTaskInput {
  taskId: string;
  step: string;
  actor: Actor;
  outcome: string;
  comment?: string | null;
  /** Step-specific findings (home visit, assessment form, decision document number …). */
  data?: Record<string, unknown> | null;
}

/** A reassignment's target user, as the API read it (see checkAssignmentTarget in libs/domain). */
export interface AssignmentTarget {
  role: string;
  regionCode: string;
  active: boolean;
}

/** Claim, release or (by a supervisor) assign a task: the workflow knows who holds each task. */
export interface AssignTaskInput {
  taskId: string;
  actor: Actor;
  /**
   * For an assignment, the API sends the target user's role, region and state as it read them; the
   * validator checks them with the API's rule. Histories recorded before this field lack it (their
   * Updates were validated then; validators do not run on replay).
   */
  change: { kind: 'claim' } | { kind: 'release' } | { kind: 'assign'; assigneeId: string; target?: AssignmentTarget };
  reason?: string | null;
}

export interface RegisterObjectionInput {
  objectionId: string;
  actor: Actor;
  summary: string;
}

export interface WithdrawInput {
  actor: Actor;
  reason: string;
}

export interface LifeEventInput {
  eventId: string;
  actor: Actor;
  kind: 'death' | 'moved_out' | 'roster_left';
  on: string;
}

/** A life event or roster exit delivered to every open case it affects, as one durable workflow. */
export interface LifeEventFanOutInput {
  /** The cases told; each dedups the event by its id, so a retried delivery never applies twice. */
  caseIds: string[];
  event: LifeEventInput;
}

/** What one case answered; `status` null when its workflow is gone (the case was already finished). */
export interface LifeEventDelivery {
  caseId: string;
  status: CaseStatus | null;
  /** False when the case had already finished and took nothing. */
  delivered: boolean;
}

export interface ReassessmentRequestInput {
  requestId: string;
  actor: Actor;
  reason: string;
}

/** Typed failure codes of workflow validators and activities (ApplicationFailure.type). */
export const WORKFLOW_ERROR_CODES = [
  'OUT_OF_SCOPE',
  'TASK_CLOSED',
  'TASK_NOT_OPEN',
  'WRONG_STEP',
  'ROLE_NOT_ALLOWED',
  'CLAIMED_BY_OTHER',
  'OUTCOME_NOT_ALLOWED',
  'REASON_REQUIRED',
  'INVALID_DATA',
  'CASE_FINISHED',
  'NOT_IN_NOTICE',
  'NOT_APPLICABLE',
  'NOT_ELIGIBLE',
  'CONFLICT',
  // A reassignment's target may not hold the task.
  'VALIDATION_FAILED',
] as const;
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

/** An allowance's plan as the workflow sees it: shown with review and approval, binding at approval. */
export interface EntitlementPlanView {
  eligible: boolean;
  reasons: { code: string; message: string }[];
  startMonth: string | null;
  endMonth: string | null;
  segments: { from: string; to: string | null; monthlyAmountFen: number; rule: string; explanation: string }[];
  explanation: string[];
}
