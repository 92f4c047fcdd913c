import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertMemo,
  uuid4,
} from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import {
  calendarChangedSignal,
  caseStateQuery,
  completeTaskUpdate,
  lifeEventUpdate,
  registerObjectionUpdate,
  withdrawUpdate,
  type Actor,
  type CaseStateView,
  type CaseStatus,
  type CaseWorkflowInput,
  type CompleteTaskInput,
  type EntitlementPlanView,
  type LifeEventInput,
  type OpenTaskView,
  type Role,
  type TransitionRetryingMemo,
  type WorkflowErrorCode,
  TRANSITION_RETRYING_MEMO,
} from '@app/contracts';
import { checkTaskAction, isWithinRegion } from '@app/domain/access';
import {
  decisionDocumentProblems,
  homeVisitProblems,
  taskStepPolicy,
  type ChainStepPolicy,
  type DurationPolicy,
  type NoticeStepPolicy,
  type StepCode,
} from '@app/domain/policy';
import { shanghaiDateOf, startOfMonthInstant } from '@app/domain/dates';
import { decisionInputProblems } from '@app/domain/input';
import type * as activities from '../../activities';
import type { CaseStateChange, DeadlineResult, TransitionInput, TransitionResult, TransitionWrite } from '../../activities/activity-types';

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
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Cases started before this change keep their recorded path (five activities per step). */
export const ONE_TRANSACTION_PATCH = 'one-transaction-per-transition';

/**
 * A transition that keeps failing retryably (PostgreSQL down, a policy no code can count in) is no
 * pending activity Temporal lists, so newer cases bound each round of local retries and, between
 * rounds, wait on a durable timer with the failure in the workflow's memo, where the
 * reconciliation reads it. Cases started before keep retrying as they recorded.
 */
