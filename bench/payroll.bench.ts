/**
 * Monthly payroll over 1,000,000 active entitlements: the real payrollWorkflow and its activities
 * (paged, continue-as-new, lines appended through the repository) against, in the same run, one
 * INSERT … SELECT doing the same arithmetic in SQL (the practical limit). Prints both times, the
 * ratio and the worker's peak memory.
 *
 *   TZ=UTC node -r ts-node/register -r tsconfig-paths/register bench/payroll.bench.ts [--reload]
 *
 * Own database (BENCH_DB_NAME, default yiyang_bench_payroll) loaded once; a Temporal dev server on
 * BENCH_TEMPORAL_PORT (default 19350) unless TEMPORAL_ADDRESS is set. Each invocation pays
 * BENCH_MONTHS (default 2) consecutive months not paid before (the ledger is append-only), so that
 * at least one of them has its previous month's lines to read, as every real month after the first
 * does; each month's report says how many lines its previous month holds. BENCH_LOOKBACK (default
 * 0) is the arrears look-back in months: at 0 both sides compute the month's own line (the amount
 * of the age band reached by the month under the month's policy); the county default is 12, which
 * the SQL baseline does not do. BENCH_ENTITLEMENTS (default 1,000,000; a database holding fewer is
 * not topped up: use --reload or another BENCH_DB_NAME), BENCH_PAGE_SIZE (10,000) and BENCH_LANES
 * (the settings' default, 4) are applied to the county's settings on every run. The load average
 * is printed with the times: on a shared machine neither number means much without it. Where the
 * workflow's time went (statements, computation, time between pages) goes to stderr.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { DEFAULT_POLICIES } from '@app/domain/policy';
import { addMonths } from '@app/domain/dates';
import { createDataSource, runMigrations, seedReferenceData } from '@app/persistence';
import {
  dropDatabaseIfExists,
  ensureTemporalCli,
  loadConfig,
  projectRoot,
  resolveDatabase,
  startTemporalDevServer,
  yiyangDataConverter,
} from '@app/runtime';
import { pageTimeline, timePayrollPhases } from './support/payroll-phases';

const N = Number(process.env.BENCH_ENTITLEMENTS ?? 1_000_000);
const DB_NAME = process.env.BENCH_DB_NAME ?? 'yiyang_bench_payroll';
const TEMPORAL_PORT = Number(process.env.BENCH_TEMPORAL_PORT ?? 19350);
const COUNTY = '379901';
const TOWNSHIPS = 10;
const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 10000);
const LANES = process.env.BENCH_LANES ? Number(process.env.BENCH_LANES) : null;
const LOOKBACK = Number(process.env.BENCH_LOOKBACK ?? 0);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 2);
const args = new Set(process.argv.slice(2));
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

async function load(url: string) {
  const db = createDataSource(url);
  await db.initialize();
  try {
    await seedReferenceData(db);
    const [{ n }]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM entitlements WHERE region_code LIKE $1 || '%'`, [
      COUNTY,
    ]);
    if (n >= N) {
      log(`data already loaded (${n} entitlements)`);
      return;
    }
    log(`loading ${N} persons, cases and entitlements (minutes)`);
    await db.query(`INSERT INTO regions (code, name, level, is_demo) VALUES ($1, '基准测试县', 'county', true) ON CONFLICT DO NOTHING`, [
      COUNTY,
    ]);
    for (let t = 1; t <= TOWNSHIPS; t++) {
      await db.query(
        `INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, $2, 'township', $3, true) ON CONFLICT DO NOTHING`,
        [`${COUNTY}${String(t).padStart(3, '0')}`, `基准镇${t}`, COUNTY],
      );
    }
    const [{ id: policyId }]: { id: string }[] = await db.query(
      `INSERT INTO policies (case_type, region_code, version, effective_from, body, note) VALUES ('hardship-allowance', $1, 1, '2000-01-01', $2, 'bench') RETURNING id`,
      [COUNTY, JSON.stringify(DEFAULT_POLICIES['hardship-allowance'])],
    );
    await db.query(`INSERT INTO payroll_settings (county_code, body) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      COUNTY,
      JSON.stringify({ lookbackMonths: 0, pageSize: PAGE_SIZE }),
    ]);
    const chunk = 100_000;
    for (let from = 1; from <= N; from += chunk) {
      const to = Math.min(N, from + chunk - 1);
      // Fictitious ID numbers ('3799…', not checksum-valid: bench data, never shown), births 1920–1965.
      await db.query(
        `WITH g AS (SELECT i, gen_random_uuid() AS person_id, gen_random_uuid() AS case_id, gen_random_uuid() AS ent_id,
                           '${COUNTY}' || lpad((1 + i % ${TOWNSHIPS})::text, 3, '0') AS region,
                           (date '1920-01-01' + (i % 16800))::date AS birth
                      FROM generate_series($1::int, $2::int) AS i),
              p AS (INSERT INTO persons (id, id_number, name, sex, birth_date, region_code)
                    SELECT person_id, '3799' || lpad(i::text, 14, '0'), '基准老人', 'female', birth, region FROM g RETURNING id),
              c AS (INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, policy_id, policy_version, applied_on, workflow_started_at)
                    SELECT case_id, 'BENCH-' || i, 'hardship-allowance', person_id, region, 'active', $3, 1, '2020-01-01', now() FROM g RETURNING id),
              e AS (INSERT INTO entitlements (id, case_id, person_id, kind, region_code, status, start_month, policy_id, policy_version, current_revision)
                    SELECT ent_id, case_id, person_id, 'hardship-allowance', region, 'active', '2020-01', $3, 1, 1 FROM g RETURNING id),
              r AS (INSERT INTO entitlement_revisions (entitlement_id, revision, revision_key, reason, inputs, explanation, start_month)
                    SELECT ent_id, 1, 'bench:' || ent_id, 'bench', '{}', '[]', '2020-01' FROM g RETURNING 1)
         INSERT INTO entitlement_segments (entitlement_id, revision, seq, from_month, to_month, monthly_amount_fen, rule, explanation)
         SELECT ent_id, 1, 1, '2020-01', NULL, 8000, 'hardship.age-band-60', 'bench' FROM g
          WHERE (SELECT count(*) FROM p) > 0 AND (SELECT count(*) FROM c) > 0 AND (SELECT count(*) FROM e) > 0 AND (SELECT count(*) FROM r) > 0`,
        [from, to, policyId],
      );
      log(`loaded ${to}`);
    }
    await db.query('ANALYZE');
  } finally {
    await db.destroy();
  }
}

/** The same month's lines in one statement: band by the birthday month reached, amounts from the policy JSON. */
async function sqlBaseline(url: string, month: string): Promise<{ ms: number; rows: number }> {
  const db = createDataSource(url);
  await db.initialize();
  try {
    await db.query('DROP TABLE IF EXISTS bench_ledger_baseline');
    await db.query('CREATE TABLE bench_ledger_baseline (LIKE payroll_ledger INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)');
    const t0 = performance.now();
    const rows = await db.query(
      `INSERT INTO bench_ledger_baseline (run_id, source_kind, source_id, person_id, region_code, period_month, kind, amount_fen, settlement, rule, policy_id, policy_version, flags, why)
       SELECT gen_random_uuid(), e.kind, e.id, e.person_id, e.region_code, $2, 'regular', band.amount, 'payable', 'hardship.age-band-' || band.from_age,
              pol.id, pol.version, '{}', $2 || ' age band ' || band.from_age
         FROM entitlements e
         JOIN persons p ON p.id = e.person_id
         JOIN entitlement_segments s ON s.entitlement_id = e.id AND s.revision = e.current_revision AND s.from_month <= $2 AND (s.to_month IS NULL OR s.to_month >= $2)
         JOIN LATERAL (SELECT id, version, body FROM policies WHERE case_type = e.kind AND e.region_code LIKE region_code || '%' AND effective_from <= ($2 || '-01')::date
                        ORDER BY length(region_code) DESC, effective_from DESC, version DESC LIMIT 1) pol ON true
         JOIN LATERAL (SELECT (b->>'fromAge')::int AS from_age, (b->>'amountFen')::int AS amount FROM jsonb_array_elements(pol.body->'rules'->'ageBands') b
                        WHERE to_char(p.birth_date + make_interval(years => (b->>'fromAge')::int), 'YYYY-MM') <= $2
                        ORDER BY (b->>'fromAge')::int DESC LIMIT 1) band ON true
        WHERE e.region_code LIKE $1 || '%' AND e.start_month <= $2 AND (e.end_month IS NULL OR e.end_month >= $2)
          AND (p.death_date IS NULL OR to_char(p.death_date, 'YYYY-MM') >= $2)
       RETURNING 1`,
      [COUNTY, month],
    );
    return { ms: performance.now() - t0, rows: (rows as unknown[]).length };
  } finally {
    await db.query('DROP TABLE IF EXISTS bench_ledger_baseline');
    await db.destroy();
  }
}

