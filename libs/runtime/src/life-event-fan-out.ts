import { createHash } from 'node:crypto';
import { WorkflowIdConflictPolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import type { LifeEventDelivery, LifeEventFanOutInput } from '@app/contracts';

/** The fan-out's workflow id: a digest of the event id, so no date or person shows in Temporal. */
export function lifeEventFanOutWorkflowId(eventId: string): string {
  return `life-event-${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`;
}

/**
 * Starts the delivery of a life event to the cases it affects (idempotent per event id: a second
 * start, e.g. a retried request, joins the run already there).
 */
export function startLifeEventFanOut(
  client: Client,
  taskQueue: string,
  input: LifeEventFanOutInput,
): Promise<WorkflowHandle<(i: LifeEventFanOutInput) => Promise<LifeEventDelivery[]>>> {
  return client.workflow.start<(i: LifeEventFanOutInput) => Promise<LifeEventDelivery[]>>('lifeEventFanOutWorkflow', {
    workflowId: lifeEventFanOutWorkflowId(input.event.eventId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}
