import { Runtime, type MetricsExporterConfig } from '@temporalio/worker';
import type { MetricGauge } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { MonitoringRepository } from '@app/persistence';

/**
 * The worker's Prometheus endpoint (YIYANG_METRICS_PORT; unset, none): the Temporal SDK's own
 * metrics (workflow and activity task latencies and failures, pollers, slots, sticky cache),
 * served by the SDK's core at `/metrics`, plus Yiyang's reconciliation backlog below.
 */
export function prometheusMetrics(env: NodeJS.ProcessEnv = process.env): { metrics: MetricsExporterConfig } | Record<string, never> {
  const raw = env.YIYANG_METRICS_PORT;
  if (raw === undefined || raw === '') return {};
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error('YIYANG_METRICS_PORT must be a port number');
  return {
    metrics: {
      prometheus: {
        bindAddress: `${env.YIYANG_METRICS_HOST || '0.0.0.0'}:${port}`,
        countersTotalSuffix: true,
        useSecondsForDurations: true,
      },
      globalTags: { process: env.YIYANG_PROCESS_NAME || 'worker' },
    },
  };
}

let backlog: MetricGauge | null = null;

/**
 * `yiyang_reconciliation_backlog{kind}`: cases and holiday-year recounts whose workflow
 * start is still pending (the sweep starts them). Normally 0; if it stays above 0, starts are
 * failing (Temporal unreachable, a rejected search attribute).
 */
export async function reportReconciliationBacklog(db: DataSource): Promise<void> {
  backlog ??= Runtime.instance().metricMeter.createGauge(
    'yiyang_reconciliation_backlog',
    'int',
    '',
    'Cases and holiday-year recounts whose workflow start is pending',
  );
  const pending = await new MonitoringRepository(db).pendingStarts();
  backlog.set(pending.cases, { kind: 'case_start' });
  backlog.set(pending.recounts, { kind: 'calendar_recount' });
}
