import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import {
  openTaskRow,
  pgDataError,
  recordTaskAssignment,
  updateReturning,
  type TaskAssignmentRecord,
  AuditRepository,
} from '@app/persistence';
import { regionAncestry } from '@app/domain/access';
import { STEP_LABELS, type DurationPolicy, type StepCode } from '@app/domain/policy';
import type { CalendarProvider } from './calendar-provider';
import type {
  CancelTaskInput,
  CaseStateChange,
  CompleteTaskActivityInput,
  DeadlineResult,
  OpenedTask,
  OpenTaskInput,
} from './activity-types';

export interface CaseActivityDeps {
  db: DataSource;
  calendars: CalendarProvider;
}

/**
 * Runs a write; a PostgreSQL error that retrying cannot heal (the data is refused) becomes a
 * non-retryable `DATA_ERROR`, which the workflow turns into a case that needs attention.
 */
export async function dataSafe<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const data = pgDataError(err);
    if (data) throw ApplicationFailure.create({ type: 'DATA_ERROR', message: data.message, nonRetryable: true, details: [data.sqlState] });
    throw err;
  }
}

async function caseRegion(m: EntityManager, caseId: string): Promise<string> {
  const rows: { region_code: string }[] = await m.query('SELECT region_code FROM cases WHERE id = $1', [caseId]);
  if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, 'CASE_NOT_FOUND');
  return rows[0].region_code;
}

/** Writes a task row with its deadline, inside the caller's transaction; answers who holds it (if anyone already does). */
export async function openTaskIn(m: EntityManager, input: OpenTaskInput, due: DeadlineResult): Promise<{ assigneeId: string | null }> {
  return openTaskRow(m, {
    ...input,
    dueAt: due.dueAt,
    dueDate: due.dueDate,
    calendarFlag: due.calendarFlag,
    label: STEP_LABELS[input.step as StepCode] ?? input.step,
  });
}

