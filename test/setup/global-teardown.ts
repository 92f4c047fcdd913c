import './register-paths';
import type { ChildProcess } from 'node:child_process';
import type { ResolvedDatabase } from '@app/runtime';

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const temporal = g.__temporal as ChildProcess | undefined;
  if (temporal && temporal.exitCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        temporal.kill('SIGKILL');
        resolve();
      }, 10000);
      temporal.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      temporal.kill('SIGINT');
    });
  }
  const db = g.__db as ResolvedDatabase | undefined;
  await db?.stop();
}
