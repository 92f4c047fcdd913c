import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { configureLogging, JsonLogger, loadConfig, resolveDatabase } from '@app/runtime';
import { CaseWorkerService } from './case-worker.service';
import { prometheusMetrics } from './metrics';
import { WorkerModule } from './worker.module';

/** How long a failed worker's process waits for its shutdown (sweeps, connections) before it ends anyway. */
const FAILED_SHUTDOWN_MS = 20_000;

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  configureLogging({ level: config.logLevel, file: config.logFile });
  const log = new JsonLogger('worker');
  Runtime.install({
    // The SDK's default also shuts its workers down on SIGQUIT and SIGUSR2 and leaves the process
    // running, polling nothing, where no supervisor replaces it. Nest owns SIGTERM and SIGINT below
    // (the worker shuts down gracefully, then the process ends); any other signal ends the process.
    shutdownSignals: [],
    logger: {
      log: (level, message, meta) =>
        log.write(level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : level === 'INFO' ? 'info' : 'debug', message, meta ?? {}),
      trace: () => undefined,
      debug: () => undefined,
      info: (m, meta) => log.write('info', m, meta ?? {}),
      warn: (m, meta) => log.write('warn', m, meta ?? {}),
      error: (m, meta) => log.write('error', m, meta ?? {}),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} }, ...prometheusMetrics() },
  });
  const db = await resolveDatabase({ databaseUrl: config.databaseUrl, databaseName: config.databaseName, dataDir: config.dataDir });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, db.url), { logger: log });
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  log.write('info', 'worker ready');
  // A Temporal worker that failed polls nothing again: the process ends (code 1) instead of living
  // on idle, so that `make start`'s supervisor or the container's restart policy starts another.
  void app.get(CaseWorkerService).failed.then(async () => {
    log.write('error', 'worker process ending: its Temporal worker failed');
    const cutOff = setTimeout(() => process.exit(1), FAILED_SHUTDOWN_MS);
    cutOff.unref();
    await app.close().catch(() => undefined);
    process.exit(1);
  });
}

void bootstrap().catch((err: unknown) => {
  new JsonLogger('worker').write('error', 'worker failed to start', { err });
  process.exit(1);
});
