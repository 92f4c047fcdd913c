import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  builtWorkerArgs,
  CLUSTER_SERVICES,
  clusterPorts,
  ensureNamespaceAndSearchAttributes,
  ensureTemporalServer,
  JsonLogger,
  loadConfig,
  ProcessSupervisor,
  migrateTemporalDatabases,
  projectRoot,
  resolveDatabase,
  spawnClusterService,
  temporalDatabaseOptions,
  waitForPort,
  writeClusterConfig,
} from '@app/runtime';
import { reportChild } from '../report-child';

const log = new JsonLogger('cli');

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** What `up` in cluster mode writes to `<data dir>/cluster.json`: the failover drill reads it. */
export interface ClusterStatus {
  ready: boolean;
  temporalAddress: string;
  /** The app's database (for drills and the cluster specs); the file is readable by its owner only. */
  databaseUrl: string;
  processes: {
    name: string;
    kind: 'temporal' | 'worker' | 'api';
    pid: number | undefined;
    port?: number;
    metricsPort?: number;
    restarts: number;
  }[];
}

/**
 * `YIYANG_TEMPORAL=cluster make start`: the real Temporal server on PostgreSQL (frontend,
 * history, matching and worker services as separate processes) instead of the dev server, plus
 * YIYANG_WORKER_REPLICAS workers and YIYANG_API_REPLICAS API processes (2 each by default, APIs on
 * PORT, PORT+1, …). Every process is restarted if it dies. The app's secrets (JWT, payload key)
 * are created here, before any child starts, so every process reads the same files.
 */
