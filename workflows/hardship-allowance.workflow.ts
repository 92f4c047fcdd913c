import type { CaseStateView, CaseWorkflowInput } from '@app/contracts';
import { compareMonths, shanghaiMonthOf, startOfMonthInstant } from '@app/domain/dates';
import { caseTypeDefinition } from '@app/domain/case-types';
import { currentPeriod, grant, guardApproval, nextPeriod, waitWhileActive, type PlanView } from './lib/allowance';
import { acts, CaseEnded, CaseRun } from './lib/case-run';

/**
 * An allowance that starts at an age: the policy's approval chain; an applicant below the
 * policy's minimum age is accepted and waits on a durable timer until the month of that birthday.
 * Once approved, the entitlement is paid from the month the rules say, with a periodic review
 * (年审) per policy; each review period continues as new. The age and review period come from
 * the case type's registry entry, so any age-gated allowance runs here under its own name.
 */
export async function ageAllowanceWorkflow(input: CaseWorkflowInput): Promise<CaseStateView> {
  const run = new CaseRun(input);
  const reviewEvery = caseTypeDefinition(input.caseType).allowance?.reviewEvery?.(run.policy);
  if (!reviewEvery) throw new Error(`case type ${input.caseType} is not an age-gated allowance with a periodic review`);
  let plan: PlanView | null = null;
  guardApproval(run, () => plan ?? run.plan);

  return run.execute(async () => {
    const { entitlementId, cycle, periodFrom } = await currentPeriod(run, async () => {
      const chain = await run.runChain(run.policy.chain, {
        contextFor: (step) => (plan && (step === 'review' || step === 'approval') ? { eligibility: plan } : null),
        // Newer cases: the transition opening the review checks the age and computes the plan with it.
        needsFor: (step) => (step === 'review' ? { ageGate: true, plan: true } : step === 'approval' ? { plan: true } : {}),
        afterStep: async (step) => {
          if (run.oneTransaction) return;
          if (step === 'acceptance') {
            const facts = await acts.hardshipFacts({ caseId: input.caseId });
            if (compareMonths(facts.eligibleFromMonth, shanghaiMonthOf(Date.now())) > 0) {
              await run.waitUntil(startOfMonthInstant(facts.eligibleFromMonth).getTime(), {
                status: 'waiting',
                waitingUntil: facts.eligibleFromMonth,
                action: 'waiting_for_age',
              });
            }
          }
          if (step === 'acceptance' || step === 'review') plan = await acts.planEntitlement({ caseId: input.caseId });
        },
      });
      return grant(run, chain.completion);
    });

    for (;;) {
      const woke = await waitWhileActive(run, { from: periodFrom, every: reviewEvery });
      if (woke !== 'review') return woke;
      const review = await run.runTask('annual_review', { cycle });
      if (review.outcome === 'pass') return nextPeriod(run, entitlementId, cycle + 1);
      await run.acts.reviseEntitlement({
        caseId: input.caseId,
        revisionKey: `${input.caseId}:review-failed:${review.taskId}`,
        reason: `年审未通过:${review.comment ?? ''}`,
        reviewFailedOn: run.today(),
        actor: review.actor,
        at: run.now(),
      });
      throw new CaseEnded('closed', `年审未通过:${review.comment ?? ''}`, 'closed_review_failed');
    }
  });
}

/** Economic-hardship allowance (经济困难老年人补贴): from the month of the 60th birthday, per policy. */
export async function hardshipAllowanceWorkflow(input: CaseWorkflowInput): Promise<CaseStateView> {
  return ageAllowanceWorkflow(input);
}
