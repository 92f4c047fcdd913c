/**
 * Yiyang against the raw Temporal engine it runs on, side by side on the same dev server, in
 * interleaved rounds (make bench-engine). Sections: `tuning` (the dev server's dynamic config,
 * before/after, on the raw engine), `engine` (intake, step, whole cases at c=1/8/32, events and
 * CPU per case, where a c=1 step's time goes, worker RSS by open cases), `dashboards` (32
 * concurrent users on 1M tasks), `workflow-cpu` (a case's workflow CPU, replayed, with and without
 * the worker's preload).
 * Pass section names to run only some: `make bench-engine ARGS="tuning"`.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { buildWorkflowBundle } from '../apps/worker/src/workflow-bundle';
import { caseWorkflowId, completeTaskUpdate, type Actor } from '@app/contracts';
import { ensureTemporalCli, loadConfig, projectRoot, startTemporalDevServer, workerNodeOptions, yiyangDataConverter } from '@app/runtime';
import { closedLoop, median, merge, pacedUsers, stats, type Stats } from './engine/load';
import { percentile } from './latency';
import {
  appEntry,
  cpuSeconds,
  loadAverage,
  postgresCpuSeconds,
  processesNodeVersion,
  rssMb,
  startNodeProcess,
  stopProcess,
} from './engine/processes';
import { rawStepUpdate, type RawWork } from './engine/raw.workflows';
import { freshDatabase, prepareCases, startYiyang, YiyangClient } from './engine/yiyang';
import { FloorClient, startFloor, type FloorSystem } from './engine/floor';
import { benchDataLoaded, BENCH_TASKS, loadBenchData } from './bench-data';
import { createDataSource } from '@app/persistence';
import { TEST_PAYLOAD_KEY } from '../test/support/test-payload-key';
import type { ReplayReport } from './engine/replay-child';

const quietLogger = new DefaultLogger('WARN');
export const TEMPORAL_PORT = Number(process.env.BENCH_TEMPORAL_PORT ?? 19233);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wants = (section: string) => requested.length === 0 || requested.includes(section);
export const log = (m: string) => process.stderr.write(`bench: ${m}\n`);
export const out = (m: string) => process.stdout.write(`${m}\n`);

export interface Engine {
  temporal: ChildProcess;
  client: Client;
  connection: Connection;
  rawWorker: ChildProcess;
  rawQueue: string;
  stop(): Promise<void>;
}

/**
 * Both workers load prebuilt workflow bundles, as `make start` does (dist/workflow-bundle.js): a
 * worker that runs webpack at startup keeps its memory, which would blur the RSS comparison.
 */
let built: { yiyang: Promise<string>; raw: Promise<string> } | null = null;
function bundles(dataDir: string): { yiyang: Promise<string>; raw: Promise<string> } {
  const write = async (name: string, code: Promise<{ code: string }>) => {
    const path = join(dataDir, name);
    writeFileSync(path, (await code).code);
    return path;
  };
  built ??= {
    yiyang: write('yiyang-workflow-bundle.js', buildWorkflowBundle()),
    raw: write(
      'raw-workflow-bundle.js',
      bundleWorkflowCode({ workflowsPath: require.resolve('./engine/raw.workflows'), logger: quietLogger }),
    ),
  };
  return built;
}

export async function startEngine(tuned: boolean, dataDir: string): Promise<Engine> {
  const temporal = await startTemporalDevServer({
    cliPath: ensureTemporalCli(),
    port: TEMPORAL_PORT,
    uiPort: null,
    dbFile: null,
    logFile: join(dataDir, 'temporal.log'),
    tuned,
  });
  const address = `127.0.0.1:${TEMPORAL_PORT}`;
  const rawQueue = `bench-raw-${randomUUID()}`;
  // The raw worker runs with the same preload as Yiyang's (the SDK's workflow threads set up alike).
  const rawWorker = await startNodeProcess(
    'bench/engine/raw-worker.ts',
    { TEMPORAL_ADDRESS: address, RAW_TASK_QUEUE: rawQueue, RAW_WORKFLOW_BUNDLE: await bundles(dataDir).raw },
    undefined,
    workerNodeOptions('source'),
  );
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  return {
    temporal,
    client,
    connection,
    rawWorker,
    rawQueue,
    async stop() {
      await stopProcess(rawWorker);
      await connection.close();
      await stopProcess(temporal);
    },
  };
}

/** Starts `count` raw cases of `steps` steps each; returns their workflow ids. */
export function rawStart(engine: Engine, steps: number) {
  return async (): Promise<string> => {
    const workflowId = `raw-${randomUUID()}`;
    await engine.client.workflow.start('rawCaseWorkflow', { workflowId, taskQueue: engine.rawQueue, args: [steps] });
    return workflowId;
  };
}

