import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from './config';

/** Custom search attributes the system registers (none carries personal data). */
export const SEARCH_ATTRIBUTES = ['YiyangCaseType=Keyword', 'YiyangRegion=Keyword'];

/** Path of the Temporal CLI, building it from the Go module proxy on first use (scripts/ensure-temporal.sh). */
export function ensureTemporalCli(): string {
  const script = join(projectRoot(), 'scripts', 'ensure-temporal.sh');
  return execFileSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim();
}

/** Whether something accepts TCP connections on host:port now. */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isListening(port, host))) {
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface DevServerOptions {
  cliPath: string;
  port: number;
  uiPort?: number | null;
  dbFile?: string | null;
  logFile: string;
  /** False starts the server with Temporal's defaults (the engine benchmark's "before"). */
  tuned?: boolean;
}

/**
 * Dynamic config of the embedded dev server. It runs one history shard, and its queue processors
 * read new tasks at most `MaxPollRPS` times a second (default 20): every activity hand-off, timer
 * firing and workflow task after a signal then lands on a ~50 ms grid, which made a human step of
 * five activities take 500 ms. Raising the poll rates removes that grid (measured by
 * `make bench-engine`, which starts the server both ways); the server is idle between bursts, so
 * the extra polling costs nothing measurable.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, string | number | boolean> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'history.transferProcessorMaxPollRPS': 1000,
  'history.timerProcessorMaxPollRPS': 1000,
  'history.visibilityProcessorMaxPollRPS': 1000,
  'history.outboundProcessorMaxPollRPS': 1000,
};

/**
 * Starts `temporal server start-dev`: persistent SQLite when dbFile is given, UI when uiPort is given.
 * Refuses a port that something already listens on: the server would fail to bind, and the system
 * (or a test suite) would go on, silently, with whatever answers there (another instance, a cluster)
 * instead of its own server and data.
 */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<ChildProcess> {
  if (await isListening(opts.port))
    throw new Error(`temporal dev server: port ${opts.port} is already in use (another Temporal server?); stop it or choose another port`);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-format', 'json', '--log-level', 'warn'];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (opts.uiPort) args.push('--ui-port', String(opts.uiPort));
  else args.push('--headless');
  for (const sa of SEARCH_ATTRIBUTES) args.push('--search-attribute', sa);
  const dynamicConfig = opts.tuned === false ? { 'frontend.enableUpdateWorkflowExecution': true } : DEV_SERVER_DYNAMIC_CONFIG;
  for (const [key, value] of Object.entries(dynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  const out = openSync(opts.logFile, 'a');
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', out, out], detached: false });
  await Promise.race([
    waitForPort(opts.port, '127.0.0.1', 120000),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`temporal dev server exited with code ${code}; see ${opts.logFile}`))),
    ),
  ]);
  return child;
}