export const VISIBLE_TRANSITION_RETRIES_PATCH = 'visible-transition-retries';
const TRANSITION_ATTEMPTS_PER_ROUND = 4;
const TRANSITION_PAUSE_BETWEEN_ROUNDS = '30 seconds';
const boundedLocal = proxyLocalActivities<Activities>({
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
function retriesExhaustedOf(err: unknown): string | null {
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

interface LiveTask extends OpenTaskView {
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

/**
 * The shared machinery of a case: open tasks with deadlines and escalation, accept decisions
 * through validated Updates, run the policy's approval chain, the public notice with objections,
 * returns for missing materials, withdrawal, and the written decision after a refusal.
 * Each case type's workflow drives one of these.
 */
export class CaseRun {
  readonly caseId: string;
  status: CaseStatus = 'in_progress';
  currentStep: StepCode | null = null;
  waitingUntil: string | null = null;
  nextWakeAt: number | null = null;
  readonly tasks = new Map<string, LiveTask>();
  private readonly watchers: Promise<void>[] = [];
  /** True for cases started since transitions became one transaction each (see ONE_TRANSACTION_PATCH). */
  readonly oneTransaction: boolean;
  /** State changes and cancellations waiting for the next transition, which commits them with its own work. */
  private readonly deferred: TransitionWrite[] = [];
  /** Transitions run one after another, so deferred writes commit in the order they were made. */
  private transitions: Promise<unknown> = Promise.resolve();
  /** Set while the case records its final state: a refused write then cannot end it a second time. */
  private finishing = false;
  private firstTaskAdopted = false;
  /** The allowance plan the last transition computed (newer cases). */
  plan: EntitlementPlanView | null = null;
  /** The status shown before the case needed attention, restored when a decision is stored. */
  private statusBeforeAttention: CaseStatus | null = null;
  /** The activities, for case types: deferred writes commit before any of them runs. */
  readonly acts: typeof acts;
  /** Set when the case must end whatever it is waiting for (withdrawal, death during the chain). */
  private ending: CaseEnded | null = null;
  private endingActor: Actor | null = null;
  /** Life events (death, moving out, leaving the roster) not yet handled by the case type. */
  readonly lifeEvents: LifeEventInput[] = [];
  /** 'application' while the approval chain runs; 'active' while an entitlement is paid. */
  phase: 'application' | 'active' = 'application';
  private noticeOpen = false;
  private readonly objectionTasks = new Set<string>();
  private changeSeq = 0;
  private settledSeq = 0;
  private eventSeq = 0;
  /** Years whose holiday arrangement an admin loaded or replaced while this run was open. */
  private readonly calendarChanges: number[] = [];
  readonly dataValidators: Partial<Record<StepCode, StepDataValidator>> = {};

  constructor(readonly input: CaseWorkflowInput) {
    this.caseId = input.caseId;
    this.oneTransaction = patched(ONE_TRANSACTION_PATCH);
    this.acts = this.oneTransaction
      ? new Proxy(acts, {
          get: (target, name) => {
            const fn = target[name as keyof typeof target] as (...args: unknown[]) => Promise<unknown>;
            return async (...args: unknown[]) => {
              await this.flush();
              return fn(...args);
            };
          },
        })
      : acts;
    if (input.resume) this.phase = 'active';
    // Step findings every case type records the same way: refused (400) before anything is stored.
    const invalid = (problems: { field: string; message: string }[]) => {
      if (problems.length > 0) throw fail('INVALID_DATA', problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    };
    this.dataValidators.review = (data, req) => {
      if (req.outcome === 'pass') invalid(homeVisitProblems(data, this.today()));
    };
    this.dataValidators.decision = (data) => invalid(decisionDocumentProblems(data));
    // Intake's first task is known before the handlers are installed: an Update that arrived with
    // the workflow's start is dispatched by `setHandler` itself, before the run reaches its first step.
    const first = this.oneTransaction ? input.firstTask : undefined;
    if (first) {
      const { role, deadline } = taskStepPolicy(this.policy, first.step as StepCode);
      this.tasks.set(first.taskId, {
        taskId: first.taskId,
        step: first.step as StepCode,
        candidateRole: role,
        regionCode: input.regionCode,
        dueAt: first.dueAt,
        dueDate: first.dueDate,
        opened: true,
        completing: false,
        completion: null,
        cancelled: false,
        openedAt: first.openedAt,
        deadline,
      });
    }
    this.installHandlers();
    this.installLifeEventHandler();
  }

  get policy() {
    return this.input.policy.body;
  }

  now(): string {
    return new Date(Date.now()).toISOString();
  }

  today(): string {
    return shanghaiDateOf(Date.now());
  }

  /** Unique, replay-stable key for an audit row written by this run. */
  eventKey(what: string): string {
    this.eventSeq += 1;
    return `${this.caseId}:${what}:${uuid4()}`;
  }

  view(): CaseStateView {
    return {
      caseId: this.caseId,
      status: this.status,
      currentStep: this.currentStep,
      openTasks: [...this.tasks.values()]
        .filter((t) => t.opened && !t.completion && !t.cancelled)
        .map(({ taskId, step, candidateRole, regionCode, dueAt, dueDate }) => ({
          taskId,
          step,
          candidateRole,
          regionCode,
          dueAt,
          dueDate,
        })),
      waitingUntil: this.waitingUntil,
      nextWakeAt: this.nextWakeAt === null ? null : new Date(this.nextWakeAt).toISOString(),
      openObjections: [...this.objectionTasks].filter((id) => !this.tasks.get(id)?.completion).length,
    };
  }

  /** True once the case must end (withdrawn, or a life event before approval). */
  get withdrawn(): boolean {
    return this.ending !== null;
  }

  /** Every wait of the run goes through here, so update handlers know when the run has settled. */
  async waitFor(fn: () => boolean, timeoutMs?: number): Promise<boolean> {
    // What the run decided so far is committed before it waits (and before an Update answers).
    if (this.deferred.length > 0) await this.flush();
    // Each time the run is found still blocked, every change so far has been reacted to.
    const blocked = () => {
      const ready = fn();
      if (!ready) this.settledSeq = this.changeSeq;
      return ready;
    };
    if (timeoutMs === undefined) {
      await condition(blocked);
      return true;
    }
    return condition(blocked, Math.max(1, Math.round(timeoutMs)));
  }

  private installHandlers(): void {
    setHandler(caseStateQuery, () => this.view());
    setHandler(calendarChangedSignal, ({ year }) => {
      this.calendarChanges.push(year);
    });

    setHandler(
      completeTaskUpdate,
      async (req) => {
        const task = this.tasks.get(req.taskId)!;
        task.completing = true;
        // A decision can arrive between the task row's commit and the activity's result.
        await condition(() => task.opened);
        const completion: TaskCompletion = {
          taskId: req.taskId,
          step: task.step,
          outcome: req.outcome,
          comment: req.comment?.trim() || null,
          data: req.data ?? null,
          actor: req.actor,
          completedAt: this.now(),
        };
        try {
          await (this.oneTransaction ? local : acts).completeTask({ caseId: this.caseId, ...completion });
        } catch (err) {
          const refused = dataErrorOf(err);
          if (refused === null) throw err;
          // The data cannot be stored however often it is retried: release the task so a person
          // can decide again, show the case as needing attention, tell the supervisors.
          task.completing = false;
          await this.raiseAttention(task.taskId, `「${task.step}」的决定无法保存:${refused}`);
          throw fail('INVALID_DATA', `The decision could not be stored (${refused}); the task is open again.`);
        }
        this.clearAttention();
        task.completion = completion;
        return this.afterChange();
      },
      {
        validator: (req) => {
          const task = this.tasks.get(req.taskId);
          if (!task || task.cancelled) throw fail('TASK_NOT_OPEN', 'This task is not open on the case.');
          const err = checkTaskAction(
            { step: task.step, candidateRole: task.candidateRole, regionCode: task.regionCode, assigneeId: null, closed: task.completing },
            { actor: req.actor, step: req.step, outcome: req.outcome, comment: req.comment },
          );
          if (err) throw fail(err.code, err.message);
          // Control characters or oversized findings would fail the activity's INSERT for good or bloat the history.
          const input = decisionInputProblems(task.step, req.comment, req.data);
          if (input.length > 0) throw fail('INVALID_DATA', input.map((p) => `${p.field}: ${p.message}`).join('; '));
          this.dataValidators[task.step]?.(req.data ?? null, req);
        },
      },
    );

    setHandler(
      registerObjectionUpdate,
      async (req) => {
        const { role, deadline } = taskStepPolicy(this.policy, 'objection');
        this.status = 'paused';
        const task = await this.openTask('objection', role, deadline, { objectionId: req.objectionId, summary: req.summary });
        this.objectionTasks.add(task.taskId);
        await this.setState({
          caseId: this.caseId,
          eventKey: `${this.caseId}:objection:${req.objectionId}`,
          status: 'paused',
          currentStep: 'notice',
          action: 'objection_registered',
          actor: req.actor,
          reason: req.summary,
          details: { objectionTaskId: task.taskId },
          at: this.now(),
        });
        return this.afterChange();
      },
      {
        validator: (req) => {
          if (!isWithinRegion(req.actor.regionCode, this.input.regionCode)) throw fail('OUT_OF_SCOPE', 'Case not found.');
          if (req.actor.role !== 'township_officer' && req.actor.role !== 'county_officer') {
            throw fail('ROLE_NOT_ALLOWED', 'Objections are registered by a case officer.');
          }
          if (!this.noticeOpen) throw fail('NOT_IN_NOTICE', 'The case is not in its public notice period.');
          if (!req.summary || req.summary.trim().length === 0) throw fail('REASON_REQUIRED', 'summary: describe the objection.');
        },
      },
    );

    setHandler(
      withdrawUpdate,
      async (req) => {
        this.ending = new CaseEnded('withdrawn', req.reason, 'withdrawn');
        this.endingActor = req.actor;
        return this.afterChange();
      },
      {
        validator: (req) => {
          if (!isWithinRegion(req.actor.regionCode, this.input.regionCode)) throw fail('OUT_OF_SCOPE', 'Case not found.');
          if (req.actor.role !== 'township_officer' && req.actor.role !== 'county_officer') {
            throw fail('ROLE_NOT_ALLOWED', 'A withdrawal is recorded by a case officer.');
          }
          if (this.ending || this.isFinished()) throw fail('CASE_FINISHED', 'The case is already finished.');
          if (this.phase === 'active')
            throw fail('NOT_APPLICABLE', 'The allowance is being paid: record a life event or a review outcome instead.');
          if (!req.reason || req.reason.trim().length === 0)
            throw fail('REASON_REQUIRED', "reason: a withdrawal needs the applicant's reason.");
        },
      },
    );
  }

  /**
   * Death, moving the household registration out of the county, or leaving the roster. Before
   * approval it ends the case (closed, with the reason); while an allowance is paid, the case
   * type recomputes the entitlement (see `lifeEvents`).
   */
  private installLifeEventHandler(): void {
    setHandler(
      lifeEventUpdate,
      async (req) => {
        this.lifeEvents.push(req);
        if (this.phase === 'application') {
          const label = req.kind === 'death' ? '申请人死亡' : req.kind === 'moved_out' ? '户籍迁出本县' : '退出困难名单';
          this.ending = new CaseEnded('closed', `${label}(${req.on})`, `closed_${req.kind}`);
          this.endingActor = req.actor;
        }
        return this.afterChange();
      },
      {
        validator: (req) => {
          if (!isWithinRegion(req.actor.regionCode, this.input.regionCode)) throw fail('OUT_OF_SCOPE', 'Case not found.');
          if (req.actor.role !== 'township_officer' && req.actor.role !== 'county_officer') {
            throw fail('ROLE_NOT_ALLOWED', 'Life events are recorded by a case officer.');
          }
          if (this.ending || this.isFinished()) throw fail('CASE_FINISHED', 'The case is already finished.');
          if (this.lifeEvents.some((e) => e.eventId === req.eventId)) throw fail('CONFLICT', 'This event is already recorded.');
        },
      },
    );
  }

  isFinished(): boolean {
    return this.status === 'rejected' || this.status === 'withdrawn' || this.status === 'closed';
  }

  /** Lets every update handler finish before the run continues as new or returns. */
  async drainHandlers(): Promise<void> {
    if (this.deferred.length > 0) await this.flush();
    this.settledSeq = this.changeSeq;
    await condition(allHandlersFinished);
  }

  /** Waits until the main loop has reacted to a change (opened the next task or started waiting). */
  async afterChange(): Promise<CaseStateView> {
    this.changeSeq += 1;
    const seq = this.changeSeq;
    await condition(() => this.settledSeq >= seq);
    // A handler's own deferred write (e.g. an objection pausing the case) while the run stays blocked.
    if (this.deferred.length > 0) await this.flush();
    return this.view();
  }

  /** A state change of the case: committed at once (older cases) or with the next transition. */
  async setState(change: CaseStateChange): Promise<void> {
    if (this.oneTransaction) this.deferred.push({ kind: 'state', ...change });
    else await acts.setCaseState(change);
  }

  /** Commits the deferred writes now (newer cases; nothing to do otherwise). */
  async flush(): Promise<void> {
    if (this.deferred.length > 0) await this.advance({});
  }

  /** When a duration starting at `from` runs out (with the deferred writes, for newer cases). */
  async deadline(from: string, duration: DurationPolicy): Promise<DeadlineResult> {
    if (!this.oneTransaction) return acts.computeDeadline({ from, duration });
    return (await this.advance({ deadlines: [{ from, duration }] })).deadlines[0];
  }

  /**
   * One transition in one transaction (newer cases): the deferred writes plus `req`. A write
   * PostgreSQL refuses cannot heal by retrying: the case is shown as needing attention and waits
   * for a person (withdrawal) instead of retrying forever.
   */
  advance(req: Omit<TransitionInput, 'caseId' | 'writes'>): Promise<TransitionResult> {
    const run = async (): Promise<TransitionResult> => {
      const writes = this.deferred.splice(0);
      try {
        return await this.advanceVisibly({ caseId: this.caseId, writes, ...req });
      } catch (err) {
        const refused = dataErrorOf(err);
        if (refused === null) {
          this.deferred.unshift(...writes);
          throw err;
        }
        await this.raiseAttention(null, `案件状态无法保存:${refused}`);
        if (this.finishing) return { opened: null, notBeforeMonth: null, deadlines: [], plan: null, granted: null };
        await condition(() => this.withdrawn);
        throw this.endByWithdrawal();
      }
    };
    const result = this.transitions.then(run, run);
    this.transitions = result.catch(() => undefined);
    return result;
  }

  /** `advanceCase`; for newer cases in bounded rounds, the failure shown in the memo between them. */
  private async advanceVisibly(input: TransitionInput): Promise<TransitionResult> {
    if (!patched(VISIBLE_TRANSITION_RETRIES_PATCH)) return local.advanceCase(input);
    let trouble = null as TransitionRetryingMemo | null;
    for (;;) {
      try {
        const result = await boundedLocal.advanceCase(input);
        if (trouble) upsertMemo({ [TRANSITION_RETRYING_MEMO]: null });
        return result;
      } catch (err) {
        const message = retriesExhaustedOf(err);
        if (message === null) {
          if (trouble) upsertMemo({ [TRANSITION_RETRYING_MEMO]: null });
          throw err;
        }
        trouble = {
          activity: 'advanceCase',
          failures: (trouble?.failures ?? 0) + TRANSITION_ATTEMPTS_PER_ROUND,
          lastFailure: message.slice(0, 500),
          since: trouble?.since ?? this.now(),
        };
        upsertMemo({ [TRANSITION_RETRYING_MEMO]: trouble });
        await sleep(TRANSITION_PAUSE_BETWEEN_ROUNDS);
      }
    }
  }

  private async raiseAttention(taskId: string | null, reason: string): Promise<void> {
    if (this.status !== 'needs_attention') this.statusBeforeAttention = this.status;
    this.status = 'needs_attention';
    await (this.oneTransaction ? local : acts).flagCaseAttention({
      caseId: this.caseId,
      taskId,
      eventKey: this.eventKey('needs-attention'),
      reason,
      at: this.now(),
    });
  }

  private clearAttention(): void {
    if (this.status === 'needs_attention') this.status = this.statusBeforeAttention ?? 'in_progress';
    this.statusBeforeAttention = null;
  }

  /** Opens a task row (deadline computed in the activity) and watches its deadline. */
  async openTask(
    step: StepCode,
    role: Role,
    deadline: DurationPolicy,
    context: Record<string, unknown> | null = null,
    needs: StepNeeds = {},
  ): Promise<LiveTask> {
    if (this.oneTransaction) return this.openTaskInTransition(step, role, deadline, context, needs);
    const taskId = uuid4();
    const openedAt = this.now();
    // A holiday year loaded while the row is being written still recounts this task.
    const calendarChangesSeen = this.calendarChanges.length;
    // Known to the validator before the row is committed, so a quick decision is never refused.
    const task: LiveTask = {
      taskId,
      step,
      candidateRole: role,
      regionCode: this.input.regionCode,
      dueAt: '',
      dueDate: '',
      opened: false,
      completing: false,
      completion: null,
      cancelled: false,
      openedAt,
      deadline,
    };
    this.tasks.set(taskId, task);
    const opened = await acts.openTask({
      caseId: this.caseId,
      caseType: this.input.caseType,
      taskId,
      step,
      candidateRole: role,
      regionCode: this.input.regionCode,
      deadline,
      openedAt,
      context,
    });
    task.dueAt = opened.dueAt;
    task.dueDate = opened.dueDate;
    task.opened = true;
    this.watchers.push(this.watchDeadline(task, calendarChangesSeen));
    return task;
  }

  /**
   * Newer cases: the task row is written by the transition (with the deferred writes and what the
   * step needs), or adopted from intake, which wrote the first task with the case. The task is
   * known to the validator once the row is committed: a decision arriving meanwhile waits for
   * this workflow task to complete, so it cannot be refused.
   */
  private async openTaskInTransition(
    step: StepCode,
    role: Role,
    deadline: DurationPolicy,
    context: Record<string, unknown> | null,
    needs: StepNeeds,
  ): Promise<LiveTask> {
    const first = this.input.firstTask;
    const adopt = first && !this.firstTaskAdopted && first.step === step ? first : null;
    if (adopt) this.firstTaskAdopted = true;
    if (adopt && context === null && !needs.plan && !needs.ageGate) {
      const task = this.tasks.get(adopt.taskId)!;
      this.watchers.push(this.watchDeadline(task, this.calendarChanges.length));
      return task;
    }
    for (;;) {
      // Intake's task gets its context (e.g. a trial stay's findings) from the transition.
      const taskId = adopt?.taskId ?? uuid4();
      const openedAt = adopt?.openedAt ?? this.now();
      const calendarChangesSeen = this.calendarChanges.length;
      const r = await this.advance({
        open: {
          caseId: this.caseId,
          caseType: this.input.caseType,
          taskId,
          step,
          candidateRole: role,
          regionCode: this.input.regionCode,
          deadline,
          openedAt,
          context,
        },
        ...(needs.plan ? { plan: true } : {}),
        ...(needs.ageGate ? { ageGate: true } : {}),
      });
      if (r.plan) this.plan = r.plan;
      if (r.notBeforeMonth) {
        await this.waitUntil(startOfMonthInstant(r.notBeforeMonth).getTime(), {
          status: 'waiting',
          waitingUntil: r.notBeforeMonth,
          action: 'waiting_for_age',
        });
        continue;
      }
      return this.watchTask({ taskId, step, role, openedAt, deadline }, r.opened!, calendarChangesSeen);
    }
  }

  private watchTask(
    t: { taskId: string; step: StepCode; role: Role; openedAt: string; deadline: DurationPolicy },
    due: DeadlineResult,
    calendarChangesSeen: number,
  ): LiveTask {
    const task: LiveTask = {
      taskId: t.taskId,
      step: t.step,
      candidateRole: t.role,
      regionCode: this.input.regionCode,
      dueAt: due.dueAt,
      dueDate: due.dueDate,
      opened: true,
      completing: false,
      completion: null,
      cancelled: false,
      openedAt: t.openedAt,
      deadline: t.deadline,
    };
    this.tasks.set(t.taskId, task);
    this.watchers.push(this.watchDeadline(task, calendarChangesSeen));
    return task;
  }

  /**
   * Overdue at the deadline: mark and escalate to the region's supervisors; then, per policy,
   * one level up after a further period. A late decision is still a decision: nothing else changes.
   * Until the first escalation, a newly loaded holiday arrangement recounts the deadline (the row
   * and this timer move together).
   */
  private async watchDeadline(task: LiveTask, calendarChangesSeen: number): Promise<void> {
    const done = () => task.completion !== null || task.cancelled;
    let level = 0;
    let wakeAt = Date.parse(task.dueAt);
    let seenChanges = calendarChangesSeen;
    const recount = () => level === 0 && this.calendarChanges.length > seenChanges;
    const { escalation } = this.policy;
    for (;;) {
      if (await condition(() => done() || recount(), Math.max(1, wakeAt - Date.now()))) {
        if (done()) return;
        const years = [...new Set(this.calendarChanges.slice(seenChanges))];
        seenChanges = this.calendarChanges.length;
        const recounted = await acts.recountTaskDeadline({
          caseId: this.caseId,
          taskId: task.taskId,
          openedAt: task.openedAt,
          deadline: task.deadline,
          years,
          eventKey: this.eventKey('deadline-recounted'),
          at: this.now(),
        });
        task.dueAt = recounted.dueAt;
        task.dueDate = recounted.dueDate;
        wakeAt = Date.parse(recounted.dueAt);
        continue;
      }
      level += 1;
      await acts.escalateTask({ caseId: this.caseId, taskId: task.taskId, level, at: this.now() });
      if (level >= escalation.maxLevel || !escalation.repeatAfter) return;
      const next = await acts.computeDeadline({ from: new Date(wakeAt).toISOString(), duration: escalation.repeatAfter });
      wakeAt = Date.parse(next.dueAt);
    }
  }

  /** Opens the step's task and waits for its decision. Ends the run if the case is withdrawn meanwhile. */
  async runTask(step: StepCode, context: Record<string, unknown> | null = null, needs: StepNeeds = {}): Promise<TaskCompletion> {
    const { role, deadline } = taskStepPolicy(this.policy, step);
    // Newer cases name the step once its task is open (a hardship case may first wait for the age).
    if (!this.oneTransaction) this.currentStep = step;
    const task = await this.openTask(step, role, deadline, context, needs);
    this.currentStep = step;
    await this.waitFor(() => task.completion !== null || this.withdrawn);
    if (task.completion) return task.completion;
    throw this.endByWithdrawal();
  }

  /** For a case type's own waits: end the run now if it was withdrawn (or a life event ended it). */
  endIfEnding(): void {
    if (this.ending) throw this.ending;
  }

  private endByWithdrawal(): CaseEnded {
    return this.ending ?? new CaseEnded('withdrawn', '', 'withdrawn');
  }

  /** A timer the case waits on (the 60th-birthday month, a review date), cut short by withdrawal. */
  async waitUntil(instantMs: number, label: { status: CaseStatus; waitingUntil: string | null; action: string }): Promise<void> {
    this.status = label.status;
    this.waitingUntil = label.waitingUntil;
    this.nextWakeAt = instantMs;
    await this.setState({
      caseId: this.caseId,
      eventKey: this.eventKey(label.action),
      status: label.status,
      currentStep: this.currentStep,
      waitingUntil: label.waitingUntil,
      action: label.action,
      details: { until: new Date(instantMs).toISOString() },
      at: this.now(),
    });
    await this.waitFor(() => this.withdrawn, instantMs - Date.now());
    this.nextWakeAt = null;
    this.waitingUntil = null;
    if (this.withdrawn) throw this.endByWithdrawal();
    this.status = 'in_progress';
  }

  /** Public notice: runs its period; objections pause the case until resolved; an upheld one refuses it. */
  async runNotice(p: NoticeStepPolicy): Promise<void> {
    this.currentStep = 'notice';
    const end = await this.deadline(this.now(), p.period);
    await this.setState({
      caseId: this.caseId,
      eventKey: this.eventKey('notice_started'),
      status: 'in_progress',
      currentStep: 'notice',
      action: 'notice_started',
      details: { endsOn: end.dueDate, endsAt: end.dueAt },
      at: this.now(),
    });
    this.noticeOpen = true;
    this.nextWakeAt = Date.parse(end.dueAt);
    const openObjections = () => [...this.objectionTasks].filter((id) => !this.tasks.get(id)?.completion);
    const upheld = () => [...this.objectionTasks].map((id) => this.tasks.get(id)?.completion).find((c) => c?.outcome === 'upheld');
    await this.waitFor(() => this.withdrawn || upheld() !== undefined, this.nextWakeAt - Date.now());
    this.nextWakeAt = null;
    await this.waitFor(() => this.withdrawn || upheld() !== undefined || openObjections().length === 0);
    this.noticeOpen = false;
    if (this.withdrawn) throw this.endByWithdrawal();
    const refusal = upheld();
    if (refusal) throw new CaseEnded('rejected', refusal.comment ?? '公示异议成立', 'objection_upheld');
    this.status = 'in_progress';
    await this.setState({
      caseId: this.caseId,
      eventKey: this.eventKey('notice_completed'),
      status: 'in_progress',
      currentStep: 'notice',
      action: 'notice_completed',
      details: { objections: this.objectionTasks.size },
      at: this.now(),
    });
  }

  /**
   * Runs the policy's chain from `fromStep` (or the start). Refusal ends the case; a return for
   * missing materials opens a supplement task and, when they arrive, the same step again with a
   * fresh deadline.
   */
  async runChain(chain: ChainStepPolicy[], hooks: ChainHooks = {}): Promise<ChainResult> {
    let last: TaskCompletion | null = null;
    for (const step of chain) {
      if (step.kind === 'notice') {
        await this.runNotice(step);
        continue;
      }
      for (;;) {
        const completion = await this.runTask(step.step, hooks.contextFor?.(step.step) ?? null, hooks.needsFor?.(step.step) ?? {});
        if (completion.outcome === 'reject') {
          throw new CaseEnded('rejected', completion.comment ?? '', `${step.step}_rejected`);
        }
        if (completion.outcome === 'return') {
          await this.runSupplement(completion);
          continue;
        }
        last = completion;
        if (step.step === 'acceptance') {
          await this.setState({
            caseId: this.caseId,
            eventKey: `${this.caseId}:accepted:${completion.taskId}`,
            status: 'in_progress',
            currentStep: 'acceptance',
            acceptedOn: shanghaiDateOf(Date.parse(completion.completedAt)),
            action: 'accepted',
            actor: completion.actor,
            at: completion.completedAt,
          });
        }
        await hooks.afterStep?.(step.step, completion);
        break;
      }
    }
    return { outcome: 'approved', completion: last };
  }

  private async runSupplement(returned: TaskCompletion): Promise<void> {
    this.status = 'returned';
    await this.setState({
      caseId: this.caseId,
      eventKey: `${this.caseId}:returned:${returned.taskId}`,
      status: 'returned',
      currentStep: 'supplement',
      action: 'returned_for_materials',
      actor: returned.actor,
      reason: returned.comment,
      at: returned.completedAt,
    });
    const supplied = await this.runTask('supplement', { returnedAt: returned.step, missing: returned.comment });
    if (supplied.outcome === 'abandoned') {
      throw new CaseEnded('closed', supplied.comment ?? '未补正材料', 'closed_materials_not_supplied');
    }
    this.status = 'in_progress';
  }

  /**
   * Runs the case body and finishes the case however it ends: refusals get their written
   * decision (policy), open tasks are cancelled, and the final state is recorded.
   */
  async execute(body: () => Promise<CaseStatus>): Promise<CaseStateView> {
    let final: { status: CaseStatus; reason: string | null; action: string };
    try {
      const status = await body();
      final = { status, reason: null, action: `case_${status}` };
    } catch (err) {
      if (!(err instanceof CaseEnded)) throw err;
      final = { status: err.status, reason: err.reason, action: err.action };
      await this.cancelOpenTasks(final.action);
      if (err.status === 'rejected' && this.policy.writtenDecision !== 'none') {
        this.status = 'rejected';
        await this.runTask('decision', { decision: 'refusal', reason: err.reason }).catch((e: unknown) => {
          if (!(e instanceof CaseEnded)) throw e;
        });
      }
    }
    await this.cancelOpenTasks(final.action);
    this.status = final.status;
    this.currentStep = null;
    this.finishing = true;
    await this.setState({
      caseId: this.caseId,
      eventKey: `${this.caseId}:final:${final.status}`,
      status: final.status,
      currentStep: null,
      ...(this.phase === 'application' ? { decidedOn: this.today() } : {}),
      outcomeReason: final.reason,
      action: final.action,
      actor: this.endingActor,
      reason: final.reason,
      at: this.now(),
    });
    if (this.deferred.length > 0) await this.flush();
    this.settledSeq = this.changeSeq;
    await condition(allHandlersFinished);
    return this.view();
  }

  private async cancelOpenTasks(reason: string): Promise<void> {
    for (const task of this.tasks.values()) {
      if (task.completion || task.cancelled || task.completing) continue;
      task.cancelled = true;
      if (this.oneTransaction) this.deferred.push({ kind: 'cancel', caseId: this.caseId, taskId: task.taskId, reason, at: this.now() });
      else await acts.cancelTask({ caseId: this.caseId, taskId: task.taskId, reason, at: this.now() });
    }
  }
}
