import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
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
  type LifeEventInput,
  type OpenTaskView,
  type Role,
  type WorkflowErrorCode,
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
import { shanghaiDateOf } from '@app/domain/dates';
import { decisionInputProblems } from '@app/domain/input';
import type * as activities from '../../activities';

type Activities = activities.Activities;

/** Infrastructure faults retry until the database is back; business rejections are non-retryable. */
export const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

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
    if (input.resume) this.phase = 'active';
    // Step findings every case type records the same way: refused (400) before anything is stored.
    const invalid = (problems: { field: string; message: string }[]) => {
      if (problems.length > 0) throw fail('INVALID_DATA', problems.map((p) => `${p.field}: ${p.message}`).join('; '));
    };
    this.dataValidators.review = (data, req) => {
      if (req.outcome === 'pass') invalid(homeVisitProblems(data, this.today()));
    };
    this.dataValidators.decision = (data) => invalid(decisionDocumentProblems(data));
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
        await acts.completeTask({ caseId: this.caseId, ...completion });
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
        await acts.setCaseState({
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
    this.settledSeq = this.changeSeq;
    await condition(allHandlersFinished);
  }

  /** Waits until the main loop has reacted to a change (opened the next task or started waiting). */
  async afterChange(): Promise<CaseStateView> {
    this.changeSeq += 1;
    const seq = this.changeSeq;
    await condition(() => this.settledSeq >= seq);
    return this.view();
  }

  /** Opens a task row (deadline computed in the activity) and watches its deadline. */
  async openTask(step: StepCode, role: Role, deadline: DurationPolicy, context: Record<string, unknown> | null = null): Promise<LiveTask> {
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
  async runTask(step: StepCode, context: Record<string, unknown> | null = null): Promise<TaskCompletion> {
    const { role, deadline } = taskStepPolicy(this.policy, step);
    this.currentStep = step;
    const task = await this.openTask(step, role, deadline, context);
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
    await acts.setCaseState({
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
    const end = await acts.computeDeadline({ from: this.now(), duration: p.period });
    await acts.setCaseState({
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
    await acts.setCaseState({
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
        const completion = await this.runTask(step.step, hooks.contextFor?.(step.step) ?? null);
        if (completion.outcome === 'reject') {
          throw new CaseEnded('rejected', completion.comment ?? '', `${step.step}_rejected`);
        }
        if (completion.outcome === 'return') {
          await this.runSupplement(completion);
          continue;
        }
        last = completion;
        if (step.step === 'acceptance') {
          await acts.setCaseState({
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
    await acts.setCaseState({
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
    await acts.setCaseState({
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
    this.settledSeq = this.changeSeq;
    await condition(allHandlersFinished);
    return this.view();
  }

  private async cancelOpenTasks(reason: string): Promise<void> {
    for (const task of this.tasks.values()) {
      if (task.completion || task.cancelled || task.completing) continue;
      task.cancelled = true;
      await acts.cancelTask({ caseId: this.caseId, taskId: task.taskId, reason, at: this.now() });
    }
  }
}
