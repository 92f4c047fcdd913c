import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { caseWorkflowId, completeTaskUpdate, ROLE_LABELS, type Actor, type Role } from '@app/contracts';
import { checkTaskAction, isWithinRegion } from '@app/domain/access';
import { decisionInputProblems } from '@app/domain/input';
import { STEP_LABELS, type StepCode } from '@app/domain/policy';
import { appendAudit } from '@app/persistence';
import { CalendarProvider } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { dueSoonWindow, workingDaysContext } from '../common/due-soon';
import { notifyUser } from '../notifications/notification-writer';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import {
  presentTaskDetail,
  presentTaskItem,
  selectTask,
  selectTaskPage,
  SqlFilter,
  updateReturning,
  type TaskOrder,
} from './task-read-model';
import type { AssignTaskDto, CompleteTaskDto, InboxQuery, InboxScope } from './tasks.dto';

/** Counting every completed task of a county would scan most of the table: past this, totalCapped says "at least". */
export const COMPLETED_COUNT_CAP = 1_000;

const SORTS: Record<string, TaskOrder> = {
  dueAt: { column: 'due_at', direction: 'ASC' },
  '-dueAt': { column: 'due_at', direction: 'DESC' },
  createdAt: { column: 'created_at', direction: 'ASC' },
  '-createdAt': { column: 'created_at', direction: 'DESC' },
};

interface LockedTask {
  id: string;
  case_id: string;
  case_no: string;
  step: StepCode;
  region_code: string;
  candidate_role: Role;
  assignee_id: string | null;
  completed_at: Date | null;
}

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
}

