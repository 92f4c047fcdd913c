import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';

export const PROACTIVE_ENROLLMENT_SCHEDULE = 'yiyang-proactive-enrollment';

/**
 * Recurring work across many cases runs on Temporal Schedules, each starting one batch workflow:
 * proactive enrollment (免申即享) at 02:00 Asia/Shanghai on the 1st of every month. Idempotent.
 */
export async function ensureSchedules(client: Client, taskQueue: string, scheduleId = PROACTIVE_ENROLLMENT_SCHEDULE): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ dayOfMonth: 1, hour: 2, minute: 0 }], timezone: 'Asia/Shanghai' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '3 days' },
      action: {
        type: 'startWorkflow',
        workflowType: 'proactiveEnrollmentWorkflow',
        taskQueue,
        args: [{}],
        workflowId: `${scheduleId}-run`,
      },
      memo: { purpose: '免申即享: open hardship cases for roster members turning 60 next month' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

export const RECONCILIATION_SCHEDULE = 'yiyang-reconciliation';

/**
 * Reconciliation of PostgreSQL with Temporal every five minutes (see `reconcileCases`): stuck
 * cases appear in the supervisors' view, the metrics and health within one period. Idempotent.
 */
export async function ensureReconciliationSchedule(
  client: Client,
  taskQueue: string,
  scheduleId = RECONCILIATION_SCHEDULE,
  every: Duration = '5 minutes',
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' },
      action: { type: 'startWorkflow', workflowType: 'reconciliationWorkflow', taskQueue, args: [{}], workflowId: `${scheduleId}-run` },
      memo: { purpose: 'reconciliation: cases stuck between PostgreSQL and Temporal' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
