import { createHash } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { LifeEventDelivery, LifeEventFanOutInput } from '@app/contracts';
import { FanOutOutboxRepository } from '@app/persistence';

/** The fan-out's workflow id: a digest of the event id, so no date or person shows in Temporal. */
export function lifeEventFanOutWorkflowId(eventId: string): string {
  return `life-event-${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`;
}

type FanOutHandle = WorkflowHandle<(i: LifeEventFanOutInput) => Promise<LifeEventDelivery[]>>;

/**
 * Starts the delivery of a life event to the cases it affects (idempotent per event id: a second
 * start, e.g. a retried request, joins the run already there). With `db`, the outbox row the
 * event's transaction recorded is marked started.
 */
export async function startLifeEventFanOut(
  client: Client,
  taskQueue: string,
  input: LifeEventFanOutInput,
  db?: DataSource,
): Promise<FanOutHandle> {
  const workflowId = lifeEventFanOutWorkflowId(input.event.eventId);
  const handle = await client.workflow.start<(i: LifeEventFanOutInput) => Promise<LifeEventDelivery[]>>('lifeEventFanOutWorkflow', {
    workflowId,
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  if (db) await new FanOutOutboxRepository(db).markStarted(workflowId);
  return handle;
}

/**
 * The worker's sweep: starts the fan-outs whose start failed after their event committed (Temporal
 * was unreachable), with the same workflow id. A run that already finished under that id (started,
 * but not marked) is not started again. Answers how many it started.
 */
export async function startPendingFanOuts(client: Client, db: DataSource, taskQueue: string, olderThanSeconds = 10): Promise<number> {
  const outbox = new FanOutOutboxRepository(db);
  let started = 0;
  for (const row of await outbox.pending<LifeEventFanOutInput>(olderThanSeconds)) {
    try {
      await client.workflow.start<(i: LifeEventFanOutInput) => Promise<LifeEventDelivery[]>>('lifeEventFanOutWorkflow', {
        workflowId: row.workflow_id,
        taskQueue,
        args: [row.input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      started += 1;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        await outbox.markFailed(row.workflow_id, err instanceof Error ? err.message : String(err));
        continue;
      }
    }
    await outbox.markStarted(row.workflow_id);
  }
  return started;
}
