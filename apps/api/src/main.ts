import { writeFileSync } from 'node:fs';
import 'reflect-metadata';
import { configureLogging, JsonLogger, loadConfig, resolveDatabase, YIYANG_CONFIG, type YiyangConfig } from '@app/runtime';
import { createApiApp } from './create-app';
import { buildApiDocumentOffline } from './openapi-document';
import { HttpMetrics, metricsPort } from './metrics/http-metrics';

async function bootstrap(): Promise<void> {
  // Before Nest exists, only to find the database; the app then injects its own validated copy.
  const boot = loadConfig();
  configureLogging({ level: boot.logLevel, file: boot.logFile });
  const db = await resolveDatabase({ databaseUrl: boot.databaseUrl, databaseName: boot.databaseName, dataDir: boot.dataDir });
  const port = metricsPort();
  const metrics = port ? new HttpMetrics({ labels: { process: process.env.YIYANG_PROCESS_NAME ?? 'api' } }) : undefined;
  const app = await createApiApp(db.url, { metrics });
  if (metrics && port) await metrics.listen(port);
  const config = app.get<YiyangConfig>(YIYANG_CONFIG);
  // Loopback unless HOST says otherwise: a reverse proxy or a container publishes the API deliberately.
  await app.listen(config.port, config.host);
  new JsonLogger('api').write('info', 'api listening', { host: config.host, port: config.port });
}

/** `node dist/apps/api/main.js openapi [file]`: the OpenAPI document, built without a database (the console's client is generated from it). */
async function writeOpenApiDocument(file: string | undefined): Promise<void> {
  const doc = await buildApiDocumentOffline();
  writeFileSync(file ?? '/dev/stdout', JSON.stringify(doc, null, 2) + '\n');
}

void (process.argv[2] === 'openapi' ? writeOpenApiDocument(process.argv[3]) : bootstrap()).catch((err: unknown) => {
  new JsonLogger('api').write('error', 'api failed to start', { err });
  process.exit(1);
});
