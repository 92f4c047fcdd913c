import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@app/runtime';

const CLOCK_TICKS = 100;

/**
 * The API and worker entry points as production runs them (`npm run build` output, as `make start`
 * uses), so memory and CPU are not those of ts-node; `BENCH_TS_NODE=true` runs the sources instead.
 */
export function appEntry(app: 'api' | 'worker'): string {
  return process.env.BENCH_TS_NODE === 'true' ? `apps/${app}/src/main.ts` : `dist/apps/${app}/main.js`;
}

/** A process's name and its /proc stat fields after the name (field 14, utime, is index 11). */
function procStat(pid: number | string): { name: string; fields: string[] } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  return { name: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const { fields } = procStat(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU seconds every PostgreSQL process on this machine has used so far (backends, WAL writer,
 * checkpointer, autovacuum), with what the ones that ended left in their parent's count of reaped
 * children (a backend or an autovacuum worker that exits mid-batch is not lost). During a batch only
 * its side uses PostgreSQL: the raw side and Temporal's dev server do not.
 */
export function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { name, fields } = procStat(entry);
      if (name === 'postgres') ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return ticks / CLOCK_TICKS;
}

/** Resident memory of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}

export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

/** The Node every process startNodeProcess starts runs on (BENCH_NODE, or this one). */
export function processesNode(): string {
  return process.env.BENCH_NODE || process.execPath;
}

/** That Node's version, for the report. */
export function processesNodeVersion(): string {
  return execFileSync(processesNode(), ['--version'], { encoding: 'utf8' }).trim();
}

/**
 * Runs an entry point of this repository as its own Node process and resolves when it reports
 * ready: over IPC (`process.send('ready')`) or, for the apps, when `readyWhen` says so. A `.ts`
 * entry runs under ts-node (transpile only); a `.js` one (the production build in dist/) as is.
 * `nodeOptions` go before the entry (a worker's: workerNodeOptions()). Every such process (APIs,
 * workers, both sides alike) runs on the Node that runs the benchmark (the project's, from
 * scripts/use-node.sh), or on the one `BENCH_NODE` names (the machine's own, say, to compare).
 */
export async function startNodeProcess(
  entry: string,
  env: Record<string, string>,
  readyWhen?: () => Promise<boolean>,
  nodeOptions: string[] = [],
): Promise<ChildProcess> {
  const child = fork(join(projectRoot(), entry), [], {
    execPath: processesNode(),
    execArgv: [...nodeOptions, ...(entry.endsWith('.ts') ? ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'] : [])],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${entry} exited with code ${code}`)));
    if (!readyWhen) {
      child.once('message', () => resolve());
      return;
    }
    const poll = async () => {
      if (await readyWhen().catch(() => false)) resolve();
      else setTimeout(() => void poll(), 250);
    };
    void poll();
  });
  child.removeAllListeners('exit');
  return child;
}

export async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(timeout);
}