export function rawStep(engine: Engine, work: RawWork) {
  return async (workflowId: string): Promise<void> => {
    await engine.client.workflow.getHandle(workflowId).executeUpdate(rawStepUpdate, { args: [work] });
  };
}

/** The dev server's dynamic config: one raw step doing `work`, on the server as Temporal ships it and as Yiyang tunes it. */
async function tuning(dataDir: string): Promise<void> {
  const n = Number(process.env.BENCH_TUNING_STEPS ?? 30);
  const works: RawWork[] = ['none', 'local', 'activity', 'five-activities'];
  const rounds = new Map<string, { samples: number[]; wallMs: number }[]>();
  const loads: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const tuned of [false, true]) {
      const engine = await startEngine(tuned, dataDir);
      try {
        const ids: string[] = [];
        for (let i = 0; i < (n + 1) * works.length; i++) ids.push(await rawStart(engine, 1)());
        let k = 0;
        for (const work of works) {
          const step = rawStep(engine, work);
          await step(ids[k++]); // warm-up
          const r = await closedLoop(n, 1, async () => step(ids[k++]));
          rounds.set(`${work}|${tuned}`, [...(rounds.get(`${work}|${tuned}`) ?? []), r]);
        }
        loads.push(loadAverage());
      } finally {
        await engine.stop();
      }
    }
  }
  out('\n## Dev server dynamic config: one raw Update (c=1), Temporal defaults vs Yiyang tuned');
  out('| step does | defaults p50 ms | tuned p50 ms | defaults p95 ms | tuned p95 ms |');
  out('|---|---|---|---|---|');
  for (const work of works) {
    const d = merge(rounds.get(`${work}|false`)!);
    const t = merge(rounds.get(`${work}|true`)!);
    out(`| ${work} | ${d.p50.toFixed(1)} | ${t.p50.toFixed(1)} | ${d.p95.toFixed(1)} | ${t.p95.toFixed(1)} |`);
  }
  out(`load averages (1/5/15 min) after each server run: ${loads.join(' · ')}`);
}

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const OPEN_COUNTS = (process.env.BENCH_OPEN ?? '1000,10000').split(',').map(Number);
const perBatch = (c: number) => Math.max(16, c * 4);
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const mean = (xs: number[]) => sum(xs) / xs.length;

interface Pair {
  measure: string;
  c: number;
  yiyang: Stats;
  raw: Stats;
  /** Each round's throughput ratio: a Yiyang batch against the raw batch run right after it. */
  roundRatios: number[];
  /** The floor's batches (bench/engine/floor-api.ts), run right after the raw ones. */
  floor: Stats;
  /** CPU per operation (ms) of each process, the mean over rounds, in the order CPU_PROCESSES names them. */
  cpuMsBy: { yiyang: number[]; raw: number[]; floor: number[] };
  /** The caller's CPU per operation (this benchmark process), not in the totals. */
  callerMs: { yiyang: number; raw: number; floor: number };
  loads: string[];
}

/** One closed-loop batch and the CPU its side used per operation. */
interface Batch {
  samples: number[];
  wallMs: number;
  /** CPU per operation (ms) of each of the side's processes. */
  cpuMsBy: number[];
  /** CPU per operation (ms) of the caller, this benchmark process: raw's Temporal client, Yiyang's HTTP client. */
  callerMs: number;
}

/** The processes whose CPU each side counts, in the order `cpuMsBy` lists them. */
const CPU_PROCESSES = {
  yiyang: ['API', 'worker', 'Temporal', 'PostgreSQL'],
  raw: ['worker', 'Temporal'],
  floor: ['floor API', 'floor worker', 'Temporal', 'PostgreSQL'],
};

/** Issue 11's targets: Yiyang's throughput as a share of the raw engine's. */
const TARGETS: Record<string, number> = { intake: 0.8, step: 0.5, 'whole case': 0.5 };

function printPairs(pairs: Pair[]): void {
  out(
    '| measure | c | Yiyang /s | Yiyang p50 ms | Yiyang p95 ms | raw /s | raw p50 ms | raw p95 ms | ratio (throughput) | target | ratio by round (median) | load avg during |',
  );
  out('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const p of pairs) {
    const ratio = p.yiyang.perSecond / p.raw.perSecond;
    const target = TARGETS[p.measure];
    out(
      `| ${p.measure} | ${p.c} | ${fmt(p.yiyang.perSecond)} | ${fmt(p.yiyang.p50)} | ${fmt(p.yiyang.p95)} | ${fmt(p.raw.perSecond)} | ${fmt(p.raw.p50)} | ${fmt(p.raw.p95)} | ${fmt(ratio, 2)} | ≥ ${target} ${ratio >= target ? 'ok' : 'MISSED'} | ${p.roundRatios.map((r) => fmt(r, 2)).join(' · ')} (${fmt(median(p.roundRatios), 2)}) | ${p.loads.join(' · ')} |`,
    );
  }
}

