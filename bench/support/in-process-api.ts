import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ensureTemporalCli, startTemporalDevServer } from '@app/runtime';

export interface InProcessApi {
  port: number;
  /** Closes the API, then stops the Temporal dev server if this started one. */
  close(): Promise<void>;
}

/**
 * The real API in this process on a free loopback port, over `url`, with a Temporal dev server on
 * `temporalPort` unless TEMPORAL_ADDRESS is set (the benches that read over HTTP).
 */
export async function startInProcessApi(
  url: string,
  dataDir: string,
  temporalPort: number,
  log?: (m: string) => void,
): Promise<InProcessApi> {
  let temporal: ChildProcess | null = null;
  if (!process.env.TEMPORAL_ADDRESS) {
    log?.(`starting a Temporal dev server on 127.0.0.1:${temporalPort}`);
    temporal = await startTemporalDevServer({
      cliPath: ensureTemporalCli(),
      port: temporalPort,
      uiPort: null,
      dbFile: null,
      logFile: join(dataDir, 'temporal.log'),
    });
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
  }
  // Loaded after the environment is set: the API module reads it when it starts.
  const { createApiApp } = await import('../../apps/api/src/create-app');
  const app = await createApiApp(url, { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    port,
    async close() {
      await app.close();
      if (temporal && temporal.exitCode === null) {
        const exited = new Promise((resolve) => temporal!.once('exit', resolve));
        temporal.kill('SIGINT');
        await exited;
      }
    },
  };
}
