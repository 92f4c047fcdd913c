import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { caseStateQuery, caseWorkflowId, lifeEventUpdate, type LifeEventDelivery, type LifeEventInput } from '@app/contracts';
import type { ReconciliationDeps } from './reconciliation.activities';

/** A case workflow that has finished cannot take an Update: nothing is left to apply there. */
function finished(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  return err instanceof Error && /already completed/i.test(err.message);
}

export function createLifeEventActivities({ temporal: t }: Pick<ReconciliationDeps, 'temporal'>) {
  return {
    /**
     * Delivers a life event to one case's workflow. Its validator refuses an event id it already
     * recorded (a retry after delivery) or a case that has finished: both count as done. Any other
     * failure is thrown, so Temporal retries it.
     */
    async deliverLifeEvent(input: { caseId: string; event: LifeEventInput }): Promise<LifeEventDelivery> {
      if (!t) throw ApplicationFailure.nonRetryable('this worker has no Temporal client', 'NOT_APPLICABLE');
      const handle = t.client.workflow.getHandle(caseWorkflowId(input.caseId));
      try {
        const state = await handle.executeUpdate(lifeEventUpdate, { args: [input.event] });
        return { caseId: input.caseId, status: state.status, delivered: true };
      } catch (err) {
        const refused = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause.type : null;
        if (refused !== 'CONFLICT' && refused !== 'CASE_FINISHED' && !finished(err)) throw err;
        const state = await handle.query(caseStateQuery).catch((e: unknown) => {
          if (finished(e)) return null;
          throw e;
        });
        return { caseId: input.caseId, status: state?.status ?? null, delivered: refused === 'CONFLICT' };
      }
    },
  };
}
