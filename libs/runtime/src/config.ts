import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { payloadKey, type PayloadKey } from './payload-codec';

/** Every configuration variable the system reads, with its embedded default. The README lists them. */
export interface YiyangConfig {
  port: number;
  /** Interface the API binds to: loopback unless configured (a proxy or a container sets 0.0.0.0). */
  host: string;
  /** How long a decision (a workflow Update) may wait before the API answers "pending" or 503. */
  updateDeadlineMs: number;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseName: string;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  temporalTaskQueue: string;
  temporalPort: number;
  temporalUiPort: number;
  jwtSecret: string;
  /** Encrypts Temporal payloads; the first key encrypts, every key decrypts (rotation). */
  payloadKeys: PayloadKey[];
  tokenTtlSeconds: number;
  demoData: boolean;
  logLevel: string;
  worker: WorkerSizing;
}

/**
 * Worker sizing. A cached case costs ~0.5 MB of worker memory; the SDK's default cache grows with
 * the heap limit (~2,300 cases), so a worker holding thousands of open cases grew past 1.4 GB.
 * Measured by `make bench-engine` (worker under ts-node): 296 MB idle, 540 MB at 1,000 and 551 MB at
 * 10,000 open cases with a cache of 500; hence 250 by default (~420 MB). An evicted case is
 * replayed from its history (≤ 50 events) when it next moves, which costs a few milliseconds.
 */
export interface WorkerSizing {
  maxCachedWorkflows: number;
  maxConcurrentWorkflowTaskExecutions: number;
  maxConcurrentActivityTaskExecutions: number;
  maxConcurrentLocalActivityExecutions: number;
}

export function projectRoot(): string {
  return process.env.YIYANG_ROOT ?? resolve(__dirname, '..', '..', '..');
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

/**
 * A secret generated once per data directory (the JWT secret, the payload key), so tokens and
 * encrypted workflow histories survive restarts without configuration.
 */
function persistentSecret(dataDir: string, name: string, encoding: 'hex' | 'base64'): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString(encoding);
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function payloadKeys(env: NodeJS.ProcessEnv, dataDir: string): PayloadKey[] {
  const current = payloadKey(env.YIYANG_PAYLOAD_KEY || persistentSecret(dataDir, 'payload-key', 'base64'));
  const old = (env.YIYANG_PAYLOAD_OLD_KEYS ?? '')
    .split(',')
    .filter((k) => k.trim() !== '')
    .map(payloadKey);
  return [current, ...old.filter((k) => k.id !== current.id)];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): YiyangConfig {
  const dataDir = resolve(env.YIYANG_DATA_DIR ?? join(projectRoot(), '.data'));
  return {
    port: intEnv('PORT', 3000),
    host: env.HOST || '127.0.0.1',
    updateDeadlineMs: intEnv('YIYANG_UPDATE_DEADLINE_MS', 10_000),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseName: env.YIYANG_DB_NAME ?? 'yiyang',
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
    temporalTaskQueue: env.TEMPORAL_TASK_QUEUE ?? 'yiyang-cases',
    temporalPort: intEnv('TEMPORAL_PORT', 7233),
    temporalUiPort: intEnv('TEMPORAL_UI_PORT', 8233),
    jwtSecret: env.JWT_SECRET ?? persistentSecret(dataDir, 'jwt-secret', 'hex'),
    payloadKeys: payloadKeys(env, dataDir),
    tokenTtlSeconds: intEnv('TOKEN_TTL_SECONDS', 8 * 3600),
    demoData: (env.YIYANG_DEMO_DATA ?? 'false') === 'true',
    logLevel: env.LOG_LEVEL ?? 'info',
    worker: {
      maxCachedWorkflows: intEnv('YIYANG_WORKER_MAX_CACHED_WORKFLOWS', 250),
      maxConcurrentWorkflowTaskExecutions: intEnv('YIYANG_WORKER_MAX_WORKFLOW_TASKS', 40),
      // Transitions hold a pool connection each: stay within DB_POOL_SIZE (default 10).
      maxConcurrentActivityTaskExecutions: intEnv('YIYANG_WORKER_MAX_ACTIVITIES', 8),
      maxConcurrentLocalActivityExecutions: intEnv('YIYANG_WORKER_MAX_LOCAL_ACTIVITIES', 8),
    },
  };
}