/**
 * The floor beside each measure: the best throughput a design with an HTTP API, a committed
 * PostgreSQL row and the Temporal call reaches on this machine (floor ÷ raw), its steps written by
 * the workflow (a local activity) as here, and what Yiyang's own code costs on top (Yiyang ÷ floor).
 * A target above floor ÷ raw cannot be met by such a design; "Where a step goes" shows the floor of
 * a design whose API writes instead.
 */
function printFloor(pairs: Pair[]): void {
  out('\nThe floor (bench/engine/floor-api.ts: node:http, one committed row, the Temporal call; its batch runs right after the raw one):');
  out(
    `| measure | c | floor /s | floor p50 ms | floor ÷ raw (the best such a design reaches) | Yiyang ÷ floor | target | floor CPU ms / op (${CPU_PROCESSES.floor.join(' · ')}) |`,
  );
  out('|---|---|---|---|---|---|---|---|');
  for (const p of pairs) {
    const reach = p.floor.perSecond / p.raw.perSecond;
    const target = TARGETS[p.measure];
    out(
      `| ${p.measure} | ${p.c} | ${fmt(p.floor.perSecond)} | ${fmt(p.floor.p50)} | ${fmt(reach, 2)} | ${fmt(p.yiyang.perSecond / p.floor.perSecond, 2)} | ≥ ${target}: ${reach >= target ? 'within the floor' : 'above the floor'} | ${fmt(sum(p.cpuMsBy.floor))} (${p.cpuMsBy.floor.map((x) => fmt(x)).join(' · ')}) |`,
    );
  }
}

/**
 * A Temporal client with Yiyang's payload codec, sending decisions as the API does (the demo
 * township officer as the actor), for the step's breakdown.
 */
async function workflowClient(engine: Engine, dataDir: string, url: string) {
  const keys = loadConfig({ ...process.env, YIYANG_DATA_DIR: dataDir, DATABASE_URL: url }).payloadKeys;
  const client = new Client({ connection: engine.connection, dataConverter: yiyangDataConverter(keys) });
  const db = createDataSource(url);
  await db.initialize();
  let actor: Actor;
  try {
    const [u]: { id: string; role: Actor['role']; region_code: string; display_name: string }[] = await db.query(
      `SELECT id, role, region_code, display_name FROM users WHERE username = 'township.yushan'`,
    );
    actor = { userId: u.id, role: u.role, regionCode: u.region_code, displayName: u.display_name };
  } finally {
    await db.destroy();
  }
  return {
    async accept(c: { caseId: string; taskId: string }): Promise<void> {
      await client.workflow.getHandle(caseWorkflowId(c.caseId)).executeUpdate(completeTaskUpdate, {
        args: [{ taskId: c.taskId, step: 'acceptance', outcome: 'accept', comment: null, data: null, actor }],
      });
    },
  };
}

/**
 * Waits until none of these workflows has a workflow task scheduled or running (a started
 * workflow's first task runs after the start has answered).
 */
async function workflowTasksDone(client: Client, workflowIds: string[]): Promise<void> {
  for (const workflowId of workflowIds) {
    for (;;) {
      const d = await client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId } });
      if (!d.pendingWorkflowTask) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Counts the events of finished workflows' histories. */
async function eventsPerCase(client: Client, workflowIds: string[]): Promise<number> {
  let total = 0;
  for (const id of workflowIds) total += ((await client.workflow.getHandle(id).fetchHistory()).events ?? []).length;
  return total / workflowIds.length;
}

