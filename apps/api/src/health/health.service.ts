import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { FINDING_KINDS } from '@app/contracts';
import { MonitoringRepository } from '@app/persistence';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';

export interface Probe {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface WorkerProbe extends Probe {
  taskQueue: string;
  workflowPollers: number;
  activityPollers: number;
}

export interface ReconciliationProbe {
  /** Cases the last reconciliation runs found stuck and not yet resolved. */
  backlog: number;
  byKind: Record<string, number>;
  lastRunAt: string | null;
}

export interface HealthReport {
  status: 'ok' | 'attention' | 'degraded';
  checks: { postgres: Probe; temporal: Probe; worker: WorkerProbe; reconciliation: ReconciliationProbe | null };
}

/**
 * A poller is a worker's long poll on the task queue. Temporal remembers a poller's last poll for
 * minutes after it has gone; a live worker polls again at least every ~70 s (the long-poll timeout),
 * so a poller not seen for longer than this has gone.
 */
export const POLLER_FRESH_MS = 90_000;

const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE = { workflow: 1, activity: 2 } as const;

async function probe<T>(fn: () => Promise<T>, timeoutMs = 3000): Promise<Probe & { value?: T }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const value = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Date.now() - started, value };
  } catch (err) {
    return { status: 'down', latencyMs: Date.now() - started, error: err instanceof Error ? err.message.slice(0, 200) : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  private async freshPollers(type: keyof typeof TASK_QUEUE_TYPE): Promise<number> {
    const res = await this.temporal.workflowService.describeTaskQueue({
      namespace: this.temporal.options.namespace,
      taskQueue: { name: this.taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE[type],
    });
    const now = Date.now();
    return (res.pollers ?? []).filter((p) => {
      const seconds = Number(p.lastAccessTime?.seconds ?? 0);
      return now - seconds * 1000 < POLLER_FRESH_MS;
    }).length;
  }

  private async reconciliation(): Promise<ReconciliationProbe> {
    const r = await new MonitoringRepository(this.db).reconciliationBacklog();
    return { ...r, lastRunAt: r.lastRunAt ? r.lastRunAt.toISOString() : null };
  }

  async report(): Promise<HealthReport> {
    const [postgres, temporal, pollers, recon] = await Promise.all([
      probe(() => new MonitoringRepository(this.db).ping()),
      // Their own gRPC deadlines too: a lazy connection to a dead server would otherwise keep retrying.
      probe(() =>
        this.temporal.connection.withDeadline(Date.now() + 3000, () => this.temporal.connection.workflowService.getSystemInfo({})),
      ),
      probe(() =>
        this.temporal.connection.withDeadline(Date.now() + 3000, async () => ({
          workflow: await this.freshPollers('workflow'),
          activity: await this.freshPollers('activity'),
        })),
      ),
      probe(() => this.reconciliation()),
    ]);
    const p = pollers.value ?? { workflow: 0, activity: 0 };
    const workerUp = pollers.status === 'up' && p.workflow > 0 && p.activity > 0;
    const worker: WorkerProbe = {
      status: workerUp ? 'up' : 'down',
      latencyMs: pollers.latencyMs,
      taskQueue: this.taskQueue,
      workflowPollers: p.workflow,
      activityPollers: p.activity,
      ...(workerUp ? {} : { error: pollers.error ?? 'no worker is polling the task queue' }),
    };
    const reconciliation = recon.value ?? null;
    const down = postgres.status === 'down' || temporal.status === 'down' || !workerUp;
    const status = down ? 'degraded' : reconciliation && reconciliation.backlog > 0 ? 'attention' : 'ok';
    return { status, checks: { postgres: strip(postgres), temporal: strip(temporal), worker, reconciliation } };
  }

  /** Prometheus text format; counts only, never a case id. */
  async metrics(): Promise<string> {
    const r = await this.report();
    const up = (s: string) => (s === 'up' ? 1 : 0);
    const lines = [
      '# HELP yiyang_dependency_up Whether a dependency answers (1) or not (0).',
      '# TYPE yiyang_dependency_up gauge',
      `yiyang_dependency_up{dependency="postgres"} ${up(r.checks.postgres.status)}`,
      `yiyang_dependency_up{dependency="temporal"} ${up(r.checks.temporal.status)}`,
      `yiyang_dependency_up{dependency="worker"} ${up(r.checks.worker.status)}`,
      '# HELP yiyang_worker_pollers Fresh pollers on the case task queue.',
      '# TYPE yiyang_worker_pollers gauge',
      `yiyang_worker_pollers{type="workflow"} ${r.checks.worker.workflowPollers}`,
      `yiyang_worker_pollers{type="activity"} ${r.checks.worker.activityPollers}`,
      '# HELP yiyang_stuck_cases Cases the reconciliation job found stuck, by kind of finding.',
      '# TYPE yiyang_stuck_cases gauge',
    ];
    const rec = r.checks.reconciliation;
    for (const kind of FINDING_KINDS) lines.push(`yiyang_stuck_cases{kind="${kind}"} ${rec?.byKind[kind] ?? 0}`);
    lines.push(
      '# HELP yiyang_stuck_cases_total Distinct cases with at least one open finding.',
      '# TYPE yiyang_stuck_cases_total gauge',
      `yiyang_stuck_cases_total ${rec?.backlog ?? 0}`,
      '# HELP yiyang_reconciliation_last_run_timestamp_seconds When the last reconciliation pass finished.',
      '# TYPE yiyang_reconciliation_last_run_timestamp_seconds gauge',
      `yiyang_reconciliation_last_run_timestamp_seconds ${rec?.lastRunAt ? Math.floor(Date.parse(rec.lastRunAt) / 1000) : 0}`,
    );
    return lines.join('\n') + '\n';
  }
}

function strip(p: Probe & { value?: unknown }): Probe {
  return { status: p.status, latencyMs: p.latencyMs, ...(p.error ? { error: p.error } : {}) };
}
