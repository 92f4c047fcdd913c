import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { workerNodeOptions } from '@app/runtime';
import { startNodeProcess } from './processes';
import { requestJson } from './load';

export interface FloorSystem {
  api: ChildProcess;
  worker: ChildProcess;
  port: number;
}

/** The floor's API and worker as their own processes, like Yiyang's (see floor-api.ts). */
export async function startFloor(opts: { url: string; temporalAddress: string; port: number; rawBundle: string }): Promise<FloorSystem> {
  const taskQueue = `bench-floor-${randomUUID()}`;
  const worker = await startNodeProcess(
    'bench/engine/raw-worker.ts',
    {
      TEMPORAL_ADDRESS: opts.temporalAddress,
      RAW_TASK_QUEUE: taskQueue,
      RAW_WORKFLOW_BUNDLE: opts.rawBundle,
      FLOOR_DATABASE_URL: opts.url,
    },
    undefined,
    workerNodeOptions('source'),
  );
  const api = await startNodeProcess('bench/engine/floor-api.ts', {
    DATABASE_URL: opts.url,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    RAW_TASK_QUEUE: taskQueue,
    PORT: String(opts.port),
  });
  return { api, worker, port: opts.port };
}

/** The floor's HTTP client: the same keep-alive fetch as Yiyang's (YiyangClient), without a token. */
export class FloorClient {
  constructor(private readonly port: number) {}

  private send<T>(path: string, body: unknown): Promise<T> {
    return requestJson<T>(`http://127.0.0.1:${this.port}${path}`, `floor ${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A committed row and a started workflow of `steps` steps; returns its workflow id. */
  async intake(steps: number): Promise<string> {
    return (await this.send<{ id: string }>('/intake', { steps })).id;
  }

  /**
   * An Update whose local activity commits a row (`workflow`, the design this project follows), or
   * (`api`) the row committed by the API and then an Update with no activity.
   */
  async step(workflowId: string, writer: 'workflow' | 'api' = 'workflow'): Promise<void> {
    await this.send(`/step/${workflowId}`, { writer });
  }

  /** Intake and three steps, like Yiyang's whole case. */
  async wholeCase(): Promise<void> {
    const id = await this.intake(3);
    for (let k = 0; k < 3; k++) await this.step(id);
  }
}