async function engineSection(dataDir: string): Promise<void> {
  const engine = await startEngine(true, dataDir);
  const dbName = process.env.BENCH_DB_NAME ?? 'yiyang_bench_engine';
  let yiyang: Awaited<ReturnType<typeof startYiyang>> | null = null;
  let floor: FloorSystem | null = null;
  try {
    const url = await freshDatabase(dbName, dataDir);
    const maxOpen = Math.max(0, ...OPEN_COUNTS);
    const wholeCases = CONCURRENCY.reduce((s, c) => s + perBatch(c), 0) * ROUNDS;
    const intakes = CONCURRENCY.reduce((s, c) => s + perBatch(c) * (c === 1 ? 3 : 2), 0) * ROUNDS;
    const ids = await prepareCases(url, maxOpen + wholeCases + intakes + 100);
    let nextId = 0;
    const taskQueue = `bench-yiyang-${randomUUID()}`;
    const address = `127.0.0.1:${TEMPORAL_PORT}`;
    yiyang = await startYiyang({
      url,
      temporalAddress: address,
      taskQueue,
      port: TEMPORAL_PORT + 1,
      dataDir,
      client: engine.client,
      workerEnv: { YIYANG_WORKFLOW_BUNDLE: await bundles(dataDir).yiyang },
    });
    const api = new YiyangClient(yiyang.port);
    const rss0 = { yiyang: rssMb(yiyang.worker.pid!), raw: rssMb(engine.rawWorker.pid!) };
    const of = (pid: number) => () => cpuSeconds(pid);
    /** CPU-second meters of each side's processes, in the order CPU_PROCESSES names them. */
    const yiyangCpu = [of(yiyang.api.pid!), of(yiyang.worker.pid!), of(engine.temporal.pid!), postgresCpuSeconds];
    const rawCpu = [of(engine.rawWorker.pid!), of(engine.temporal.pid!)];
    floor = await startFloor({ url, temporalAddress: address, port: TEMPORAL_PORT + 2, rawBundle: await bundles(dataDir).raw });
    const floorApi = new FloorClient(floor.port);
    const floorCpu = [of(floor.api.pid!), of(floor.worker.pid!), of(engine.temporal.pid!), postgresCpuSeconds];
    /**
     * A batch with the CPU its side's processes used, per operation (the other sides are idle
     * meanwhile). `settle` names workflows whose work goes on after their answer (a started
     * workflow's first task): the meters are read once none has a workflow task left, so that work
     * is counted with the batch that caused it and not with the next one.
     */
    const withCpu = async (
      meters: (() => number)[],
      run: () => Promise<{ samples: number[]; wallMs: number }>,
      settle?: () => string[],
    ): Promise<Batch> => {
      const before = meters.map((m) => m());
      const caller = process.cpuUsage();
      const batch = await run();
      const { user, system } = process.cpuUsage(caller);
      if (settle) await workflowTasksDone(engine.client, settle());
      const perOp = (ms: number) => ms / batch.samples.length;
      const cpuMsBy = meters.map((m, k) => perOp((m() - before[k]) * 1000));
      return { ...batch, cpuMsBy, callerMs: perOp((user + system) / 1000) };
    };
    /** The mean of each process's CPU over the rounds' batches. */
    const meanBy = (batches: Batch[]) => batches[0].cpuMsBy.map((_, k) => mean(batches.map((b) => b.cpuMsBy[k])));
    // Warm-up: a whole case each (bundles, caches, connections).
    await api.wholeCase(ids[nextId++]);
    const warm = await rawStart(engine, 3)();
    for (let k = 0; k < 3; k++) await rawStep(engine, 'none')(warm);
    await floorApi.wholeCase();

    // Where a step's time goes (c=1): the same decision sent straight to the case workflow (as the
    // API sends it, without the API), a raw Update that runs one local activity, and the floor with
    // the API writing the row (an Update with no activity after it).
    // Each batch's cases have run their first workflow task before it starts.
    const direct = await workflowClient(engine, dataDir, url);
    const breakdown = { direct: [] as Batch[], rawLocal: [] as Batch[], floorApiWrites: [] as Batch[] };
    const pairs: Pair[] = [];
    const finished = { yiyang: [] as string[], raw: [] as string[] };
    for (const c of CONCURRENCY) {
      const n = perBatch(c);
      const rounds: Record<string, { y: Batch[]; r: Batch[]; f: Batch[]; loads: string[] }> = {};
      const record = (m: string, y: Batch, r: Batch, f: Batch) => {
        rounds[m] ??= { y: [], r: [], f: [], loads: [] };
        rounds[m].y.push(y);
        rounds[m].r.push(r);
        rounds[m].f.push(f);
        rounds[m].loads.push(loadAverage().split(' ')[0]);
      };
      for (let round = 0; round < ROUNDS; round++) {
        log(`c=${c} round ${round + 1}/${ROUNDS}`);
        // Intake vs workflow.start; the cases opened here are the next measure's steps.
        const opened: { caseId: string; taskId: string }[] = [];
        const rawOpened: string[] = [];
        const yi = await withCpu(
          yiyangCpu,
          () => closedLoop(n, c, async () => void opened.push(await api.intake(ids[nextId++]))),
          () => opened.map((o) => caseWorkflowId(o.caseId)),
        );
        const ri = await withCpu(
          rawCpu,
          () => closedLoop(n, c, async () => void rawOpened.push(await rawStart(engine, 1)())),
          () => rawOpened,
        );
        const floorOpened: string[] = [];
        const fi = await withCpu(
          floorCpu,
          () => closedLoop(n, c, async () => void floorOpened.push(await floorApi.intake(1))),
          () => floorOpened,
        );
        record('intake', yi, ri, fi);
        // Step (acceptance) vs executeUpdate.
        const ys = await withCpu(yiyangCpu, () =>
          closedLoop(n, c, async (i) => void (await api.step('township.yushan', opened[i].taskId, 'acceptance', 'accept'))),
        );
        const rs = await withCpu(rawCpu, () => closedLoop(n, c, async (i) => rawStep(engine, 'none')(rawOpened[i])));
        const fs = await withCpu(floorCpu, () => closedLoop(n, c, async (i) => floorApi.step(floorOpened[i])));
        record('step', ys, rs, fs);
        if (c === 1) {
          const more: { caseId: string; taskId: string }[] = [];
          await closedLoop(n, 1, async () => void more.push(await api.intake(ids[nextId++])));
          await workflowTasksDone(
            engine.client,
            more.map((o) => caseWorkflowId(o.caseId)),
          );
          // Worker, Temporal and PostgreSQL: the API is idle.
          breakdown.direct.push(await withCpu(yiyangCpu.slice(1), () => closedLoop(n, 1, async (i) => direct.accept(more[i]))));
          const rawLocal: string[] = [];
          for (let i = 0; i < n; i++) rawLocal.push(await rawStart(engine, 1)());
          await workflowTasksDone(engine.client, rawLocal);
          breakdown.rawLocal.push(await withCpu(rawCpu, () => closedLoop(n, 1, async (i) => rawStep(engine, 'local')(rawLocal[i]))));
          const floorMore: string[] = [];
          for (let i = 0; i < n; i++) floorMore.push(await floorApi.intake(1));
          await workflowTasksDone(engine.client, floorMore);
          breakdown.floorApiWrites.push(await withCpu(floorCpu, () => closedLoop(n, 1, async (i) => floorApi.step(floorMore[i], 'api'))));
        }
        // Whole cases vs raw workflows with as many Updates, with the CPU each side used.
        const yw = await withCpu(yiyangCpu, () =>
          closedLoop(n, c, async () => void finished.yiyang.push(`case-${await api.wholeCase(ids[nextId++])}`)),
        );
        const rw = await withCpu(rawCpu, () =>
          closedLoop(n, c, async () => {
            const id = await rawStart(engine, 3)();
            for (let k = 0; k < 3; k++) await rawStep(engine, 'none')(id);
            finished.raw.push(id);
          }),
        );
        const fw = await withCpu(floorCpu, () => closedLoop(n, c, async () => void (await floorApi.wholeCase())));
        record('whole case', yw, rw, fw);
      }
      for (const [measure, r] of Object.entries(rounds)) {
        const roundRatios = r.y.map((y, k) => stats(y.samples, y.wallMs).perSecond / stats(r.r[k].samples, r.r[k].wallMs).perSecond);
        pairs.push({
          measure,
          c,
          yiyang: merge(r.y),
          raw: merge(r.r),
          floor: merge(r.f),
          roundRatios,
          cpuMsBy: { yiyang: meanBy(r.y), raw: meanBy(r.r), floor: meanBy(r.f) },
          callerMs: {
            yiyang: mean(r.y.map((b) => b.callerMs)),
            raw: mean(r.r.map((b) => b.callerMs)),
            floor: mean(r.f.map((b) => b.callerMs)),
          },
          loads: r.loads,
        });
      }
    }
    out('\n## Yiyang vs raw engine, interleaved rounds on one tuned dev server');
    out(
      `${ROUNDS} rounds per concurrency, each: Yiyang batch then raw batch (${CONCURRENCY.map((c) => `c=${c}: ${perBatch(c)} per batch`).join(', ')}). ` +
        'Yiyang: HTTP API (own process) + worker (own process) + PostgreSQL; raw: Temporal client in the benchmark process + worker (own process). ' +
        'Step: Yiyang completes acceptance (the answer carries the next task); raw: executeUpdate of a handler that only changes state. ' +
        `Whole case: intake + 3 steps vs workflow.start + 3 Updates. APIs and workers on Node ${processesNodeVersion()} (BENCH_NODE), the callers (this process) on ${process.version}.`,
    );
    printPairs(pairs);
    printFloor(pairs);
    out(
      '\nCPU per operation (ms; a whole case counts as one; Yiyang: API + worker + Temporal + PostgreSQL; raw: worker + Temporal, whose dev server keeps its own store), mean of the rounds:',
    );
    out(
      `| measure | c | Yiyang CPU ms / op | raw CPU ms / op | Yiyang ÷ raw | Yiyang by process (${CPU_PROCESSES.yiyang.join(' · ')}) | raw by process (${CPU_PROCESSES.raw.join(' · ')}) | caller, not in the totals: Yiyang · raw |`,
    );
    out('|---|---|---|---|---|---|---|---|');
    const split = (xs: number[]) => xs.map((x) => fmt(x)).join(' · ');
    for (const p of pairs)
      out(
        `| ${p.measure} | ${p.c} | ${fmt(sum(p.cpuMsBy.yiyang))} | ${fmt(sum(p.cpuMsBy.raw))} | ${fmt(sum(p.cpuMsBy.yiyang) / sum(p.cpuMsBy.raw), 2)}× | ${split(p.cpuMsBy.yiyang)} | ${split(p.cpuMsBy.raw)} | ${split([p.callerMs.yiyang, p.callerMs.raw])} |`,
      );
    const step1 = pairs.find((p) => p.measure === 'step' && p.c === 1);
    if (step1) {
      out('\nWhere a step goes (c=1, p50 of the same rounds): from the whole step down to a bare Update.');
      out(
        '| measure | p50 ms | p95 ms | CPU ms / op (worker, Temporal and PostgreSQL; through the API, the API too) | caller CPU ms / op (the benchmark process) |',
      );
      out('|---|---|---|---|---|');
      const cpuOf = (batches: Batch[]) => ({ cpu: mean(batches.map((b) => sum(b.cpuMsBy))), caller: mean(batches.map((b) => b.callerMs)) });
      const rows: [string, Stats, { cpu: number; caller: number }][] = [
        ['Yiyang step through the API (as above)', step1.yiyang, { cpu: sum(step1.cpuMsBy.yiyang), caller: step1.callerMs.yiyang }],
        ['the same decision sent straight to the case workflow (executeUpdate, no API)', merge(breakdown.direct), cpuOf(breakdown.direct)],
        [
          'the floor: over HTTP, an Update whose local activity commits one row (as in the floor table)',
          step1.floor,
          { cpu: sum(step1.cpuMsBy.floor), caller: step1.callerMs.floor },
        ],
        ['raw Update running one local activity', merge(breakdown.rawLocal), cpuOf(breakdown.rawLocal)],
        [
          'the floor with the API writing: over HTTP, one committed row, then an Update with no activity',
          merge(breakdown.floorApiWrites),
          cpuOf(breakdown.floorApiWrites),
        ],
        ['raw Update that only changes state (as above)', step1.raw, { cpu: sum(step1.cpuMsBy.raw), caller: step1.callerMs.raw }],
      ];
      for (const [name, st, c] of rows) out(`| ${name} | ${fmt(st.p50)} | ${fmt(st.p95)} | ${fmt(c.cpu)} | ${fmt(c.caller)} |`);
    }
    // Whole cases' CPU per case, over every concurrency and round (each concurrency runs as many rounds).
    const wholeCasePairs = pairs.filter((p) => p.measure === 'whole case');
    const caseCpu = {
      yiyang: mean(wholeCasePairs.map((p) => sum(p.cpuMsBy.yiyang))) / 1000,
      raw: mean(wholeCasePairs.map((p) => sum(p.cpuMsBy.raw))) / 1000,
    };
    const sample = (xs: string[]) => xs.slice(-10);
    const events = {
      yiyang: await eventsPerCase(engine.client, sample(finished.yiyang)),
      raw: await eventsPerCase(engine.client, sample(finished.raw)),
    };
    out('\n| per case | Yiyang | raw | ratio |');
    out('|---|---|---|---|');
    out(`| history events (intake → approval) | ${fmt(events.yiyang)} | ${fmt(events.raw)} | ${fmt(events.yiyang / events.raw, 2)}× |`);
    out(
      `| CPU-s (API + worker + Temporal + PostgreSQL; raw: worker + Temporal) | ${fmt(caseCpu.yiyang, 3)} | ${fmt(caseCpu.raw, 3)} | ${fmt(caseCpu.yiyang / caseCpu.raw, 2)}× |`,
    );

    // Worker memory by open cases (each waits at its first task; raw: each waits for its Update).
    const rssRows: string[] = [
      `| 0 | ${fmt(rss0.yiyang, 0)} | ${fmt(rss0.raw, 0)} | ${fmt(rss0.yiyang / rss0.raw, 2)}× | ${loadAverage()} |`,
    ];
    let openNow = 0;
    for (const target of OPEN_COUNTS) {
      const more = target - openNow;
      log(`opening ${more} more cases on each side (to ${target})`);
      await closedLoop(more, 32, async () => void (await api.intake(ids[nextId++])));
      await closedLoop(more, 32, async () => void (await rawStart(engine, 1)()));
      openNow = target;
      // Let both workers finish the first workflow tasks of what was just started.
      await new Promise((r) => setTimeout(r, 5000));
      const y = rssMb(yiyang.worker.pid!);
      const r = rssMb(engine.rawWorker.pid!);
      rssRows.push(`| ${target} | ${fmt(y, 0)} | ${fmt(r, 0)} | ${fmt(y / r, 2)}× | ${loadAverage()} |`);
    }
    out('\n| open cases | Yiyang worker RSS MB | raw worker RSS MB | ratio | load avg |');
    out('|---|---|---|---|---|');
    for (const row of rssRows) out(row);
    out(
      `(Yiyang's worker runs ${process.env.BENCH_TS_NODE === 'true' ? 'under ts-node' : 'from the production build (dist/)'}, the raw worker under ts-node; Yiyang with its configured cache of ${process.env.YIYANG_WORKER_MAX_CACHED_WORKFLOWS ?? 250} workflows, raw with the SDK's default.)`,
    );
  } finally {
    if (yiyang) {
      await stopProcess(yiyang.api);
      await stopProcess(yiyang.worker);
    }
    if (floor) {
      await stopProcess(floor.api);
      await stopProcess(floor.worker);
    }
    await engine.stop();
  }
}

