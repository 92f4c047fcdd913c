import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@app/contracts/roles';
import { TaskEntity } from '../entities/task.entity';
import { inRegionSubtree } from '../region-scope';
import { updateReturning } from '../sql';
import { AuditRepository, type AuditEntry } from './audit.repository';

/** A task's columns the claim, release, reassignment and decision checks read. */
export interface TaskCheckRow {
  id: string;
  case_id: string;
  step: string;
  region_code: string;
  candidate_role: string;
  assignee_id: string | null;
  completed_at: Date | null;
  /** Who completed it and how: a decision sent again is told what completed the task. */
  completed_by: string | null;
  outcome: string | null;
}

/** A user as a reassignment target: what decides whether they may hold a task. */
export interface AssignableUser {
  id: string;
  role: string;
  region_code: string;
  active: boolean;
}

/** Tasks. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class TasksRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /**
   * One page (by case id after `afterCaseId`) of cases with an open, not yet escalated task whose
   * counting window (opening day to due day, Asia/Shanghai) includes `year`. Plain range
   * conditions, so the open-task deadline index serves them.
   */
  async casesToRecount(year: number, afterCaseId: string | null, limit: number): Promise<string[]> {
    const query = this.q
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .select('DISTINCT t.case_id', 'case_id')
      .where('t.completed_at IS NULL AND t.escalation_level = 0')
      .andWhere(`t.due_at >= make_date(:year, 1, 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, { year })
      .andWhere(`t.created_at < make_date(:nextYear, 1, 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, { nextYear: year + 1 })
      .orderBy('t.case_id')
      .limit(limit);
    if (afterCaseId) query.andWhere('t.case_id > :afterCaseId', { afterCaseId });
    const rows = await query.getRawMany<{ case_id: string }>();
    return rows.map((r) => r.case_id);
  }

  /** Sets what the workflow shows with the open task (`data.context`); a completed task keeps what it had. */
  async setOpenContext(taskId: string, context: Record<string, unknown>): Promise<void> {
    // A jsonb merge into the row's other data: plain SQL.
    await this.q.query(
      `UPDATE tasks SET data = COALESCE(data, '{}'::jsonb) || jsonb_build_object('context', $2::jsonb) WHERE id = $1 AND completed_at IS NULL`,
      [taskId, JSON.stringify(context)],
    );
  }

  /** The task locked for counting its deadline again; null when there is no such task. */
  lockForRecount(taskId: string): Promise<TaskEntity | null> {
    return this.q
      .getRepository(TaskEntity)
      .createQueryBuilder('t')
      .where('t.id = :taskId', { taskId })
      .setLock('pessimistic_write')
      .getOne();
  }

  async setDeadline(taskId: string, due: { dueAt: string; dueDate: string; calendarFlag: string | null }): Promise<void> {
    await this.q
      .getRepository(TaskEntity)
      .update({ id: taskId }, { dueAt: new Date(due.dueAt), dueDate: due.dueDate, calendarFlag: due.calendarFlag });
  }

  /** The task if it lies within the region subtree `scope`, else null. */
  async findWithin(taskId: string, scope: string): Promise<TaskCheckRow | null> {
    const rows: TaskCheckRow[] = await this.q.query(
      `SELECT id, case_id, step, region_code, candidate_role, assignee_id, completed_at, completed_by, outcome FROM tasks
        WHERE id = $1 AND ${inRegionSubtree('region_code', '$2')}`,
      [taskId, scope],
    );
    return rows[0] ?? null;
  }

  /** The user a task may be given to, as the reassignment rule reads them. */
  async assignableUser(userId: string): Promise<AssignableUser | null> {
    const rows: AssignableUser[] = await this.q.query('SELECT id, role, region_code, active FROM users WHERE id = $1', [userId]);
    return rows[0] ?? null;
  }

  /** A task row already written: its deadline and holder (null when there is none). */
  async opened(taskId: string): Promise<{ dueAt: string; dueDate: string; calendarFlag: string | null; assigneeId: string | null } | null> {
    const rows: { due_at: Date; due_date: string; calendar_flag: string | null; assignee_id: string | null }[] = await this.q.query(
      `SELECT due_at, due_date, calendar_flag, assignee_id FROM tasks WHERE id = $1`,
      [taskId],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return { dueAt: r.due_at.toISOString(), dueDate: r.due_date, calendarFlag: r.calendar_flag, assigneeId: r.assignee_id };
  }

  /**
   * Records the decision on the task if it is still open (whoever decided holds the task if nobody
   * did; submitted findings are kept under `data.submitted`), ends the attention an earlier refused
   * decision raised on the case, and audits it: one statement, so one round trip and its own
   * transaction. Answers 'recorded', 'already' (completed before: a retried write changes nothing)
   * or 'missing' (no such task). A concurrent writer of the row (a cancellation) is waited for and
   * its result seen, as with a lock taken first.
   */
  async recordDecision(
    d: {
      taskId: string;
      caseId: string;
      completedAt: string;
      completedBy: string;
      outcome: string;
      comment: string | null;
      submitted: Record<string, unknown> | null;
    },
    actor: Actor,
    audit: Omit<AuditEntry, 'regionCode'>,
  ): Promise<'recorded' | 'already' | 'missing'> {
    const written = await new AuditRepository(this.q).recordIfWritten(
      actor,
      audit,
      `UPDATE tasks SET completed_at = $2, completed_by = $3, outcome = $4, comment = $5,
         data = COALESCE(data, '{}'::jsonb) || CASE WHEN $6::jsonb IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('submitted', $6::jsonb) END,
         assignee_id = COALESCE(assignee_id, $3) WHERE id = $1 AND completed_at IS NULL RETURNING region_code`,
      [d.taskId, d.completedAt, d.completedBy, d.outcome, d.comment, d.submitted === null ? null : JSON.stringify(d.submitted), d.caseId],
      [
        `UPDATE cases SET updated_at = now(), status = CASE WHEN status = 'needs_attention' THEN 'in_progress' ELSE status END,
           attention_reason = NULL WHERE id = $7 AND EXISTS (SELECT 1 FROM w)`,
      ],
    );
    if (written.length > 0) return 'recorded';
    const found: unknown[] = await this.q.query('SELECT 1 FROM tasks WHERE id = $1', [d.taskId]);
    return found.length > 0 ? 'already' : 'missing';
  }

  /** Cancels the task if still open; answers its step and region, or null when it was not open. */
  async cancelOpen(taskId: string, at: string, reason: string): Promise<{ step: string; region_code: string } | null> {
    const res = await updateReturning<{ id: string; step: string; region_code: string }>(
      this.q,
      `UPDATE tasks SET completed_at = $2, outcome = 'cancelled', comment = $3 WHERE id = $1 AND completed_at IS NULL RETURNING id, step, region_code`,
      [taskId, at, reason],
    );
    return res[0] ?? null;
  }

  /** What an escalation needs of the task: its region, step, whether it is done, and its case number. */
  async forEscalation(taskId: string): Promise<{ region_code: string; step: string; completed_at: Date | null; case_no: string } | null> {
    const rows: { region_code: string; step: string; completed_at: Date | null; case_no: string }[] = await this.q.query(
      `SELECT t.region_code, t.step, t.completed_at, c.case_no FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = $1`,
      [taskId],
    );
    return rows[0] ?? null;
  }

  /** Marks the task overdue at `level` and records the escalation to `targetRegion` (idempotent per level). */
  async escalate(e: { taskId: string; caseId: string; level: number; targetRegion: string; at: string }): Promise<void> {
    await this.q.query(
      `UPDATE tasks SET overdue = true, overdue_at = COALESCE(overdue_at, $2), escalation_level = GREATEST(escalation_level, $3) WHERE id = $1`,
      [e.taskId, e.at, e.level],
    );
    await this.q.query(
      `INSERT INTO escalations (task_id, case_id, level, region_code, escalated_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (task_id, level) DO NOTHING`,
      [e.taskId, e.caseId, e.level, e.targetRegion, e.at],
    );
  }

  /** The case's first task (intake writes the acceptance task with the case), or null. */
  firstOf(caseId: string): Promise<TaskEntity | null> {
    return this.q.getRepository(TaskEntity).findOne({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** Whether the task exists and is not completed. */
  stillOpen(taskId: string): Promise<boolean> {
    return this.q.getRepository(TaskEntity).existsBy({ id: taskId, completedAt: IsNull() });
  }

  /** The task's region; null when there is no such task. */
  async regionOf(taskId: string): Promise<string | null> {
    const task = await this.q.getRepository(TaskEntity).findOne({ select: { regionCode: true }, where: { id: taskId } });
    return task?.regionCode ?? null;
  }
}
