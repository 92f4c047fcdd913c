import type { DataSource } from 'typeorm';
import { addMonths, maxMonth, type YearMonth } from '@app/domain/dates';
import {
  DEFAULT_DISPERSED_SUPPORT_MONTHLY_FEN,
  linesForSource,
  payrollSettings,
  policyInForce,
  priorLinesFrom,
  type MonthPolicy,
  type PayrollLineSettings,
  type PayrollSettings,
  type PayrollSourceKind,
} from '@app/domain/payroll';
import { careRules, hardshipRules, type CasePolicy } from '@app/domain/policy';
import {
  PayrollRepository,
  type NewHeldArrears,
  type NewLedgerLine,
  type PayrollSourceRow,
  type PolicyVersionRow,
} from './repositories/payroll.repository';

/*
 * A month's payroll lines computed from PostgreSQL without writing anything: the preview the API
 * shows and the computation the payroll activities write. Here, below both, so the API does not
 * import activities.
 */

const CASE_TYPE_OF: Record<PayrollSourceKind, string> = {
  'hardship-allowance': 'hardship-allowance',
  'care-allowance': 'care-allowance',
  'dispersed-support': 'trial-stay',
};

/** The month's policy for a source kind and region, from the county's policy versions (cached per version). */
export function policyLookup(versions: PolicyVersionRow[]) {
  const byType = new Map<
    string,
    { policyId: string; regionCode: string; version: number; effectiveFrom: string; row: PolicyVersionRow }[]
  >();
  for (const v of versions) {
    const list = byType.get(v.case_type) ?? [];
    list.push({ policyId: v.policy_id, regionCode: v.region_code, version: v.version, effectiveFrom: v.effective_from, row: v });
    byType.set(v.case_type, list);
  }
  const built = new Map<string, MonthPolicy>();
  const chosen = new Map<string, MonthPolicy | null>();
  return (kind: PayrollSourceKind, regionCode: string, month: YearMonth): MonthPolicy | null => {
    const key = `${kind}|${regionCode}|${month}`;
    if (chosen.has(key)) return chosen.get(key)!;
    const v = policyInForce(byType.get(CASE_TYPE_OF[kind]) ?? [], regionCode, month);
    let p: MonthPolicy | null = null;
    if (v) {
      p = built.get(v.policyId) ?? null;
      if (!p) {
        const body = v.row.body as unknown as CasePolicy;
        const fen = (body.rules as { dispersedSupportMonthlyFen?: number } | undefined)?.dispersedSupportMonthlyFen;
        p = {
          policyId: v.policyId,
          version: v.version,
          ...(kind === 'hardship-allowance' ? { hardship: hardshipRules(body) } : {}),
          ...(kind === 'care-allowance' ? { care: careRules(body) } : {}),
          ...(kind === 'dispersed-support' ? { dispersedSupportMonthlyFen: fen ?? DEFAULT_DISPERSED_SUPPORT_MONTHLY_FEN } : {}),
        };
        built.set(v.policyId, p);
      }
    }
    chosen.set(key, p);
    return p;
  };
}

/** The lines one page of sources owes in the run: the pure rule over what the repository read (each source with its earlier lines). */
export function computeLines(input: {
  runId: string;
  month: YearMonth;
  sources: PayrollSourceRow[];
  policyFor: ReturnType<typeof policyLookup>;
  settings: PayrollLineSettings;
}): { lines: NewLedgerLine[]; held: NewHeldArrears[] } {
  const out: NewLedgerLine[] = [];
  const held: NewHeldArrears[] = [];
  for (const s of input.sources) {
    const r = linesForSource({
      facts: { kind: s.kind, spans: s.spans ?? [], birthDate: s.birth_date, deathDate: s.death_date, movedOutOn: s.moved_out_on },
      runMonth: input.month,
      policyFor: (m) => input.policyFor(s.kind, s.region_code, m),
      prior: (s.prior ?? []).map((l) => ({
        lineId: l.id,
        periodMonth: l.period_month,
        kind: l.kind,
        amountFen: l.amount_fen,
        settlement: l.settlement,
        bankAccountId: l.bank_account_id,
        failureReason: l.failure_reason,
      })),
      currentAccountId: s.account_id,
      settings: input.settings,
    });
    for (const l of r.lines) {
      out.push({
        run_id: input.runId,
        source_kind: s.kind,
        source_id: s.source_id,
        person_id: s.person_id,
        region_code: s.region_code,
        period_month: l.periodMonth,
        kind: l.kind,
        amount_fen: l.amountFen,
        settlement: l.settlement,
        rule: l.rule,
        policy_id: l.policyId,
        policy_version: l.policyVersion,
        corrects_line_id: l.correctsLineId,
        bank_account_id: l.settlement === 'receivable' ? null : s.account_id,
        flags: [...r.flags],
        why: l.why,
      });
    }
    for (const h of r.held) {
      held.push({
        run_id: input.runId,
        source_kind: s.kind,
        source_id: s.source_id,
        person_id: s.person_id,
        region_code: s.region_code,
        period_month: h.periodMonth,
        amount_fen: h.amountFen,
        corrects_line_id: h.correctsLineId,
        why: h.why,
      });
    }
  }
  return { lines: out, held };
}