/** The supervisor dashboards and the inbox with 32 concurrent users on 1,000,000 tasks, 250,000 open. */
async function dashboardsSection(dataDir: string): Promise<void> {
  const dbName = `${process.env.BENCH_DB_NAME ?? 'yiyang_bench_engine'}_dash`;
  const url = await freshDatabase(dbName, dataDir, true);
  const db = createDataSource(url);
  await db.initialize();
  try {
    if (!(await benchDataLoaded(db, 100))) {
      const [{ n }]: { n: number }[] = await db.query('SELECT count(*) AS n FROM tasks');
      if (Number(n) > 0) throw new Error(`${dbName} holds other data: drop it first`);
      log(`loading ${BENCH_TASKS} tasks (every case's last task open) into ${dbName} …`);
      await loadBenchData(db, log, 100);
      for (const table of ['persons', 'cases', 'tasks', 'escalations', 'users', 'regions']) await db.query(`VACUUM ANALYZE ${table}`);
    }
    const [row]: { tasks: number; open: number }[] = await db.query(
      `SELECT count(*) AS tasks, count(*) FILTER (WHERE completed_at IS NULL) AS open FROM tasks`,
    );
    out(`\n## Dashboards: 32 concurrent users, ${row.tasks} tasks of which ${row.open} open`);
    out('Closed loop (no think time: each user asks again as soon as answered, i.e. saturation):');
  } finally {
    await db.destroy();
  }
  const engine = await startEngine(true, dataDir);
  const port = TEMPORAL_PORT + 2;
  let api: ChildProcess | null = null;
  try {
    api = await startNodeProcess(
      appEntry('api'),
      {
        DATABASE_URL: url,
        TEMPORAL_ADDRESS: `127.0.0.1:${TEMPORAL_PORT}`,
        YIYANG_DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        PORT: String(port),
      },
      // No worker runs here, so health says "degraded" (503); the API is ready once it answers.
      async () => {
        const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as {
          checks?: { postgres?: { status: string } };
        };
        return health.checks?.postgres?.status === 'up';
      },
    );
    const client = new YiyangClient(port);
    const users = 32;
    const perUser = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 10);
    const plan: [string, string, string][] = [
      ['GET /api/auth/me (baseline)', '/api/auth/me', 'supervisor.county'],
      ['summary groupBy=region (county supervisor)', '/api/supervision/summary?groupBy=region', 'supervisor.county'],
      ['overdue drill-down (county supervisor)', '/api/supervision/overdue', 'supervisor.county'],
      ['inbox scope=role (township officer)', '/api/tasks?scope=role', 'township.yushan'],
      ['inbox scope=all (county supervisor)', '/api/tasks?scope=all', 'supervisor.county'],
    ];
    out('| request | n | /s | p50 ms | p95 ms | p95 / baseline p95 | target p95 < 50 ms | load avg |');
    out('|---|---|---|---|---|---|---|---|');
    let base: Stats | null = null;
    for (const [name, path, user] of plan) {
      await closedLoop(users, users, async () => void (await client.send('GET', path, user)));
      const st = merge([await closedLoop(users * perUser, users, async () => void (await client.send('GET', path, user)))]);
      base ??= st;
      out(
        `| ${name} | ${st.n} | ${fmt(st.perSecond)} | ${fmt(st.p50)} | ${fmt(st.p95)} | ${fmt(st.p95 / base.p95, 1)}× | ${st.p95 < 50 ? 'ok' : 'MISSED'} | ${loadAverage()} |`,
      );
    }
    // The same 32 users at a pace people keep: each asks again after a think time (mean
    // BENCH_DASHBOARD_THINK_MS, 1 s — a supervisor refreshing every second is already far above
    // real use). The closed loop above has no think time: it measures saturation, where p95 is
    // the queue of 32 requests in flight, not the time one request takes.
    const thinkMs = Number(process.env.BENCH_DASHBOARD_THINK_MS ?? 1000);
    out(`\n32 users, each sending ${perUser * 2} requests with a think time of mean ${thinkMs} ms between them:`);
    out('| request | n | offered /s | p50 ms | p95 ms | target p95 < 50 ms | load avg |');
    out('|---|---|---|---|---|---|---|');
    for (const [name, path, user] of plan) {
      const st = merge([await pacedUsers(users, perUser * 2, thinkMs, async () => void (await client.send('GET', path, user)))]);
      out(
        `| ${name} | ${st.n} | ${fmt(st.perSecond)} | ${fmt(st.p50)} | ${fmt(st.p95)} | ${st.p95 < 50 ? 'ok' : 'MISSED'} | ${loadAverage()} |`,
      );
    }
  } finally {
    await stopProcess(api);
    await engine.stop();
  }
}

