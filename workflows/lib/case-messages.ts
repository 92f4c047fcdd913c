import { condition, setHandler } from '@temporalio/workflow';
import {
  assignTaskUpdate,
  calendarChangedSignal,
  caseStateQuery,
  completeTaskUpdate,
  lifeEventUpdate,
  registerObjectionUpdate,
  withdrawUpdate,
  type Actor,
  type AssignTaskInput,
  type CaseStateView,
  type CaseStatus,
  type CaseWorkflowInput,
  type LifeEventInput,
  type Role,
} from '@app/contracts';
import { checkAssignmentTarget, checkTaskAction, checkTaskAssignment, isWithinRegion } from '@app/domain/access';
import { taskStepPolicy, type CasePolicy, type DurationPolicy, type StepCode } from '@app/domain/policy';
import { actorProblems, decisionInputProblems } from '@app/domain/input';
import { CaseEnded, dataErrorOf, fail, local, acts, type LiveTask, type StepDataValidator, type TaskCompletion } from './case-kit';
import type { CaseStateChange, CompleteTaskActivityInput } from '../../activities/activity-types';

/** What the handlers read and do on the run (CaseRun). */
export interface MessagedCase {
  readonly caseId: string;
  readonly input: CaseWorkflowInput;
  readonly policy: CasePolicy;
  readonly oneTransaction: boolean;
  readonly decisionsInTransition: boolean;
  readonly withdrawn: boolean;
  readonly lifeEvents: LifeEventInput[];
  readonly dataValidators: Partial<Record<StepCode, StepDataValidator>>;
  status: CaseStatus;
  phase: 'application' | 'active';
  now(): string;
  eventKey(what: string): string;
  isFinished(): boolean;
  view(): CaseStateView;
  afterChange(): Promise<CaseStateView>;
  setState(change: CaseStateChange): Promise<void>;
  deferDecision(decision: CompleteTaskActivityInput): void;
  openTask(step: StepCode, role: Role, deadline: DurationPolicy, context?: Record<string, unknown> | null): Promise<LiveTask>;
}

/** What the message handlers may do with the run's private state (CaseRun hands these over). */
export interface CaseRunInternals {
  task(taskId: string): LiveTask | undefined;
  /** A task whose row the transition in flight is writing (not yet awaited, not in the view). */
  opening(taskId: string): LiveTask | undefined;
  /** The case must end whatever it waits for (withdrawal, a life event before approval). */
  end(ending: CaseEnded, actor: Actor): void;
  calendarChanged(year: number): void;
  raiseAttention(taskId: string | null, reason: string): Promise<void>;
  clearAttention(): void;
  inNotice(): boolean;
  objectionOpened(taskId: string): void;
}

/** Withdrawals, objections and life events are recorded by a case officer of the case's region. */
function caseOfficerInScope(run: MessagedCase, actor: Actor, what: string): void {
  if (!isWithinRegion(actor.regionCode, run.input.regionCode)) throw fail('OUT_OF_SCOPE', 'Case not found.');
  if (actor.role !== 'township_officer' && actor.role !== 'county_officer') throw fail('ROLE_NOT_ALLOWED', what);
}

/**
 * The case's messages: the state query, the holiday-calendar signal, and the Updates people send
 * (decisions, claims, objections, withdrawal, life events), each with its validator. A validator
 * refuses synchronously (nothing enters the history); a handler records through an activity and
 * answers once the run has reacted.
 */
