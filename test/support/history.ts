import type { Client } from '@temporalio/client';
import { caseWorkflowId } from '@app/contracts';

export interface StartedTimer {
  /** When the timer was started (event time), ms since epoch. */
  startedAt: number;
  /** Its duration, ms. */
  durationMs: number;
  /** startedAt + durationMs. */
  firesAt: number;
}

function toMs(d: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!d) return 0;
  return Number(d.seconds ?? 0) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
}

/** The timers a case's workflow has started, read from its history. */
export async function startedTimers(client: Client, caseId: string): Promise<StartedTimer[]> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.timerStartedEventAttributes)
    .map((e) => {
      const startedAt = toMs(e.eventTime as { seconds?: unknown; nanos?: number });
      const durationMs = toMs(e.timerStartedEventAttributes!.startToFireTimeout as { seconds?: unknown; nanos?: number });
      return { startedAt, durationMs, firesAt: startedAt + durationMs };
    });
}

/** How many Workflow Updates a case's workflow has accepted (and so recorded in its history). */
export async function acceptedUpdates(client: Client, caseId: string): Promise<number> {
  const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}
