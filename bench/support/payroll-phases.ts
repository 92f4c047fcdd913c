/**
 * Where a payroll run's time goes, for the payroll bench only (production code logs nothing of
 * this): the repository's statements and the pure computation are timed by wrapping them in the
 * bench process (the worker runs in it), and the time between pages is read from the workflow's
 * history (activity scheduled → started → completed, across continue-as-new).
 */
import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { PayrollRepository } from '@app/persistence';
// The module that defines computeLines: its export is what the activities' import reads at call time.
import * as preview from '../../libs/persistence/src/payroll-preview';

type Totals = Map<string, { ms: number; calls: number }>;

/** Wraps a method so each call reports its duration under `label`. */
function timeMethod(record: (label: string, ms: number) => void, owner: Record<string, unknown>, name: string, label = name): void {
  const original = owner[name] as ((...args: unknown[]) => unknown) | undefined;
  if (!original) return; // a method of another version of the code
  owner[name] = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const r = original.apply(this, args);
    if (r instanceof Promise) return r.finally(() => record(label, performance.now() - t0));
    record(label, performance.now() - t0);
    return r;
  };
}

/** Starts timing the page activity's phases; `take()` returns the sums since the last take and starts again. */
export function timePayrollPhases(): { take: () => Totals } {
  let totals: Totals = new Map();
  const record = (label: string, ms: number) => {
    const t = totals.get(label) ?? { ms: 0, calls: 0 };
    totals.set(label, { ms: t.ms + ms, calls: t.calls + 1 });
  };
  const repo = PayrollRepository.prototype as unknown as Record<string, unknown>;
  for (const m of ['run', 'runsWithLinesFrom', 'hasEarlierRuns', 'sourcesPage', 'priorLines', 'policyVersions', 'appendLines']) {
    timeMethod(record, repo, m);
  }
  // computePage reads (runsWithLinesFrom, sourcesPage) then computes; code before it called computeLines from the activity.
  timeMethod(record, preview as unknown as Record<string, unknown>, 'computePage', 'computePage (reads + Node computation)');
  timeMethod(record, preview as unknown as Record<string, unknown>, 'computeLines', 'computeLines (Node, synchronous)');
  return {
    take: () => {
      const t = totals;
      totals = new Map();
      return t;
    },
  };
}

/**
 * From the histories of the workflow's runs: how many page activities, their summed time from
 * start to completion, their summed wait in the task queue, and the time no page was running
 * (between the last page of a round completing and the next round being scheduled, workflow
 * tasks and continue-as-new included), and the time lanes waited for the round's slowest page
 * (from a page's completion to the next round being scheduled, summed over pages).
 */
export async function pageTimeline(client: Client, workflowId: string, firstRunId: string) {
  let runId: string | null = firstRunId;
  const scheduled = new Map<string, number>();
  const started = new Map<string, number>();
  let activities = 0;
  let runningMs = 0;
  let queuedMs = 0;
  let idleMs = 0;
  let inFlight = 0;
  let idleSince: number | null = null;
  let laneIdleMs = 0;
  let waiting: number[] = [];
  let runs = 0;
  while (runId) {
    runs += 1;
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runId = null;
    for (const e of history.events ?? []) {
      const at = tsToMs(e.eventTime);
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'computePayrollPage') {
        const key = `${runs}:${String(e.eventId)}`;
        scheduled.set(key, at);
        if (inFlight === 0 && idleSince !== null) idleMs += at - idleSince;
        inFlight += 1;
        for (const done of waiting) laneIdleMs += at - done;
        waiting = [];
      } else if (e.activityTaskStartedEventAttributes) {
        const key = `${runs}:${String(e.activityTaskStartedEventAttributes.scheduledEventId)}`;
        if (scheduled.has(key)) {
          started.set(key, at);
          queuedMs += at - scheduled.get(key)!;
        }
      } else if (e.activityTaskCompletedEventAttributes) {
        const key = `${runs}:${String(e.activityTaskCompletedEventAttributes.scheduledEventId)}`;
        if (started.has(key)) {
          activities += 1;
          runningMs += at - started.get(key)!;
          inFlight -= 1;
          waiting.push(at);
          if (inFlight === 0) idleSince = at;
        }
      } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
        runId = e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? null;
      }
    }
  }
  return { runs, activities, runningMs, queuedMs, idleMs, laneIdleMs };
}