async function main() {
  process.env.TZ = 'UTC';
  process.env.YIYANG_SCHEDULES = 'false';
  const dataDir = join(projectRoot(), '.data', 'bench-payroll');
  mkdirSync(dataDir, { recursive: true });
  const resolved = await resolveDatabase({ databaseName: DB_NAME, dataDir, log });
  if (args.has('--reload')) {
    const u = new URL(resolved.url);
    await dropDatabaseIfExists({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) }, DB_NAME);
    await resolveDatabase({ databaseName: DB_NAME, dataDir, log });
  }
  const url = resolved.url;
  await runMigrations(url);
  await load(url);

  let temporal: ChildProcess | null = null;
  if (!process.env.TEMPORAL_ADDRESS) {
    log(`starting a Temporal dev server on 127.0.0.1:${TEMPORAL_PORT}`);
    temporal = await startTemporalDevServer({
      cliPath: ensureTemporalCli(),
      port: TEMPORAL_PORT,
      uiPort: null,
      dbFile: null,
      logFile: join(dataDir, 'temporal.log'),
    });
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${TEMPORAL_PORT}`;
  }
  Runtime.install({ logger: new DefaultLogger('WARN') });
  process.env.TEMPORAL_TASK_QUEUE = 'bench-payroll';
  const config = loadConfig();
  const { WorkerModule } = await import('../apps/worker/src/worker.module');
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, url), { logger: false });
  await worker.init();
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: yiyangDataConverter(config.payloadKeys) });

  const db = createDataSource(url);
  await db.initialize();
  // Page size, lanes and look-back of this run (the data may have been loaded with others).
  await db.query(
    `INSERT INTO payroll_settings (county_code, body) VALUES ($1, $2) ON CONFLICT (county_code) DO UPDATE SET body = EXCLUDED.body`,
    [COUNTY, JSON.stringify({ lookbackMonths: LOOKBACK, pageSize: PAGE_SIZE, ...(LANES ? { lanes: LANES } : {}) })],
  );
  const phases = timePayrollPhases();
  try {
    for (let i = 0; i < MONTHS; i++) {
      const [{ m }]: { m: string | null }[] = await db.query(`SELECT max(month) AS m FROM payroll_runs WHERE county_code = $1`, [COUNTY]);
      const month = m ? addMonths(m, 1) : '2030-01';
      const previousLines = await linesOfMonth(db, addMonths(month, -1));
      phases.take();
      const run = await payMonth(client, db, month);
      const timeline = await pageTimeline(client, run.workflowId, run.firstRunId);
      const spent = phases.take();
      await client.workflow.getHandle(run.workflowId).terminate('bench done');
      log('single INSERT … SELECT baseline');
      const base = await sqlBaseline(url, month);
      report({ month, previousLines, run, base, loadAfterBaseline: loadavg(), timeline, spent });
    }
  } finally {
    await db.destroy();
    await worker.close();
    await connection.close();
    temporal?.kill('SIGTERM');
  }
}

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One month's figures on stdout, where its time went on stderr. */
function report(r: {
  month: string;
  previousLines: number;
  run: Awaited<ReturnType<typeof payMonth>>;
  base: { ms: number; rows: number };
  loadAfterBaseline: number[];
  timeline: Awaited<ReturnType<typeof pageTimeline>>;
  spent: ReturnType<ReturnType<typeof timePayrollPhases>['take']>;
}) {
  const { month, run, base, timeline } = r;
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  process.stdout.write(
    [
      `payroll over ${N} entitlements (month ${month}; previous month ${addMonths(month, -1)}: ${r.previousLines} lines in the ledger; look-back ${LOOKBACK} months)`,
      `  workflow + activities: ${s1(run.ms)}, ${run.lines} ledger lines (target < 60 s)`,
      // The baseline computes the month's own line only: with look-back it does less than the workflow.
      `  single INSERT … SELECT: ${s1(base.ms)}, ${base.rows} rows${LOOKBACK > 0 ? ' (no look-back: not like for like)' : ''}`,
      `  ratio: ${(run.ms / base.ms).toFixed(2)}× (target ≤ 3×)`,
      `  worker process peak memory: RSS ${(run.peakRss / 1048576).toFixed(0)} MiB, heap ${(run.peakHeap / 1048576).toFixed(0)} MiB`,
      // The machine is shared: both times mean little without the load they ran under.
      `  load average (1/5/15 min): before ${la(run.loadBefore)}; after the workflow ${la(run.loadAfter)}; after the baseline ${la(r.loadAfterBaseline)}`,
      '',
    ].join('\n'),
  );
  log(
    `${month} pages: ${timeline.activities} page activities in ${timeline.runs} workflow runs; running ${s1(timeline.runningMs)} summed, ` +
      `queued ${s1(timeline.queuedMs)} summed, no page running ${s1(timeline.idleMs)} (between rounds, continue-as-new included), ` +
      `lanes waiting for the round's slowest page ${s1(timeline.laneIdleMs)} summed`,
  );
  for (const [label, t] of r.spent)
    log(`${month}   ${label}: ${s1(t.ms)} summed over ${t.calls} calls, ${(t.ms / t.calls).toFixed(1)} ms each`);
}

