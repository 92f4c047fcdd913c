import 'reflect-metadata';
import { JsonLogger, loadConfig, resolveDatabase } from '@app/runtime';
import { createApiApp } from './create-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const db = await resolveDatabase({ databaseUrl: config.databaseUrl, databaseName: config.databaseName, dataDir: config.dataDir });
  const app = await createApiApp(db.url);
  // Loopback unless HOST says otherwise: a reverse proxy or a container publishes the API deliberately.
  await app.listen(config.port, config.host);
  new JsonLogger('api').write('info', 'api listening', { host: config.host, port: config.port });
}

void bootstrap().catch((err: unknown) => {
  new JsonLogger('api').write('error', 'api failed to start', { err });
  process.exit(1);
});