/** A task row already written (by intake, or by this activity before a retry): its deadline and holder. */
export async function openedTaskRow(m: EntityManager, taskId: string): Promise<OpenedTask | null> {
  const rows: { due_at: Date; due_date: string; calendar_flag: string | null; assignee_id: string | null }[] = await m.query(
    `SELECT due_at, to_char(due_date, 'YYYY-MM-DD') AS due_date, calendar_flag, assignee_id FROM tasks WHERE id = $1`,
    [taskId],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return { dueAt: r.due_at.toISOString(), dueDate: r.due_date, calendarFlag: r.calendar_flag, assigneeId: r.assignee_id };
}

/** Records a decision on its task (idempotent: a retried write changes nothing). */
export async function completeTaskIn(m: EntityManager, input: CompleteTaskActivityInput): Promise<void> {
  const rows: { completed_at: Date | null; data: Record<string, unknown> | null; region_code: string }[] = await m.query(
    'SELECT completed_at, data, region_code FROM tasks WHERE id = $1 FOR UPDATE',
    [input.taskId],
  );
  if (rows.length === 0) throw ApplicationFailure.nonRetryable(`task ${input.taskId} does not exist`, 'TASK_NOT_OPEN');
  if (rows[0].completed_at) return; // retried: already recorded
  const data = { ...(rows[0].data ?? {}), ...(input.data ? { submitted: input.data } : {}) };
  await m.query(
    `UPDATE tasks SET completed_at = $2, completed_by = $3, outcome = $4, comment = $5, data = $6,
       assignee_id = COALESCE(assignee_id, $3) WHERE id = $1`,
    [input.taskId, input.completedAt, input.actor.userId, input.outcome, input.comment, JSON.stringify(data)],
  );
  // A decision that could be stored ends the attention an earlier refused one raised.
  await m.query(
    `UPDATE cases SET updated_at = now(), status = CASE WHEN status = 'needs_attention' THEN 'in_progress' ELSE status END,
       attention_reason = NULL WHERE id = $1`,
    [input.caseId],
  );
  await new AuditRepository(m).record(input.actor, {
    eventKey: `task-completed:${input.taskId}`,
    at: new Date(input.completedAt),
    regionCode: rows[0].region_code,
    caseId: input.caseId,
    taskId: input.taskId,
    step: input.step,
    action: 'task_completed',
    before: { status: 'open' },
    after: { outcome: input.outcome, ...(input.data ? { data: input.data } : {}) },
    reason: input.comment,
  });
}

export async function cancelTaskIn(m: EntityManager, input: CancelTaskInput): Promise<void> {
  const res = await updateReturning<{ id: string; step: string; region_code: string }>(
    m,
    `UPDATE tasks SET completed_at = $2, outcome = 'cancelled', comment = $3 WHERE id = $1 AND completed_at IS NULL RETURNING id, step, region_code`,
    [input.taskId, input.at, input.reason],
  );
  if (res.length === 0) return;
  await new AuditRepository(m).record(null, {
    eventKey: `task-cancelled:${input.taskId}`,
    at: new Date(input.at),
    regionCode: res[0].region_code,
    caseId: input.caseId,
    taskId: input.taskId,
    step: res[0].step,
    action: 'task_cancelled',
    reason: input.reason,
  });
}

export async function setCaseStateIn(m: EntityManager, change: CaseStateChange): Promise<void> {
  const before: { status: string; current_step: string | null }[] = await m.query(
    'SELECT status, current_step FROM cases WHERE id = $1 FOR UPDATE',
    [change.caseId],
  );
  if (before.length === 0) throw ApplicationFailure.nonRetryable(`case ${change.caseId} does not exist`, 'CASE_NOT_FOUND');
  await m.query(
    `UPDATE cases SET status = $2, current_step = $3, waiting_until = $4,
       accepted_on = COALESCE($5, accepted_on), decided_on = COALESCE($6, decided_on),
       outcome_reason = COALESCE($7, outcome_reason), attention_reason = NULL, updated_at = now() WHERE id = $1`,
    [
      change.caseId,
      change.status,
      change.currentStep,
      change.waitingUntil ?? null,
      change.acceptedOn ?? null,
      change.decidedOn ?? null,
      change.outcomeReason ?? null,
    ],
  );
  await new AuditRepository(m).record(change.actor, {
    eventKey: change.eventKey,
    at: new Date(change.at),
    regionCode: await caseRegion(m, change.caseId),
    caseId: change.caseId,
    step: change.currentStep,
    action: change.action,
    before: { status: before[0].status, currentStep: before[0].current_step },
    after: {
      status: change.status,
      currentStep: change.currentStep,
      ...(change.waitingUntil ? { waitingUntil: change.waitingUntil } : {}),
      ...(change.details ?? {}),
    },
    reason: change.reason ?? null,
  });
}

/**
 * The activities every case type shares. Each write is keyed by an id the workflow chose
 * (task id, event key), so a retried or replayed activity changes nothing the second time.
 */
export function createCaseActivities({ db, calendars }: CaseActivityDeps) {
  return {
    async computeDeadline(input: { from: string; duration: DurationPolicy }): Promise<DeadlineResult> {
      return calendars.deadline(new Date(input.from), input.duration);
    },

    async openTask(input: OpenTaskInput): Promise<OpenedTask> {
      const existing = await openedTaskRow(db.manager, input.taskId);
      if (existing) return existing;
      const due = await calendars.deadline(new Date(input.openedAt), input.deadline);
      const { assigneeId } = await dataSafe(() => db.transaction((m) => openTaskIn(m, input, due)));
      return { ...due, assigneeId };
    },

    /** Who holds a task, as the case workflow decided it (claim, release, a supervisor's assignment). */
    async recordTaskAssignment(input: TaskAssignmentRecord): Promise<void> {
      await dataSafe(() => db.transaction((m) => recordTaskAssignment(m, input)));
    },

    async completeTask(input: CompleteTaskActivityInput): Promise<void> {
      await dataSafe(() => db.transaction((m) => completeTaskIn(m, input)));
    },

    async cancelTask(input: CancelTaskInput): Promise<void> {
      await dataSafe(() => db.transaction((m) => cancelTaskIn(m, input)));
    },

    /**
     * Marks the task overdue and escalates: level 1 to the supervisors of the task's township
     * (or the nearest region above with supervisors), each further level one region up.
     */
    async escalateTask(input: { caseId: string; taskId: string; level: number; at: string }): Promise<void> {
      await db.transaction(async (m) => {
        const rows: { region_code: string; step: string; completed_at: Date | null; case_no: string }[] = await m.query(
          `SELECT t.region_code, t.step, t.completed_at, c.case_no FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = $1`,
          [input.taskId],
        );
        if (rows.length === 0 || rows[0].completed_at) return;
        const { region_code: region, step, case_no: caseNo } = rows[0];
        const ancestry = regionAncestry(region).filter((c) => c.length <= 9); // township, then county
        const supervisorRegions: { region_code: string }[] = await m.query(
          `SELECT DISTINCT region_code FROM users WHERE role = 'supervisor' AND active AND region_code = ANY($1)`,
          [ancestry],
        );
        const withSupervisors = ancestry.filter((c) => supervisorRegions.some((r) => r.region_code === c));
        const target = withSupervisors[Math.min(input.level - 1, withSupervisors.length - 1)] ?? ancestry[ancestry.length - 1];
        await m.query(
          `UPDATE tasks SET overdue = true, overdue_at = COALESCE(overdue_at, $2), escalation_level = GREATEST(escalation_level, $3) WHERE id = $1`,
          [input.taskId, input.at, input.level],
        );
        await m.query(
          `INSERT INTO escalations (task_id, case_id, level, region_code, escalated_at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (task_id, level) DO NOTHING`,
          [input.taskId, input.caseId, input.level, target, input.at],
        );
        const label = STEP_LABELS[step as StepCode] ?? step;
        await m.query(
          `INSERT INTO notifications (user_id, kind, case_id, task_id, level, message, created_at)
           SELECT id, 'task_overdue', $2, $3, $4, $5, $6 FROM users WHERE role = 'supervisor' AND active AND region_code = $1
           ON CONFLICT (user_id, task_id, kind, level) DO NOTHING`,
          [target, input.caseId, input.taskId, input.level, `案件 ${caseNo} 的「${label}」已超期(督办第${input.level}级)`, input.at],
        );
        await new AuditRepository(m).record(null, {
          eventKey: `task-escalated:${input.taskId}:${input.level}`,
          at: new Date(input.at),
          regionCode: region,
          caseId: input.caseId,
          taskId: input.taskId,
          step,
          action: input.level === 1 ? 'task_overdue' : 'task_escalated',
          after: { level: input.level, escalatedTo: target },
        });
      });
    },

    async setCaseState(change: CaseStateChange): Promise<void> {
      await dataSafe(() => db.transaction((m) => setCaseStateIn(m, change)));
    },

    /**
     * Shows the case as needing a person (PostgreSQL refused its data: retrying cannot heal it),
     * with the reason, and tells the supervisors of its township (or the nearest region above
     * that has them). Writes nothing the officer typed, so it cannot fail on the same data.
     */
    async flagCaseAttention(input: { caseId: string; taskId: string | null; eventKey: string; reason: string; at: string }): Promise<void> {
      await db.transaction(async (m) => {
        const rows: { region_code: string; case_no: string; status: string }[] = await m.query(
          'SELECT region_code, case_no, status FROM cases WHERE id = $1 FOR UPDATE',
          [input.caseId],
        );
        if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CASE_NOT_FOUND');
        const { region_code: region, case_no: caseNo, status } = rows[0];
        await m.query(`UPDATE cases SET status = 'needs_attention', attention_reason = $2, updated_at = now() WHERE id = $1`, [
          input.caseId,
          input.reason,
        ]);
        const ancestry = regionAncestry(region).filter((c) => c.length <= 9);
        await m.query(
          `INSERT INTO notifications (user_id, kind, case_id, task_id, level, message, created_at)
           SELECT u.id, 'case_needs_attention', $2, $3, 0, $4, $5 FROM users u
            WHERE u.role = 'supervisor' AND u.active
              AND u.region_code = (SELECT s.region_code FROM users s WHERE s.role = 'supervisor' AND s.active AND s.region_code = ANY($1)
                                    ORDER BY length(s.region_code) DESC LIMIT 1)
           ON CONFLICT (user_id, task_id, kind, level) DO NOTHING`,
          [ancestry, input.caseId, input.taskId, `案件 ${caseNo} 需要人工处理:${input.reason}`, input.at],
        );
        await new AuditRepository(m).record(null, {
          eventKey: input.eventKey,
          at: new Date(input.at),
          regionCode: region,
          caseId: input.caseId,
          taskId: input.taskId,
          action: 'case_needs_attention',
          before: { status },
          after: { status: 'needs_attention' },
          reason: input.reason,
        });
      });
    },
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
