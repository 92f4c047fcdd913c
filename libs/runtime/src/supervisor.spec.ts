import { spawn } from 'node:child_process';
import { ProcessSupervisor, type SupervisorEvent } from './supervisor';

/** Real child processes: a supervised child killed with SIGKILL comes back, its siblings are untouched. */
describe('ProcessSupervisor', () => {
  const idle = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const alive = (pid: number | undefined) => {
    if (pid === undefined) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const until = async (probe: () => boolean, what: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  let supervisor: ProcessSupervisor;
  let events: SupervisorEvent[];
  beforeEach(() => {
    events = [];
  });
  afterEach(async () => supervisor.stop());

  it('starts a killed child again and keeps the others running', async () => {
    supervisor = new ProcessSupervisor((e) => events.push(e), { initialMs: 50, maxMs: 1000, factor: 2, resetAfterMs: 60_000 });
    await supervisor.add({ name: 'worker', start: idle });
    await supervisor.add({ name: 'api', start: idle });
    const worker = supervisor.pid('worker');
    const api = supervisor.pid('api');

    process.kill(worker!, 'SIGKILL');
    await until(() => supervisor.pid('worker') !== undefined && supervisor.pid('worker') !== worker, 'the worker to come back');

    expect(alive(supervisor.pid('worker'))).toBe(true);
    expect(supervisor.restarts('worker')).toBe(1);
    expect(supervisor.pid('api')).toBe(api);
    expect(alive(api)).toBe(true);
    expect(supervisor.restarts('api')).toBe(0);
    expect(events).toContainEqual({ type: 'exited', name: 'worker', pid: worker, code: null, signal: 'SIGKILL', restartInMs: 50 });
    expect(events.filter((e) => e.type === 'started').map((e) => e.name)).toEqual(['worker', 'api', 'worker']);
  });

  it('backs off: each quick crash doubles the wait, up to the maximum', async () => {
    supervisor = new ProcessSupervisor((e) => events.push(e), { initialMs: 10, maxMs: 40, factor: 2, resetAfterMs: 60_000 });
    await supervisor.add({ name: 'worker', start: idle });
    for (let crash = 1; crash <= 4; crash++) {
      const pid = supervisor.pid('worker');
      process.kill(pid!, 'SIGKILL');
      await until(() => supervisor.restarts('worker') === crash && supervisor.pid('worker') !== undefined, `restart ${crash}`);
    }
    const waits = events.flatMap((e) => (e.type === 'exited' ? [e.restartInMs] : []));
    expect(waits).toEqual([10, 20, 40, 40]);
  });

  it('retries a start that fails (a dev server that cannot come up yet) and reports each failure', async () => {
    let attempts = 0;
    supervisor = new ProcessSupervisor((e) => events.push(e), { initialMs: 10, maxMs: 100, factor: 2, resetAfterMs: 60_000 });
    await supervisor.add({
      name: 'temporal',
      start: () => {
        attempts += 1;
        if (attempts === 2 || attempts === 3) throw new Error('port still in use');
        return idle();
      },
    });
    process.kill(supervisor.pid('temporal')!, 'SIGKILL');
    await until(() => attempts === 4 && supervisor.pid('temporal') !== undefined, 'the fourth start');
    expect(events.filter((e) => e.type === 'start-failed')).toEqual([
      { type: 'start-failed', name: 'temporal', error: 'port still in use', restartInMs: 20 },
      { type: 'start-failed', name: 'temporal', error: 'port still in use', restartInMs: 40 },
    ]);
    expect(alive(supervisor.pid('temporal'))).toBe(true);
  });

  it('stops every child on stop() and restarts none afterwards', async () => {
    supervisor = new ProcessSupervisor((e) => events.push(e), { initialMs: 5000, maxMs: 5000, factor: 2, resetAfterMs: 60_000 });
    await supervisor.add({ name: 'worker', start: idle });
    await supervisor.add({ name: 'api', start: idle });
    const [worker, api] = [supervisor.pid('worker'), supervisor.pid('api')];
    // The worker has just crashed and waits for its backoff when Ctrl+C comes.
    process.kill(worker!, 'SIGKILL');
    await until(() => supervisor.pendingRestarts().includes('worker'), 'the worker restart to be pending');
    await supervisor.stop();
    expect(supervisor.pendingRestarts()).toEqual([]);
    expect(alive(api)).toBe(false);
    expect(events.filter((e) => e.type === 'started')).toHaveLength(2);
  });
});
