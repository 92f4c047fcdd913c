import './register-paths';
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, runMigrations, seedDemoUsers, seedReferenceData } from '@app/persistence';
import { dropDatabaseIfExists, ensureTemporalCli, hashPassword, resolveDatabase, startTemporalDevServer } from '@app/runtime';
import { buildWorkflowBundle } from '../../apps/worker/src/workflow-bundle';
import { TEST_PAYLOAD_KEY } from '../support/test-payload-key';

/**
 * Real servers for the e2e project: a Temporal dev server of its own (other ports than the
 * running system, in memory), a fresh PostgreSQL database, migrations, reference data and the
 * demo users; and the workflow bundle, built once and checked here.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  const root = join(__dirname, '..', '..');
  const port = Number(process.env.TEST_TEMPORAL_PORT ?? 17233);
  const runDir = join(root, '.data', `test-run-${port}`);
  mkdirSync(runDir, { recursive: true });
  const g = globalThis as Record<string, unknown>;

  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    const cli = ensureTemporalCli();
    g.__temporal = await startTemporalDevServer({ cliPath: cli, port, uiPort: null, dbFile: null, logFile: join(runDir, 'temporal.log') });
  }
  process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS ?? `127.0.0.1:${port}`;

  const dbName = process.env.TEST_DB_NAME ?? 'yiyang_test';
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await resolveDatabase({ databaseName: 'postgres', dataDir: runDir, embeddedPort: port + 37000 });
    g.__db = db;
    const u = new URL(db.url);
    const admin = {
      host: u.hostname,
      port: Number(u.port),
      user: decodeURIComponent(u.username),
      password: u.password ? decodeURIComponent(u.password) : undefined,
    };
    await dropDatabaseIfExists(admin, dbName);
    const { ensureDatabaseExists } = await import('@app/runtime');
    await ensureDatabaseExists(admin, dbName);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  process.env.DATABASE_URL = url;
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  await seedReferenceData(ds);
  await seedDemoUsers(ds, hashPassword);
  await ds.destroy();

  const bundle = await buildWorkflowBundle();
  const bundlePath = join(runDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  process.env.YIYANG_WORKFLOW_BUNDLE = bundlePath;
  process.env.YIYANG_DATA_DIR = runDir;
  // A fixed, test-only payload key, so histories recorded by `npm run record:histories` replay on any clone.
  process.env.YIYANG_PAYLOAD_KEY ??= TEST_PAYLOAD_KEY;
  // Every log line of the suite (HTTP access logs included) goes to one file, scanned for personal
  // data by global teardown.
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'info';
  process.env.YIYANG_LOG_FILE ??= join(runDir, 'suite.log');
  writeFileSync(process.env.YIYANG_LOG_FILE, '');
  // Each test file runs its own worker on its own task queue; the one that tests schedules makes its own.
  process.env.YIYANG_SCHEDULES = 'false';
}
