import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ensureTemporalCli, freePort, startTemporalDevServer } from '@app/runtime';
import { appEntry, startNodeProcess, stopProcess } from '../engine/processes';

export interface InProcessApi {
  port: number;
  /** The API's process (this one for the in-process API). */
  pid: number;
  /** Closes the API, then stops the Temporal dev server if this started one. */
  close(): Promise<void>;
}

/**
 * The real API in this process on a free loopback port, over `url`, with a Temporal dev server on
 * `temporalPort` unless TEMPORAL_ADDRESS is set (the benches that read over HTTP).
 */
/** The API over `url`, with a Temporal dev server on `temporalPort` unless TEMPORAL_ADDRESS is set. */
type StartApi = (url: string, dataDir: string, temporalPort: number, log?: (m: string) => void) => Promise<InProcessApi>;

export const startInProcessApi: StartApi = async (url, dataDir, temporalPort, log) => {
  const temporal = await ensureTemporal(dataDir, temporalPort, log);
  // Loaded after the environment is set: the API module reads it when it starts.
  const { createApiApp } = await import('../../apps/api/src/create-app');
  const app = await createApiApp(url, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    port,
    pid: process.pid,
    async close() {
      await app.close();
      await stopTemporal(temporal);
    },
  };
};

/**
 * The real API as its own process, as `make start` runs it (the build in dist/, or the sources with
 * BENCH_TS_NODE=true), on a free loopback port: for a bench whose client must not share the API's
 * event loop (a browser driven from this process).
 */
export const startApiProcess: StartApi = async (url, dataDir, temporalPort, log) => {
  const temporal = await ensureTemporal(dataDir, temporalPort, log);
  const port = await freePort();
  const api = await startNodeProcess(
    appEntry('api'),
    { DATABASE_URL: url, YIYANG_DATA_DIR: dataDir, YIYANG_SCHEDULES: 'false', LOG_LEVEL: 'error', PORT: String(port) },
    // Answering is enough: health says "degraded" here, as no worker runs for this read-only bench.
    async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status > 0,
  );
  return {
    port,
    pid: api.pid!,
    async close() {
      await stopProcess(api);
      await stopTemporal(temporal);
    },
  };
};

/** A Temporal dev server on `temporalPort`, unless TEMPORAL_ADDRESS names one already. */
async function ensureTemporal(dataDir: string, temporalPort: number, log?: (m: string) => void): Promise<ChildProcess | null> {
  if (process.env.TEMPORAL_ADDRESS) return null;
  log?.(`starting a Temporal dev server on 127.0.0.1:${temporalPort}`);
  const temporal = await startTemporalDevServer({
    cliPath: ensureTemporalCli(),
    port: temporalPort,
    uiPort: null,
    dbFile: null,
    logFile: join(dataDir, 'temporal.log'),
  });
  process.env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
  return temporal;
}

async function stopTemporal(temporal: ChildProcess | null): Promise<void> {
  if (!temporal || temporal.exitCode !== null) return;
  const exited = new Promise((resolve) => temporal.once('exit', resolve));
  temporal.kill('SIGINT');
  await exited;
}
