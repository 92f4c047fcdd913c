import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';

/** The recount workflow of one load of a year's arrangement (no personal data in it). */
export function calendarRecountWorkflowId(year: number, recountKey: string): string {
  return `calendar-recount-${year}-${recountKey}`;
}

/**
 * Starts the recount for the year's latest load (idempotent: an existing run with that id is
 * kept) and records that it started. Returns the workflow id, or null when nothing is pending.
 */
export async function ensureCalendarRecount(client: Client, db: DataSource, taskQueue: string, year: number): Promise<string | null> {
  const rows: { recount_key: string | null }[] = await db.query('SELECT recount_key FROM holiday_years WHERE year = $1', [year]);
  const key = rows[0]?.recount_key;
  if (!key) return null;
  const workflowId = calendarRecountWorkflowId(year, key);
  await client.workflow.start('calendarRecountWorkflow', {
    workflowId,
    taskQueue,
    args: [{ year }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  await db.query('UPDATE holiday_years SET recount_started_at = COALESCE(recount_started_at, now()) WHERE year = $1 AND recount_key = $2', [
    year,
    key,
  ]);
  return workflowId;
}

/** Recounts a crash or an unreachable Temporal left unstarted after a load. */
export async function startPendingCalendarRecounts(
  client: Client,
  db: DataSource,
  taskQueue: string,
  olderThanSeconds = 10,
): Promise<number> {
  const rows: { year: number }[] = await db.query(
    `SELECT year FROM holiday_years
      WHERE recount_key IS NOT NULL AND recount_started_at IS NULL AND loaded_at < now() - make_interval(secs => $1)
      ORDER BY loaded_at LIMIT 20`,
    [olderThanSeconds],
  );
  for (const row of rows) await ensureCalendarRecount(client, db, taskQueue, row.year);
  return rows.length;
}
