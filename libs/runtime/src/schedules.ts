import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { payrollScheduleId } from '@app/contracts';
import { catchupWindowHours, payrollSettings, validatePayrollSettings, type PayrollSettings } from '@app/domain/payroll';
import { PayrollRepository } from '@app/persistence';
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

/**
 * One payroll Schedule per county (`payroll-<county code>`): day, hour and minute from the county's
 * payroll settings, Asia/Shanghai, overlap skip, a catch-up window that never reaches into the next
 * month. Created when missing; an existing one is updated to the current settings. Idempotent.
 */
export async function ensurePayrollSchedules(client: Client, taskQueue: string, db: DataSource): Promise<string[]> {
  const repo = new PayrollRepository(db);
  const ids: string[] = [];
  for (const county of await repo.counties()) {
    const settings = payrollSettings((await repo.countySettings(county)) as Partial<PayrollSettings> | null);
    if (validatePayrollSettings(settings).length > 0) continue;
    ids.push(await ensurePayrollSchedule(client, taskQueue, county, settings));
  }
  return ids;
}

/** The county's payroll Schedule, created or brought to `settings` (the settings API calls it on every change). */
export async function ensurePayrollSchedule(client: Client, taskQueue: string, county: string, settings: PayrollSettings): Promise<string> {
  const scheduleId = payrollScheduleId(county);
  const options = {
    spec: {
      calendars: [{ dayOfMonth: settings.schedule.dayOfMonth, hour: settings.schedule.hour, minute: settings.schedule.minute }],
      timezone: settings.schedule.timezone,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: catchupWindowHours(settings) * 3_600_000 },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'payrollWorkflow',
      taskQueue,
      args: [{ countyCode: county }],
      workflowId: `${scheduleId}-run`,
    },
  };
  try {
    await client.schedule.create({ scheduleId, ...options, memo: { purpose: 'monthly payroll of one county' } });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((prev) => ({ ...prev, ...options }));
  }
  return scheduleId;
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
