import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  FIELD_PROBLEMS_ZH,
  fieldRuleMessage,
  payrollActionUpdate,
  payrollScheduleId,
  payrollWorkflowId,
  type Actor,
  type PayrollActionName,
} from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { maskName, maskResidentId } from '@app/domain/identity';
import {
  bankMapping,
  maskAccount,
  matchReturnRows,
  normalizeAccount,
  parseReturnRows,
  PAYROLL_RUN_STATUS_LABELS,
  payrollSettings,
  type PayrollRunStatus,
  type PayrollSettings,
  validatePayrollSettings,
} from '@app/domain/payroll';
import { AuditRepository, PayrollRepository, type NewHeldArrears, type NewLedgerLine, type PayrollRunRow } from '@app/persistence';
import { openPayrollRunIn, previewPayroll } from '@app/persistence';
import { readReturnCells } from '@app/runtime/payroll-files';
import { ensurePayrollSchedule } from '@app/runtime/schedules';
import { ApiError } from '../common/api-error.exception';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import type { UpdatePayrollSettingsDto } from './payroll.dto';

const FILE_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'csv-utf8': 'text/csv; charset=utf-8',
  'csv-gbk': 'text/csv; charset=gbk',
};

@Injectable()
export class PayrollService {
  private readonly repo: PayrollRepository;

  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {
    this.repo = new PayrollRepository(db);
  }

  /** A run is seen by officers of its county and above; 404 otherwise (existence is not revealed). */
  private async visibleRun(actor: Actor, id: string): Promise<PayrollRunRow> {
    const run = await this.repo.run(id);
    if (!run || !isWithinRegion(actor.regionCode, run.county_code)) throw new ApiError('NOT_FOUND', 'No such payroll run.');
    return run;
  }

  private async checkCounty(actor: Actor, countyCode: string) {
    if (!(await this.repo.isCounty(countyCode))) throw ApiError.field('UNKNOWN_REGION', 'countyCode', `${countyCode} 不是县级区划`);
    if (!isWithinRegion(actor.regionCode, countyCode)) throw new ApiError('OUT_OF_SCOPE', 'That county is outside your region.');
  }

