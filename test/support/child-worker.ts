import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { workerNodeOptions } from '@app/runtime';

/**
 * A worker in a process of its own (apps/worker/src/main.ts through ts-node), on its own task queue
 * and the suite's servers, bundle and log file: a spec can SIGKILL it as a crash would — no
 * graceful shutdown, no activity allowed to finish — and start another.
 */
export interface ChildWorker {
  readonly process: ChildProcess;
  /** Resolves when the process has ended, with how. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

/** `env` adds to (or overrides) the suite's settings, e.g. another namespace. */
export function startChildWorker(taskQueue: string, env: NodeJS.ProcessEnv = {}): ChildWorker {
  const root = join(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
      ...workerNodeOptions('source', root),
      '-r',
      'ts-node/register',
      '-r',
      'tsconfig-paths/register',
      join(root, 'apps', 'worker', 'src', 'main.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        TZ: 'UTC',
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_PROJECT: join(root, 'tsconfig.json'),
        TEMPORAL_TASK_QUEUE: taskQueue,
        YIYANG_METRICS_PORT: '',
        YIYANG_SCHEDULES: 'false',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    exit,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exit;
    },
  };
}