/** Lines of the county's live run for a month (0 when there is none). */
async function linesOfMonth(db: DataSource, month: string): Promise<number> {
  const [{ n }]: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM payroll_ledger l JOIN payroll_runs r ON r.id = l.run_id
      WHERE r.county_code = $1 AND r.month = $2 AND r.status <> 'cancelled'`,
    [COUNTY, month],
  );
  return n;
}

/** Starts the month's payrollWorkflow and waits for its run to leave computing: the time, the lines, the worker's peak memory. */
async function payMonth(client: Client, db: DataSource, month: string) {
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const u = process.memoryUsage();
    peakRss = Math.max(peakRss, u.rss);
    peakHeap = Math.max(peakHeap, u.heapUsed);
  }, 100);
  try {
    log(`payrollWorkflow for ${month} over ${N} entitlements, pages of ${PAGE_SIZE}, lanes per the county's payroll settings`);
    const loadBefore = loadavg();
    const t0 = performance.now();
    const handle = await client.workflow.start('payrollWorkflow', {
      workflowId: `bench-payroll-${COUNTY}-${month}`,
      taskQueue: 'bench-payroll',
      args: [{ countyCode: COUNTY, month }],
    });
    for (;;) {
      const rows: { status: string }[] = await db.query(`SELECT status FROM payroll_runs WHERE county_code = $1 AND month = $2`, [
        COUNTY,
        month,
      ]);
      if (rows[0] && rows[0].status !== 'computing') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const ms = performance.now() - t0;
    const loadAfter = loadavg();
    return {
      workflowId: handle.workflowId,
      firstRunId: handle.firstExecutionRunId,
      ms,
      lines: await linesOfMonth(db, month),
      peakRss,
      peakHeap,
      loadBefore,
      loadAfter,
    };
  } finally {
    clearInterval(sampler);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
