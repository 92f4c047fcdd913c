import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createDataSource,
  DEMO_PASSWORD,
  runMigrations,
  seedDemoCareHomes,
  seedDemoRoster,
  seedDemoUsers,
  seedReferenceData,
} from '@app/persistence';
import {
  builtWorkerArgs,
  ensureTemporalCli,
  hashPassword,
  JsonLogger,
  configureLogging,
  loadConfig,
  ProcessSupervisor,
  projectRoot,
  resolveDatabase,
  startTemporalDevServer,
  waitForPort,
} from '@app/runtime';
import { buildWorkflowBundle } from '@app/runtime/workflow-bundle';
import { upCluster } from './cluster/up-cluster';
import { temporalSetup } from './cluster/temporal-setup';
import { reportChild } from './report-child';

const log = new JsonLogger('cli');

async function prepareDatabase(url: string, demo: boolean): Promise<string[]> {
  const ran = await runMigrations(url);
  const db = createDataSource(url);
  await db.initialize();
  try {
    await seedReferenceData(db);
    if (demo) {
      await seedDemoUsers(db, hashPassword);
      await seedDemoCareHomes(db);
      await seedDemoRoster(db);
    }
  } finally {
    await db.destroy();
  }
  return ran;
}

async function bundleWorkflows(): Promise<void> {
  const out = join(projectRoot(), 'dist', 'workflow-bundle.js');
  mkdirSync(join(projectRoot(), 'dist'), { recursive: true });
  const bundle = await buildWorkflowBundle();
  writeFileSync(out, bundle.code);
  log.write('info', 'workflow bundle written', { path: out, bytes: bundle.code.length });
}

/** Starts everything on embedded defaults: database, Temporal, migrations, worker, API. */
async function up(): Promise<void> {
  const config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const started = Date.now();
  const db = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    databaseName: config.databaseName,
    dataDir: config.dataDir,
    log: (m) => log.write('info', m),
  });
  log.write('info', 'database ready', { source: db.source });
  const migrations = await prepareDatabase(db.url, config.demoData);
  log.write('info', 'migrations applied', { count: migrations.length });

  // Every child is supervised: one that dies is started again with backoff while the others keep
  // running; the Temporal dev server comes back on the same SQLite file, so nothing is lost.
  const supervisor = new ProcessSupervisor((e) => reportChild(log, e));
  const temporalAddress = config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`;
  if (!config.temporalAddress) {
    const cli = ensureTemporalCli();
    await supervisor.add({
      name: 'temporal',
      stopSignal: 'SIGINT',
      start: () =>
        startTemporalDevServer({
          cliPath: cli,
          port: config.temporalPort,
          uiPort: config.temporalUiPort,
          dbFile: join(config.dataDir, 'temporal.sqlite'),
          logFile: join(config.dataDir, 'temporal.log'),
        }),
    });
    log.write('info', 'temporal dev server started', { temporal: temporalAddress });
  }

  const env = { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporalAddress, TZ: 'UTC', YIYANG_DATA_DIR: config.dataDir };
  const root = projectRoot();
  const node = (args: string[]) => () => spawn(process.execPath, args, { env, stdio: 'inherit' });
  await supervisor.add({ name: 'worker', start: node(builtWorkerArgs(root)) });
  await supervisor.add({ name: 'api', start: node([join(root, 'dist', 'apps', 'api', 'main.js')]) });

  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.write('info', 'stopping', { why });
    await supervisor.stop(['api', 'worker', 'temporal']);
    await db.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await waitForPort(config.port, '127.0.0.1', 120000);
  const base = `http://localhost:${config.port}`;
  const lines = [
    '',
    '颐养 Yiyang is running.',
    `  Console            ${base}/console/   (log in with a demo user below)`,
    `  API                ${base}/api`,
    `  OpenAPI docs       ${base}/api/docs   (JSON: ${base}/api/docs-json)`,
    `  Health             ${base}/api/health`,
    config.temporalAddress
      ? `  Temporal           ${temporalAddress} (external)`
      : `  Temporal UI        http://localhost:${config.temporalUiPort}   (gRPC ${temporalAddress})`,
    `  Database           ${db.source}`,
    `  Started in         ${((Date.now() - started) / 1000).toFixed(1)} s`,
    '',
    'Log in:',
    `  curl -s -X POST ${base}/api/auth/login -H 'Content-Type: application/json' -d '{"username":"township.yushan","password":"${DEMO_PASSWORD}"}'`,
  ];
  if (config.demoData) {
    lines.push('', `Demo users (password ${DEMO_PASSWORD}):`);
    const { DEMO_USERS } = await import('@app/persistence');
    for (const u of DEMO_USERS) lines.push(`  ${u.username.padEnd(20)} ${u.role.padEnd(17)} region ${u.regionCode}  ${u.displayName}`);
  } else {
    lines.push('', 'No demo users (YIYANG_DEMO_DATA is not true): create users with the admin tooling.');
  }
  lines.push('', 'Press Ctrl+C to stop; cases and running workflows are kept in the data directory.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  const settings = loadConfig();
  configureLogging({ level: settings.logLevel, file: settings.logFile });
  const command = process.argv[2];
  switch (command) {
    case 'up':
      // YIYANG_TEMPORAL=cluster: the real Temporal server on PostgreSQL, several workers and APIs.
      return process.env.YIYANG_TEMPORAL === 'cluster' ? upCluster(prepareDatabase) : up();
    case 'temporal-setup':
      return temporalSetup();
    case 'migrate': {
      const config = loadConfig();
      const db = await resolveDatabase({ databaseUrl: config.databaseUrl, databaseName: config.databaseName, dataDir: config.dataDir });
      const ran = await prepareDatabase(db.url, config.demoData);
      log.write('info', 'migrations applied', { ran });
      await db.stop();
      return;
    }
    case 'bundle-workflows':
      return bundleWorkflows();
    default:
      process.stderr.write('usage: cli <up|migrate|bundle-workflows|temporal-setup>\n');
      process.exit(2);
  }
}

main().catch((err: unknown) => {
  log.write('error', 'command failed', { err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
  process.exit(1);
});
