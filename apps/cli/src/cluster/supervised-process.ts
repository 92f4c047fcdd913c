import type { ChildProcess } from 'node:child_process';
import type { JsonLogger } from '@app/runtime';

/**
 * A child process that is started again when it dies unexpectedly (crash, kill -9, OOM), as
 * systemd or an orchestrator would in production: 1 s after the first exit, doubling up to 30 s
 * while it keeps dying within a minute of starting.
 */
export class SupervisedProcess {
  child: ChildProcess | null = null;
  restarts = 0;
  private stopping = false;
  private startedAt = 0;
  private backoffMs = 1000;

  constructor(
    readonly name: string,
    private readonly spawnChild: () => ChildProcess,
    private readonly log: JsonLogger,
    private readonly onChange: () => void = () => undefined,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): ChildProcess {
    const child = this.spawnChild();
    this.child = child;
    this.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      const lived = Date.now() - this.startedAt;
      this.backoffMs = lived > 60_000 ? 1000 : Math.min(this.backoffMs * 2, 30_000);
      const delay = lived > 60_000 ? 1000 : this.backoffMs / 2;
      this.log.write('warn', 'process exited; restarting', { process: this.name, code, signal, restartInMs: delay });
      setTimeout(() => {
        if (this.stopping) return;
        this.restarts += 1;
        this.start();
      }, delay);
    });
    this.onChange();
    return child;
  }

  stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15000): Promise<void> {
    this.stopping = true;
    const child = this.child;
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
}
