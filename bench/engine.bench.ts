/**
 * Yiyang against the raw Temporal engine it runs on, side by side on the same dev server, in
 * interleaved rounds (make bench-engine). Sections: `tuning` (the dev server's dynamic config,
 * before/after, on the raw engine), `engine` (intake, step, whole cases at c=1/8/32, events and
 * CPU per case, worker RSS by open cases), `dashboards` (32 concurrent users on 1M tasks).
 * Pass section names to run only some: `make bench-engine ARGS="tuning"`.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ensureTemporalCli, projectRoot, startTemporalDevServer } from '@app/runtime';
import { closedLoop, merge, type Stats } from './engine/load';
import { cpuSeconds, loadAverage, startNodeProcess, stopProcess } from './engine/processes';
import { rawStepUpdate, type RawWork } from './engine/raw.workflows';

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
  const rawWorker = await startNodeProcess('bench/engine/raw-worker.ts', { TEMPORAL_ADDRESS: address, RAW_TASK_QUEUE: rawQueue });
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
  const results: Record<string, Stats> = {};
  const loads: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const tuned of [false, true]) {
      const engine = await startEngine(tuned, dataDir);
      try {
        const ids: string[] = [];
        for (let i = 0; i < n * works.length + 4; i++) ids.push(await rawStart(engine, 1)());
        let k = 0;
        for (const work of works) {
          const step = rawStep(engine, work);
          await step(ids[k++]); // warm-up
          const r = await closedLoop(n, 1, async () => step(ids[k++]));
          const key = `${work}|${tuned}`;
          const prev = results[key];
          results[key] = prev ? merge([{ samples: [], wallMs: 0 }, r]) : merge([r]);
          (results as Record<string, unknown>)[`${key}|rounds`] = [
            ...(((results as Record<string, unknown>)[`${key}|rounds`] as unknown[]) ?? []),
            r,
          ];
        }
        loads.push(loadAverage());
      } finally {
        await engine.stop();
      }
    }
  }
  out('\n## Dev server dynamic config: one raw Update (c=1), Temporal defaults vs Yiyang tuned');
  out('| step does | defaults p50 ms | tuned p50 ms | defaults/s | tuned/s |');
  out('|---|---|---|---|---|');
  for (const work of works) {
    const rounds = (tuned: boolean) =>
      (results as Record<string, unknown>)[`${work}|${tuned}|rounds`] as { samples: number[]; wallMs: number }[];
    const d = merge(rounds(false));
    const t = merge(rounds(true));
    out(`| ${work} | ${d.p50.toFixed(1)} | ${t.p50.toFixed(1)} | ${d.perSecond.toFixed(1)} | ${t.perSecond.toFixed(1)} |`);
  }
  out(`load averages (1/5/15 min) after each server run: ${loads.join(' · ')}`);
}

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const dataDir = join(projectRoot(), '.data', `bench-engine-${TEMPORAL_PORT}`);
  mkdirSync(dataDir, { recursive: true });
  out(`# Yiyang vs raw Temporal (${new Date().toISOString()}, load average at start ${loadAverage()})`);
  if (wants('tuning')) await tuning(dataDir);
  void cpuSeconds;
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
