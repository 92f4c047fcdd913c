import { ApplicationFailure, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  payrollActionUpdate,
  payrollStateQuery,
  type PayrollActionInput,
  type PayrollCursor,
  type PayrollRunStatusView,
  type PayrollStateView,
  type PayrollWorkflowInput,
} from '@app/contracts';
import { shanghaiMonthOf } from '@app/domain/dates';
import { payrollTransition, uuidLanes } from '@app/domain/payroll';
import type * as activities from '../activities';

type Activities = activities.Activities;

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** A page reads and writes thousands of lines: minutes at most, heartbeating so a dead worker is noticed in seconds. */
const pages = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Pages per workflow run before continue-as-new: each page is a handful of events, the history stays small. */
const PAGES_PER_RUN = 50;

/**
 * Lanes page on their own (a lane starts its next page as soon as its last one is written) rather
 * than in rounds that wait for the slowest lane: no core idles at the end of every round.
 */
const INDEPENDENT_LANES_PATCH = 'payroll-independent-lanes';

function freshLanes(n: number): PayrollCursor['lanes'] {
  return uuidLanes(n).map((b) => ({ ...b, afterId: null, done: false }));
}

/** The cursor after some pages: the next phase with fresh lanes once every lane of this one is done. */
function advanced(c: PayrollCursor, lanes: PayrollCursor['lanes'], pages: number, lines: number): PayrollCursor {
  return lanes.every((l) => l.done)
    ? { ...c, phase: c.phase === 'entitlement' ? 'support' : 'done', lanes: freshLanes(c.laneCount), pages, lines }
    : { ...c, lanes, pages, lines };
}

/** One page of every unfinished lane at once, all awaited before the next round (runs recorded before the patch). */
async function pageLanesInRounds(c: PayrollCursor): Promise<{ cursor: PayrollCursor; started: number }> {
  const open = c.lanes.map((l, i) => ({ l, i })).filter((x) => !x.l.done);
  const results: { nextAfterId: string | null; lines: number }[] = await Promise.all(
    open.map((x, k) => pages.computePayrollPage({ cursor: c, lane: x.i, pageNo: c.pages + k + 1 })),
  );
  const lanes = c.lanes.map((l) => ({ ...l }));
  let done = 0;
  let lines = 0;
  open.forEach((x, k) => {
    const r = results[k];
    if (r.nextAfterId === null) lanes[x.i].done = true;
    else {
      lanes[x.i].afterId = r.nextAfterId;
      done += 1;
      lines += r.lines;
    }
  });
  return { cursor: advanced(c, lanes, c.pages + done, c.lines + lines), started: open.length };
}

/**
 * Every unfinished lane pages on its own until `budget` pages have started in all or the phase is
 * done: the database works on as many pages as there are lanes, all the time.
 */
async function pageLanesOnTheirOwn(c: PayrollCursor, budget: number): Promise<{ cursor: PayrollCursor; started: number }> {
  const lanes = c.lanes.map((l) => ({ ...l }));
  let started = 0;
  let pagesDone = c.pages;
  let lines = c.lines;
  await Promise.all(
    lanes.map(async (lane, i) => {
      while (!lane.done && started < budget) {
        started += 1;
        const r = await pages.computePayrollPage({
          cursor: { ...c, lanes: lanes.map((l) => ({ ...l })) },
          lane: i,
          pageNo: c.pages + started,
        });
        if (r.nextAfterId === null) lane.done = true;
        else {
          lane.afterId = r.nextAfterId;
          pagesDone += 1;
          lines += r.lines;
        }
      }
    }),
  );
  return { cursor: advanced(c, lanes, pagesDone, lines), started };
}

/**
 * A county's monthly payroll. Opens the run (or finds that another workflow owns it), pages
 * through entitlements and dispersed-support arrangements writing ledger lines, continuing as new
 * between batches of pages, then waits for the review: submit → approve (someone else) → release
 * (payments and bank files) → reconcile (after the bank's returns), or cancel. Each step is an
 * Update whose validator asks the same rule as the API.
 */
export async function payrollWorkflow(input: PayrollWorkflowInput): Promise<PayrollStateView> {
  let status: PayrollRunStatusView = 'computing';
  let preparedBy: string | null = null;
  let busy = false;
  let cursor: PayrollCursor | null = input.cursor ?? null;
  const view = (): PayrollStateView => ({
    runId: cursor?.runId ?? null,
    month: cursor?.month ?? null,
    status,
    preparedBy,
    pages: cursor?.pages ?? 0,
    lines: cursor?.lines ?? 0,
  });

  setHandler(payrollStateQuery, view);
  setHandler(
    payrollActionUpdate,
    async (a: PayrollActionInput) => {
      busy = true;
      try {
        const r = await acts.recordPayrollTransition({
          runId: cursor!.runId,
          action: a.action,
          actor: a.actor,
          reason: a.reason ?? null,
          at: a.at,
          // One audit row per accepted update, even if the activity is retried.
          eventKey: `payroll-${a.action}:${cursor!.runId}:${workflowInfo().historyLength}`,
        });
        status = r.status;
        if (a.action === 'submit') preparedBy = a.actor.userId;
        if (a.action === 'return') preparedBy = null;
        return view();
      } finally {
        busy = false;
      }
    },
    {
      validator: (a: PayrollActionInput) => {
        if (busy) throw ApplicationFailure.create({ type: 'CONFLICT', message: '上一项操作尚未完成', nonRetryable: true });
        if (status === 'computing')
          throw ApplicationFailure.create({ type: 'CONFLICT', message: '工资发放批次仍在计算中', nonRetryable: true });
        const t = payrollTransition({ status, action: a.action, actor: a.actor, preparedBy, reason: a.reason ?? null });
        if (!t.ok)
          throw ApplicationFailure.create({ type: t.code === 'WRONG_STATE' ? 'CONFLICT' : t.code, message: t.message, nonRetryable: true });
      },
    },
  );

  if (!cursor) {
    const month = input.month ?? shanghaiMonthOf(Date.now());
    const opened = await acts.openPayrollRun({
      countyCode: input.countyCode,
      month,
      workflowId: workflowInfo().workflowId,
      startedBy: input.startedBy ?? null,
      at: new Date().toISOString(),
    });
    cursor = {
      runId: opened.runId,
      month,
      phase: 'entitlement',
      lanes: freshLanes(opened.lanes),
      laneCount: opened.lanes,
      pages: 0,
      lines: 0,
    };
    // Another workflow owns this month's run: nothing to do here (the Schedule fired after a manual start, or the reverse).
    // A run past computing (a workflow started again for a finished month) is left as it is.
    if (!opened.owner || opened.status !== 'computing') {
      status = opened.status;
      return view();
    }
  }

  let pagesThisRun = 0;
  while (cursor.phase !== 'done') {
    if (pagesThisRun >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof payrollWorkflow>({ ...input, cursor });
    }
    const c: PayrollCursor = cursor;
    const paged = patched(INDEPENDENT_LANES_PATCH)
      ? await pageLanesOnTheirOwn(c, PAGES_PER_RUN - pagesThisRun)
      : await pageLanesInRounds(c);
    pagesThisRun += paged.started;
    cursor = paged.cursor;
  }
  await acts.finishPayrollCompute({ runId: cursor.runId, at: new Date().toISOString() });
  status = 'draft';

  await condition(() => (status === 'reconciled' || status === 'cancelled') && !busy);
  return view();
}
