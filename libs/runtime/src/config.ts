import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { payloadKey, type PayloadKey } from './payload-codec';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const BOOLEAN = ['true', 'false'] as const;
const HOST_PORT = /^[^\s:]+:\d{1,5}$/;

/**
 * The schema of every variable the system reads (README, "Configuration"). Unset means the
 * embedded default; a set but malformed value stops the process at start with the variable named,
 * instead of surfacing later as a crash or a silent fallback.
 */
export class EnvironmentVariables {
  @IsOptional() @IsInt() @Min(1) @Max(65535) PORT?: number;
  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' }) DATABASE_URL?: string;
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'YIYANG_DB_NAME must be a lower-case PostgreSQL identifier' })
  YIYANG_DB_NAME?: string;
  @IsOptional() @IsInt() @Min(1) @Max(200) DB_POOL_SIZE?: number;
  @IsOptional() @IsInt() @Min(100) @Max(600_000) DB_STATEMENT_TIMEOUT_MS?: number;
  @IsOptional() @IsInt() @Min(100) @Max(3_600_000) DB_IDLE_IN_TRANSACTION_TIMEOUT_MS?: number;
  @IsOptional() @Matches(HOST_PORT, { message: 'TEMPORAL_ADDRESS must be host:port' }) TEMPORAL_ADDRESS?: string;
  @IsOptional() @IsString() @MinLength(1) TEMPORAL_NAMESPACE?: string;
  @IsOptional() @IsString() @MinLength(1) TEMPORAL_TASK_QUEUE?: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) TEMPORAL_PORT?: number;
  @IsOptional() @IsInt() @Min(1) @Max(65535) TEMPORAL_UI_PORT?: number;
  @IsOptional() @IsString() YIYANG_DATA_DIR?: string;
  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' }) JWT_SECRET?: string;
  @IsOptional() @IsInt() @Min(60) @Max(30 * 24 * 3600) TOKEN_TTL_SECONDS?: number;
  @IsOptional() @IsIn(BOOLEAN, { message: 'YIYANG_DEMO_DATA must be true or false' }) YIYANG_DEMO_DATA?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: 'YIYANG_SCHEDULES must be true or false' }) YIYANG_SCHEDULES?: string;
  @IsOptional() @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` }) LOG_LEVEL?: string;
  @IsOptional() @IsString() YIYANG_WORKFLOW_BUNDLE?: string;
  @IsOptional() @IsString() @MinLength(1) YIYANG_LOG_FILE?: string;
  @IsOptional() @IsString() @MinLength(1) HOST?: string;
  @IsOptional() @IsInt() @Min(500) @Max(120_000) YIYANG_UPDATE_DEADLINE_MS?: number;
  @IsOptional() @IsInt() @Min(1) @Max(100_000) YIYANG_WORKER_MAX_CACHED_WORKFLOWS?: number;
  @IsOptional() @IsInt() @Min(2) @Max(1000) YIYANG_WORKER_MAX_WORKFLOW_TASKS?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) YIYANG_WORKER_MAX_ACTIVITIES?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) YIYANG_WORKER_MAX_LOCAL_ACTIVITIES?: number;
  @IsOptional() @IsInt() @Min(0) @Max(60_000) YIYANG_SHARED_AGGREGATE_MS?: number;
}

/** Thrown at start when a variable is malformed; names every such variable. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Validates the environment against the schema (numbers arrive as strings and are converted).
 * `@nestjs/config` calls it as its `validate` hook; `loadConfig` calls it for the CLI and worker.
 */
export function validateEnvironment(env: Record<string, unknown>): Record<string, unknown> {
  const known = Object.fromEntries(Object.entries(env).filter(([k, v]) => k in SCHEMA_KEYS && v !== undefined && v !== ''));
  const typed = plainToInstance(EnvironmentVariables, known, { enableImplicitConversion: true });
  const errors = validateSync(typed, { skipMissingProperties: true });
  if (errors.length > 0)
    throw new ConfigurationError(errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is invalid` })));
  return { ...env, ...typed };
}

