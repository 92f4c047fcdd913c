import { allHandlersFinished, condition, sleep, upsertMemo, uuid4 } from '@temporalio/workflow';
import {
  type Actor,
  type CaseStateView,
  type CaseStatus,
  type CaseWorkflowInput,
  type EntitlementPlanView,
  type LifeEventInput,
  type Role,
  type TransitionRetryingMemo,
  TRANSITION_RETRYING_MEMO,
} from '@app/contracts';
import {
  decisionDocumentProblems,
  durationEndWithoutCalendar,
  homeVisitProblems,
  taskStepPolicy,
  type ChainStepPolicy,
  type DurationPolicy,
  type StepCode,
} from '@app/domain/policy';
import { shanghaiDateOf, startOfMonthInstant } from '@app/domain/dates';
import type {
  CaseStateChange,
  CompleteTaskActivityInput,
  DeadlineResult,
  OpenedTask,
  TransitionInput,
  TransitionResult,
  TransitionWrite,
} from '../../activities/activity-types';
import { ApprovalChain } from './approval-chain';
import {
  acts,
  APPROVAL_IN_ONE_TRANSITION_PATCH,
  CaseEnded,
  dataErrorOf,
  fail,
  boundedLocal,
  local,
  DECISION_IN_TRANSITION_PATCH,
  ONE_TRANSACTION_PATCH,
  REFUSAL_PENDING_PATCH,
  retriesExhaustedOf,
  takesPatch,
  TRANSITION_ATTEMPTS_PER_ROUND,
  TRANSITION_PAUSE_BETWEEN_ROUNDS,
  VISIBLE_TRANSITION_RETRIES_PATCH,
  type ChainHooks,
  type ChainResult,
  type LiveTask,
  type StepDataValidator,
  type StepNeeds,
  type TaskCompletion,
} from './case-kit';
import { DeadlineWatch } from './deadline-watch';
import { installCaseMessages } from './case-messages';

