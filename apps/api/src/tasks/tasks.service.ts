import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import {
  assignTaskUpdate,
  caseWorkflowId,
  completeTaskUpdate,
  OPEN_CASE_STATUSES,
  type Actor,
  type AssignTaskInput,
  type CompleteTaskInput,
  type Role,
} from '@app/contracts';
import { checkAssignmentTarget, checkTaskAction, checkTaskAssignment, isWithinRegion } from '@app/domain/access';
import { decisionInputProblems } from '@app/domain/input';
import { STEP_LABELS, type StepCode } from '@app/domain/policy';
import { CalendarProvider, CasesRepository, TaskListsRepository, TasksRepository, type TaskOrder } from '@app/persistence';
import { decisionUpdateId, ensureCaseWorkflow, recordPendingDecision } from '@app/runtime';
import { ApiError } from '../common/api-error.exception';
import { dueSoonWindow, workingDaysContext } from '../common/due-soon';
import { SharedAggregates } from '../common/shared-aggregates';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import { countTasks, presentTaskDetail, presentTaskItem, SqlFilter } from './task-read-model';
import type { AssignTaskDto, CompleteTaskDto, InboxQuery, InboxScope } from './tasks.dto';

/** Counting every completed task of a county would scan most of the table: past this, totalCapped says "at least". */
export const COMPLETED_COUNT_CAP = 1_000;

const SORTS: Record<string, TaskOrder> = {
  dueAt: { column: 'due_at', direction: 'ASC' },
  '-dueAt': { column: 'due_at', direction: 'DESC' },
  createdAt: { column: 'created_at', direction: 'ASC' },
  '-createdAt': { column: 'created_at', direction: 'DESC' },
};

export function defaultInboxScope(role: Role): InboxScope {
  return role === 'supervisor' || role === 'admin' ? 'all' : 'role';
}

export interface TaskRow {
  id: string;
  case_id: string;
  step: StepCode;
  region_code: string;
  candidate_role: string;
  assignee_id: string | null;
  completed_at: Date | null;
  completed_by: string | null;
  outcome: string | null;
}

@Injectable()
export class TasksService {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calendars: CalendarProvider,
    private readonly shared: SharedAggregates,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  async findScoped(actor: Actor, taskId: string): Promise<TaskRow> {
    const row = await new TasksRepository(this.db).findWithin(taskId, actor.regionCode);
    if (!row) throw ApiError.notFound('Task');
    return row as TaskRow;
  }