export function installCaseMessages(run: MessagedCase, p: CaseRunInternals): void {
  /** Assignment writes, in the order the workflow accepted them. */
  let assignmentWrites: Promise<unknown> = Promise.resolve();
  function assignment(task: LiveTask, req: AssignTaskInput) {
    const closed = task.completing || task.completion !== null || task.cancelled;
    return checkTaskAssignment({ ...task, closed }, req.actor, req.change);
  }

  setHandler(caseStateQuery, () => run.view());
  setHandler(calendarChangedSignal, ({ year }) => {
    p.calendarChanged(year);
  });

  setHandler(
    completeTaskUpdate,
    async (req) => {
      const known = p.task(req.taskId);
      const task = known ?? p.opening(req.taskId)!;
      task.completing = true;
      // A decision can arrive between the task row's commit and the activity's result.
      await condition(() => task.opened || (!known && task.cancelled));
      if (!known) {
        // Accepted while the transition was writing the row: checked again against the open task.
        if (task.cancelled || p.task(req.taskId) !== task) throw fail('TASK_NOT_OPEN', 'This task is not open on the case.');
        const err = checkTaskAction(
          { step: task.step, candidateRole: task.candidateRole, regionCode: task.regionCode, assigneeId: task.assigneeId, closed: false },
          { actor: req.actor, step: req.step, outcome: req.outcome, comment: req.comment },
        );
        if (err) {
          task.completing = false;
          throw fail(err.code, err.message);
        }
      }
      const completion: TaskCompletion = {
        taskId: req.taskId,
        step: task.step,
        outcome: req.outcome,
        comment: req.comment?.trim() || null,
        data: req.data ?? null,
        actor: req.actor,
        completedAt: run.now(),
      };
      if (run.decisionsInTransition) {
        // Stored by the transition the run makes next, with what it causes (or, if the run makes
        // none, before this Update answers: afterChange commits what is deferred).
        run.deferDecision({ caseId: run.caseId, ...completion });
        p.clearAttention();
        task.completion = completion;
        return run.afterChange();
      }
      try {
        await (run.oneTransaction ? local : acts).completeTask({ caseId: run.caseId, ...completion });
      } catch (err) {
        const refused = dataErrorOf(err);
        if (refused === null) throw err;
        // The data cannot be stored however often it is retried: release the task so a person
        // can decide again, show the case as needing attention, tell the supervisors.
        task.completing = false;
        await p.raiseAttention(task.taskId, `「${task.step}」的决定无法保存:${refused}`);
        throw fail('INVALID_DATA', `The decision could not be stored (${refused}); the task is open again.`);
      }
      p.clearAttention();
      task.completion = completion;
      return run.afterChange();
    },
    {
      validator: (req) => {
        const task = p.task(req.taskId) ?? p.opening(req.taskId);
        if (!task || task.cancelled) throw fail('TASK_NOT_OPEN', 'This task is not open on the case.');
        const err = checkTaskAction(
          {
            step: task.step,
            candidateRole: task.candidateRole,
            regionCode: task.regionCode,
            assigneeId: task.assigneeId,
            closed: task.completing,
          },
          { actor: req.actor, step: req.step, outcome: req.outcome, comment: req.comment },
        );
        if (err) throw fail(err.code, err.message);
        // Control characters or oversized findings would fail the activity's INSERT for good or bloat
        // the history; so would an actor the audit log cannot hold (the API fills it, other senders may not).
        const input = [...actorProblems(req.actor), ...decisionInputProblems(task.step, req.comment, req.data)];
        if (input.length > 0) throw fail('INVALID_DATA', input.map((p) => `${p.field}: ${p.message}`).join('; '));
        run.dataValidators[task.step]?.(req.data ?? null, req);
      },
    },
  );

  setHandler(
    assignTaskUpdate,
    async (req) => {
      const task = p.task(req.taskId)!;
      const before = task.assigneeId;
      const decided = assignment(task, req);
      if (decided.error !== null || !decided.changed) return run.view();
      // Set before the first await: a second claim validated meanwhile sees it and is refused.
      task.assigneeId = decided.assigneeId;
      const write = () =>
        local.recordTaskAssignment({
          caseId: run.caseId,
          taskId: task.taskId,
          kind: req.change.kind,
          before,
          after: decided.assigneeId,
          actor: req.actor,
          reason: req.reason?.trim() || null,
          eventKey: run.eventKey(`task-${req.change.kind}`),
          at: run.now(),
        });
      // One after another, so PostgreSQL ends with the holder the workflow ends with.
      const written = assignmentWrites.then(write, write);
      assignmentWrites = written.catch(() => undefined);
      await written;
      return run.view();
    },
    {
      validator: (req) => {
        const task = p.task(req.taskId);
        if (!task || task.cancelled || !task.opened) throw fail('TASK_NOT_OPEN', 'This task is not open on the case.');
        const decided = assignment(task, req);
        if (decided.error) throw fail(decided.error.code, decided.error.message);
        // Only the validator reads the target (it does not run on replay), so recorded histories replay unchanged.
        if (req.change.kind === 'assign') {
          const refused = checkAssignmentTarget(task, req.change.target);
          if (refused) throw fail(refused.code, `${refused.field} ${refused.message}`);
        }
      },
    },
  );

  setHandler(
    registerObjectionUpdate,
    async (req) => {
      const { role, deadline } = taskStepPolicy(run.policy, 'objection');
      run.status = 'paused';
      const task = await run.openTask('objection', role, deadline, { objectionId: req.objectionId, summary: req.summary });
      p.objectionOpened(task.taskId);
      await run.setState({
        caseId: run.caseId,
        eventKey: `${run.caseId}:objection:${req.objectionId}`,
        status: 'paused',
        currentStep: 'notice',
        action: 'objection_registered',
        actor: req.actor,
        reason: req.summary,
        details: { objectionTaskId: task.taskId },
        at: run.now(),
      });
      return run.afterChange();
    },
    {
      validator: (req) => {
        caseOfficerInScope(run, req.actor, 'Objections are registered by a case officer.');
        if (!p.inNotice()) throw fail('NOT_IN_NOTICE', 'The case is not in its public notice period.');
        if (!req.summary || req.summary.trim().length === 0) throw fail('REASON_REQUIRED', 'summary: describe the objection.');
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async (req) => {
      p.end(new CaseEnded('withdrawn', req.reason, 'withdrawn'), req.actor);
      return run.afterChange();
    },
    {
      validator: (req) => {
        caseOfficerInScope(run, req.actor, 'A withdrawal is recorded by a case officer.');
        if (run.withdrawn || run.isFinished()) throw fail('CASE_FINISHED', 'The case is already finished.');
        if (run.phase === 'active')
          throw fail('NOT_APPLICABLE', 'The allowance is being paid: record a life event or a review outcome instead.');
        if (!req.reason || req.reason.trim().length === 0)
          throw fail('REASON_REQUIRED', "reason: a withdrawal needs the applicant's reason.");
      },
    },
  );

  /**
   * Death, moving the household registration out of the county, or leaving the roster. Before
   * approval it ends the case (closed, with the reason); while an allowance is paid, the case
   * type recomputes the entitlement (see `lifeEvents`).
   */
  setHandler(
    lifeEventUpdate,
    async (req) => {
      run.lifeEvents.push(req);
      if (run.phase === 'application') {
        const label = req.kind === 'death' ? '申请人死亡' : req.kind === 'moved_out' ? '户籍迁出本县' : '退出困难名单';
        p.end(new CaseEnded('closed', `${label}(${req.on})`, `closed_${req.kind}`), req.actor);
      }
      return run.afterChange();
    },
    {
      validator: (req) => {
        caseOfficerInScope(run, req.actor, 'Life events are recorded by a case officer.');
        if (run.withdrawn || run.isFinished()) throw fail('CASE_FINISHED', 'The case is already finished.');
        if (run.lifeEvents.some((e) => e.eventId === req.eventId)) throw fail('CONFLICT', 'This event is already recorded.');
      },
    },
  );
}
