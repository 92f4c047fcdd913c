import { continueAsNew, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import { calendarChangedSignal, caseWorkflowId } from '@app/contracts';
import type * as activities from '../activities';

const acts = proxyActivities<activities.Activities>({
  startToCloseTimeout: '1 minute',
  // The scans heartbeat (activities/heartbeat.ts): a lost worker is noticed in seconds.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface CalendarRecountInput {
  /** The year whose holiday arrangement an admin loaded or replaced. */
  year: number;
  afterCaseId?: string | null;
  signalled?: number;
  ended?: number;
}

export interface CalendarRecountResult {
  year: number;
  /** Cases told to count their open tasks' deadlines again. */
  signalled: number;
  /** Cases whose workflow had already ended (nothing left to count). */
  ended: number;
}

const PAGE = 200;

/**
 * Started when an admin loads or replaces a year's holiday arrangement: tells every case with an
 * open task whose deadline count touches that year to count it again. Each case recounts in its
 * own workflow (so its timer moves with the row); this batch only pages and signals, continuing as
 * new after each page so its history stays small however many cases there are.
 */
export async function calendarRecountWorkflow(input: CalendarRecountInput): Promise<CalendarRecountResult> {
  let signalled = input.signalled ?? 0;
  let ended = input.ended ?? 0;
  const page = await acts.findCasesToRecount({ year: input.year, afterCaseId: input.afterCaseId ?? null, limit: PAGE });
  const results = await Promise.allSettled(
    page.map((caseId) => getExternalWorkflowHandle(caseWorkflowId(caseId)).signal(calendarChangedSignal, { year: input.year })),
  );
  for (const r of results) {
    if (r.status === 'fulfilled') signalled += 1;
    else ended += 1;
  }
  if (page.length === PAGE) {
    await continueAsNew<typeof calendarRecountWorkflow>({ year: input.year, afterCaseId: page[page.length - 1], signalled, ended });
  }
  return { year: input.year, signalled, ended };
}
