import type { EntityManager } from 'typeorm';
import { appendAudit, SYSTEM_ACTOR } from './audit';

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
 * transaction (idempotent per task id). Used by the workflow's transition activity and by intake,
 * which writes the first task with the case.
 */
export async function openTaskRow(m: EntityManager, input: TaskRowInput): Promise<void> {
  await m.query(
    // A proactively opened case names the township officer its acceptance goes to.
    `INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, created_at, due_at, due_date, calendar_flag, data, assignee_id)
     SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,
            CASE WHEN $4::varchar = 'acceptance' THEN (SELECT (details->>'assignTo')::uuid FROM cases WHERE id = $2) END
     ON CONFLICT (id) DO NOTHING`,
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
  );
  // Objection tasks run beside the notice; the case's current step stays 'notice'.
  if (input.step !== 'objection') {
    await m.query(
      `UPDATE cases SET current_step = $2::varchar,
         status = CASE WHEN $2::varchar = 'supplement' THEN 'returned' WHEN status IN ('waiting','returned','needs_attention') THEN 'in_progress' ELSE status END,
         attention_reason = NULL, waiting_until = NULL, updated_at = now() WHERE id = $1`,
      [input.caseId, input.step],
    );
  }
  await appendAudit(m, {
    eventKey: `task-opened:${input.taskId}`,
    at: new Date(input.openedAt),
    ...SYSTEM_ACTOR,
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
  });
}