export function lookbackFrom(month: YearMonth, settings: { firstPayrollMonth: YearMonth; lookbackMonths: number }): YearMonth {
  return maxMonth(settings.firstPayrollMonth, addMonths(month, -settings.lookbackMonths));
}

export interface RunSettingsSnapshot {
  settings: PayrollSettings;
  firstPayrollMonth: YearMonth;
}

/** One page of a run (or of a preview), read and computed: the lines and held arrears it owes, and the last source id read (null: no more). */
export async function computePage(
  repo: PayrollRepository,
  page: {
    phase: 'entitlement' | 'support';
    countyCode: string;
    /** The run the lines are for; its own lines are not earlier payments (null: a preview with no run yet). */
    runId: string | null;
    month: YearMonth;
    settings: PayrollLineSettings;
    afterId: string | null;
    limit: number;
    from?: string | null;
    to?: string | null;
    policyFor: ReturnType<typeof policyLookup>;
  },
): Promise<{ lines: NewLedgerLine[]; held: NewHeldArrears[]; lastId: string | null }> {
  const priorFrom = priorLinesFrom(page.month, page.settings);
  const sources = await repo.sourcesPage(page.phase, {
    countyCode: page.countyCode,
    fromMonth: lookbackFrom(page.month, page.settings),
    month: page.month,
    afterId: page.afterId,
    limit: page.limit,
    from: page.from,
    to: page.to,
    prior: { runIds: await repo.runsWithLinesFrom(page.countyCode, page.runId, priorFrom), fromMonth: priorFrom },
  });
  if (sources.length === 0) return { lines: [], held: [], lastId: null };
  const computed = computeLines({
    runId: page.runId ?? '00000000-0000-0000-0000-000000000000',
    month: page.month,
    sources,
    policyFor: page.policyFor,
    settings: page.settings,
  });
  return { ...computed, lastId: sources[sources.length - 1].source_id };
}

/**
 * What a month's payroll would write, without writing: the same pages and the same rule the
 * workflow's activities run. For the API's preview.
 */
export async function previewPayroll(
  db: DataSource,
  countyCode: string,
  month: YearMonth,
  onPage?: (lines: NewLedgerLine[], held: NewHeldArrears[]) => void,
) {
  const repo = new PayrollRepository(db);
  const settings = payrollSettings((await repo.countySettings(countyCode)) as Partial<PayrollSettings> | null);
  const live = await repo.liveRun(countyCode, month);
  const firstPayrollMonth = settings.firstPayrollMonth ?? (await repo.firstRunMonth(countyCode)) ?? month;
  const lineSettings = {
    firstPayrollMonth: firstPayrollMonth < month ? firstPayrollMonth : month,
    lookbackMonths: settings.lookbackMonths,
    recovery: settings.recovery,
  };
  const policyFor = policyLookup(await repo.policyVersions(countyCode));
  for (const phase of ['entitlement', 'support'] as const) {
    let afterId: string | null = null;
    for (;;) {
      const page = await computePage(repo, {
        phase,
        countyCode,
        runId: live?.id ?? null,
        month,
        settings: lineSettings,
        afterId,
        limit: settings.pageSize,
        policyFor,
      });
      if (page.lastId === null) break;
      onPage?.(page.lines, page.held);
      afterId = page.lastId;
    }
  }
}
