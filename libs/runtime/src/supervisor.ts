import type { ChildProcess } from 'node:child_process';

export interface SupervisedChild {
  name: string;
  /** Starts the process; resolves once it is ready to count as running. */
  start(): ChildProcess | Promise<ChildProcess>;
  /** Signal asking the process to stop cleanly (SIGTERM unless the program wants another). */
  stopSignal?: NodeJS.Signals;
}

export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** A process that ran at least this long before dying starts again from initialMs. */
  resetAfterMs: number;
}

export type SupervisorEvent =
  | { type: 'started'; name: string; pid: number | undefined; restarts: number }
  | { type: 'exited'; name: string; pid: number | undefined; code: number | null; signal: NodeJS.Signals | null; restartInMs: number }
  | { type: 'start-failed'; name: string; error: string; restartInMs: number };

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000, factor: 2, resetAfterMs: 60_000 };

interface Slot {
  spec: SupervisedChild;
  child: ChildProcess | null;
  startedAt: number;
  delayMs: number;
  restarts: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Keeps a set of child processes running, as `make start` needs: a child that dies unexpectedly
 * is started again after a backoff (1 s, 2 s, 4 s … up to 30 s, back to 1 s once it has stayed up
 * for a minute), and the others keep running meanwhile. `stop()` stops everything in the order
 * given and restarts nothing afterwards.
 */
export class ProcessSupervisor {
  private readonly slots = new Map<string, Slot>();
  private stopping = false;

  constructor(
    private readonly onEvent: (event: SupervisorEvent) => void = () => undefined,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {}

  /** Starts a child and keeps it running; rejects if the first start fails. */
  async add(spec: SupervisedChild): Promise<ChildProcess> {
    const slot: Slot = { spec, child: null, startedAt: 0, delayMs: this.backoff.initialMs, restarts: 0, timer: null };
    this.slots.set(spec.name, slot);
    await this.launch(slot);
    return slot.child!;
  }

  pid(name: string): number | undefined {
    return this.slots.get(name)?.child?.pid;
  }

  restarts(name: string): number {
    return this.slots.get(name)?.restarts ?? 0;
  }

  /** Children waiting for their backoff to run out before they start again. */
  pendingRestarts(): string[] {
    return [...this.slots.values()].filter((s) => s.timer !== null).map((s) => s.spec.name);
  }

  /** Stops the named children in order (all of them, in reverse order of adding, if none named). */
  async stop(order: string[] = [...this.slots.keys()].reverse(), timeoutMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
    }
    for (const name of order) {
      const slot = this.slots.get(name);
      if (slot) await stopChild(slot.child, slot.spec.stopSignal ?? 'SIGTERM', timeoutMs);
    }
  }

  private async launch(slot: Slot): Promise<void> {
    const child = await slot.spec.start();
    if (this.stopping) {
      await stopChild(child, slot.spec.stopSignal ?? 'SIGTERM', 15_000);
      return;
    }
    slot.child = child;
    slot.startedAt = Date.now();
    this.onEvent({ type: 'started', name: slot.spec.name, pid: child.pid, restarts: slot.restarts });
    child.once('exit', (code, signal) => {
      if (this.stopping || slot.child !== child) return;
      slot.child = null;
      if (Date.now() - slot.startedAt >= this.backoff.resetAfterMs) slot.delayMs = this.backoff.initialMs;
      this.onEvent({ type: 'exited', name: slot.spec.name, pid: child.pid, code, signal, restartInMs: slot.delayMs });
      this.scheduleRestart(slot);
    });
  }

  private scheduleRestart(slot: Slot): void {
    const delay = slot.delayMs;
    slot.delayMs = Math.min(slot.delayMs * this.backoff.factor, this.backoff.maxMs);
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (this.stopping) return;
      slot.restarts += 1;
      this.launch(slot).catch((err: unknown) => {
        this.onEvent({
          type: 'start-failed',
          name: slot.spec.name,
          error: err instanceof Error ? err.message : String(err),
          restartInMs: slot.delayMs,
        });
        this.scheduleRestart(slot);
      });
    }, delay);
  }
}

/** Asks a child to stop, and kills it if it has not gone after `timeoutMs`. */
export function stopChild(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
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
