/**
 * Inbox and supervisor-dashboard latency on 1,000,000 tasks.
 *
 *   bash scripts/bench.sh            (make bench)
 *   bash scripts/bench.sh --reload   drop and reload the data set
 *   bash scripts/bench.sh --load-only
 *
 * Uses its own database (yiyang_bench, or BENCH_DATABASE_URL), loads the data once (later runs
 * reuse it), starts the real API in-process on a free port (with a Temporal dev server on 19233
 * unless TEMPORAL_ADDRESS is set) and measures sequential requests over HTTP, next to a baseline
 * endpoint measured in the same run. Exits non-zero when a measured endpoint misses the target.
 */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, DEMO_PASSWORD, runMigrations, seedDemoUsers, seedReferenceData } from '@app/persistence';
import { dropDatabaseIfExists, hashPassword, projectRoot, resolveDatabase } from '@app/runtime';
import { BENCH_TASKS, benchDataLoaded, loadBenchData } from './bench-data';
import { createHttpClient, measure, type LatencyStats } from './latency';
import { startInProcessApi } from './support/in-process-api';

const TARGET_P95_MS = 50;
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const TEMPORAL_PORT = Number(process.env.BENCH_TEMPORAL_PORT ?? 19233);
const DB_NAME = process.env.BENCH_DB_NAME ?? 'yiyang_bench';

const args = new Set(process.argv.slice(2));
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

