/**
 * Intake and step throughput: the Temporal cluster (PostgreSQL, four server processes) against the
 * dev server (SQLite file, one process, what `make start` runs), measured in the same run with the
 * same app code, database and machine (scripts/bench-cluster.sh runs it next to the failover drill).
 *
 * For each backend, in alternating rounds, the real API and worker run in this process on their
 * own task queue; CONCURRENCY officers open BENCH_CASES cases (intake: case row + workflow start),
 * wait for the first task, then all complete it (a Workflow Update whose activity writes the next
 * task). Prints cases/s and steps/s with latency percentiles, and cluster ÷ dev server.
 */
import 'reflect-metadata';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { buildResidentId } from '@app/domain/identity';
import { DEMO_PASSWORD } from '@app/persistence';
import { ensureTemporalCli, loadConfig, startTemporalDevServer } from '@app/runtime';
import { createApiApp } from '../apps/api/src/create-app';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createHttpClient } from './latency';

const CASES = Number(process.env.BENCH_CASES ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DEV_PORT = Number(process.env.BENCH_DEV_TEMPORAL_PORT ?? 23700);
const OFFICER = 'township.yushan';
const REGION = '370124001001';
const BIRTH_DATE = `${1940 + randomInt(0, 20)}-${String(1 + randomInt(0, 12)).padStart(2, '0')}-${String(1 + randomInt(0, 28)).padStart(2, '0')}`;

const dataDir = process.env.YIYANG_DATA_DIR ?? join(__dirname, '..', '.data');
const log = (m: string) => process.stderr.write(`throughput: ${m}\n`);

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : 0;
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

interface Result {
  target: string;
  intakePerSec: number;
  stepPerSec: number;
  intakeMs: number[];
  firstTaskMs: number[];
  stepMs: number[];
}

let seq = randomInt(1, 500);

async function measure(target: string, address: string, databaseUrl: string): Promise<Result> {
  process.env.TEMPORAL_ADDRESS = address;
  process.env.TEMPORAL_TASK_QUEUE = `bench-${target}-${randomUUID()}`;
  const config = loadConfig();
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, databaseUrl), { logger: false });
  await worker.init();
  const api = await createApiApp(databaseUrl, { logger: false });
  await api.listen(0, '127.0.0.1');
  const port = (api.getHttpServer().address() as AddressInfo).port;
  try {
    const clients = Array.from({ length: CONCURRENCY }, () => createHttpClient(port));
    const login = await clients[0].send('POST', '/api/auth/login', undefined, { username: OFFICER, password: DEMO_PASSWORD });
    const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
    const slots = clients.map((c) => ({ c }));
    const take = () => slots.pop()!;
    const give = (s: { c: ReturnType<typeof createHttpClient> }) => slots.push(s);

    const intakeMs: number[] = [];
    const firstTaskMs: number[] = [];
    const stepMs: number[] = [];
    const cases: { id: string; created: number; taskId?: string }[] = [];
    const people = Array.from({ length: CASES }, () => buildResidentId('370124', BIRTH_DATE, (seq = (seq % 998) + 1)));

    let t = Date.now();
    await pool(people, CONCURRENCY, async (idNumber) => {
      const s = take();
      const started = Date.now();
      const res = await s.c.send('POST', '/api/cases', token, {
        caseType: 'hardship-allowance',
        regionCode: REGION,
        applicant: { idNumber, name: '压测' },
      });
      give(s);
      if (res.status !== 201) throw new Error(`intake: ${res.status} ${res.body}`);
      intakeMs.push(Date.now() - started);
      cases.push({ id: (JSON.parse(res.body) as { id: string }).id, created: Date.now() });
    });
    const intakePerSec = CASES / ((Date.now() - t) / 1000);

    await pool(cases, CONCURRENCY, async (c) => {
      const s = take();
      for (;;) {
        const res = await s.c.send('GET', `/api/cases/${c.id}`, token);
        const task = (JSON.parse(res.body) as { openTasks?: { id: string; step: string }[] }).openTasks?.find(
          (x) => x.step === 'acceptance',
        );
        if (task) {
          c.taskId = task.id;
          firstTaskMs.push(Date.now() - c.created);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      give(s);
    });

    t = Date.now();
    await pool(cases, CONCURRENCY, async (c) => {
      const s = take();
      const started = Date.now();
      const res = await s.c.send('POST', `/api/tasks/${c.taskId}/complete`, token, { step: 'acceptance', outcome: 'accept' });
      give(s);
      if (res.status !== 200) throw new Error(`complete: ${res.status} ${res.body}`);
      stepMs.push(Date.now() - started);
    });
    const stepPerSec = CASES / ((Date.now() - t) / 1000);
    for (const c of clients) c.close();
    return { target, intakePerSec, stepPerSec, intakeMs, firstTaskMs, stepMs };
  } finally {
    await api.close();
    await worker.close();
  }
}

async function main(): Promise<void> {
  const status = JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as {
    ready: boolean;
    temporalAddress: string;
    databaseUrl: string;
  };
  if (!status.ready) throw new Error('the cluster is not ready');
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  process.env.YIYANG_SCHEDULES = 'false';
  process.env.LOG_LEVEL = 'error';
  const devDir = mkdtempSync(join(tmpdir(), 'yiyang-bench-dev-'));
  const dev = await startTemporalDevServer({
    cliPath: ensureTemporalCli(),
    port: DEV_PORT,
    uiPort: null,
    dbFile: join(devDir, 'temporal.sqlite'),
    logFile: join(devDir, 'temporal.log'),
  });
  const results: Result[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [target, address] of [
        ['dev-server', `127.0.0.1:${DEV_PORT}`],
        ['cluster', status.temporalAddress],
      ] as const) {
        log(`round ${round}: ${target} (${CASES} cases, ${CONCURRENCY} at a time)`);
        results.push(await measure(target, address, status.databaseUrl));
      }
    }
  } finally {
    dev.kill('SIGINT');
  }
  const sum = (target: string) => {
    const rs = results.filter((r) => r.target === target);
    const all = (k: 'intakeMs' | 'firstTaskMs' | 'stepMs') => rs.flatMap((r) => r[k]);
    return {
      intake: rs.reduce((a, r) => a + r.intakePerSec, 0) / rs.length,
      step: rs.reduce((a, r) => a + r.stepPerSec, 0) / rs.length,
      intakeP50: pct(all('intakeMs'), 50),
      intakeP95: pct(all('intakeMs'), 95),
      firstP50: pct(all('firstTaskMs'), 50),
      firstP95: pct(all('firstTaskMs'), 95),
      stepP50: pct(all('stepMs'), 50),
      stepP95: pct(all('stepMs'), 95),
    };
  };
  const d = sum('dev-server');
  const c = sum('cluster');
  const row = (name: string, x: ReturnType<typeof sum>) =>
    `  ${name.padEnd(12)} ${x.intake.toFixed(1).padStart(9)} ${`${x.intakeP50}/${x.intakeP95}`.padStart(11)} ${`${x.firstP50}/${x.firstP95}`.padStart(13)} ${x.step
      .toFixed(1)
      .padStart(9)} ${`${x.stepP50}/${x.stepP95}`.padStart(11)}`;
  process.stdout.write(
    [
      '',
      `Throughput, ${ROUNDS} alternating rounds of ${CASES} hardship cases, ${CONCURRENCY} officers at a time (API + worker in this process):`,
      '',
      `  ${'backend'.padEnd(12)} ${'intakes/s'.padStart(9)} ${'p50/p95 ms'.padStart(11)} ${'1st task ms'.padStart(13)} ${'steps/s'.padStart(9)} ${'p50/p95 ms'.padStart(11)}`,
      row('dev server', d),
      row('cluster', c),
      `  ${'ratio'.padEnd(12)} ${(c.intake / d.intake).toFixed(2).padStart(9)} ${''.padStart(11)} ${''.padStart(13)} ${(c.step / d.step).toFixed(2).padStart(9)}   (cluster ÷ dev server)`,
      '',
    ].join('\n') + '\n',
  );
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    process.stderr.write(`throughput failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
