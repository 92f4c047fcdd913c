import { requestReassessmentUpdate, type CaseStateView, type CaseWorkflowInput, type CompleteTaskInput } from '@app/contracts';
import { mzt039Level, scoreAssessment, type AssessmentInput } from '@app/domain/assessment';
import { isWithinRegion } from '@app/domain/access';
import { careRules } from '@app/domain/policy';
import { setHandler } from '@temporalio/workflow';
import { currentPeriod, grant, guardApproval, nextPeriod, waitWhileActive, type PlanView } from './lib/allowance';
import { CaseEnded, CaseRun, fail, type TaskCompletion } from './lib/case-run';

/** The assessment form an assessor submits as the task's data: the 26 items and the adjusting factors. */
function formOf(data: Record<string, unknown> | null): AssessmentInput {
  const d = (data ?? {}) as Partial<AssessmentInput>;
  return {
    items: (d.items ?? {}) as Record<string, number>,
    coma: d.coma === true,
    dementia: d.dementia === true,
    psychiatricDiagnosis: d.psychiatricDiagnosis === true,
    careRiskEvents30d: typeof d.careRiskEvents30d === 'number' ? d.careRiskEvents30d : 0,
  };
}

/** Out-of-range or missing scores are refused before anything is recorded, naming the item. */
function validateForm(data: Record<string, unknown> | null, _req: CompleteTaskInput): void {
  const scored = scoreAssessment(formOf(data));
  if (!scored.ok) throw fail('INVALID_DATA', scored.errors.map((e) => e.message).join('; '));
}

/** Under an MZ/T 039-2013 policy the assessor submits the four first-level grades: `data.mzt039`. */
function validateMzt039(data: Record<string, unknown> | null, _req: CompleteTaskInput): void {
  const graded = mzt039Level((data?.mzt039 ?? {}) as Record<string, unknown>);
  if (!graded.ok) throw fail('INVALID_DATA', graded.errors.map((e) => `data.mzt039.${e.field}: ${e.message}`).join('; '));
}

/**
 * Care allowance (护理补贴): after acceptance an assessor rates the elder on GB/T 42195-2022 (or MZ/T 039-2013, per policy); a
 * level the policy does not pay ends the case with a written refusal; otherwise the chain goes on
 * and the allowance is paid from the month after the assessment. A reassessment comes up every
 * N months (policy) or on request; a new level changes the amount from the month after it, and a
 * level below the threshold stops it.
 */
export async function careAllowanceWorkflow(input: CaseWorkflowInput): Promise<CaseStateView> {
  const run = new CaseRun(input);
  const rules = careRules(run.policy);
  let plan: PlanView | null = null;
  let reassessmentRequested: string | null = null;
  guardApproval(run, () => plan);
  const mzt039 = rules.scale === 'MZ/T 039-2013';
  run.dataValidators.assessment = mzt039 ? validateMzt039 : validateForm;
  run.dataValidators.reassessment = mzt039 ? validateMzt039 : validateForm;

  setHandler(
    requestReassessmentUpdate,
    async (req) => {
      reassessmentRequested = req.reason;
      return run.afterChange();
    },
    {
      validator: (req) => {
        if (!isWithinRegion(req.actor.regionCode, input.regionCode)) throw fail('OUT_OF_SCOPE', 'Case not found.');
        if (req.actor.role !== 'township_officer' && req.actor.role !== 'county_officer')
          throw fail('ROLE_NOT_ALLOWED', 'A reassessment is requested by a case officer.');
        if (run.phase !== 'active' || run.isFinished()) throw fail('NOT_APPLICABLE', 'Only a care allowance being paid can be reassessed.');
        if (!req.reason?.trim()) throw fail('REASON_REQUIRED', "reason: say what changed in the elder's condition.");
      },
    },
  );

  async function record(c: TaskCompletion) {
    return run.acts.recordAssessment({
      taskId: c.taskId,
      caseId: input.caseId,
      actor: c.actor,
      form: mzt039
        ? { scale: 'MZ/T 039-2013' as const, grades: (c.data?.mzt039 ?? {}) as Record<string, number> }
        : { scale: 'GB/T 42195-2022' as const, ...formOf(c.data) },
      assessedOn: run.today(),
    });
  }

  return run.execute(async () => {
    const { entitlementId, cycle, periodFrom } = await currentPeriod(run, async () => {
      const chain = await run.runChain(run.policy.chain, {
        contextFor: (step) => (plan && (step === 'review' || step === 'approval') ? { eligibility: plan } : null),
        afterStep: async (step, completion) => {
          if (step !== 'assessment') return;
          const result = await record(completion);
          plan = await run.acts.planEntitlement({ caseId: input.caseId });
          if (!rules.eligibleLevels.includes(result.finalLevel)) {
            throw new CaseEnded(
              'rejected',
              `能力评估为${result.finalLevel}级(${result.levelName}),不在护理补贴等级 ${rules.eligibleLevels.join('、')} 级之内`,
              'level_not_eligible',
            );
          }
        },
      });
      return grant(run, chain.completion);
    });

    for (;;) {
      const woke = await waitWhileActive(run, {
        from: periodFrom,
        every: rules.reassessEvery,
        requested: () => reassessmentRequested !== null,
      });
      if (woke !== 'review') return woke;
      const why = reassessmentRequested ?? '定期复评';
      reassessmentRequested = null;
      const c = await run.runTask('reassessment', { cycle, reason: why });
      const result = await record(c);
      const revised = await run.acts.reviseEntitlement({
        caseId: input.caseId,
        revisionKey: `${input.caseId}:reassessed:${c.taskId}`,
        reason: `复评为${result.finalLevel}级(${result.levelName}):${why}`,
        actor: c.actor,
        at: run.now(),
      });
      if (revised.ended) throw new CaseEnded('closed', `复评为${result.finalLevel}级,自次月起停发护理补贴`, 'closed_level_below_threshold');
      return nextPeriod(run, entitlementId, cycle + 1);
    }
  });
}
