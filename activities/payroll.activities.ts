import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { Actor, PayrollActionName, PayrollCursor } from '@app/contracts';
import {
  bankMapping,
  bankSheet,
  PAYROLL_SOURCE_LABELS,
  payrollSettings,
  payrollTransition,
  type PayrollRunStatus,
  type PayrollSettings,
} from '@app/domain/payroll';
import {
  computeLines,
  computePage,
  lookbackFrom,
  openPayrollRunIn,
  PayrollRepository,
  policyLookup,
  previewPayroll,
  type RunSettingsSnapshot,
  AuditRepository,
} from '@app/persistence';
import { buildBankFiles } from '@app/runtime/payroll-files';

export { computeLines, lookbackFrom, policyLookup, previewPayroll };

/**
 * The monthly payroll's side effects. Each is idempotent: lines are keyed by (source, month, kind,
 * run), payments by (run, source), files by (run, township, format), audit rows by event key.
 */
export function createPayrollActivities({ db }: { db: DataSource }) {
  const repo = new PayrollRepository(db);

  async function runSnapshot(
    runId: string,
  ): Promise<{ run: NonNullable<Awaited<ReturnType<PayrollRepository['run']>>> } & RunSettingsSnapshot> {
    const run = await repo.run(runId);
    if (!run) throw ApplicationFailure.nonRetryable(`payroll run ${runId} does not exist`, 'NOT_APPLICABLE');
    return { run, settings: payrollSettings(run.settings as Partial<PayrollSettings>), firstPayrollMonth: run.first_payroll_month };
  }

  return {
    /**
     * Opens the county's run for the month, or finds the live one. `owner` is false when another
     * workflow (the Schedule's, or an officer's earlier start) already owns it.
     */
    async openPayrollRun(input: { countyCode: string; month: string; workflowId: string; startedBy: Actor | null; at: string }) {
      if (!(await repo.isCounty(input.countyCode))) {
        throw ApplicationFailure.nonRetryable(`${input.countyCode} is not a county`, 'INVALID_DATA');
      }
      const opened = await db.transaction((m) => openPayrollRunIn(m, input));
      if (!opened.ok) throw ApplicationFailure.nonRetryable(`payroll settings: ${opened.problems.join('; ')}`, 'INVALID_DATA');
      return { runId: opened.runId, owner: opened.owner, status: opened.status, lanes: opened.lanes };
    },

    /**
     * Computes and appends one page of lines. Retried or replayed, it appends nothing new: the
     * unique key keeps the first copy. Heartbeats while it works so a killed worker's page is retried soon.
     */
    async computePayrollPage(input: {
      cursor: PayrollCursor;
      lane: number;
      pageNo: number;
    }): Promise<{ nextAfterId: string | null; lines: number }> {
      const { run, settings, firstPayrollMonth } = await runSnapshot(input.cursor.runId);
      if (run.status !== 'computing') return { nextAfterId: null, lines: 0 };
      const phase = input.cursor.phase === 'support' ? 'support' : 'entitlement';
      const lane = input.cursor.lanes[input.lane];
      const lineSettings = { firstPayrollMonth, lookbackMonths: settings.lookbackMonths, recovery: settings.recovery };
      Context.current().heartbeat({ phase, lane: input.lane });
      const { lines, held, lastId } = await computePage(repo, {
        phase,
        countyCode: run.county_code,
        runId: run.id,
        month: run.month,
        settings: lineSettings,
        afterId: lane.afterId,
        limit: settings.pageSize,
        from: lane.from,
        to: lane.to,
        policyFor: policyLookup(await repo.policyVersions(run.county_code)),
      });
      if (lastId === null) return { nextAfterId: null, lines: 0 };
      Context.current().heartbeat({ phase, computed: lines.length });
      await repo.appendLines(lines, { runId: run.id, pageNo: input.pageNo }, held);
      return { nextAfterId: lastId, lines: lines.length };
    },

    /** Every page written: the run becomes a draft for review. */
    async finishPayrollCompute(input: { runId: string; at: string }): Promise<void> {
      await db.transaction(async (m) => {
        const tx = new PayrollRepository(m);
        const run = await tx.run(input.runId);
        if (!run || !(await tx.moveRun(input.runId, 'computing', 'draft'))) return;
        const totals = await tx.totals(input.runId);
        await new AuditRepository(m).record(null, {
          eventKey: `payroll-computed:${input.runId}`,
          at: new Date(input.at),
          regionCode: run.county_code,
          caseId: null,
          action: 'payroll_run_computed',
          before: { status: 'computing' },
          after: {
            runId: input.runId,
            status: 'draft',
            lines: totals.reduce((s, t) => s + t.lines, 0),
            amountFen: totals.reduce((s, t) => s + t.amountFen, 0),
          },
        });
      });
    },

    /**
     * A reviewed step: moves the run and audits it, in one transaction. The workflow's validator
     * already asked the same rule; it is asked again here against the stored run.
     */
    async recordPayrollTransition(input: {
      runId: string;
      action: PayrollActionName;
      actor: Actor;
      reason: string | null;
      at: string;
      eventKey: string;
    }) {
      return db.transaction(async (m) => {
        const tx = new PayrollRepository(m);
        const run = await tx.run(input.runId);
        if (!run) throw ApplicationFailure.nonRetryable(`payroll run ${input.runId} does not exist`, 'NOT_APPLICABLE');
        if (await new AuditRepository(m).has(input.eventKey)) return { status: run.status as PayrollRunStatus };
        const t = payrollTransition({
          status: run.status as PayrollRunStatus,
          action: input.action,
          actor: input.actor,
          preparedBy: run.prepared_by,
          reason: input.reason,
        });
        if (!t.ok) throw ApplicationFailure.nonRetryable(t.message, t.code === 'WRONG_STATE' ? 'CONFLICT' : t.code);
        if (input.action === 'release') {
          await tx.createPayments(run.id, `P${run.month.replace('-', '')}${run.county_code}${run.id.slice(0, 4)}-`);
          await writeFiles(tx, run.id);
        }
        const who =
          input.action === 'submit'
            ? { prepared_by: input.actor.userId }
            : input.action === 'approve'
              ? { approved_by: input.actor.userId }
              : input.action === 'release'
                ? { released_by: input.actor.userId }
                : input.action === 'return'
                  ? { prepared_by: null, approved_by: null }
                  : {};
        await tx.moveRun(run.id, run.status, t.to, who);
        await new AuditRepository(m).record(input.actor, {
          eventKey: input.eventKey,
          at: new Date(input.at),
          regionCode: run.county_code,
          caseId: null,
          action: `payroll_${input.action}`,
          before: { runId: run.id, status: run.status },
          after: { runId: run.id, status: t.to, month: run.month },
          reason: input.reason,
        });
        return { status: t.to };
      });
    },
  };
}

