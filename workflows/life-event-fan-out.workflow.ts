import type { LifeEventDelivery, LifeEventFanOutInput } from '@app/contracts';
import { acts } from './lib/case-kit';

/**
 * Tells every affected case of a life event (death, moving out) or a roster exit, one after
 * another. Durable: a delivery that fails (Temporal or the case's worker unreachable) is retried
 * with backoff, not lost; the event id is fixed by the caller and each case dedups it, so a retried
 * delivery or a second start for the same event never applies it twice.
 */
export async function lifeEventFanOutWorkflow(input: LifeEventFanOutInput): Promise<LifeEventDelivery[]> {
  const delivered: LifeEventDelivery[] = [];
  for (const caseId of input.caseIds) delivered.push(await acts.deliverLifeEvent({ caseId, event: input.event }));
  return delivered;
}
