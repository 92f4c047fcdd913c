import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { HolidayYearsRepository } from '@app/persistence';

/** The recount workflow of one load of a year's arrangement (no personal data in it). */
export function calendarRecountWorkflowId(year: number, recountKey: string): string {
  return `calendar-recount-${year}-${recountKey}`;
}

/**
 * Starts the recount for the year's latest load (idempotent: an existing run with that id is
 * kept) and records that it started. Returns the workflow id, or null when nothing is pending.
 */
export async function ensureCalendarRecount(client: Client, db: DataSource, taskQueue: string, year: number): Promise<string | null> {
  const years = new HolidayYearsRepository(db);
  const key = await years.recountKey(year);
  if (!key) return null;
  const workflowId = calendarRecountWorkflowId(year, key);
  await client.workflow.start('calendarRecountWorkflow', {
    workflowId,
    taskQueue,
    args: [{ year }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  await years.markRecountStarted(year, key);
  return workflowId;
}

/** Recounts a crash or an unreachable Temporal left unstarted after a load. */
export async function startPendingCalendarRecounts(
  client: Client,
  db: DataSource,
  taskQueue: string,
  olderThanSeconds = 10,
): Promise<number> {
  const years = await new HolidayYearsRepository(db).unstartedRecounts(olderThanSeconds, 20);
  for (const year of years) await ensureCalendarRecount(client, db, taskQueue, year);
  return years.length;
}
