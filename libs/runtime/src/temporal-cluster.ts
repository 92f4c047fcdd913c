import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './config';

/**
 * The real Temporal server (not the CLI's dev server) on PostgreSQL, each of its four services in
 * a process of its own: what a county that outgrows one machine runs. Used by
 * `YIYANG_TEMPORAL=cluster make start`, `make test-cluster` and the failover drill.
 */
export const TEMPORAL_SERVER_VERSION = '1.29.1';

/** Started in this order; the frontend is last so that a client that reaches it finds the ring formed. */
export const CLUSTER_SERVICES = ['history', 'matching', 'worker', 'frontend'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
  /** The server module's source in the Go module cache: schema files and sample configs. */
  moduleDir: string;
}

/** Builds (first time, ~6 minutes) and returns the server and temporal-sql-tool (scripts/ensure-temporal-server.sh). */
export function ensureTemporalServer(): TemporalServerBinaries {
  const script = join(projectRoot(), 'scripts', 'ensure-temporal-server.sh');
  const run = (args: string[]) =>
    execFileSync('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
      .toString()
      .trim();
  const binDir = run([]);
  return { server: join(binDir, 'server'), sqlTool: join(binDir, 'sql'), moduleDir: run(['--module-dir']) };
}

export interface ClusterPorts {
  grpc: Record<ClusterService, number>;
  membership: Record<ClusterService, number>;
  metrics: Record<ClusterService, number>;
  frontendHttp: number;
}

/**
 * Every port derives from the frontend's gRPC port P (TEMPORAL_PORT): services P..P+3, the
 * frontend's HTTP API P+10, membership P+100.., Prometheus metrics P+200..
 */
export function clusterPorts(frontendPort: number): ClusterPorts {
  const offsets: Record<ClusterService, number> = { frontend: 0, history: 1, matching: 2, worker: 3 };
  const by = (base: number) =>
    Object.fromEntries(CLUSTER_SERVICES.map((s) => [s, frontendPort + base + offsets[s]])) as Record<ClusterService, number>;
  return { grpc: by(0), membership: by(100), metrics: by(200), frontendHttp: frontendPort + 10 };
}

export interface TemporalDatabaseOptions {
  host: string;
  port: number;
  user: string;
  password?: string;
  /** `temporal` unless TEMPORAL_DB_NAME says otherwise. */
  databaseName: string;
  /** `temporal_visibility` unless TEMPORAL_VISIBILITY_DB_NAME says otherwise. */
  visibilityDatabaseName: string;
}

/** Temporal's database settings from the environment, on the PostgreSQL server the app resolved. */
export function temporalDatabaseOptions(appDatabaseUrl: string, env: NodeJS.ProcessEnv = process.env): TemporalDatabaseOptions {
  const u = new URL(env.TEMPORAL_DATABASE_URL || appDatabaseUrl);
  const name = (key: string, fallback: string) => {
    const v = env[key] || fallback;
    if (!/^[a-z_][a-z0-9_]*$/.test(v)) throw new Error(`${key} must be a plain database name`);
    return v;
  };
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    databaseName: name('TEMPORAL_DB_NAME', 'temporal'),
    visibilityDatabaseName: name('TEMPORAL_VISIBILITY_DB_NAME', 'temporal_visibility'),
  };
}

/**
 * Creates both databases if missing and brings their schemas to the newest version
 * (scripts/temporal-schema.sh: the same script the compose file's admin-tools job runs).
 */
export function migrateTemporalDatabases(bin: TemporalServerBinaries, db: TemporalDatabaseOptions, logFile: string): void {
  const out = openSync(logFile, 'a');
  execFileSync('sh', [join(projectRoot(), 'scripts', 'temporal-schema.sh')], {
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      SQL_TOOL: bin.sqlTool,
      SCHEMA_DIR: join(bin.moduleDir, 'schema', 'postgresql', 'v12'),
      DB_HOST: db.host,
      DB_PORT: String(db.port),
      DB_USER: db.user,
      DB_PASSWORD: db.password ?? '',
      TEMPORAL_DB_NAME: db.databaseName,
      TEMPORAL_VISIBILITY_DB_NAME: db.visibilityDatabaseName,
      CREATE_DATABASES: 'true',
    },
  });
}

export interface ClusterConfigOptions {
  /** Holds config/, the logs and nothing else; e.g. `<data dir>/temporal-cluster`. */
  dir: string;
  frontendPort: number;
  db: TemporalDatabaseOptions;
  /**
   * Fixed forever for a given pair of databases: written on first start, and the server refuses
   * to start with another value.
   */
  numHistoryShards: number;
  /** Dynamic config file (docker/temporal/dynamicconfig.yaml unless given). */
  dynamicConfigFile?: string;
  logLevel?: string;
}

/**
 * Writes one static config per service (`<dir>/config/<service>.yaml`), derived from the server
 * module's config/development-postgres12.yaml: our database names, user and ports, no archival,
 * pprof off, each service's own metrics port (which is why each gets a file). JSON is YAML, so
 * no YAML library is needed.
 */
export function writeClusterConfig(opts: ClusterConfigOptions): string {
  const ports = clusterPorts(opts.frontendPort);
  const configDir = join(opts.dir, 'config');
  mkdirSync(configDir, { recursive: true });
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${opts.db.host}:${opts.db.port}`,
      connectProtocol: 'tcp',
      user: opts.db.user,
      password: opts.db.password ?? '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  for (const service of CLUSTER_SERVICES) {
    const config = {
      log: { stdout: true, level: opts.logLevel ?? 'warn', format: 'json' },
      persistence: {
        defaultStore: 'postgres-default',
        visibilityStore: 'postgres-visibility',
        numHistoryShards: opts.numHistoryShards,
        datastores: {
          'postgres-default': sql(opts.db.databaseName, 20),
          'postgres-visibility': sql(opts.db.visibilityDatabaseName, 5),
        },
      },
      global: {
        membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
        pprof: { port: 0 },
        metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics[service]}` } },
      },
      services: Object.fromEntries(
        CLUSTER_SERVICES.map((s) => [
          s,
          {
            rpc: {
              grpcPort: ports.grpc[s],
              membershipPort: ports.membership[s],
              bindOnLocalHost: true,
              ...(s === 'frontend' ? { httpPort: ports.frontendHttp } : {}),
            },
          },
        ]),
      ),
      clusterMetadata: {
        enableGlobalNamespace: false,
        failoverVersionIncrement: 10,
        masterClusterName: 'active',
        currentClusterName: 'active',
        clusterInformation: {
          active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.grpc.frontend}` },
        },
      },
      dcRedirectionPolicy: { policy: 'noop' },
      dynamicConfigClient: {
        filepath: opts.dynamicConfigFile ?? join(projectRoot(), 'docker', 'temporal', 'dynamicconfig.yaml'),
        pollInterval: '10s',
      },
    };
    writeFileSync(join(configDir, `${service}.yaml`), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
  }
  return configDir;
}

/** Runs one service of the cluster: `server --root <dir> --config config --env <service> start --service <service>`. */
export function spawnClusterService(bin: TemporalServerBinaries, dir: string, service: ClusterService): ChildProcess {
  const out = openSync(join(dir, `${service}.log`), 'a');
  return spawn(bin.server, ['--root', dir, '--config', 'config', '--env', service, '--allow-no-auth', 'start', '--service', service], {
    stdio: ['ignore', out, out],
  });
}