  private presentRun(r: PayrollRunRow) {
    return {
      id: r.id,
      runNo: r.run_no,
      countyCode: r.county_code,
      month: r.month,
      status: r.status,
      statusLabel: PAYROLL_RUN_STATUS_LABELS[r.status as PayrollRunStatus] ?? r.status,
      firstPayrollMonth: r.first_payroll_month,
      startedBy: r.started_by,
      startedByName: r.started_by_name,
      preparedBy: r.prepared_by,
      preparedByName: r.prepared_by_name,
      approvedBy: r.approved_by,
      approvedByName: r.approved_by_name,
      releasedBy: r.released_by,
      releasedByName: r.released_by_name,
      pagesDone: r.pages_done,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  private presentLine(l: {
    source_kind: string;
    source_id: string;
    person_id: string;
    name: string;
    id_number: string;
    region_code: string;
    period_month: string;
    kind: string;
    amount_fen: number;
    settlement: string;
    flags: string[];
    why: string;
  }) {
    return {
      sourceKind: l.source_kind,
      sourceId: l.source_id,
      personId: l.person_id,
      nameMasked: maskName(l.name),
      idNumberMasked: maskResidentId(l.id_number),
      regionCode: l.region_code,
      periodMonth: l.period_month,
      kind: l.kind,
      amountFen: l.amount_fen,
      settlement: l.settlement,
      flags: l.flags,
      why: l.why,
    };
  }

  /** What the month's payroll would write, computed by the workflow's own rule, writing nothing. */
  async preview(actor: Actor, countyCode: string, month: string) {
    await this.checkCounty(actor, countyCode);
    const totals = new Map<
      string,
      {
        townshipCode: string;
        townshipName: string | null;
        sourceKind: string;
        kind: string;
        settlement: string;
        lines: number;
        amountFen: number;
      }
    >();
    const flagged: NewLedgerLine[] = [];
    let lines = 0;
    let amountFen = 0;
    const heldLines: NewHeldArrears[] = [];
    await previewPayroll(this.db, countyCode, month, (page, held) => {
      for (const h of held) if (heldLines.length < 200) heldLines.push(h);
      for (const l of page) {
        lines += 1;
        amountFen += l.amount_fen;
        const key = `${l.region_code.slice(0, 9)}|${l.source_kind}|${l.kind}|${l.settlement}`;
        const t = totals.get(key) ?? {
          townshipCode: l.region_code.slice(0, 9),
          townshipName: null,
          sourceKind: l.source_kind,
          kind: l.kind,
          settlement: l.settlement,
          lines: 0,
          amountFen: 0,
        };
        t.lines += 1;
        t.amountFen += l.amount_fen;
        totals.set(key, t);
        // The exceptions list is every flagged line, as the run's own list (PayrollRepository.exceptions).
        if (l.flags.length > 0 && flagged.length < 200) flagged.push(l);
      }
    });
    const names = await this.repo.regionNames([...new Set([...totals.values()].map((t) => t.townshipCode))]);
    // Held 补发 (a failed credit waiting for a corrected account) are listed like the run lists them.
    const listed = [...flagged, ...heldLines.map((h) => ({ ...h, kind: 'arrears', settlement: 'held', flags: ['awaiting-account'] }))].sort(
      (a, b) =>
        `${a.region_code}|${a.source_id}|${a.period_month}|${a.kind}|${a.settlement}`.localeCompare(
          `${b.region_code}|${b.source_id}|${b.period_month}|${b.kind}|${b.settlement}`,
        ),
    );
    const people = await this.repo.personNames([...new Set(listed.map((l) => l.person_id))]);
    return {
      countyCode,
      month,
      lines,
      amountFen,
      totals: [...totals.values()]
        .map((t) => ({ ...t, townshipName: names.get(t.townshipCode) ?? null }))
        .sort((a, b) => (a.townshipCode + a.sourceKind + a.kind).localeCompare(b.townshipCode + b.sourceKind + b.kind)),
      exceptions: listed.map((l) =>
        this.presentLine({
          ...l,
          name: people.get(l.person_id)?.name ?? '',
          id_number: people.get(l.person_id)?.id_number ?? '',
        }),
      ),
    };
  }

  private presentSettings(countyCode: string, row: { body: Record<string, unknown>; updated_at: Date } | null) {
    const s = payrollSettings(row?.body as Partial<PayrollSettings> | null);
    return {
      countyCode,
      schedule: s.schedule,
      scheduleId: payrollScheduleId(countyCode),
      firstPayrollMonth: s.firstPayrollMonth,
      lookbackMonths: s.lookbackMonths,
      recovery: s.recovery,
      bankFile: s.bankFile,
      bankReturn: s.bankReturn,
      banks: s.banks,
      overridden: Object.keys(row?.body ?? {}).sort(),
      updatedAt: row?.updated_at ?? null,
    };
  }

  async settings(actor: Actor, countyCode: string) {
    await this.checkCounty(actor, countyCode);
    return this.presentSettings(countyCode, await this.repo.countySettingsRow(countyCode));
  }

  /**
   * Changes what the county sends (the rest is kept), checks the whole by the domain rule, stores
   * and audits it and brings the county's Schedule to it, all before the transaction commits: a
   * Schedule that cannot be updated leaves the settings as they were (503), and the worker's start
   * reconciles every Schedule with the stored settings anyway.
   */
  async updateSettings(actor: Actor, countyCode: string, dto: UpdatePayrollSettingsDto) {
    await this.checkCounty(actor, countyCode);
    const { schedule, ...sent } = JSON.parse(JSON.stringify(dto)) as UpdatePayrollSettingsDto;
    // null, like leaving a setting out, keeps it (optional fields let null through validation).
    const rest = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== null && v !== undefined));
    return this.db.transaction(async (m) => {
      const tx = new PayrollRepository(m);
      await tx.lockCountySettings(countyCode);
      const before = (await tx.countySettingsRow(countyCode))?.body ?? {};
      const stored: Record<string, unknown> = {
        ...before,
        ...rest,
        // Business time is Asia/Shanghai for every county: not a setting.
        ...(schedule
          ? { schedule: { dayOfMonth: schedule.dayOfMonth, hour: schedule.hour, minute: schedule.minute ?? 0, timezone: 'Asia/Shanghai' } }
          : {}),
      };
      const settings = payrollSettings(stored as Partial<PayrollSettings>);
      const problems = validatePayrollSettings(settings);
      if (problems.length > 0) {
        // Each problem is `path: 说明`: the path is the field, the rest what the officer reads beside it.
        const fields = problems.map((p) => ({ field: p.slice(0, p.indexOf(': ')), message: p.slice(p.indexOf(': ') + 2) }));
        throw new ApiError('VALIDATION_FAILED', problems.join('; '), fields);
      }
      const updatedAt = await tx.saveCountySettings(countyCode, stored);
      await new AuditRepository(m).record(actor, {
        eventKey: `payroll-settings:${countyCode}:${randomUUID()}`,
        regionCode: countyCode,
        caseId: null,
        action: 'payroll_settings_changed',
        before,
        after: stored,
      });
      try {
        await ensurePayrollSchedule(this.temporal, this.taskQueue, countyCode, settings);
      } catch {
        throw ApiError.dependencyUnavailable('Temporal');
      }
      return this.presentSettings(countyCode, { body: stored, updated_at: updatedAt });
    });
  }

