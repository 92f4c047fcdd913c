/**
 * Crash suite (issue 9): `make crash` (scripts/crash.sh) runs it.
 *
 * Starts its own PostgreSQL (initdb into a temporary directory, kept running by the project's
 * ProcessSupervisor as systemd would), then `node dist/apps/cli/main.js up` exactly as `make start`
 * does (the Temporal dev server on a SQLite file, the worker and the API, each supervised and
 * restarted by `up`). Simulated officers keep moving hardship and high-age-allowance cases through
 * the API (intake with an Idempotency-Key → 受理 → 审核 → 公示 → 审批 → active) while the suite
 * kill -9s the worker, the API, the Temporal server and PostgreSQL at random points (seeded: the
 * seed is printed; `CRASH_SEED=<n>` replays the same schedule). After the last kill it lets every
 * case finish and checks PostgreSQL against Temporal:
 *   lost        an intake the API accepted with no case row, or no workflow in Temporal
 *   duplicated  two cases for one person and type or one Idempotency-Key, two workflow runs for one
 *               case, a step with two tasks or completed twice, two entitlements
 *   stuck       a case that did not reach `active`, or whose workflow is not running, and that the
 *               reconciliation (run at the end) does not report either
 *   pause       the longest a client waited for one action (an HTTP call including its retries, or
 *               a task that should appear)
 *
 * Environment: CRASH_SEED, CRASH_SECONDS (chaos phase, default 150), CRASH_USERS (concurrent
 * officers, default 4), CRASH_DRAIN_SECONDS (default 180), CRASH_PORT (base port, default 17410:
 * PostgreSQL +0, Temporal +1, its UI +2, the API +3), CRASH_KEEP=1 keeps the temporary directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient, Pool } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { shanghaiDateOf } from '@app/domain/dates';
import { buildResidentId } from '@app/domain/identity';
import { DEMO_PASSWORD } from '@app/persistence';
import {
  ensureDatabaseExists,
  payloadKey,
  ProcessSupervisor,
  projectRoot,
  stopChild,
  waitForPort,
  yiyangDataConverter,
} from '@app/runtime';
import { DrillClient, installDrillNoticePolicy, percentileOf, sleep } from '../support/drill-client';

const SEED = Number(process.env.CRASH_SEED ?? randomBytes(4).readUInt32LE(0));
const CHAOS_MS = Number(process.env.CRASH_SECONDS ?? 150) * 1000;
const USERS = Number(process.env.CRASH_USERS ?? 4);
const DRAIN_MS = Number(process.env.CRASH_DRAIN_SECONDS ?? 180) * 1000;
const BASE_PORT = Number(process.env.CRASH_PORT ?? 17410);
const PG_PORT = BASE_PORT;
const TEMPORAL_PORT = BASE_PORT + 1;
const API_PORT = BASE_PORT + 3;
const API = `http://127.0.0.1:${API_PORT}/api`;
const DB_NAME = 'yiyang_crash';
const DATABASE_URL = `postgres://postgres@127.0.0.1:${PG_PORT}/${DB_NAME}`;
const NOTICE_SECONDS = 2;
const VILLAGE = '370124100001'; // 东阿镇: township.donge's region
const OFFICER = 'township.donge';
const COUNTY = 'county.approver';
const TARGETS = ['worker', 'api', 'temporal', 'postgres'] as const;
type Target = (typeof TARGETS)[number];
const CASE_TYPES = ['hardship-allowance', 'high-age-allowance'] as const;
type CaseType = (typeof CASE_TYPES)[number];

/** mulberry32: a small seeded generator, so a run's kill schedule can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = seeded(SEED);
const between = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const started = Date.now();
const log = (m: string) => process.stderr.write(`crash +${((Date.now() - started) / 1000).toFixed(1)}s: ${m}\n`);

// ---------------------------------------------------------------------------------------------
// PostgreSQL of our own

function postgresBin(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', versions[0], 'bin');
}

/** Runs PostgreSQL as the `postgres` user when we are root (it refuses to run as root). */
function asPostgres(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

async function pgAnswers(): Promise<boolean> {
  const c = new PgClient({ host: '127.0.0.1', port: PG_PORT, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function postgresChild(dir: string, logFile: string) {
  const bin = postgresBin();
  const owner = asPostgres();
  const data = join(dir, 'pg');
  mkdirSync(data, { recursive: true });
  if (owner.uid !== undefined) chownSync(data, owner.uid, owner.gid!);
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'], {
    ...owner,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    name: 'postgres',
    // SIGINT: fast shutdown (what systemd's pg_ctl stop -m fast does).
    stopSignal: 'SIGINT' as NodeJS.Signals,
    async start(): Promise<ChildProcess> {
      const out = openSync(logFile, 'a');
      const child = spawn(
        join(bin, 'postgres'),
        [
          '-D',
          data,
          '-p',
          String(PG_PORT),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          `unix_socket_directories=${data}`,
          '-c',
          'max_connections=200',
        ],
        { ...owner, stdio: ['ignore', out, out] },
      );
      const deadline = Date.now() + 60_000;
      while (!(await pgAnswers())) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited (${child.exitCode}); see ${logFile}`);
        if (Date.now() > deadline) throw new Error(`postgres did not answer within 60 s; see ${logFile}`);
        await sleep(100);
      }
      return child;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The processes `up` supervises

/** The pid of `up`'s child of one kind (by its parent: nothing but our own `up` is looked at). */
function childOf(upPid: number, target: Exclude<Target, 'postgres'>): number | undefined {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(upPid)]).toString();
  } catch {
    return undefined; // ps exits 1 when there are no children
  }
  const marker = { worker: 'dist/apps/worker/main.js', api: 'dist/apps/api/main.js', temporal: 'start-dev' }[target];
  const line = out.split('\n').find((l) => l.includes(marker));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

async function apiAnswers(): Promise<boolean> {
  try {
    const res = await fetch(`${API}/health`, { signal: AbortSignal.timeout(5000) });
    return res.status === 200 || res.status === 503;
  } catch {
    return false;
  }
}

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<number> {
  const t0 = Date.now();
  while (!(await probe())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
  return Date.now() - t0;
}

// ---------------------------------------------------------------------------------------------
// Officers

// Officers reach the one API like a client with retries; a call gives up after 180 s.
const client = new DrillClient([`http://127.0.0.1:${API_PORT}`], 180_000);
let stopping = false;

interface Outcome {
  seq: number;
  caseType: CaseType;
  idNumber: string;
  key: string;
  caseId?: string;
  confirmed: boolean;
  active: boolean;
  replayed: boolean;
  error?: string;
}

const tokens: Record<string, string> = {};

const HOME_VISIT = { homeVisit: { visitedOn: shanghaiDateOf(Date.now()), staffCount: 2, findings: '入户核查,家庭情况与申报一致' } };
// Born 1930–1944: past 80 (high-age) and 60 (hardship), so no case waits for a birthday.
const birthDateOf = (seq: number) =>
  `${1930 + (seq % 15)}-${String(1 + (seq % 12)).padStart(2, '0')}-${String(1 + (seq % 28)).padStart(2, '0')}`;

async function runCase(pg: Pool, seq: number, caseType: CaseType): Promise<Outcome> {
  const idNumber = buildResidentId('370124', birthDateOf(seq), seq % 999);
  const key = `crash-${SEED}-${seq}`;
  const o: Outcome = { seq, caseType, idNumber, key, confirmed: false, active: false, replayed: false };
  try {
    if (caseType === 'hardship-allowance') {
      // The roster is loaded by an import, not by officers: written directly, again until PostgreSQL is back.
      for (let tries = 0; ; tries++) {
        const ok = await pg
          .query(
            `INSERT INTO hardship_roster (id_number, name, category, region_code, entered_on, left_on, source)
             VALUES ($1,'演练','dibao',$2,'2020-01-01',NULL,'drill') ON CONFLICT DO NOTHING`,
            [idNumber, VILLAGE],
          )
          .then(
            () => true,
            () => false,
          );
        if (ok) break;
        if (tries > 600) throw new Error('roster entry: PostgreSQL did not come back');
        await sleep(200);
      }
    }
    const created = await client.call(
      'POST',
      '/cases',
      tokens[OFFICER],
      { caseType, regionCode: VILLAGE, applicant: { idNumber, name: '演练老人' } },
      'intake',
      { 'Idempotency-Key': key },
    );
    if (created.status !== 201 && created.status !== 200)
      throw new Error(`intake answered ${created.status} ${JSON.stringify(created.body)}`);
    o.caseId = created.body.id as string;
    o.replayed = created.attempts > 1;
    o.confirmed = true;
    const caseId = o.caseId;
    await client.decide(tokens[OFFICER], caseId, 'acceptance', 'accept');
    await client.decide(tokens[OFFICER], caseId, 'review', 'pass', { data: HOME_VISIT });
    const notice = caseType === 'hardship-allowance' ? NOTICE_SECONDS * 1000 : 0;
    await client.decide(tokens[COUNTY], caseId, 'approval', 'approve', { comment: '同意' }, notice);
    await client.untilActive(tokens[OFFICER], caseId);
    o.active = true;
  } catch (err) {
    o.error = err instanceof Error ? err.message : String(err);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'yiyang-crash-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as its own user and must reach its data directory
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  log(`seed ${SEED} (CRASH_SEED=${SEED} replays this kill schedule); directory ${dir}`);

  const pgSupervisor = new ProcessSupervisor(
    (e) => e.type !== 'started' && log(`postgres ${e.type}${e.type === 'start-failed' ? `: ${e.error}` : ''}`),
    { initialMs: 500, maxMs: 5000, factor: 2, resetAfterMs: 30_000 },
  );
  await pgSupervisor.add(postgresChild(dir, join(dir, 'postgres.log')));
  await ensureDatabaseExists({ host: '127.0.0.1', port: PG_PORT, user: 'postgres' }, DB_NAME);
  log(`postgres ${postgresBin()} on ${PG_PORT}`);

  const key = randomBytes(32).toString('base64');
  const upLog = join(dir, 'up.log');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL,
    TEMPORAL_PORT: String(TEMPORAL_PORT),
    TEMPORAL_UI_PORT: String(BASE_PORT + 2),
    PORT: String(API_PORT),
    YIYANG_DATA_DIR: dataDir,
    YIYANG_DEMO_DATA: 'true',
    YIYANG_PAYLOAD_KEY: key,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    TZ: 'UTC',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.YIYANG_TEMPORAL;
  const out = openSync(upLog, 'a');
  const up = spawn(process.execPath, [join(projectRoot(), 'dist', 'apps', 'cli', 'main.js'), 'up'], { env, stdio: ['ignore', out, out] });
  const shutdown = async () => {
    await stopChild(up, 'SIGTERM', 60_000);
    await pgSupervisor.stop();
    if (process.env.CRASH_KEEP !== '1' && !process.exitCode) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir} (logs: up.log, postgres.log, data/temporal.log)`);
  };
  let pg: Pool | undefined;
  try {
    await until('`up` serves the API', async () => {
      if (up.exitCode !== null) throw new Error(`up exited ${up.exitCode}; see ${upLog}`);
      return apiAnswers();
    });
    await until('the worker polls', async () => {
      const res = await fetch(`${API}/health`).catch(() => null);
      return res?.status === 200;
    });
    log(`system up: Temporal ${TEMPORAL_PORT}, API ${API_PORT} (log ${upLog})`);

    pg = new Pool({ connectionString: DATABASE_URL, max: 4 });
    pg.on('error', () => undefined); // connections die with PostgreSQL; queries retry
    // A 2-second public notice, so a hardship case completes in seconds (drill units, test-only data).
    await installDrillNoticePolicy(pg, VILLAGE, NOTICE_SECONDS, 'crash suite');
    for (const u of [OFFICER, COUNTY]) tokens[u] = await client.login(u, DEMO_PASSWORD);

    const outcomes: Promise<Outcome>[] = [];
    let seq = 0;
    const users = Array.from({ length: USERS }, async () => {
      while (!stopping) {
        seq += 1;
        const o = runCase(pg!, seq, CASE_TYPES[seq % CASE_TYPES.length]);
        outcomes.push(o);
        await o;
      }
    });

    // Kills: rounds of the four targets in a seeded order, 4–12 s apart (after the previous one is back).
    const upPid = up.pid!;
    const kills: { target: Target; atS: number; backMs: number }[] = [];
    await sleep(5000);
    client.phase = 'chaos';
    const chaosEnds = Date.now() + CHAOS_MS;
    while (Date.now() < chaosEnds) {
      const round = [...TARGETS].sort(() => rng() - 0.5);
      for (const target of round) {
        if (Date.now() >= chaosEnds) break;
        await sleep(between(4000, 12_000));
        const pid = target === 'postgres' ? pgSupervisor.pid('postgres') : childOf(upPid, target);
        if (!pid) {
          log(`${target}: no process to kill (still restarting); skipped`);
          continue;
        }
        const at = Date.now();
        log(`kill -9 ${target} (pid ${pid})`);
        process.kill(pid, 'SIGKILL');
        const backMs = await until(`${target} back`, async () => {
          if (target === 'postgres') return (pgSupervisor.pid('postgres') ?? pid) !== pid && (await pgAnswers());
          const now = childOf(upPid, target);
          if (!now || now === pid) return false;
          if (target === 'api') return apiAnswers();
          if (target === 'temporal')
            return waitForPort(TEMPORAL_PORT, '127.0.0.1', 1).then(
              () => true,
              () => false,
            );
          return true;
        });
        log(`${target} back after ${(backMs / 1000).toFixed(1)} s`);
        kills.push({ target, atS: (at - started) / 1000, backMs });
      }
    }

    client.phase = 'drain';
    stopping = true;
    log(`chaos over (${kills.length} kills); no new cases; waiting up to ${DRAIN_MS / 1000} s for every case to finish`);
    const drainDeadline = Date.now() + DRAIN_MS;
    await Promise.race([Promise.all(users), sleep(DRAIN_MS)]);
    const results = (
      await Promise.all(outcomes.map((o) => Promise.race([o, sleep(Math.max(0, drainDeadline - Date.now())).then(() => null)])))
    ).filter((r): r is Outcome => r !== null);
    // Decisions answered 202 at the end of the chaos are re-sent by the worker's sweep (every 5 s,
    // once 3 s old): the drain waits for them too, up to its deadline, before judging them.
    const unresolvedPending = async () =>
      ((await pg!.query(`SELECT count(*)::int AS n FROM pending_decisions WHERE resolved_at IS NULL`)).rows[0] as { n: number }).n;
    while (Date.now() < drainDeadline && (await unresolvedPending()) > 0) await sleep(1000);

    // ---- PostgreSQL against Temporal
    const temporal = new Client({
      connection: await Connection.connect({ address: `127.0.0.1:${TEMPORAL_PORT}` }),
      dataConverter: yiyangDataConverter([payloadKey(key)]),
    });
    const confirmed = results.filter((r) => r.confirmed);
    const ids = confirmed.map((r) => r.caseId!);
    const rows = (
      await pg.query(
        `SELECT c.id, c.status, c.case_type,
                (SELECT count(*)::int FROM tasks t WHERE t.case_id = c.id) AS tasks,
                (SELECT count(DISTINCT t.step)::int FROM tasks t WHERE t.case_id = c.id) AS steps,
                (SELECT count(*)::int FROM tasks t WHERE t.case_id = c.id AND t.completed_at IS NULL) AS open_tasks,
                (SELECT count(*)::int FROM entitlements e WHERE e.case_id = c.id) AS entitlements,
                (SELECT count(*)::int FROM audit_log a WHERE a.case_id = c.id AND a.action = 'task_completed') AS completions
           FROM cases c WHERE c.id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows as { id: string; status: string; tasks: number; steps: number; open_tasks: number; entitlements: number; completions: number }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const workflow = new Map<string, { status: string; runs: number }>();
    for (const id of ids) {
      const runs: string[] = [];
      for await (const w of temporal.workflow.list({ query: `WorkflowId = 'case-${id}'` })) runs.push(w.status.name);
      const status = await temporal.workflow
        .getHandle(`case-${id}`)
        .describe()
        .then(
          (d) => d.status.name,
          () => 'MISSING',
        );
      workflow.set(id, { status, runs: runs.filter((s) => s !== 'CONTINUED_AS_NEW').length });
    }
    const lost = confirmed.filter((r) => !byId.has(r.caseId!) || workflow.get(r.caseId!)?.status === 'MISSING');
    const keysPerCase = (
      await pg.query(
        `SELECT case_id FROM intake_requests WHERE idempotency_key = ANY($1::varchar[]) GROUP BY case_id HAVING count(*) > 1`,
        [results.map((r) => r.key)],
      )
    ).rowCount;
    const duplicatedPersons = (
      await pg.query(
        `SELECT p.id_number, c.case_type FROM cases c JOIN persons p ON p.id = c.person_id
          WHERE p.id_number = ANY($1::varchar[]) GROUP BY p.id_number, c.case_type HAVING count(*) > 1`,
        [results.map((r) => r.idNumber)],
      )
    ).rowCount;
    const casesPerKey = new Map<string, Set<string>>();
    for (const r of confirmed) casesPerKey.set(r.key, (casesPerKey.get(r.key) ?? new Set()).add(r.caseId!));
    const duplicatedKeys = [...casesPerKey.values()].filter((s) => s.size > 1).length + (keysPerCase ?? 0);
    const duplicatedSteps = rows.filter((r) => r.tasks !== r.steps || r.entitlements > 1 || r.completions > r.steps);
    const duplicatedRuns = ids.filter((id) => (workflow.get(id)?.runs ?? 0) > 1);

    // Not finished: not active, a task still open, or its workflow not running (an active case waits for its review).
    const unfinished = confirmed.filter((r) => {
      const row = byId.get(r.caseId!);
      return row?.status !== 'active' || row.open_tasks > 0 || workflow.get(r.caseId!)?.status !== 'RUNNING';
    });
    let reported = new Set<string>();
    if (unfinished.length > 0) {
      await temporal.workflow.execute('reconciliationWorkflow', {
        taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'yiyang-cases',
        workflowId: `reconciliation-crash-${randomUUID()}`,
        args: [{ caseIds: unfinished.map((r) => r.caseId!) }],
      });
      const listed = (
        await pg.query(`SELECT DISTINCT case_id FROM reconciliation_findings WHERE resolved_at IS NULL AND case_id = ANY($1::uuid[])`, [
          unfinished.map((r) => r.caseId!),
        ])
      ).rows as { case_id: string }[];
      reported = new Set(listed.map((r) => r.case_id));
    }
    // Waiting for a person is not stuck: the workflow runs and awaits every task PostgreSQL shows open.
    const awaitingPerson = new Set<string>();
    for (const r of unfinished) {
      if (workflow.get(r.caseId!)?.status !== 'RUNNING') continue;
      const open = (
        (await pg.query(`SELECT id FROM tasks WHERE case_id = $1 AND completed_at IS NULL`, [r.caseId])).rows as { id: string }[]
      ).map((t) => t.id);
      const view = await temporal.workflow
        .getHandle(`case-${r.caseId}`)
        .query<{ openTasks: { taskId: string }[] }>('caseState')
        .catch(() => null);
      if (view && open.length > 0 && open.every((id) => view.openTasks.some((t) => t.taskId === id))) awaitingPerson.add(r.caseId!);
    }
    const stuck = unfinished.filter((r) => !reported.has(r.caseId!) && !awaitingPerson.has(r.caseId!));
    // Decisions answered 202: recorded by the API, re-sent by the worker until applied or refused.
    const pendingRows = (
      await pg.query(`SELECT COALESCE(resolution, 'unresolved') AS resolution, count(*)::int AS n FROM pending_decisions GROUP BY 1`)
    ).rows as { resolution: string; n: number }[];
    const pendingBy = (k: string) => pendingRows.find((r) => r.resolution === k)?.n ?? 0;
    const notConfirmed = results.filter((r) => !r.confirmed);
    const pending = outcomes.length - results.length;

    // ---- report
    const pauses = client.pauses;
    const longest = pauses.reduce((a, b) => (b.ms > a.ms ? b : a), { what: '-', ms: 0, phase: '-' });
    const chaosPauses = pauses.filter((x) => x.phase !== 'baseline').map((x) => x.ms);
    const p = (q: number) => percentileOf(chaosPauses, q);
    const lines = [
      '',
      `Crash suite (seed ${SEED}; ${USERS} officers; chaos ${CHAOS_MS / 1000} s; kill -9, restarts by \`up\` and the suite's supervisor):`,
      '',
    ];
    lines.push(`  ${'process'.padEnd(10)} ${'kills'.padStart(5)}  ${'back after (s, each)'}`);
    for (const t of TARGETS) {
      const k = kills.filter((x) => x.target === t);
      lines.push(`  ${t.padEnd(10)} ${String(k.length).padStart(5)}  ${k.map((x) => (x.backMs / 1000).toFixed(1)).join(' ')}`);
    }
    lines.push(
      '',
      `  cases accepted (intake)     ${confirmed.length}  (${CASE_TYPES.map((t) => `${confirmed.filter((r) => r.caseType === t).length} ${t}`).join(', ')}; ${confirmed.filter((r) => r.replayed).length} after a retried intake)`,
      `  cases active at the end     ${confirmed.filter((r) => byId.get(r.caseId!)?.status === 'active').length}`,
      `  lost                        ${lost.length}`,
      `  duplicated                  ${duplicatedKeys + (duplicatedPersons ?? 0) + duplicatedSteps.length + duplicatedRuns.length}  (keys ${duplicatedKeys}, person+type ${duplicatedPersons ?? 0}, steps/entitlements ${duplicatedSteps.length}, workflow runs ${duplicatedRuns.length})`,
      `  stuck                       ${stuck.length}  (not finished ${unfinished.length}: waiting for a person's open task ${awaitingPerson.size}, reported by reconciliation ${reported.size})`,
      `  wrong answers to officers   ${client.anomalies.pendingDecisionLost} decisions answered 202 DECISION_PENDING not applied within 60 s (sent again); ${client.anomalies.caseFinishedWhileRunning} × 409 CASE_FINISHED for a running case (sent again); ${client.anomalies.conflictWhileOpen} × other 409 for a task still open (sent again${client.conflicts.length ? `: ${[...new Set(client.conflicts)].join(', ')}` : ''})`,
      `  pending decisions (202)     ${pendingBy('applied') + pendingBy('rejected') + pendingBy('unresolved')} recorded: ${pendingBy('applied')} applied, ${pendingBy('rejected')} refused by the workflow (officer notified), ${pendingBy('unresolved')} unresolved`,
      `  intakes not accepted        ${notConfirmed.length}${notConfirmed.length ? ` (${[...new Set(notConfirmed.map((r) => r.error))].slice(0, 3).join('; ')})` : ''}; still running at the drain deadline ${pending}`,
      `  client actions              ${pauses.length}; after the first kill p50 ${p(50)} ms, p99 ${p(99)} ms`,
      `  longest pause a client saw  ${longest.ms} ms (${longest.what}, ${longest.phase})`,
      '',
    );
    for (const r of [...lost, ...stuck].slice(0, 10))
      lines.push(
        `  ! case ${r.caseId}: ${r.error ?? byId.get(r.caseId!)?.status ?? 'no row'}, workflow ${workflow.get(r.caseId!)?.status}`,
      );
    for (const r of confirmed.filter((x) => x.error).slice(0, 5)) lines.push(`  ? case ${r.caseId}: ${r.error}`);
    process.stdout.write(lines.join('\n') + '\n');
    await temporal.connection.close();
    if (
      pendingBy('unresolved') ||
      client.anomalies.conflictWhileOpen ||
      lost.length ||
      stuck.length ||
      duplicatedKeys ||
      duplicatedPersons ||
      duplicatedSteps.length ||
      duplicatedRuns.length ||
      pending
    )
      process.exitCode = 1;
  } finally {
    stopping = true;
    await pg?.end().catch(() => undefined);
    await shutdown();
  }
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    process.stderr.write(`crash suite failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
