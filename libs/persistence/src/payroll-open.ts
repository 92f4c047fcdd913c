import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/contracts';
import { payrollSettings, validatePayrollSettings, type PayrollRunStatus, type PayrollSettings } from '@app/domain/payroll';
import { AuditRepository } from './repositories/audit.repository';
import { PayrollRepository } from './repositories/payroll.repository';

export type OpenPayrollRunResult =
  | { ok: false; problems: string[] }
  | {
      ok: true;
      runId: string;
      /** Whether the run belongs to `workflowId` (false: another workflow opened the month's run). */
      owner: boolean;
      /** Whether this call inserted the run (false: it was there already). */
      created: boolean;
      status: PayrollRunStatus;
      lanes: number;
    };

/**
 * Opens the county's run for the month inside the caller's transaction, or finds the live one:
 * the settings are snapshotted, the run is audited once. Shared by the API (an officer's start
 * opens the run in its own transaction before it starts the workflow, so it answers without
 * waiting for the workflow) and the workflow's first activity (the Schedule's start, or finding
 * the run the API opened for it). A second opener of the same month waits on the one-live-run
 * index until the first commits, then finds its run.
 */
export async function openPayrollRunIn(
  m: EntityManager,
  input: { countyCode: string; month: string; workflowId: string; startedBy: Actor | null; at: string },
): Promise<OpenPayrollRunResult> {
  const tx = new PayrollRepository(m);
  const settings = payrollSettings((await tx.countySettings(input.countyCode)) as Partial<PayrollSettings> | null);
  const problems = validatePayrollSettings(settings);
  if (problems.length > 0) return { ok: false, problems };
  const existing = await tx.liveRun(input.countyCode, input.month);
  if (existing)
    return {
      ok: true,
      runId: existing.id,
      owner: existing.workflow_id === input.workflowId,
      created: false,
      status: existing.status as PayrollRunStatus,
      lanes: settings.lanes,
    };
  const first = settings.firstPayrollMonth ?? (await tx.firstRunMonth(input.countyCode)) ?? input.month;
  const id = randomUUID();
  const run = await tx.insertRun({
    id,
    runNo: `PR-${input.countyCode}-${input.month}-${id.slice(0, 4)}`,
    countyCode: input.countyCode,
    month: input.month,
    workflowId: input.workflowId,
    firstPayrollMonth: first < input.month ? first : input.month,
    settings,
    startedBy: input.startedBy?.userId ?? null,
  });
  if (run.id === id) {
    await new AuditRepository(m).record(input.startedBy, {
      eventKey: `payroll-opened:${id}`,
      at: new Date(input.at),
      regionCode: input.countyCode,
      caseId: null,
      action: 'payroll_run_opened',
      after: { runId: id, month: input.month, workflowId: input.workflowId },
    });
  }
  return {
    ok: true,
    runId: run.id,
    owner: run.workflow_id === input.workflowId,
    created: run.id === id,
    status: run.status as PayrollRunStatus,
    lanes: settings.lanes,
  };
}