  /**
   * Starts the month's run by hand. The run is opened here, in a transaction that also starts
   * the workflow under the month's fixed id, so the answer needs no waiting for the workflow: its
   * first activity finds this run as its own (waiting on the one-live-run index until this commits).
   * Temporal unreachable: the transaction rolls back and nothing is opened. 409 when the county
   * already has a live run for the month.
   */
  async start(actor: Actor, countyCode: string, month: string) {
    await this.checkCounty(actor, countyCode);
    const workflowId = payrollWorkflowId(countyCode, month);
    const runId = await this.db.transaction(async (m) => {
      const opened = await openPayrollRunIn(m, { countyCode, month, workflowId, startedBy: actor, at: new Date().toISOString() });
      if (!opened.ok) throw new ApiError('VALIDATION_FAILED', `本县的发放设置无法使用:${opened.problems.join('; ')}`);
      if (!opened.created)
        throw new ApiError('CONFLICT', `The payroll of ${countyCode} for ${month} already exists: run ${opened.runId} (${opened.status}).`);
      try {
        await this.temporal.workflow.start('payrollWorkflow', {
          workflowId,
          taskQueue: this.taskQueue,
          args: [{ countyCode, month, startedBy: actor }],
        });
      } catch (err) {
        // A cancelled month started again gets a fresh workflow under the same id; a running one is a conflict.
        if (err instanceof WorkflowExecutionAlreadyStartedError)
          throw new ApiError('CONFLICT', `The payroll workflow of ${countyCode} for ${month} is already running.`);
        throw ApiError.dependencyUnavailable('Temporal');
      }
      return opened.runId;
    });
    return this.presentRun((await this.repo.run(runId))!);
  }

  async list(actor: Actor, q: { countyCode?: string; month?: string; status?: string; page?: number; pageSize?: number }) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const rows = await this.repo.listRuns(actor.regionCode, { ...q, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: rows.map((r) => this.presentRun(r)), page, pageSize };
  }

  async get(actor: Actor, id: string) {
    const run = await this.visibleRun(actor, id);
    // The repository's totals carry the township's name already (joined in the same statement).
    const totals = await this.repo.totals(id);
    const settings = payrollSettings(run.settings as Partial<PayrollSettings>);
    return {
      ...this.presentRun(run),
      lines: totals.reduce((s, t) => s + t.lines, 0),
      amountFen: totals.reduce((s, t) => s + t.amountFen, 0),
      totals,
      files: (await this.repo.files(id)).map((f) => ({ ...f, bankName: bankMapping(settings, f.bankCode).name })),
      unsettledPayments: await this.repo.unsettledPayments(id),
    };
  }