  /**
   * Checked here first (cheap, from PostgreSQL), then bound by the workflow's update validator with
   * the same rule; when two officers complete the same task at once, the workflow accepts one.
   */
  async complete(actor: Actor, taskId: string, dto: CompleteTaskDto) {
    const task = await this.findScoped(actor, taskId);
    const req: CompleteTaskInput = {
      taskId,
      step: dto.step,
      actor,
      outcome: dto.outcome,
      comment: dto.comment ?? null,
      data: dto.data ?? null,
    };
    // The same officer sending the same decision again (an answer lost on the way): the same Update,
    // which Temporal answers with its first result; otherwise the 409 names the completing decision.
    const resent = task.completed_at !== null && task.completed_by === actor.userId && task.outcome === dto.outcome;
    const err = checkTaskAction(
      {
        step: task.step,
        candidateRole: task.candidate_role,
        regionCode: task.region_code,
        assigneeId: task.assignee_id,
        closed: task.completed_at !== null && !resent,
      },
      { actor, step: dto.step, outcome: dto.outcome, comment: dto.comment },
    );
    if (err?.code === 'TASK_CLOSED') throw this.closedBy(task, actor);
    if (err) throw new ApiError(err.code, err.message);
    const input = decisionInputProblems(task.step, dto.comment, dto.data);
    if (input.length > 0) throw new ApiError('VALIDATION_FAILED', input.map((p) => `${p.field}: ${p.message}`).join('; '), input);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(task.case_id));
    const updateId = decisionUpdateId(req);
    const send = () => this.updates.run(() => handle.executeUpdate(completeTaskUpdate, { args: [req], updateId }), handle.workflowId);
    let state;
    try {
      try {
        state = await send();
      } catch (e) {
        // Intake committed the case but its workflow start was interrupted (the sweep would start it
        // within 30 s): start it now and send again, rather than answer "case finished".
        if (!(e instanceof ApiError && e.code === 'CASE_FINISHED' && (await this.startIfUnstarted(task.case_id)))) throw e;
        state = await send();
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'DECISION_PENDING') throw await this.pending(task.case_id, updateId, req);
      if (e instanceof ApiError && e.code === 'TASK_CLOSED' && task.completed_at !== null) throw this.closedBy(task, actor);
      // PostgreSQL shows the task open while the workflow does not know it yet: the workflow is
      // behind (after a Temporal restart it replays, and the transition that opened the task runs
      // again; the crash suite also saw this with no workflow task pending, while the server was
      // reloading the case). Not a conflict the officer can act on: recorded and re-sent like a
      // pending decision. If the workflow still refuses after ten minutes, the officer is notified
      // and the reconciliation lists the case (task_not_open).
      if (e instanceof ApiError && e.code === 'TASK_NOT_OPEN' && (await new TasksRepository(this.db).stillOpen(taskId)))
        throw await this.pending(task.case_id, updateId, req);
      throw e;
    }
    return { taskId, step: task.step, stepLabel: STEP_LABELS[task.step], outcome: dto.outcome, case: state };
  }

  /**
   * Temporal holds an Update the workflow has not accepted only in memory (a restart of its server
   * forgets it): recorded in PostgreSQL before the 202, and re-sent by the worker with the same
   * Update id until the workflow applies or refuses it (refused: the officer is notified).
   */
  private async pending(caseId: string, updateId: string, req: CompleteTaskInput): Promise<ApiError> {
    try {
      await recordPendingDecision(this.db, caseId, updateId, req);
    } catch {
      // Not recorded: say so. Sending the same decision again is safe (the same Update id).
      return ApiError.dependencyUnavailable('PostgreSQL');
    }
    return new ApiError(
      'DECISION_PENDING',
      '决定已记录，案件流程尚未处理(处理程序暂未运行)；恢复后自动提交，无需重复提交。稍后在任务中查看结果。(Recorded; it is sent to the case workflow until the workflow applies or refuses it — a refusal is notified. Sending it again is safe.)',
      [],
      { retryAfter: 10, updateId },
    );
  }

  /** Starts the case's workflow if intake's start never completed; true if it did so. */
  private async startIfUnstarted(caseId: string): Promise<boolean> {
    if (!(await new CasesRepository(this.db).workflowUnstarted(caseId, OPEN_CASE_STATUSES))) return false;
    try {
      await this.temporal.connection.withDeadline(Date.now() + 5000, () =>
        ensureCaseWorkflow(this.temporal, this.db, this.taskQueue, caseId),
      );
    } catch {
      throw ApiError.dependencyUnavailable('Temporal', 2);
    }
    return true;
  }

  /** 409 for a completed task, naming the decision that completed it. */
  private closedBy(task: TaskRow, actor: Actor): ApiError {
    const by = task.completed_by === actor.userId ? '您本人' : '其他经办人';
    const at = task.completed_at ? task.completed_at.toISOString() : '';
    return new ApiError(
      'TASK_CLOSED',
      `该任务已由${by}办结(结果 ${task.outcome ?? '-'}，${at})。(This task was already completed ${task.completed_by === actor.userId ? 'by you' : 'by another officer'}: outcome ${task.outcome ?? '-'} at ${at}.)`,
    );
  }

  /** The inbox: one indexed page of tasks in the caller's region subtree, and how many match. */
  async list(actor: Actor, q: InboxQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const window = await dueSoonWindow(this.calendars, q);
    const region = q.regionCode ?? actor.regionCode;
    // A region outside the caller's subtree: the same empty answer as a region without tasks.
    if (!isWithinRegion(actor.regionCode, region)) return { items: [], total: 0, totalCapped: false, page, pageSize };
    const status = q.status ?? 'open';
    const scope = q.scope ?? defaultInboxScope(actor.role);
    const f = new SqlFilter().inRegion('t.region_code', region);
    f.and(status === 'open' ? 't.completed_at IS NULL' : 't.completed_at IS NOT NULL');
    if (scope === 'mine') f.and(`t.assignee_id = ${f.param(actor.userId)}`);
    if (scope === 'role') {
      f.and(`t.candidate_role = ${f.param(actor.role)}`);
      f.and(`(t.assignee_id IS NULL OR t.assignee_id = ${f.param(actor.userId)})`);
    }
    if (q.step) f.and(`t.step = ${f.param(q.step)}`);
    if (q.caseType) f.and(`t.case_type = ${f.param(q.caseType)}`);
    if (q.overdue) {
      const late = status === 'open' ? 't.due_at < now()' : 't.completed_at > t.due_at';
      f.and(q.overdue === 'true' ? late : `NOT (${late})`);
    }
    if (q.dueSoon) {
      const soon = `(t.due_at >= now() AND t.due_at <= ${f.param(window.until)})`;
      f.and(q.dueSoon === 'true' ? soon : `NOT ${soon}`);
    }
    const order = SORTS[q.sort ?? (status === 'open' ? 'dueAt' : '-dueAt')];
    const [rows, counted, wd] = await Promise.all([
      new TaskListsRepository(this.db).page(f, order, pageSize, (page - 1) * pageSize),
      countTasks(this.db, this.shared, f, status === 'open' ? null : COMPLETED_COUNT_CAP),
      workingDaysContext(this.calendars),
    ]);
    return { items: rows.map((r) => presentTaskItem(r, wd)), total: counted.total, totalCapped: counted.capped, page, pageSize };
  }

  async get(actor: Actor, taskId: string, db: DataSource | EntityManager = this.db) {
    const f = new SqlFilter();
    f.and(`t.id = ${f.param(taskId)}`).inRegion('t.region_code', actor.regionCode);
    const row = await new TaskListsRepository(db).detail(f);
    if (!row) throw ApiError.notFound('Task');
    return presentTaskDetail(row);
  }

  /** Claim: yours afterwards (claiming your own again changes nothing); 409 if another officer holds it. */
  async claim(actor: Actor, taskId: string) {
    return this.changeAssignment(actor, taskId, { kind: 'claim' }, null);
  }

  /** Release: by the assignee, or by a supervisor over the task's region. Releasing an unclaimed task changes nothing. */
  async release(actor: Actor, taskId: string, reason: string | null) {
    return this.changeAssignment(actor, taskId, { kind: 'release' }, reason);
  }

  /** Reassignment by a supervisor, to an active user of the task's role whose region contains the task. */
  async assign(actor: Actor, taskId: string, dto: AssignTaskDto) {
    const task = await this.findScoped(actor, taskId);
    if (task.completed_at) throw new ApiError('TASK_CLOSED', 'This task has already been completed.');
    const user = await new TasksRepository(this.db).assignableUser(dto.userId);
    const target = user ? { role: user.role, regionCode: user.region_code, active: user.active } : null;
    const refused = checkAssignmentTarget({ candidateRole: task.candidate_role, regionCode: task.region_code }, target);
    if (refused || !user || !target) {
      throw ApiError.field(refused?.code ?? 'VALIDATION_FAILED', 'userId', refused?.message ?? '不是已登记的用户');
    }
    return this.changeAssignment(actor, taskId, { kind: 'assign', assigneeId: user.id, target }, dto.reason, task);
  }

  /**
   * Who holds a task is the case workflow's to decide (its \`completeTask\` validator then binds the
   * claim): checked here first from PostgreSQL with the same rule, then by the workflow's update
   * validator; of two officers claiming at once, the workflow accepts one. Its activity writes the
   * row, the audit entry and the notifications in one transaction.
   */
  private async changeAssignment(
    actor: Actor,
    taskId: string,
    change: AssignTaskInput['change'],
    reason: string | null | undefined,
    row?: TaskRow,
  ) {
    const task = row ?? (await this.findScoped(actor, taskId));
    const decided = checkTaskAssignment(
      {
        step: task.step,
        candidateRole: task.candidate_role,
        regionCode: task.region_code,
        assigneeId: task.assignee_id,
        closed: task.completed_at !== null,
      },
      actor,
      change,
    );
    if (decided.error) throw new ApiError(decided.error.code, decided.error.message);
    if (decided.changed) {
      const handle = this.temporal.workflow.getHandle(caseWorkflowId(task.case_id));
      await this.updates.run(() => handle.executeUpdate(assignTaskUpdate, { args: [{ taskId, actor, change, reason: reason ?? null }] }));
    }
    return this.get(actor, taskId);
  }
}