/**
 * A released run's bank files, one XLSX and the configured CSVs per township, built from what the
 * database holds (payments, persons, accounts, the run's settings): the same state gives the same
 * bytes, which is how a release resumed after a crash is checked against an uninterrupted one.
 */
export async function buildRunFiles(tx: PayrollRepository, runId: string) {
  const run = (await tx.run(runId))!;
  const settings = payrollSettings(run.settings as Partial<PayrollSettings>);
  const payments = await tx.filePayments(runId);
  // One file set per township and bank (the account's bank code; '' = the county's default mapping), in a fixed order.
  const groups = new Map<string, typeof payments>();
  for (const p of payments) {
    // By the mapping the code resolves to: a code the run's settings do not list goes with the default.
    const key = `${p.township_code}|${bankMapping(settings, p.bank_code).code}`;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const out: {
    townshipCode: string;
    bankCode: string;
    format: string;
    fileName: string;
    content: Buffer;
    sha256: string;
    rows: number;
    totalFen: number;
  }[] = [];
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!;
    const township = list[0].township_code;
    const bank = bankMapping(settings, list[0].bank_code);
    const sheet = bankSheet(
      list.map((p) => ({
        reference: p.reference,
        name: p.name,
        idNumber: p.id_number,
        account: p.account_no ?? '',
        bankName: p.bank_name ?? '',
        amountFen: p.amount_fen,
        item: PAYROLL_SOURCE_LABELS[p.source_kind],
        period: run.month,
      })),
      bank.bankFile.columns,
      { batch: run.run_no, township: list[0].township_name, month: run.month },
    );
    const title = bank.name ? `${list[0].township_name} ${bank.name}` : list[0].township_name;
    const files = await buildBankFiles(sheet, { title, month: run.month }, bank.bankFile.csvEncodings);
    const total = list.reduce((s, p) => s + p.amount_fen, 0);
    for (const f of files) {
      const ext = f.format === 'xlsx' ? 'xlsx' : f.format === 'csv-gbk' ? 'gbk.csv' : 'csv';
      out.push({
        townshipCode: township,
        bankCode: bank.code,
        format: f.format,
        fileName: `${run.run_no}-${township}${bank.code ? `-${bank.code}` : ''}.${ext}`,
        content: f.content,
        sha256: f.sha256,
        rows: list.length,
        totalFen: total,
      });
    }
  }
  return out;
}

/** Stores the run's files once (a retry finds them there). */
async function writeFiles(tx: PayrollRepository, runId: string): Promise<void> {
  for (const f of await buildRunFiles(tx, runId)) await tx.storeFile({ runId, ...f });
}