  async exceptions(actor: Actor, id: string, page = 1, pageSize = 50) {
    await this.visibleRun(actor, id);
    const rows = await this.repo.exceptions(id, pageSize, (page - 1) * pageSize);
    return { items: rows.map((l) => this.presentLine(l)), page, pageSize };
  }

  /** A review step: the workflow's Update (its validator asks the maker–checker rule) records and audits it. */
  async act(actor: Actor, id: string, action: PayrollActionName, reason: string | null) {
    const run = await this.visibleRun(actor, id);
    await this.updates.run(() =>
      this.temporal.workflow
        .getHandle(run.workflow_id)
        .executeUpdate(payrollActionUpdate, { args: [{ action, actor, reason, at: new Date().toISOString() }] }),
    );
    return this.get(actor, id);
  }

  async file(actor: Actor, id: string, townshipCode: string, format: string, bankCode = '') {
    await this.visibleRun(actor, id);
    if (!FILE_TYPES[format])
      throw ApiError.field('VALIDATION_FAILED', 'format', fieldRuleMessage('isIn', [['xlsx', 'csv-utf8', 'csv-gbk']]));
    const f = await this.repo.file(id, townshipCode, format, bankCode);
    if (!f) throw new ApiError('NOT_FOUND', 'No such file: files exist once the run is released.');
    await new AuditRepository(this.db.manager).record(actor, {
      eventKey: `payroll-file-downloaded:${id}:${townshipCode}:${format}:${randomUUID()}`,
      regionCode: townshipCode,
      caseId: null,
      action: 'payroll_file_downloaded',
      after: { runId: id, townshipCode, bankCode, format },
    });
    return { fileName: f.file_name, contentType: FILE_TYPES[format], content: f.content };
  }

  /**
   * The bank's return file: matched rows record paid or failed; every other row is reported and
   * changes nothing. When every payment has an answer the run is reconciled. With a bank code the
   * file is read with that bank's return columns and matched against the payments sent to it only
   * (a row of another bank's payment is unknown here); without one, the default columns and every payment.
   */
  async importReturns(actor: Actor, id: string, content: Buffer | undefined, fileName: string | null, bankCode: string | null = null) {
    const run = await this.visibleRun(actor, id);
    if (run.status !== 'released') throw new ApiError('CONFLICT', 'Returns are imported for a released run only.');
    if (!Buffer.isBuffer(content) || content.length === 0)
      throw ApiError.field('VALIDATION_FAILED', 'body', '请上传银行回盘文件(CSV 或 XLSX)作为请求内容');
    const settings = payrollSettings(run.settings as Partial<PayrollSettings>);
    const bank = bankMapping(settings, bankCode);
    if (bankCode !== null && bank.code !== bankCode)
      throw ApiError.field('VALIDATION_FAILED', 'bank', `本批次的发放设置中没有银行 ${bankCode}`);
    let cells: string[][];
    try {
      cells = await readReturnCells(content, fileName ?? '');
    } catch {
      throw ApiError.field('VALIDATION_FAILED', 'body', '文件无法按 CSV 或 XLSX 读取,请检查文件格式');
    }
    const parsed = parseReturnRows(cells, bank.bankReturn.columns, bank.bankReturn.successValues);
    if (parsed.rows.length === 0 && parsed.problems.some((p) => p.rowNumber === 0)) {
      throw ApiError.field('VALIDATION_FAILED', 'body', parsed.problems[0].message);
    }
    const importId = randomUUID();
    const report = await this.db.transaction(async (m) => {
      const tx = new PayrollRepository(m);
      const expected = (await tx.expectedPayments(id)).filter(
        (e) => bankCode === null || (e.bank_code !== null && bankMapping(settings, e.bank_code).code === bank.code),
      );
      const matches = matchReturnRows(
        parsed.rows,
        parsed.problems,
        expected.map((e) => ({ reference: e.reference, account: e.account_no, amountFen: e.amount_fen, settled: e.settled })),
      );
      const counts: Record<string, number> = {};
      for (const x of matches) counts[x.outcome] = (counts[x.outcome] ?? 0) + 1;
      await tx.recordImport({
        id: importId,
        runId: id,
        fileName: fileName ?? 'return',
        importedBy: actor.userId,
        counts,
        report: matches,
        bankCode,
      });
      await tx.recordResults(
        importId,
        matches.flatMap((x) =>
          x.outcome === 'paid' || x.outcome === 'failed' ? [{ reference: x.reference, outcome: x.outcome, reason: x.reason }] : [],
        ),
      );
      await new AuditRepository(m).record(actor, {
        eventKey: `payroll-returns:${importId}`,
        regionCode: run.county_code,
        caseId: null,
        action: 'payroll_returns_imported',
        after: { runId: id, importId, bankCode, counts },
      });
      return { counts, rows: matches };
    });
    let runStatus = run.status;
    if ((await this.repo.unsettledPayments(id)) === 0) {
      await this.act(actor, id, 'reconcile', null);
      runStatus = 'reconciled';
    }
    return { importId, runId: id, bankCode, counts: report.counts, rows: report.rows, runStatus };
  }