const SCHEMA_KEYS: Record<string, true> = Object.fromEntries(
  [
    'PORT',
    'DATABASE_URL',
    'YIYANG_DB_NAME',
    'DB_POOL_SIZE',
    'DB_STATEMENT_TIMEOUT_MS',
    'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'TEMPORAL_TASK_QUEUE',
    'TEMPORAL_PORT',
    'TEMPORAL_UI_PORT',
    'YIYANG_DATA_DIR',
    'JWT_SECRET',
    'TOKEN_TTL_SECONDS',
    'YIYANG_DEMO_DATA',
    'YIYANG_SCHEDULES',
    'LOG_LEVEL',
    'YIYANG_WORKFLOW_BUNDLE',
    'YIYANG_LOG_FILE',
    'HOST',
    'YIYANG_UPDATE_DEADLINE_MS',
    'YIYANG_WORKER_MAX_CACHED_WORKFLOWS',
    'YIYANG_WORKER_MAX_WORKFLOW_TASKS',
    'YIYANG_WORKER_MAX_ACTIVITIES',
    'YIYANG_WORKER_MAX_LOCAL_ACTIVITIES',
    'YIYANG_SHARED_AGGREGATE_MS',
  ].map((k) => [k, true]),
);

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
  dbPoolSize: number;
  /**
   * The API's PostgreSQL sessions: a statement running longer is cancelled (the request answers 503
   * DEPENDENCY_UNAVAILABLE instead of hanging), and a transaction left idle longer is ended.
   */
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  /** Create the Temporal Schedules (proactive enrollment, reconciliation) at worker start. */
  schedules: boolean;
  /** The prebuilt workflow bundle the worker loads. */
  workflowBundle: string;
  /** Logs go to this file instead of stdout when set. */
  logFile: string | undefined;
  /** How long a large dashboard aggregate is shared between users asking the same question (0: never). */
  sharedAggregateMs: number;
}

/**
 * Worker sizing. A cached case costs ~0.5 MB of worker memory; the SDK's default cache grows with
 * the heap limit (~2,300 cases), so a worker holding thousands of open cases grew past 1.4 GB.
 * Measured by `make bench-engine` (worker under ts-node): 296 MB idle, 540 MB at 1,000 and 551 MB at
 * 10,000 open cases with a cache of 500; hence 250 by default. With 250 (the built worker, 2026-11-28):
 * 216 MB idle, 372 MB at 1,000 and 371 MB at 10,000 open cases. An evicted case is replayed from
 * its history (≤ 50 events) when it next moves, which costs a few milliseconds.
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

/**
 * The configuration, validated. In the Nest apps it is read once by `YiyangConfigModule` and
 * injected (`@Inject(YIYANG_CONFIG)`); the CLI, the worker's bootstrap and tests call this directly.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): YiyangConfig {
  const v = validateEnvironment(env) as EnvironmentVariables & NodeJS.ProcessEnv;
  const dataDir = resolve(v.YIYANG_DATA_DIR || join(projectRoot(), '.data'));
  return {
    port: v.PORT ?? 3000,
    host: v.HOST || '127.0.0.1',
    updateDeadlineMs: v.YIYANG_UPDATE_DEADLINE_MS ?? 10_000,
    dataDir,
    databaseUrl: v.DATABASE_URL || undefined,
    databaseName: v.YIYANG_DB_NAME || 'yiyang',
    temporalAddress: v.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: v.TEMPORAL_NAMESPACE || 'default',
    temporalTaskQueue: v.TEMPORAL_TASK_QUEUE || 'yiyang-cases',
    temporalPort: v.TEMPORAL_PORT ?? 7233,
    temporalUiPort: v.TEMPORAL_UI_PORT ?? 8233,
    jwtSecret: v.JWT_SECRET || persistentSecret(dataDir, 'jwt-secret', 'hex'),
    payloadKeys: payloadKeys(env, dataDir),
    tokenTtlSeconds: v.TOKEN_TTL_SECONDS ?? 8 * 3600,
    demoData: (v.YIYANG_DEMO_DATA ?? 'false') === 'true',
    logLevel: v.LOG_LEVEL || 'info',
    dbPoolSize: v.DB_POOL_SIZE ?? 10,
    dbStatementTimeoutMs: v.DB_STATEMENT_TIMEOUT_MS ?? 15_000,
    dbIdleInTransactionTimeoutMs: v.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 60_000,
    schedules: (v.YIYANG_SCHEDULES ?? 'true') !== 'false',
    workflowBundle: v.YIYANG_WORKFLOW_BUNDLE || join(projectRoot(), 'dist', 'workflow-bundle.js'),
    logFile: v.YIYANG_LOG_FILE || undefined,
    sharedAggregateMs: v.YIYANG_SHARED_AGGREGATE_MS ?? 2_000,
    worker: {
      maxCachedWorkflows: v.YIYANG_WORKER_MAX_CACHED_WORKFLOWS ?? 250,
      maxConcurrentWorkflowTaskExecutions: v.YIYANG_WORKER_MAX_WORKFLOW_TASKS ?? 40,
      // Transitions hold a pool connection each: stay within DB_POOL_SIZE (default 10).
      maxConcurrentActivityTaskExecutions: v.YIYANG_WORKER_MAX_ACTIVITIES ?? 8,
      maxConcurrentLocalActivityExecutions: v.YIYANG_WORKER_MAX_LOCAL_ACTIVITIES ?? 8,
    },
  };
}
