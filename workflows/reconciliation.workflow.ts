import { proxyActivities } from '@temporalio/workflow';
import type * as activities from '../activities';

const acts = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 3 },
});

/**
 * Run by the reconciliation Schedule: one pass comparing PostgreSQL with Temporal (see
 * `reconcileCases`). A failed pass is simply retried by the next scheduled run.
 */
export async function reconciliationWorkflow(input: activities.ReconcileInput = {}): Promise<activities.ReconcileResult> {
  return acts.reconcileCases(input);
}