  async personPayments(actor: Actor, personId: string) {
    const person = await this.repo.person(personId);
    if (!person || !isWithinRegion(actor.regionCode, person.region_code)) throw new ApiError('NOT_FOUND', 'No such person.');
    const rows = await this.repo.personHistory(personId);
    return {
      personId,
      items: rows.map((r) => ({
        runId: r.run_id,
        runNo: r.run_no,
        runMonth: r.run_month,
        runStatus: r.run_status,
        sourceKind: r.source_kind,
        periodMonth: r.period_month,
        kind: r.kind,
        amountFen: r.amount_fen,
        settlement: r.settlement,
        rule: r.rule,
        policyVersion: r.policy_version,
        why: r.why,
        reference: r.reference,
        bankOutcome: r.outcome,
        bankReason: r.bank_reason,
        accountMasked: r.account_no ? maskAccount(r.account_no) : null,
      })),
    };
  }

  /** Records (or corrects) a person's account; audited with the account masked. */
  /**
   * The bank code is one the county's payroll settings list (its file and return columns); left
   * out, it is the listed bank of the same name, else none (the county's default mapping).
   */
  async setBankAccount(actor: Actor, personId: string, accountNo: string, bankName: string, bankCode: string | null = null) {
    const person = await this.repo.person(personId);
    if (!person || !isWithinRegion(actor.regionCode, person.region_code)) throw new ApiError('NOT_FOUND', 'No such person.');
    const acct = normalizeAccount(accountNo);
    if (!acct.ok) throw ApiError.field('VALIDATION_FAILED', 'accountNo', acct.message);
    if (!bankName.trim()) throw ApiError.field('VALIDATION_FAILED', 'bankName', FIELD_PROBLEMS_ZH.required);
    const countyCode = person.region_code.slice(0, 6);
    const banks = payrollSettings((await this.repo.countySettings(countyCode)) as Partial<PayrollSettings> | null).banks;
    let code: string | null = null;
    if (bankCode) {
      if (!banks.some((b) => b.code === bankCode))
        throw ApiError.field('VALIDATION_FAILED', 'bankCode', `${countyCode} 的发放设置中没有银行 ${bankCode}`);
      code = bankCode;
    } else code = banks.find((b) => b.name === bankName.trim())?.code ?? null;
    const accountId = await this.db.transaction(async (m) => {
      const id = await new PayrollRepository(m).setBankAccount(personId, acct.value, bankName.trim(), actor.userId, code);
      await new AuditRepository(m).record(actor, {
        eventKey: `bank-account-set:${id}`,
        regionCode: person.region_code,
        caseId: null,
        action: 'bank_account_set',
        after: { personId, accountId: id, accountMasked: maskAccount(acct.value), bankName: bankName.trim(), bankCode: code },
      });
      return id;
    });
    return { personId, accountId, accountMasked: maskAccount(acct.value), bankName: bankName.trim(), bankCode: code };
  }
}
