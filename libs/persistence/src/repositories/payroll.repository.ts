import type { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '../sql';

/**
 * Every SQL statement of the monthly payroll, in one place: the activities and the API use this
 * class instead of writing SQL. Built over a DataSource or, inside a transaction, over that
 * transaction's EntityManager — so a transaction never reaches for a second pool connection.
 */

export type PayrollSourceKindRow = 'hardship-allowance' | 'care-allowance' | 'dispersed-support';

export interface PayrollRunRow {
  id: string;
  run_no: string;
  county_code: string;
  month: string;
  status: string;
  workflow_id: string;
  first_payroll_month: string;
  settings: Record<string, unknown>;
  started_by: string | null;
  prepared_by: string | null;
  approved_by: string | null;
  released_by: string | null;
  pages_done: number;
  /** Display names of the users above (joined, not stored): the review screens show who, not an id. */
  started_by_name: string | null;
  prepared_by_name: string | null;
  approved_by_name: string | null;
  released_by_name: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PayrollSourceRow {
  source_id: string;
  kind: PayrollSourceKindRow;
  person_id: string;
  region_code: string;
  birth_date: string;
  death_date: string | null;
  moved_out_on: string | null;
  spans: { from: string; to: string | null; rule: string }[] | null;
  account_id: string | null;
  /** Its lines in the earlier runs the page was asked to read (see `sourcesPage`), oldest first; null when none. */
  prior: PriorLineRow[] | null;
}

export interface PriorLineRow {
  id: string;
  source_id: string;
  period_month: string;
  kind: 'regular' | 'arrears' | 'recovery';
  amount_fen: number;
  settlement: 'pending' | 'paid' | 'failed';
  bank_account_id: string | null;
  failure_reason: string | null;
}

export interface NewLedgerLine {
  run_id: string;
  source_kind: PayrollSourceKindRow;
  source_id: string;
  person_id: string;
  region_code: string;
  period_month: string;
  kind: 'regular' | 'arrears' | 'recovery';
  amount_fen: number;
  settlement: 'payable' | 'offset' | 'receivable';
  rule: string;
  policy_id: string | null;
  policy_version: number | null;
  corrects_line_id: string | null;
  bank_account_id: string | null;
  flags: string[];
  why: string;
}

/** 补发 held for want of a corrected account: listed on the run's exceptions, never paid from here. */
export interface NewHeldArrears {
  run_id: string;
  source_kind: PayrollSourceKindRow;
  source_id: string;
  person_id: string;
  region_code: string;
  period_month: string;
  amount_fen: number;
  corrects_line_id: string;
  why: string;
}

export interface PolicyVersionRow {
  policy_id: string;
  case_type: string;
  region_code: string;
  version: number;
  effective_from: string;
  body: { rules?: Record<string, unknown> } & Record<string, unknown>;
}

export interface FilePaymentRow {
  reference: string;
  township_code: string;
  township_name: string;
  source_kind: PayrollSourceKindRow;
  amount_fen: number;
  name: string;
  id_number: string;
  account_no: string | null;
  bank_name: string | null;
  /** The account's bank code; '' when it has none (the county's default mapping). */
  bank_code: string;
}

export interface ExpectedPaymentRow {
  reference: string;
  amount_fen: number;
  account_no: string | null;
  settled: boolean;
  bank_code: string | null;
}

const userName = (col: string) => `(SELECT u.display_name FROM users u WHERE u.id = payroll_runs.${col}) AS ${col}_name`;
const RUN_COLUMNS = `id, run_no, county_code, month, status, workflow_id, first_payroll_month, settings, started_by, prepared_by,
  approved_by, released_by, pages_done, created_at, updated_at,
  ${['started_by', 'prepared_by', 'approved_by', 'released_by'].map(userName).join(', ')}`;

/**
 * A source's lines in the runs `$8` from month `$9`, with the bank's answer — failed (or held for
 * want of an account), paid, or still pending — as JSON in the order they were written. Read
 * through the ledger's unique key (source, month, …): one index range per source. The runs are a
 * filter on what that range finds, never an index condition (hence the text comparison): with
 * several months in the ledger the planner otherwise ANDed in the run index, millions of entries
 * for every source (minutes a page with a 12-month look-back).
 */
const priorLinesOf = (sourceId: string) => `(
  SELECT json_agg(json_build_object('id', l.id, 'period_month', l.period_month, 'kind', l.kind, 'amount_fen', l.amount_fen,
           'settlement', CASE br.outcome WHEN 'failed' THEN 'failed' WHEN 'paid' THEN 'paid' ELSE 'pending' END,
           'bank_account_id', pp.bank_account_id, 'failure_reason', br.reason) ORDER BY l.period_month, l.created_at, l.id)
    FROM payroll_ledger l
    LEFT JOIN payroll_payments pp ON pp.run_id = l.run_id AND pp.source_id = l.source_id AND l.settlement <> 'receivable'
    LEFT JOIN payroll_bank_results br ON br.reference = pp.reference
   WHERE l.source_id = ${sourceId} AND l.period_month >= $9 AND l.run_id::text = ANY($8::text[]))`;

export class PayrollRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async countySettings(countyCode: string): Promise<Record<string, unknown> | null> {
    const rows: { body: Record<string, unknown> }[] = await this.db.query('SELECT body FROM payroll_settings WHERE county_code = $1', [
      countyCode,
    ]);
    return rows[0]?.body ?? null;
  }

  /** The county's stored settings (only what it overrides) with when they last changed. */
  async countySettingsRow(countyCode: string): Promise<{ body: Record<string, unknown>; updated_at: Date } | null> {
    const rows: { body: Record<string, unknown>; updated_at: Date }[] = await this.db.query(
      'SELECT body, updated_at FROM payroll_settings WHERE county_code = $1',
      [countyCode],
    );
    return rows[0] ?? null;
  }

  /** Replaces the county's stored settings; locks the row first so two changes do not interleave. */
  async saveCountySettings(countyCode: string, body: Record<string, unknown>): Promise<Date> {
    const [{ updated_at }]: { updated_at: Date }[] = await this.db.query(
      `INSERT INTO payroll_settings (county_code, body) VALUES ($1, $2)
       ON CONFLICT (county_code) DO UPDATE SET body = EXCLUDED.body, updated_at = now() RETURNING updated_at`,
      [countyCode, JSON.stringify(body)],
    );
    return updated_at;
  }

  async lockCountySettings(countyCode: string): Promise<void> {
    await this.db.query('SELECT 1 FROM payroll_settings WHERE county_code = $1 FOR UPDATE', [countyCode]);
  }

  async counties(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query(`SELECT code FROM regions WHERE level = 'county' ORDER BY code`);
    return rows.map((r) => r.code);
  }

  async isCounty(code: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM regions WHERE code = $1 AND level = 'county'`, [code]);
    return rows.length > 0;
  }

  async liveRun(countyCode: string, month: string): Promise<PayrollRunRow | null> {
    const rows: PayrollRunRow[] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM payroll_runs WHERE county_code = $1 AND month = $2 AND status <> 'cancelled'`,
      [countyCode, month],
    );
    return rows[0] ?? null;
  }

  async run(id: string): Promise<PayrollRunRow | null> {
    const rows: PayrollRunRow[] = await this.db.query(`SELECT ${RUN_COLUMNS} FROM payroll_runs WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async listRuns(regionPrefix: string, q: { countyCode?: string; month?: string; status?: string; limit: number; offset: number }) {
    const where = [`county_code LIKE $1 || '%'`];
    const params: unknown[] = [regionPrefix];
    for (const [col, val] of [
      ['county_code', q.countyCode],
      ['month', q.month],
      ['status', q.status],
    ] as const) {
      if (val) {
        params.push(val);
        where.push(`${col} = $${params.length}`);
      }
    }
    const rows: PayrollRunRow[] = await this.db.query(
      `SELECT ${RUN_COLUMNS} FROM payroll_runs WHERE ${where.join(' AND ')} ORDER BY month DESC, created_at DESC LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return rows;
  }

  /** The earliest month of any live run of the county (the default first payroll month). */
  async firstRunMonth(countyCode: string): Promise<string | null> {
    const rows: { m: string | null }[] = await this.db.query(
      `SELECT min(month) AS m FROM payroll_runs WHERE county_code = $1 AND status <> 'cancelled'`,
      [countyCode],
    );
    return rows[0]?.m ?? null;
  }

  /** Inserts the run unless a live one exists for the county and month; returns the live one. */
  async insertRun(r: {
    id: string;
    runNo: string;
    countyCode: string;
    month: string;
    workflowId: string;
    firstPayrollMonth: string;
    settings: unknown;
    startedBy: string | null;
  }): Promise<PayrollRunRow> {
    await this.db.query(
      `INSERT INTO payroll_runs (id, run_no, county_code, month, status, workflow_id, first_payroll_month, settings, started_by)
       VALUES ($1,$2,$3,$4,'computing',$5,$6,$7,$8) ON CONFLICT DO NOTHING`,
      [r.id, r.runNo, r.countyCode, r.month, r.workflowId, r.firstPayrollMonth, JSON.stringify(r.settings), r.startedBy],
    );
    return (await this.liveRun(r.countyCode, r.month))!;
  }

  /** Moves a run from one status to another; false when it was not in `from` (already moved). */
  async moveRun(
    id: string,
    from: string,
    to: string,
    who: Partial<Record<'prepared_by' | 'approved_by' | 'released_by', string | null>> = {},
  ) {
    const sets = ['status = $3', 'updated_at = now()'];
    const params: unknown[] = [id, from, to];
    for (const [col, val] of Object.entries(who)) {
      params.push(val);
      sets.push(`${col} = $${params.length}`);
    }
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE payroll_runs SET ${sets.join(', ')} WHERE id = $1 AND status = $2 RETURNING id`,
      params,
    );
    return rows.length > 0;
  }

  /** Every policy version of the case types payroll reads (a handful of rows per county). */
  async policyVersions(countyCode: string): Promise<PolicyVersionRow[]> {
    return this.db.query(
      `SELECT id AS policy_id, case_type, region_code, version, effective_from, body
         FROM policies WHERE case_type IN ('hardship-allowance','care-allowance','trial-stay')
          AND (region_code LIKE $1 || '%' OR $1 LIKE region_code || '%')`,
      [countyCode],
    );
  }

  /**
   * One page of what pays money in the county for months from `fromMonth` through `month`:
   * entitlements (their current revision's segments) or dispersed-support arrangements, by id.
   * With `prior`, each source comes with its lines in those runs from that month (one indexed
   * lookup per source in the same statement, instead of a second query over the page's ids).
   */
  async sourcesPage(
    phase: 'entitlement' | 'support',
    q: {
      countyCode: string;
      fromMonth: string;
      month: string;
      afterId: string | null;
      limit: number;
      from?: string | null;
      to?: string | null;
      prior?: { runIds: string[]; fromMonth: string } | null;
    },
  ): Promise<PayrollSourceRow[]> {
    const params: unknown[] = [q.countyCode, q.fromMonth, q.month, q.afterId, q.limit, q.from ?? null, q.to ?? null];
    const earlier = q.prior && q.prior.runIds.length > 0 ? q.prior : null;
    if (earlier) params.push(earlier.runIds, earlier.fromMonth);
    const prior = (id: string) => (earlier ? `${priorLinesOf(id)} AS prior` : 'NULL::json AS prior');
    const person = `p.region_code AS person_region, p.birth_date, p.death_date, p.moved_out_on,
      (SELECT b.id FROM bank_accounts b WHERE b.person_id = p.id AND b.superseded_at IS NULL) AS account_id`;
    if (phase === 'entitlement') {
      return this.readWithoutJit(
        `SELECT e.id AS source_id, e.kind, e.person_id, e.region_code, ${person},
                (SELECT json_agg(json_build_object('from', s.from_month, 'to', s.to_month, 'rule', s.rule) ORDER BY s.seq)
                   FROM entitlement_segments s WHERE s.entitlement_id = e.id AND s.revision = e.current_revision) AS spans,
                ${prior('e.id')}
           FROM entitlements e JOIN persons p ON p.id = e.person_id
          WHERE e.region_code LIKE $1 || '%' AND e.kind IN ('hardship-allowance','care-allowance')
            AND e.start_month <= $3 AND (e.end_month IS NULL OR e.end_month >= $2)
            AND ($4::uuid IS NULL OR e.id > $4::uuid) AND ($6::uuid IS NULL OR e.id >= $6::uuid) AND ($7::uuid IS NULL OR e.id < $7::uuid)
          ORDER BY e.id LIMIT $5`,
        params,
      );
    }
    return this.readWithoutJit(
      `SELECT sa.id AS source_id, 'dispersed-support' AS kind, sa.person_id, p.region_code, ${person},
              json_build_array(json_build_object('from', sa.from_month, 'to', sa.to_month, 'rule', 'support.dispersed')) AS spans,
              ${prior('sa.id')}
         FROM support_arrangements sa JOIN persons p ON p.id = sa.person_id
        WHERE sa.kind = 'dispersed' AND p.region_code LIKE $1 || '%'
          AND sa.from_month <= $3 AND (sa.to_month IS NULL OR sa.to_month >= $2)
          AND ($4::uuid IS NULL OR sa.id > $4::uuid) AND ($6::uuid IS NULL OR sa.id >= $6::uuid) AND ($7::uuid IS NULL OR sa.id < $7::uuid)
        ORDER BY sa.id LIMIT $5`,
      params,
    );
  }

  /**
   * A read whose estimated cost passes PostgreSQL's JIT thresholds although it runs in a fraction
   * of a second (a page's per-source lookups into a ledger of millions of lines): compiling it took
   * longer than running it, on every page. JIT is off for this statement's transaction only.
   */
  private async readWithoutJit<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.db.transaction(async (m) => {
      await m.query('SET LOCAL jit = off');
      return m.query(sql, params) as Promise<T[]>;
    });
  }

  /**
   * The county's other live runs that could hold lines for months from `fromMonth` (a run's lines
   * are for its month or earlier): the runs whose lines a page reads as earlier payments. Empty
   * when there are none, and a page need not look up earlier lines at all.
   */
  async runsWithLinesFrom(countyCode: string, runId: string | null, fromMonth: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM payroll_runs WHERE county_code = $1 AND status <> 'cancelled' AND month >= $2 AND ($3::uuid IS NULL OR id <> $3::uuid)`,
      [countyCode, fromMonth, runId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Appends one page of lines and notes the page done, in one statement (one round trip): a line
   * already there (same source, month, kind and run) is left as it is. The lines travel as one
   * array per column (unnest), which PostgreSQL reads far faster than a JSON document of rows.
   */
  async appendLines(lines: NewLedgerLine[], page?: { runId: string; pageNo: number }, held: NewHeldArrears[] = []): Promise<number> {
    if (lines.length === 0 && held.length === 0 && !page) return 0;
    const col = <K extends keyof NewLedgerLine>(k: K) => lines.map((l) => l[k]);
    const hcol = <K extends keyof NewHeldArrears>(k: K) => held.map((h) => h[k]);
    const rows: { n: number }[] = await this.db.query(
      `WITH ins AS (
         INSERT INTO payroll_ledger (run_id, source_kind, source_id, person_id, region_code, period_month, kind, amount_fen, settlement,
                                     rule, policy_id, policy_version, corrects_line_id, bank_account_id, flags, why)
         SELECT run_id, source_kind, source_id, person_id, region_code, period_month, kind, amount_fen, settlement,
                rule, policy_id, policy_version, corrects_line_id, bank_account_id, string_to_array(flags, ','), why
           FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::uuid[], $5::varchar[], $6::varchar[], $7::varchar[], $8::int[],
                       $9::varchar[], $10::varchar[], $11::uuid[], $12::int[], $13::uuid[], $14::uuid[], $15::text[], $16::text[])
                AS x(run_id, source_kind, source_id, person_id, region_code, period_month, kind, amount_fen, settlement,
                     rule, policy_id, policy_version, corrects_line_id, bank_account_id, flags, why)
         ON CONFLICT (source_id, period_month, kind, run_id) DO NOTHING RETURNING 1),
       held AS (
         INSERT INTO payroll_held_arrears (run_id, source_kind, source_id, person_id, region_code, period_month, amount_fen, corrects_line_id, why)
         SELECT * FROM unnest($19::uuid[], $20::varchar[], $21::uuid[], $22::uuid[], $23::varchar[], $24::varchar[], $25::int[], $26::uuid[], $27::text[])
         ON CONFLICT DO NOTHING RETURNING 1),
       done AS (
         UPDATE payroll_runs SET pages_done = GREATEST(pages_done, $18::int), updated_at = now() WHERE id = $17::uuid RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM done)::int AS pages, (SELECT count(*) FROM held)::int AS held`,
      [
        col('run_id'),
        col('source_kind'),
        col('source_id'),
        col('person_id'),
        col('region_code'),
        col('period_month'),
        col('kind'),
        col('amount_fen'),
        col('settlement'),
        col('rule'),
        col('policy_id'),
        col('policy_version'),
        col('corrects_line_id'),
        col('bank_account_id'),
        // Flags are words without commas: one text per line, split back into text[] by the statement.
        lines.map((l) => l.flags.join(',')),
        col('why'),
        page?.runId ?? null,
        page?.pageNo ?? 0,
        hcol('run_id'),
        hcol('source_kind'),
        hcol('source_id'),
        hcol('person_id'),
        hcol('region_code'),
        hcol('period_month'),
        hcol('amount_fen'),
        hcol('corrects_line_id'),
        hcol('why'),
      ],
    );
    return rows[0].n;
  }

  /** Totals by township, source kind and line kind (the review screen and the run's summary). */
  async totals(runId: string) {
    const rows: {
      township_code: string;
      township_name: string | null;
      source_kind: string;
      kind: string;
      settlement: string;
      lines: string;
      amount_fen: string;
    }[] = await this.db.query(
      `SELECT left(l.region_code, 9) AS township_code, g.name AS township_name, l.source_kind, l.kind, l.settlement,
                count(*) AS lines, sum(l.amount_fen) AS amount_fen
           FROM payroll_ledger l LEFT JOIN regions g ON g.code = left(l.region_code, 9)
          WHERE l.run_id = $1 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 5`,
      [runId],
    );
    return rows.map((r) => ({
      townshipCode: r.township_code,
      townshipName: r.township_name,
      sourceKind: r.source_kind,
      kind: r.kind,
      settlement: r.settlement,
      lines: Number(r.lines),
      amountFen: Number(r.amount_fen),
    }));
  }

  /**
   * Lines worth a reviewer's look: every line the rule flagged (see LineFlag: arrears and
   * recoveries always are), and every 补发 held for want of a corrected account (settlement 'held',
   * with the bank's reason in `why`: it is owed but nothing pays it yet).
   */
  async exceptions(runId: string, limit: number, offset: number) {
    return this.db.query(
      `SELECT x.*, p.name, p.id_number FROM (
         SELECT l.id, l.source_kind, l.source_id, l.person_id, l.region_code, l.period_month, l.kind, l.amount_fen,
                l.settlement, l.flags, l.why
           FROM payroll_ledger l WHERE l.run_id = $1 AND cardinality(l.flags) > 0
         UNION ALL
         SELECT h.corrects_line_id, h.source_kind, h.source_id, h.person_id, h.region_code, h.period_month, 'arrears', h.amount_fen,
                'held', ARRAY['awaiting-account']::text[], h.why
           FROM payroll_held_arrears h WHERE h.run_id = $1) x
       JOIN persons p ON p.id = x.person_id
       ORDER BY x.region_code, x.source_id, x.period_month, x.kind, x.settlement LIMIT $2 OFFSET $3`,
      [runId, limit, offset],
    ) as Promise<
      {
        id: string;
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
      }[]
    >;
  }

  /** The ledger of a run in a stable order, every column that states money (tests compare it byte for byte). */
  async ledgerDump(runId: string) {
    return this.db.query(
      `SELECT source_kind, source_id, person_id, region_code, period_month, kind, amount_fen, settlement, rule, policy_id, policy_version,
              corrects_line_id, bank_account_id, flags, why
         FROM payroll_ledger WHERE run_id = $1 ORDER BY source_id, period_month, kind`,
      [runId],
    ) as Promise<Record<string, unknown>[]>;
  }

  /**
   * Builds the run's payments (one per source: payable lines and offset recoveries netted) with
   * references numbered in a fixed order, and answers every payment without an account 'failed'.
   * Idempotent: a second call adds nothing.
   */
  async createPayments(runId: string, referencePrefix: string): Promise<void> {
    await this.db.query(
      `INSERT INTO payroll_payments (reference, run_id, source_id, source_kind, person_id, township_code, amount_fen, bank_account_id)
       SELECT $2 || lpad(row_number() OVER (ORDER BY township_code, source_id)::text, 7, '0'), $1, source_id, source_kind, person_id,
              township_code, amount_fen, bank_account_id
         FROM (SELECT l.source_id, min(l.source_kind) AS source_kind, (array_agg(l.person_id))[1] AS person_id,
                      left(min(l.region_code), 9) AS township_code, sum(l.amount_fen)::int AS amount_fen,
                      (array_agg(l.bank_account_id ORDER BY l.period_month DESC))[1] AS bank_account_id
                 FROM payroll_ledger l WHERE l.run_id = $1 AND l.settlement IN ('payable','offset')
                GROUP BY l.source_id) s
        WHERE amount_fen > 0
       ON CONFLICT DO NOTHING`,
      [runId, referencePrefix],
    );
    await this.db.query(
      `INSERT INTO payroll_bank_results (reference, outcome, reason)
       SELECT reference, 'failed', '无银行账户,暂缓发放' FROM payroll_payments WHERE run_id = $1 AND bank_account_id IS NULL
       ON CONFLICT DO NOTHING`,
      [runId],
    );
  }

  /** Payments of a run that go into bank files (with an account), with the personal data the bank needs. */
  async filePayments(runId: string): Promise<FilePaymentRow[]> {
    return this.db.query(
      `SELECT pp.reference, pp.township_code, coalesce(g.name, pp.township_code) AS township_name, pp.source_kind, pp.amount_fen,
              p.name, p.id_number, b.account_no, b.bank_name, coalesce(b.bank_code, '') AS bank_code
         FROM payroll_payments pp JOIN persons p ON p.id = pp.person_id
         JOIN bank_accounts b ON b.id = pp.bank_account_id
         LEFT JOIN regions g ON g.code = pp.township_code
        WHERE pp.run_id = $1 ORDER BY pp.township_code, pp.reference`,
      [runId],
    );
  }

  async storeFile(f: {
    runId: string;
    townshipCode: string;
    bankCode: string;
    format: string;
    fileName: string;
    content: Buffer;
    sha256: string;
    rows: number;
    totalFen: number;
  }) {
    await this.db.query(
      `INSERT INTO payroll_files (run_id, township_code, bank_code, format, file_name, content, sha256, rows, total_fen)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING`,
      [f.runId, f.townshipCode, f.bankCode, f.format, f.fileName, f.content, f.sha256, f.rows, f.totalFen],
    );
  }

  async files(runId: string) {
    const rows: {
      township_code: string;
      bank_code: string;
      format: string;
      file_name: string;
      sha256: string;
      rows: number;
      total_fen: string;
    }[] = await this.db.query(
      `SELECT township_code, bank_code, format, file_name, sha256, rows, total_fen FROM payroll_files WHERE run_id = $1
        ORDER BY township_code, bank_code, format`,
      [runId],
    );
    return rows.map((r) => ({
      townshipCode: r.township_code,
      bankCode: r.bank_code,
      format: r.format,
      fileName: r.file_name,
      sha256: r.sha256,
      rows: r.rows,
      totalFen: Number(r.total_fen),
    }));
  }

  async file(runId: string, townshipCode: string, format: string, bankCode = ''): Promise<{ file_name: string; content: Buffer } | null> {
    const rows: { file_name: string; content: Buffer }[] = await this.db.query(
      'SELECT file_name, content FROM payroll_files WHERE run_id = $1 AND township_code = $2 AND format = $3 AND bank_code = $4',
      [runId, townshipCode, format, bankCode],
    );
    return rows[0] ?? null;
  }

  /** A run's payments a return file may answer, with the bank code of the account each went to ('' = none; null = no account). */
  async expectedPayments(runId: string): Promise<ExpectedPaymentRow[]> {
    return this.db.query(
      `SELECT pp.reference, pp.amount_fen, b.account_no, (br.reference IS NOT NULL) AS settled,
              CASE WHEN b.id IS NULL THEN NULL ELSE coalesce(b.bank_code, '') END AS bank_code
         FROM payroll_payments pp LEFT JOIN bank_accounts b ON b.id = pp.bank_account_id
         LEFT JOIN payroll_bank_results br ON br.reference = pp.reference
        WHERE pp.run_id = $1`,
      [runId],
    );
  }

  async recordImport(i: {
    id: string;
    runId: string;
    fileName: string;
    importedBy: string;
    counts: unknown;
    report: unknown;
    bankCode?: string | null;
  }) {
    await this.db.query(
      `INSERT INTO payroll_return_imports (id, run_id, file_name, imported_by, counts, report, bank_code) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [i.id, i.runId, i.fileName, i.importedBy, JSON.stringify(i.counts), JSON.stringify(i.report), i.bankCode ?? null],
    );
  }

  async recordResults(importId: string, results: { reference: string; outcome: 'paid' | 'failed'; reason: string }[]): Promise<number> {
    if (results.length === 0) return 0;
    const rows = await this.db.query(
      `INSERT INTO payroll_bank_results (reference, outcome, reason, import_id)
       SELECT reference, outcome, nullif(reason, ''), $2 FROM jsonb_to_recordset($1::jsonb) AS x(reference varchar, outcome varchar, reason text)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [JSON.stringify(results), importId],
    );
    return (rows as unknown[]).length;
  }

  async unsettledPayments(runId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM payroll_payments pp WHERE pp.run_id = $1
          AND NOT EXISTS (SELECT 1 FROM payroll_bank_results br WHERE br.reference = pp.reference)`,
      [runId],
    );
    return Number(n);
  }

  /**
   * An elder's payments: every line of every live run, with the bank's answer. Found through the
   * elder's sources (the ledger has no index by person: see PayrollLedgerLocality).
   */
  async personHistory(personId: string) {
    return this.db.query(
      `SELECT r.id AS run_id, r.run_no, r.month AS run_month, r.status AS run_status, l.source_kind, l.period_month, l.kind, l.amount_fen,
              l.settlement, l.rule, l.policy_version, l.why, pp.reference, br.outcome, br.reason AS bank_reason, b.account_no
         FROM payroll_ledger l JOIN payroll_runs r ON r.id = l.run_id
         LEFT JOIN payroll_payments pp ON pp.run_id = l.run_id AND pp.source_id = l.source_id AND l.settlement <> 'receivable'
         LEFT JOIN payroll_bank_results br ON br.reference = pp.reference
         LEFT JOIN bank_accounts b ON b.id = pp.bank_account_id
        WHERE l.source_id IN (SELECT id FROM entitlements WHERE person_id = $1 UNION ALL SELECT id FROM support_arrangements WHERE person_id = $1)
          AND r.status <> 'cancelled'
        ORDER BY l.period_month DESC, r.month DESC, l.kind`,
      [personId],
    ) as Promise<
      {
        run_id: string;
        run_no: string;
        run_month: string;
        run_status: string;
        source_kind: string;
        period_month: string;
        kind: string;
        amount_fen: number;
        settlement: string;
        rule: string;
        policy_version: number | null;
        why: string;
        reference: string | null;
        outcome: string | null;
        bank_reason: string | null;
        account_no: string | null;
      }[]
    >;
  }

  /** Names of regions by code (townships in totals). */
  async regionNames(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows: { code: string; name: string }[] = await this.db.query(`SELECT code, name FROM regions WHERE code = ANY($1)`, [codes]);
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** Name and ID number of persons, for masking on screen. */
  async personNames(ids: string[]): Promise<Map<string, { name: string; id_number: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string; id_number: string }[] = await this.db.query(
      'SELECT id, name, id_number FROM persons WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((p) => [p.id, p]));
  }

  async person(personId: string): Promise<{ id: string; region_code: string } | null> {
    const rows: { id: string; region_code: string }[] = await this.db.query('SELECT id, region_code FROM persons WHERE id = $1', [
      personId,
    ]);
    return rows[0] ?? null;
  }

  /** Records a person's account; the previous one is kept, superseded. */
  async setBankAccount(
    personId: string,
    accountNo: string,
    bankName: string,
    by: string | null,
    bankCode: string | null = null,
  ): Promise<string> {
    await this.db.query(`UPDATE bank_accounts SET superseded_at = now() WHERE person_id = $1 AND superseded_at IS NULL`, [personId]);
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO bank_accounts (person_id, account_no, bank_name, created_by, bank_code) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
      [personId, accountNo, bankName, by, bankCode],
    );
    return id;
  }
}