export {
  acts,
  activityFailureOf,
  APPROVAL_IN_ONE_TRANSITION_PATCH,
  CaseEnded,
  dataErrorOf,
  fail,
  ONE_TRANSACTION_PATCH,
  takesPatch,
  type ChainHooks,
  type ChainResult,
  type StepDataValidator,
  type StepNeeds,
  type TaskCompletion,
} from './case-kit';

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
  private readonly tasks = new Map<string, LiveTask>();
  /**
   * Tasks whose row the transition in flight is writing (see openTaskInTransition). After a worker
   * crash the row can be committed while the transition's result is not yet recorded; a decision
   * delivered then is accepted and waits for the task instead of being refused as TASK_NOT_OPEN.
   */
  private readonly opening = new Map<string, LiveTask>();
  /** True for cases started since transitions became one transaction each (see ONE_TRANSACTION_PATCH). */
  readonly oneTransaction: boolean;
  /** True for cases started since a decision commits with the transition it causes (see DECISION_IN_TRANSITION_PATCH). */
  readonly decisionsInTransition: boolean;
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
  private changeSeq = 0;
  private settledSeq = 0;
  private readonly deadlines = new DeadlineWatch(this);
  private readonly chain = new ApprovalChain(this);
  readonly dataValidators: Partial<Record<StepCode, StepDataValidator>> = {};

  constructor(readonly input: CaseWorkflowInput) {
    this.caseId = input.caseId;
    this.oneTransaction = takesPatch(input, ONE_TRANSACTION_PATCH);
    this.decisionsInTransition = this.oneTransaction && takesPatch(input, DECISION_IN_TRANSITION_PATCH);
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
        assigneeId: first.assigneeId ?? null,
      });
    }
    installCaseMessages(this, {
      task: (taskId) => this.tasks.get(taskId),
      opening: (taskId) => this.opening.get(taskId),
      end: (ending, actor) => {
        this.ending = ending;
        this.endingActor = actor;
      },
      calendarChanged: (year) => this.deadlines.calendarChanged(year),
      raiseAttention: (taskId, reason) => this.raiseAttention(taskId, reason),
      clearAttention: () => this.clearAttention(),
      inNotice: () => this.chain.inNotice,
      objectionOpened: (taskId) => this.chain.objectionOpened(taskId),
    });
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
      openObjections: this.chain.openObjections(),
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

  isFinished(): boolean {
    return this.status === 'rejected' || this.status === 'refusal_pending' || this.status === 'withdrawn' || this.status === 'closed';
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

  /** A decision the run has taken, stored by the next transition with what it causes (see decisionsInTransition). */
  deferDecision(decision: CompleteTaskActivityInput): void {
    this.deferred.push({ kind: 'decision', ...decision });
  }

  /** Commits the deferred writes now (newer cases; nothing to do otherwise). */
  async flush(): Promise<void> {
    if (this.deferred.length > 0) await this.advance({});
  }

  /** When a duration starting at `from` runs out (with the deferred writes, for newer cases). */
  async deadline(from: string, duration: DurationPolicy): Promise<DeadlineResult> {
    if (!this.oneTransaction) return acts.computeDeadline({ from, duration });
    // Nothing to commit and no days to count: counted here, without a transition (newer cases).
    const counted = this.deferred.length === 0 ? durationEndWithoutCalendar(new Date(from), duration) : null;
    if (counted && takesPatch(this.input, APPROVAL_IN_ONE_TRANSITION_PATCH, 2)) return counted;
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
    if (!takesPatch(this.input, VISIBLE_TRANSITION_RETRIES_PATCH)) return local.advanceCase(input);
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
    const calendarChangesSeen = this.deadlines.mark();
    // Known to the validator before the row is committed, so a quick decision is never refused.
    const task = this.unopenedTask(taskId, step, role, openedAt, deadline);
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
    task.assigneeId = opened.assigneeId ?? null;
    task.opened = true;
    this.deadlines.watch(task, calendarChangesSeen);
    return task;
  }

  /** A task known to the update validator before its row is committed (not yet opened: a decision waits for it). */
  private unopenedTask(taskId: string, step: StepCode, role: Role, openedAt: string, deadline: DurationPolicy): LiveTask {
    return {
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
      assigneeId: null,
    };
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
      this.deadlines.watch(task, this.deadlines.mark());
      return task;
    }
    for (;;) {
      // Intake's task gets its context (e.g. a trial stay's findings) from the transition.
      const taskId = adopt?.taskId ?? uuid4();
      const openedAt = adopt?.openedAt ?? this.now();
      const calendarChangesSeen = this.deadlines.mark();
      const placeholder = this.unopenedTask(taskId, step, role, openedAt, deadline);
      // Intake's own task is known already (adopted with context): nothing to register.
      if (!this.tasks.has(taskId)) this.opening.set(taskId, placeholder);
      let r: TransitionResult;
      try {
        r = await this.advance({
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
      } finally {
        this.opening.delete(taskId);
      }
      if (r.plan) this.plan = r.plan;
      if (r.notBeforeMonth || !r.opened) {
        // No row was written for this id: a decision that waited for it is refused.
        placeholder.cancelled = true;
      }
      if (r.notBeforeMonth) {
        await this.waitUntil(startOfMonthInstant(r.notBeforeMonth).getTime(), {
          status: 'waiting',
          waitingUntil: r.notBeforeMonth,
          action: 'waiting_for_age',
        });
        continue;
      }
      const known = this.tasks.get(taskId);
      return this.watchTask({ taskId, step, role, openedAt, deadline }, r.opened!, calendarChangesSeen, known ? undefined : placeholder);
    }
  }

  private watchTask(
    t: { taskId: string; step: StepCode; role: Role; openedAt: string; deadline: DurationPolicy },
    due: OpenedTask,
    calendarChangesSeen: number,
    placeholder?: LiveTask,
  ): LiveTask {
    const task: LiveTask = Object.assign(placeholder ?? ({} as LiveTask), {
      taskId: t.taskId,
      step: t.step,
      candidateRole: t.role,
      regionCode: this.input.regionCode,
      dueAt: due.dueAt,
      dueDate: due.dueDate,
      opened: true,
      completion: null,
      cancelled: false,
      openedAt: t.openedAt,
      deadline: t.deadline,
      assigneeId: due.assigneeId ?? null,
      // A decision accepted while the row was being written has already claimed the task.
      completing: placeholder?.completing ?? false,
    });
    this.tasks.set(t.taskId, task);
    this.deadlines.watch(task, calendarChangesSeen);
    return task;
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

  /** Runs the policy's approval chain from its start (see ApprovalChain). */
  runChain(chain: ChainStepPolicy[], hooks: ChainHooks = {}): Promise<ChainResult> {
    return this.chain.runChain(chain, hooks);
  }

  /** A task of this run, as the workflow knows it. */
  task(taskId: string): Readonly<LiveTask> | undefined {
    return this.tasks.get(taskId);
  }

  /** For a case type's own waits: end the run now if it was withdrawn (or a life event ended it). */
  endIfEnding(): void {
    if (this.ending) throw this.ending;
  }

  private endByWithdrawal(): CaseEnded {
    return this.ending ?? new CaseEnded('withdrawn', '', 'withdrawn');
  }

  /**
   * Ends the run now with its ending (withdrawal, a life event) from a case type's own wait,
   * recording where that wait was interrupted. Throws only when the case is ending.
   */
  async endInterrupted(action: string): Promise<never> {
    if (!this.ending) throw new Error('endInterrupted: the case is not ending');
    await this.setState({
      caseId: this.caseId,
      eventKey: this.eventKey(action),
      status: this.status,
      currentStep: this.currentStep,
      waitingUntil: null,
      action,
      details: { until: this.now() },
      at: this.now(),
    });
    throw this.ending;
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
      if (err.status === 'rejected' && this.policy.writtenDecision !== 'none') await this.issueWrittenRefusal(err);
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

  /** The written decision of a refusal: until it is issued the case awaits it (see REFUSAL_PENDING_PATCH). */
  private async issueWrittenRefusal(refusal: CaseEnded): Promise<void> {
    if (takesPatch(this.input, REFUSAL_PENDING_PATCH)) {
      this.status = 'refusal_pending';
      await this.setState({
        caseId: this.caseId,
        eventKey: `${this.caseId}:refusal_pending`,
        status: 'refusal_pending',
        currentStep: 'decision',
        outcomeReason: refusal.reason,
        action: 'refusal_pending',
        reason: refusal.reason,
        details: { refusal: refusal.action },
        at: this.now(),
      });
    } else {
      this.status = 'rejected';
    }
    await this.runTask('decision', { decision: 'refusal', reason: refusal.reason }).catch((e: unknown) => {
      if (!(e instanceof CaseEnded)) throw e;
    });
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
