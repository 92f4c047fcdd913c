import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/contracts/roles';
import { STEP_LABELS, type StepCode } from '@app/domain/policy';
import { AuditRepository } from './repositories/audit.repository';
import { notifyUser, type NotificationKind } from './notifications';

export interface TaskRowInput {
  taskId: string;
  caseId: string;
  caseType: string;
  step: string;
  candidateRole: string;
  regionCode: string;
  openedAt: string;
  dueAt: string;
  dueDate: string;
  calendarFlag: string | null;
  context?: Record<string, unknown> | null;
  /** Shown in the audit entry. */
  label: string;
}

/**
 * Writes a task row, moves the case to its step and audits the opening, inside the caller's
 * transaction. Used by the workflow's transition activity and by intake, which writes the first
 * task with the case. A row that already has this id (a retried transition, or intake's task) is
 * left as it is, and nothing else is written: `inserted` is then false.
 */
export async function openTaskRow(m: EntityManager, input: TaskRowInput): Promise<{ assigneeId: string | null; inserted: boolean }> {
  // One statement: the row, the case's step (objection tasks run beside the notice, so the case's
  // current step stays 'notice') only if the row was inserted, and the audit entry. The entry is
  // keyed by the task id: when the row was already there, so is the entry (written with it).
  const inserted = await new AuditRepository(m).recordWith<{ assignee_id: string | null }>(
    null,
    {
      eventKey: `task-opened:${input.taskId}`,
      at: new Date(input.openedAt),
      regionCode: input.regionCode,
      caseId: input.caseId,
      taskId: input.taskId,
      step: input.step,
      action: 'task_opened',
      after: {
        candidateRole: input.candidateRole,
        dueDate: input.dueDate,
        dueAt: input.dueAt,
        calendarFlag: input.calendarFlag,
        label: input.label,
      },
    },
    // A proactively opened case names the township officer its acceptance goes to.
    `INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, created_at, due_at, due_date, calendar_flag, data, assignee_id)
     SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,
            CASE WHEN $4::varchar = 'acceptance' THEN (SELECT (details->>'assignTo')::uuid FROM cases WHERE id = $2) END
     ON CONFLICT (id) DO NOTHING
     RETURNING assignee_id`,
    [
      input.taskId,
      input.caseId,
      input.caseType,
      input.step,
      input.regionCode,
      input.candidateRole,
      input.openedAt,
      input.dueAt,
      input.dueDate,
      input.calendarFlag,
      input.context ? JSON.stringify({ context: input.context }) : null,
    ],
    [
      `UPDATE cases SET current_step = $4::varchar,
         status = CASE WHEN $4::varchar = 'supplement' THEN 'returned' WHEN status IN ('waiting','returned','needs_attention') THEN 'in_progress' ELSE status END,
         attention_reason = NULL, waiting_until = NULL, updated_at = now()
       WHERE id = $2 AND $4::varchar <> 'objection' AND EXISTS (SELECT 1 FROM w)`,
    ],
  );
  if (inserted.length === 0) return { assigneeId: null, inserted: false };
  return { assigneeId: inserted[0].assignee_id ?? null, inserted: true };
}

export interface TaskAssignmentRecord {
  caseId: string;
  taskId: string;
  kind: 'claim' | 'release' | 'assign';
  /** Who held the task before and who holds it now, as the case workflow decided. */
  before: string | null;
  after: string | null;
  actor: Actor;
  reason: string | null;
  /** Chosen by the workflow: a retried write changes nothing the second time. */
  eventKey: string;
  at: string;
}

const ASSIGNMENT_ACTIONS = { claim: 'task_claimed', release: 'task_released', assign: 'task_assigned' } as const;

/**
 * Records who holds a task (the workflow already decided it), audits it and tells the people
 * concerned: the officer a supervisor took a task from, the one it was given to.
 */
export async function recordTaskAssignment(m: EntityManager, r: TaskAssignmentRecord): Promise<void> {
  const done: unknown[] = await m.query('SELECT 1 FROM audit_log WHERE event_key = $1', [r.eventKey]);
  if (done.length > 0) return;
  const rows: { step: string; region_code: string; case_no: string }[] = await m.query(
    `SELECT t.step, t.region_code, c.case_no FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = $1 FOR UPDATE OF t`,
    [r.taskId],
  );
  if (rows.length === 0) return;
  const { step, region_code: regionCode, case_no: caseNo } = rows[0];
  await m.query('UPDATE tasks SET assignee_id = $2 WHERE id = $1 AND completed_at IS NULL', [r.taskId, r.after]);
  const target: { display_name: string }[] =
    r.kind === 'assign' && r.after ? await m.query('SELECT display_name FROM users WHERE id = $1', [r.after]) : [];
  await new AuditRepository(m).record(r.actor, {
    eventKey: r.eventKey,
    at: new Date(r.at),
    regionCode,
    caseId: r.caseId,
    taskId: r.taskId,
    step,
    action: ASSIGNMENT_ACTIONS[r.kind],
    before: { assigneeId: r.before },
    after: { assigneeId: r.after, ...(target[0] ? { assigneeName: target[0].display_name } : {}) },
    ...(r.kind === 'claim' ? {} : { reason: r.reason }),
  });
  const what = `案件 ${caseNo} 的「${STEP_LABELS[step as StepCode] ?? step}」`;
  const tell = (userId: string, kind: NotificationKind, message: string) =>
    notifyUser(m, { userId, kind, caseId: r.caseId, taskId: r.taskId, message });
  if (r.kind === 'release' && r.before && r.before !== r.actor.userId) {
    await tell(r.before, 'task_unassigned', `${what}已由${r.actor.displayName}收回`);
  }
  if (r.kind === 'assign' && r.after) {
    await tell(r.after, 'task_assigned', `${what}已由${r.actor.displayName}指派给您`);
    if (r.before) await tell(r.before, 'task_unassigned', `${what}已由${r.actor.displayName}改派他人`);
  }
}