export async function upCluster(prepareDatabase: (url: string, demo: boolean) => Promise<string[]>): Promise<void> {
  const started = Date.now();
  const timings: Record<string, number> = {};
  const lap = (name: string, since: number) => (timings[name] = Math.round((Date.now() - since) / 100) / 10);

  const config = loadConfig();
  if (config.temporalAddress) throw new Error('YIYANG_TEMPORAL=cluster runs its own Temporal cluster: unset TEMPORAL_ADDRESS');
  mkdirSync(config.dataDir, { recursive: true });
  const workers = positiveInt('YIYANG_WORKER_REPLICAS', 2);
  const apis = positiveInt('YIYANG_API_REPLICAS', 2);
  const shards = positiveInt('TEMPORAL_NUM_HISTORY_SHARDS', 8);
  const metricsBase = positiveInt('YIYANG_METRICS_PORT', config.temporalPort + 300);
  const ports = clusterPorts(config.temporalPort);
  const address = `127.0.0.1:${ports.grpc.frontend}`;

  let t = Date.now();
  const db = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    databaseName: config.databaseName,
    dataDir: config.dataDir,
    log: (m) => log.write('info', m),
  });
  const migrations = await prepareDatabase(db.url, config.demoData);
  lap('appDatabase', t);
  log.write('info', 'database ready', { source: db.source, migrations: migrations.length });

  t = Date.now();
  const bin = ensureTemporalServer();
  lap('serverBuild', t);

  t = Date.now();
  const dir = join(config.dataDir, 'temporal-cluster');
  mkdirSync(dir, { recursive: true });
  const tdb = temporalDatabaseOptions(db.url);
  migrateTemporalDatabases(bin, tdb, join(dir, 'schema.log'));
  lap('temporalSchema', t);
  log.write('info', 'temporal databases ready', { databases: [tdb.databaseName, tdb.visibilityDatabaseName] });

  writeClusterConfig({ dir, frontendPort: config.temporalPort, db: tdb, numHistoryShards: shards });
  const processes: { name: string; kind: 'temporal' | 'worker' | 'api'; port?: number; metricsPort?: number }[] = [];
  const statusFile = join(config.dataDir, 'cluster.json');
  let ready = false;
  const writeStatus = () => {
    const status: ClusterStatus = {
      ready,
      temporalAddress: address,
      databaseUrl: db.url,
      processes: processes.map((p) => ({
        name: p.name,
        kind: p.kind,
        pid: supervisor.pid(p.name),
        port: p.port,
        metricsPort: p.metricsPort,
        restarts: supervisor.restarts(p.name),
      })),
    };
    writeFileSync(statusFile, JSON.stringify(status, null, 2) + '\n', { mode: 0o600 });
  };
  // Restarts a child that dies (crash, kill -9, OOM) with a backoff, as systemd or an orchestrator
  // would in production; cluster.json follows every start and exit.
  const supervisor = new ProcessSupervisor((e) => {
    reportChild(log, e);
    writeStatus();
  });

  t = Date.now();
  const startService = async (service: (typeof CLUSTER_SERVICES)[number]) => {
    const name = `temporal-${service}`;
    processes.push({ name, kind: 'temporal', port: ports.grpc[service], metricsPort: ports.metrics[service] });
    await supervisor.add({ name, start: () => spawnClusterService(bin, dir, service) });
  };
  // One service first: on new databases each process writes the cluster metadata at start, and
  // when four race, the losers exit on the duplicate key (restarted, but a restart nonetheless).
  // A service serves gRPC only once the metadata is in place.
  const [first, ...others] = CLUSTER_SERVICES;
  await startService(first);
  await waitForPort(ports.grpc[first], '127.0.0.1', 120_000);
  for (const service of others) await startService(service);
  await waitForPort(ports.grpc.frontend, '127.0.0.1', 120_000);
  const setup = await ensureNamespaceAndSearchAttributes({
    address,
    namespace: config.temporalNamespace,
    retentionDays: positiveInt('TEMPORAL_RETENTION_DAYS', 30),
    log: (m) => log.write('info', m),
  });
  lap('temporalServices', t);
  log.write('info', 'temporal cluster ready', { temporal: address, ...setup });

  t = Date.now();
  const root = projectRoot();
  const baseEnv = { ...process.env, DATABASE_URL: db.url, TEMPORAL_ADDRESS: address, TZ: 'UTC', YIYANG_DATA_DIR: config.dataDir };
  for (let i = 0; i < workers; i++) {
    const metricsPort = metricsBase + i;
    const name = `worker-${i + 1}`;
    processes.push({ name, kind: 'worker', metricsPort });
    await supervisor.add({
      name,
      start: () =>
        spawn(process.execPath, builtWorkerArgs(root), {
          env: { ...baseEnv, YIYANG_METRICS_PORT: String(metricsPort), YIYANG_PROCESS_NAME: name },
          stdio: 'inherit',
        }),
    });
  }
  for (let i = 0; i < apis; i++) {
    const port = config.port + i;
    const metricsPort = metricsBase + 10 + i;
    const name = `api-${i + 1}`;
    processes.push({ name, kind: 'api', port, metricsPort });
    await supervisor.add({
      name,
      start: () =>
        spawn(process.execPath, [join(root, 'dist', 'apps', 'api', 'main.js')], {
          env: { ...baseEnv, PORT: String(port), YIYANG_METRICS_PORT: String(metricsPort), YIYANG_PROCESS_NAME: name },
          stdio: 'inherit',
        }),
    });
  }
  await Promise.all(processes.filter((p) => p.kind === 'api').map((p) => waitForPort(p.port!, '127.0.0.1', 120_000)));
  lap('workersAndApis', t);
  ready = true;
  writeStatus();

  let stopping = false;
  const shutdown = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.write('info', 'stopping', { why });
    await supervisor.stop(processes.filter((p) => p.kind !== 'temporal').map((p) => p.name));
    // Frontend first, so no new requests reach history and matching while they drain.
    await supervisor.stop(
      [...CLUSTER_SERVICES].reverse().map((service) => `temporal-${service}`),
      20_000,
    );
    await db.stop();
    ready = false;
    writeStatus();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const total = Math.round((Date.now() - started) / 100) / 10;
  const lines = [
    '',
    '颐养 Yiyang is running on a Temporal cluster (PostgreSQL persistence).',
    ...processes
      .filter((p) => p.kind === 'api')
      .map((p) => `  API ${p.name.padEnd(14)} http://localhost:${p.port}/api   (docs /api/docs, metrics :${p.metricsPort}/metrics)`),
    ...processes.filter((p) => p.kind === 'worker').map((p) => `  ${p.name.padEnd(18)} metrics http://localhost:${p.metricsPort}/metrics`),
    `  Temporal frontend  ${address}   (history :${ports.grpc.history}, matching :${ports.grpc.matching}, worker :${ports.grpc.worker}; server metrics :${ports.metrics.frontend}-${ports.metrics.worker})`,
    `  Temporal UI        none in cluster mode; use the CLI: temporal workflow list --address ${address}`,
    `  Temporal databases ${tdb.databaseName}, ${tdb.visibilityDatabaseName} on ${tdb.host}:${tdb.port} (${shards} history shards, fixed for these databases)`,
    `  Database           ${db.source}`,
    `  Logs               ${dir}/<service>.log; processes in ${statusFile}`,
    `  Started in         ${total} s  (${Object.entries(timings)
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ')})`,
    '',
    'Press Ctrl+C to stop; cases and running workflows are kept in PostgreSQL.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  log.write('info', 'cluster started', { seconds: total, ...timings });
}
