import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
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
  ensureTemporalCli,
  hashPassword,
  JsonLogger,
  loadConfig,
  projectRoot,
  resolveDatabase,
  startTemporalDevServer,
  waitForPort,
} from '@app/runtime';
import { buildApiDocumentOffline } from '../../api/src/openapi-document';
import { buildWorkflowBundle } from '../../worker/src/workflow-bundle';
import { upCluster } from './cluster/up-cluster';
import { temporalSetup } from './cluster/temporal-setup';

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

function stop(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
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

  let temporal: ChildProcess | null = null;
  const temporalAddress = config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`;
  if (!config.temporalAddress) {
    const cli = ensureTemporalCli();
    temporal = await startTemporalDevServer({
      cliPath: cli,
      port: config.temporalPort,
      uiPort: config.temporalUiPort,
      dbFile: join(config.dataDir, 'temporal.sqlite'),
      logFile: join(config.dataDir, 'temporal.log'),
    });
    log.write('info', 'temporal dev server started', { temporal: temporalAddress });
  }

  const env = { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporalAddress, TZ: 'UTC', YIYANG_DATA_DIR: config.dataDir };
  const root = projectRoot();
  const worker = spawn(process.execPath, [join(root, 'dist', 'apps', 'worker', 'main.js')], { env, stdio: 'inherit' });
  const api = spawn(process.execPath, [join(root, 'dist', 'apps', 'api', 'main.js')], { env, stdio: 'inherit' });

  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.write('info', 'stopping', { why });
    await Promise.all([stop(api), stop(worker)]);
    await stop(temporal, 'SIGINT');
    await db.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  for (const [name, child] of [
    ['api', api],
    ['worker', worker],
  ] as const) {
    child.once('exit', (code) => {
      if (!stopping) {
        log.write('error', `${name} exited`, { code });
        void shutdown(`${name} exited`);
      }
    });
  }

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
    case 'openapi': {
      // The API's OpenAPI document, built without a database: the console's client is generated from it.
      const doc = await buildApiDocumentOffline();
      writeFileSync(process.argv[3] ?? '/dev/stdout', JSON.stringify(doc, null, 2) + '\n');
      return;
    }
    default:
      process.stderr.write('usage: cli <up|migrate|bundle-workflows|temporal-setup|openapi [file]>\n');
      process.exit(2);
  }
}

main().catch((err: unknown) => {
  log.write('error', 'command failed', { err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
  process.exit(1);
});