function adminOf(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

async function prepareDatabase(dataDir: string): Promise<string> {
  const explicit = process.env.BENCH_DATABASE_URL;
  const resolved = await resolveDatabase({ databaseUrl: explicit, databaseName: DB_NAME, dataDir, log });
  const url = resolved.url;
  if (args.has('--reload') && !explicit) {
    log(`dropping ${DB_NAME}`);
    await dropDatabaseIfExists(adminOf(url), DB_NAME);
    await resolveDatabase({ databaseName: DB_NAME, dataDir, log });
  }
  await runMigrations(url);
  const db = createDataSource(url);
  await db.initialize();
  try {
    await seedReferenceData(db);
    await seedDemoUsers(db, hashPassword);
    if (await benchDataLoaded(db)) {
      log(`data already loaded (${BENCH_TASKS} tasks); pass --reload to load again`);
      return url;
    }
    const [{ n }]: { n: number }[] = await db.query('SELECT count(*) AS n FROM tasks');
    if (Number(n) > 0) {
      throw new Error(`${DB_NAME} holds ${n} tasks that are not this benchmark's data set; run with --reload (it drops ${DB_NAME})`);
    }
    log(`loading ${BENCH_TASKS} tasks …`);
    const started = Date.now();
    await loadBenchData(db, log);
    log(`loaded in ${((Date.now() - started) / 1000).toFixed(1)} s; VACUUM ANALYZE …`);
    const vacuumStarted = Date.now();
    for (const table of ['persons', 'cases', 'tasks', 'escalations', 'users', 'regions']) await db.query(`VACUUM ANALYZE ${table}`);
    log(`VACUUM ANALYZE in ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
  }
  return url;
}

async function describeData(url: string): Promise<string> {
  const db = createDataSource(url);
  await db.initialize();
  try {
    const [row]: Record<string, number>[] = await db.query(`
      SELECT count(*) AS tasks,
             count(*) FILTER (WHERE completed_at IS NULL) AS open,
             count(*) FILTER (WHERE completed_at IS NULL AND due_at < now()) AS overdue,
             count(DISTINCT case_id) AS cases,
             count(DISTINCT step) AS steps,
             count(DISTINCT region_code) AS regions
        FROM tasks`);
    return `${row.tasks} tasks (${row.open} open, ${row.overdue} overdue) in ${row.cases} cases, ${row.steps} steps, ${row.regions} regions`;
  } finally {
    await db.destroy();
  }
}

interface Row {
  name: string;
  stats: LatencyStats;
  baseline?: boolean;
  target: boolean;
}

function printTable(rows: Row[]): boolean {
  const base = rows.find((r) => r.baseline)!.stats;
  const f = (x: number) => x.toFixed(1).padStart(7);
  const ratio = (x: number, b: number) => `${(x / b).toFixed(1)}×`.padStart(7);
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = [
    `${'endpoint'.padEnd(width)}  ${'n'.padStart(4)}  ${'p50 ms'.padStart(7)}  ${'p95 ms'.padStart(7)}  ${'p99 ms'.padStart(7)}  ${'mean'.padStart(7)}  ${'p50/base'.padStart(8)}  ${'p95/base'.padStart(8)}  target`,
  ];
  let ok = true;
  for (const r of rows) {
    const verdict = r.baseline ? 'baseline' : r.target ? (r.stats.p95 < TARGET_P95_MS ? 'ok' : 'MISSED') : '(info)';
    if (r.target && !r.baseline && r.stats.p95 >= TARGET_P95_MS) ok = false;
    lines.push(
      `${r.name.padEnd(width)}  ${String(r.stats.n).padStart(4)}  ${f(r.stats.p50)}  ${f(r.stats.p95)}  ${f(r.stats.p99)}  ${f(r.stats.mean)}  ${ratio(r.stats.p50, base.p50).padStart(8)}  ${ratio(r.stats.p95, base.p95).padStart(8)}  ${verdict}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok;
}

async function main(): Promise<void> {
  process.env.TZ = process.env.TZ ?? 'UTC';
  const dataDir = join(projectRoot(), '.data', 'bench');
  mkdirSync(dataDir, { recursive: true });
  // The API reads its configuration (JWT secret, Temporal) from the environment: keep it apart from `make start`.
  process.env.YIYANG_DATA_DIR = dataDir;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';

  const url = await prepareDatabase(dataDir);
  process.stdout.write(`data: ${await describeData(url)}\n`);
  if (args.has('--load-only')) return;

  const api = await startInProcessApi(url, dataDir, TEMPORAL_PORT, log);
  const http = createHttpClient(api.port);
  try {
    const login = async (username: string) => {
      const res = await http.send('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
      return (JSON.parse(res.body) as { accessToken: string }).accessToken;
    };
    const county = await login('supervisor.county');
    const township = await login('township.yushan');
    const get = (path: string, token: string) => () => http.send('GET', path, token);
    const someTask = JSON.parse((await http.send('GET', '/api/tasks?pageSize=1', county)).body) as { items: { id: string }[] };

    const plan: { name: string; run: ReturnType<typeof get>; baseline?: boolean; target: boolean }[] = [
      { name: 'GET /api/auth/me (baseline)', run: get('/api/auth/me', county), baseline: true, target: true },
      { name: 'summary groupBy=region (county supervisor)', run: get('/api/supervision/summary?groupBy=region', county), target: true },
      { name: 'overdue drill-down (county supervisor)', run: get('/api/supervision/overdue', county), target: true },
      { name: 'inbox scope=role (township officer)', run: get('/api/tasks?scope=role', township), target: true },
      { name: 'inbox scope=all (county supervisor)', run: get('/api/tasks?scope=all', county), target: true },
      {
        name: 'summary dueWithinWorkingDays=2 (county)',
        run: get('/api/supervision/summary?groupBy=region&dueWithinWorkingDays=2', county),
        target: false,
      },
      {
        name: 'inbox dueSoon, 2 working days (township)',
        run: get('/api/tasks?scope=role&dueSoon=true&dueWithinWorkingDays=2', township),
        target: false,
      },
      { name: 'summary groupBy=step', run: get('/api/supervision/summary?groupBy=step', county), target: false },
      { name: 'summary groupBy=assignee', run: get('/api/supervision/summary?groupBy=assignee', county), target: false },
      { name: 'summary groupBy=caseType', run: get('/api/supervision/summary?groupBy=caseType', county), target: false },
      { name: 'inbox overdue=true&sort=-dueAt', run: get('/api/tasks?scope=all&overdue=true&sort=-dueAt', county), target: false },
      { name: 'inbox status=completed (township)', run: get('/api/tasks?scope=all&status=completed', township), target: false },
      { name: 'inbox page 20 of 100 (county)', run: get('/api/tasks?scope=all&page=20&pageSize=100', county), target: false },
      { name: 'GET /api/tasks/:id', run: get(`/api/tasks/${someTask.items[0].id}`, county), target: false },
      { name: 'escalations (county supervisor)', run: get('/api/supervision/escalations', county), target: false },
    ];
    const rows: Row[] = [];
    for (const p of plan) {
      log(`measuring ${p.name}`);
      rows.push({ name: p.name, stats: await measure(p.run, WARMUP, REQUESTS), baseline: p.baseline, target: p.target });
    }
    // The baseline again at the end: if the machine got busier meanwhile, it shows.
    rows.push({ name: 'GET /api/auth/me (baseline, again)', stats: await measure(plan[0].run, WARMUP, REQUESTS), target: false });
    process.stdout.write(
      `\n${REQUESTS} sequential requests each after ${WARMUP} warm-up, one keep-alive connection; target p95 < ${TARGET_P95_MS} ms\n`,
    );
    const ok = printTable(rows);
    process.stdout.write(ok ? 'result: every targeted endpoint met the target\n' : 'result: TARGET MISSED\n');
    if (!ok) process.exitCode = 1;
  } finally {
    http.close();
    await api.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
