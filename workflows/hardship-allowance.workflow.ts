import type { CaseStateView, CaseWorkflowInput } from '@app/contracts';
import { compareMonths, shanghaiMonthOf, startOfMonthInstant } from '@app/domain/dates';
import { hardshipRules } from '@app/domain/policy';
import { currentPeriod, grant, guardApproval, nextPeriod, waitWhileActive, type PlanView } from './lib/allowance';
import { acts, CaseEnded, CaseRun } from './lib/case-run';

/**
 * Economic-hardship allowance (经济困难老年人补贴): the policy's approval chain; an applicant not
 * yet 60 is accepted and waits on a durable timer until the month of the 60th birthday. Once
 * approved, the entitlement is paid from the month the rules say, with an annual review (年审)
 * per policy; each review period continues as new.
 */
export async function hardshipAllowanceWorkflow(input: CaseWorkflowInput): Promise<CaseStateView> {
  const run = new CaseRun(input);
  const rules = hardshipRules(run.policy);
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
      const woke = await waitWhileActive(run, { from: periodFrom, every: rules.annualReviewEvery });
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