/**
 * A case's workflow CPU with and without the worker's preload (apps/worker/src/workflow-threads.cjs,
 * which leaves out the SDK's per-promise stack tracking), in interleaved rounds: each round replays
 * the recorded case histories (test/replay/histories, today's design) in a process with the SDK's
 * default, then in one started as the worker is. Replay runs exactly the workflow code a live case
 * runs, without the server and the database, so what it measures is the workflow thread alone.
 */
async function workflowCpuSection(dataDir: string): Promise<void> {
  const dir = join(projectRoot(), 'test', 'replay', 'histories');
  const files = ['one-transaction-hardship-active.json', 'one-transaction-care-active.json'].map((f) => join(dir, f));
  const times = Number(process.env.BENCH_REPLAYS ?? 50);
  const bundle = await bundles(dataDir).yiyang;
  const replay = (tracking: boolean) =>
    new Promise<ReplayReport[]>((resolve, reject) => {
      const child = fork(join(projectRoot(), 'bench', 'engine', 'replay-child.ts'), [], {
        execArgv: [...workerNodeOptions('source'), '-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
        env: {
          ...process.env,
          YIYANG_WORKFLOW_BUNDLE: bundle,
          YIYANG_PAYLOAD_KEY: TEST_PAYLOAD_KEY,
          YIYANG_WORKFLOW_STACK_TRACES: String(tracking),
          REPLAY_FILES: files.join(','),
          REPLAY_TIMES: String(times),
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      child.once('message', (m) => resolve(m as ReplayReport[]));
      child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`replay exited with code ${code}`))));
    });
  const rows = new Map<string, { events: number; tracking: number[]; preload: number[] }>();
  const loads: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    log(`workflow-cpu round ${round + 1}/${ROUNDS}`);
    loads.push(loadAverage().split(' ')[0]);
    const [withTracking, withPreload] = [await replay(true), await replay(false)];
    for (const r of withTracking) {
      const row = rows.get(r.file) ?? { events: r.events, tracking: [], preload: [] };
      row.tracking.push(r.cpuMsPerReplay);
      row.preload.push(withPreload.find((p) => p.file === r.file)!.cpuMsPerReplay);
      rows.set(r.file, row);
    }
  }
  const p50 = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  out("\n## A case's workflow CPU: the SDK's default against the worker as started (its preload)");
  out(
    `${ROUNDS} interleaved rounds, each replaying every history ${times} times per process (p50 of rounds; load avg at each round's start: ${loads.join(', ')}).`,
  );
  out('| recorded history | events | CPU ms / replay, SDK default (stack tracking) | CPU ms / replay, as the worker runs | ratio |');
  out('|---|---|---|---|---|');
  for (const [file, row] of rows) {
    const [a, b] = [p50(row.tracking), p50(row.preload)];
    out(`| ${file} | ${row.events} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(b / a).toFixed(2)}× |`);
  }
}

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const dataDir = join(projectRoot(), '.data', `bench-engine-${TEMPORAL_PORT}`);
  mkdirSync(dataDir, { recursive: true });
  // Both sides share the machine's cores: a ratio read on 2 cores is not one read on 8.
  const cores = cpus();
  out(
    `# Yiyang vs raw Temporal (${new Date().toISOString()}, ${cores.length} cores (${cores[0]?.model.trim() ?? 'unknown'}), load average at start ${loadAverage()})`,
  );
  if (wants('tuning')) await tuning(dataDir);
  if (wants('engine')) await engineSection(dataDir);
  if (wants('dashboards')) await dashboardsSection(dataDir);
  if (wants('workflow-cpu')) await workflowCpuSection(dataDir);
  out(`load average at the end: ${loadAverage()}`);
}

if (require.main === module) {
  void main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