@Injectable()
export class TasksService {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calendars: CalendarProvider,
  ) {}

  async findScoped(actor: Actor, taskId: string): Promise<TaskRow> {
    const rows: TaskRow[] = await this.db.query(
      `SELECT id, case_id, step, region_code, candidate_role, assignee_id, completed_at FROM tasks WHERE id = $1 AND region_code LIKE $2 || '%'`,
      [taskId, actor.regionCode],
    );
    if (rows.length === 0) throw ApiError.notFound('Task');
    return rows[0];
  }

  /**
   * Checked here first (cheap, from PostgreSQL), then bound by the workflow's update validator with
   * the same rule; when two officers complete the same task at once, the workflow accepts one.
   */
  async complete(actor: Actor, taskId: string, dto: CompleteTaskDto) {
    const task = await this.findScoped(actor, taskId);
    const err = checkTaskAction(
      {
        step: task.step,
        candidateRole: task.candidate_role,
        regionCode: task.region_code,
        assigneeId: task.assignee_id,
        closed: task.completed_at !== null,
      },
      { actor, step: dto.step, outcome: dto.outcome, comment: dto.comment },
    );
    if (err) throw new ApiError(err.code, err.message);
    const input = decisionInputProblems(task.step, dto.comment, dto.data);
    if (input.length > 0) throw new ApiError('VALIDATION_FAILED', input.map((p) => `${p.field}: ${p.message}`).join('; '), input);
    const handle = this.temporal.workflow.getHandle(caseWorkflowId(task.case_id));
    const state = await this.updates.run(() =>
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId, step: dto.step, actor, outcome: dto.outcome, comment: dto.comment ?? null, data: dto.data ?? null }],
      }),
    );
    return { taskId, step: task.step, stepLabel: STEP_LABELS[task.step], outcome: dto.outcome, case: state };
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
      selectTaskPage(this.db, f, order, pageSize, (page - 1) * pageSize),
      this.count(f, status === 'open' ? null : COMPLETED_COUNT_CAP),
      workingDaysContext(this.calendars),
    ]);
    return { items: rows.map((r) => presentTaskItem(r, wd)), total: counted.total, totalCapped: counted.capped, page, pageSize };
  }

  private async count(f: SqlFilter, cap: number | null): Promise<{ total: number; capped: boolean }> {
    const sql =
      cap === null
        ? `SELECT count(*) AS n FROM tasks t WHERE ${f.sql}`
        : `SELECT count(*) AS n FROM (SELECT 1 FROM tasks t WHERE ${f.sql} LIMIT ${cap + 1}) x`;
    const [{ n }]: { n: string }[] = await this.db.query(sql, f.params);
    const total = Number(n);
    return cap !== null && total > cap ? { total: cap, capped: true } : { total, capped: false };
  }

  async get(actor: Actor, taskId: string, db: DataSource | EntityManager = this.db) {
    const f = new SqlFilter();
    f.and(`t.id = ${f.param(taskId)}`).inRegion('t.region_code', actor.regionCode);
    const row = await selectTask(db, f);
    if (!row) throw ApiError.notFound('Task');
    return presentTaskDetail(row);
  }

  /**
   * Claim: the conditional UPDATE is the arbiter. Under concurrent claims PostgreSQL re-checks the
   * WHERE clause against the row the first claim committed, so exactly one claim changes it.
   */
  async claim(actor: Actor, taskId: string) {
    await this.db.transaction(async (m) => {
      const won = await updateReturning<{ case_id: string; step: string; region_code: string }>(
        m,
        `UPDATE tasks SET assignee_id = $2
          WHERE id = $1 AND region_code LIKE $3 AND completed_at IS NULL AND candidate_role = $4 AND assignee_id IS NULL
          RETURNING case_id, step, region_code`,
        [taskId, actor.userId, `${actor.regionCode}%`, actor.role],
      );
      if (won.length === 1) {
        await appendAudit(m, {
          ...this.auditActor(actor),
          eventKey: `task-claimed:${taskId}:${randomUUID()}`,
          regionCode: won[0].region_code,
          caseId: won[0].case_id,
          taskId,
          step: won[0].step,
          action: 'task_claimed',
          before: { assigneeId: null },
          after: { assigneeId: actor.userId },
        });
        return;
      }
      // Nothing changed: say why (or nothing, if it is already the caller's).
      const task = await this.lockScoped(m, actor, taskId);
      if (task.completed_at) throw new ApiError('TASK_CLOSED', 'This task has already been completed.');
      if (task.candidate_role !== actor.role) {
        throw new ApiError(
          'ROLE_NOT_ALLOWED',
          `Step "${task.step}" is for role ${task.candidate_role} (${ROLE_LABELS[task.candidate_role]}).`,
        );
      }
      if (task.assignee_id === actor.userId) return;
      if (task.assignee_id === null) throw new ApiError('CONFLICT', 'The task changed meanwhile; try again.');
      throw new ApiError('CONFLICT', 'This task is already claimed by another officer.');
    });
    return this.get(actor, taskId);
  }

  /** Release: by the assignee, or by a supervisor over the task's region. Releasing an unclaimed task changes nothing. */
  async release(actor: Actor, taskId: string, reason: string | null) {
    await this.db.transaction(async (m) => {
      const task = await this.lockScoped(m, actor, taskId);
      if (task.completed_at) throw new ApiError('TASK_CLOSED', 'This task has already been completed.');
      if (task.assignee_id === null) return;
      const bySupervisor = task.assignee_id !== actor.userId;
      if (bySupervisor && actor.role !== 'supervisor') {
        throw new ApiError('CLAIMED_BY_OTHER', 'Only the officer who holds this task, or a supervisor, may release it.');
      }
      await m.query(`UPDATE tasks SET assignee_id = NULL WHERE id = $1 AND completed_at IS NULL AND assignee_id = $2`, [
        taskId,
        task.assignee_id,
      ]);
      await appendAudit(m, {
        ...this.auditActor(actor),
        eventKey: `task-released:${taskId}:${randomUUID()}`,
        regionCode: task.region_code,
        caseId: task.case_id,
        taskId,
        step: task.step,
        action: 'task_released',
        before: { assigneeId: task.assignee_id },
        after: { assigneeId: null },
        reason,
      });
      if (bySupervisor) {
        await notifyUser(m, {
          userId: task.assignee_id,
          kind: 'task_unassigned',
          caseId: task.case_id,
          taskId,
          message: `案件 ${task.case_no} 的「${STEP_LABELS[task.step] ?? task.step}」已由${actor.displayName}收回`,
        });
      }
    });
    return this.get(actor, taskId);
  }

  /** Reassignment by a supervisor, to an active user of the task's role whose region contains the task. */
  async assign(actor: Actor, taskId: string, dto: AssignTaskDto) {
    await this.db.transaction(async (m) => {
      const task = await this.lockScoped(m, actor, taskId);
      if (task.completed_at) throw new ApiError('TASK_CLOSED', 'This task has already been completed.');
      const users: { id: string; role: Role; region_code: string; active: boolean; display_name: string }[] = await m.query(
        'SELECT id, role, region_code, active, display_name FROM users WHERE id = $1',
        [dto.userId],
      );
      const target = users[0];
      if (!target || !target.active || target.role !== task.candidate_role || !isWithinRegion(target.region_code, task.region_code)) {
        throw ApiError.field(
          'VALIDATION_FAILED',
          'userId',
          `must be an active ${task.candidate_role} (${ROLE_LABELS[task.candidate_role]}) whose region contains ${task.region_code}`,
        );
      }
      if (task.assignee_id === target.id) return;
      await m.query(`UPDATE tasks SET assignee_id = $2 WHERE id = $1 AND completed_at IS NULL`, [taskId, target.id]);
      await appendAudit(m, {
        ...this.auditActor(actor),
        eventKey: `task-assigned:${taskId}:${randomUUID()}`,
        regionCode: task.region_code,
        caseId: task.case_id,
        taskId,
        step: task.step,
        action: 'task_assigned',
        before: { assigneeId: task.assignee_id },
        after: { assigneeId: target.id, assigneeName: target.display_name },
        reason: dto.reason,
      });
      const label = STEP_LABELS[task.step] ?? task.step;
      await notifyUser(m, {
        userId: target.id,
        kind: 'task_assigned',
        caseId: task.case_id,
        taskId,
        message: `案件 ${task.case_no} 的「${label}」已由${actor.displayName}指派给您`,
      });
      if (task.assignee_id) {
        await notifyUser(m, {
          userId: task.assignee_id,
          kind: 'task_unassigned',
          caseId: task.case_id,
          taskId,
          message: `案件 ${task.case_no} 的「${label}」已由${actor.displayName}改派他人`,
        });
      }
    });
    return this.get(actor, taskId);
  }

  /** The task row, locked for the rest of the transaction; 404 outside the caller's region. */
  private async lockScoped(m: EntityManager, actor: Actor, taskId: string): Promise<LockedTask> {
    const rows: LockedTask[] = await m.query(
      `SELECT t.id, t.case_id, c.case_no, t.step, t.region_code, t.candidate_role, t.assignee_id, t.completed_at
         FROM tasks t JOIN cases c ON c.id = t.case_id
        WHERE t.id = $1 AND t.region_code LIKE $2 FOR UPDATE OF t`,
      [taskId, `${actor.regionCode}%`],
    );
    if (rows.length === 0) throw ApiError.notFound('Task');
    return rows[0];
  }

  private auditActor(actor: Actor) {
    return { actorId: actor.userId, actorRole: actor.role, actorName: actor.displayName };
  }
}
