import { continueAsNew } from '@temporalio/workflow';
import type { CaseStatus, CaseWorkflowInput, EntitlementPlanView, LifeEventInput } from '@app/contracts';
import type { DurationPolicy, StepCode } from '@app/domain/policy';
import {
  activityFailureOf,
  acts,
  APPROVAL_IN_ONE_TRANSITION_PATCH,
  CaseEnded,
  fail,
  takesPatch,
  type CaseRun,
  type TaskCompletion,
} from './case-run';

/** The plan shown with a task and checked when the county approves. */
export type PlanView = EntitlementPlanView;

/** Refuses an approval the policy's rules would not pay. */
export function guardApproval(run: CaseRun, plan: () => PlanView | null): void {
  run.dataValidators.approval = (_data, req) => {
    const p = plan();
    if (req.outcome === 'approve' && p && !p.eligible) {
      throw fail('NOT_ELIGIBLE', `Not eligible under the policy: ${p.reasons.map((r) => r.message).join('; ')}`);
    }
  };
}

/** Grants the entitlement of an approved case and marks the case active. */
export async function grant(run: CaseRun, approval: TaskCompletion | null): Promise<string> {
  const request = { revisionKey: `${run.caseId}:granted`, reason: '县级审批同意', at: run.now() };
  const active = {
    caseId: run.caseId,
    eventKey: `${run.caseId}:active`,
    status: 'active',
    currentStep: null,
    decidedOn: run.today(),
    action: 'case_approved',
    actor: approval?.actor ?? null,
  } as const;
  // Newer cases grant in the transition that records the approval's consequences; the newest
  // also mark the case active in it (its details completed there with the entitlement).
  const activates = run.oneTransaction && takesPatch(run.input, APPROVAL_IN_ONE_TRANSITION_PATCH, 2);
  const granting = run.oneTransaction
    ? run.advance({ grant: { ...request, ...(activates ? { then: { ...active, at: run.now() } } : {}) } }).then((r) => r.granted!)
    : acts.grantEntitlement({ caseId: run.caseId, ...request });
  const granted = await granting.catch((err: unknown) => {
    // Facts changed between approval and payment (e.g. the roster): refuse, in writing.
    const refused = activityFailureOf(err, 'NOT_ELIGIBLE');
    if (refused) throw new CaseEnded('rejected', refused.message, 'not_eligible');
    throw err;
  });
  run.phase = 'active';
  run.status = 'active';
  run.currentStep = null;
  if (!activates) {
    await run.setState({
      ...active,
      details: { entitlementId: granted.entitlementId, startMonth: granted.plan.startMonth },
      at: run.now(),
    });
  }
  return granted.entitlementId;
}

function lifeEventReason(e: LifeEventInput): string {
  const label = e.kind === 'death' ? '死亡' : e.kind === 'moved_out' ? '户籍迁出本县' : '退出困难名单';
  return `${label}(${e.on}),自次月起停发`;
}

/**
 * While an allowance is paid: wait for the next periodic review (annual review / reassessment)
 * or a life event. A life event recomputes the entitlement; when it ends, the case closes.
 * Returns 'review' when the review is due (or was requested), or the final status.
 */
export async function waitWhileActive(
  run: CaseRun,
  next: { from: string; every: DurationPolicy; requested?: () => boolean },
): Promise<'review' | CaseStatus> {
  const due = await run.deadline(next.from, next.every);
  const wakeAt = Date.parse(due.dueAt);
  run.status = 'active';
  run.nextWakeAt = wakeAt;
  for (;;) {
    const woke = await run.waitFor(() => run.lifeEvents.length > 0 || (next.requested?.() ?? false), wakeAt - Date.now());
    if (run.lifeEvents.length > 0) {
      const event = run.lifeEvents.shift()!;
      const revised = await run.acts.reviseEntitlement({
        caseId: run.caseId,
        revisionKey: `${run.caseId}:life:${event.eventId}`,
        reason: lifeEventReason(event),
        actor: event.actor,
        at: run.now(),
      });
      if (revised.ended) throw new CaseEnded('closed', lifeEventReason(event), `closed_${event.kind}`);
      continue;
    }
    run.nextWakeAt = null;
    if (!woke || next.requested?.()) return 'review';
  }
}

/** Starts the next period of a long-lived case in a fresh history, carrying only what it needs. */
export async function nextPeriod(run: CaseRun, entitlementId: string, cycle: number): Promise<never> {
  const input: CaseWorkflowInput = { ...run.input, resume: { phase: 'active', entitlementId, cycle, lastReviewOn: run.now() } };
  await run.drainHandlers();
  return continueAsNew<(i: CaseWorkflowInput) => Promise<unknown>>(input);
}

export type { StepCode };

/** Where a paid allowance's current period starts: resumed after continue-as-new, or just granted. */
export interface AllowancePeriod {
  entitlementId: string;
  cycle: number;
  periodFrom: string;
}

/**
 * Resumes the period a continued-as-new run carries, or runs the application (`apply`: the chain
 * and the grant, returning the entitlement id) and starts the first period now.
 */
export async function currentPeriod(run: CaseRun, apply: () => Promise<string>): Promise<AllowancePeriod> {
  const resume = run.input.resume;
  if (resume) return { entitlementId: resume.entitlementId, cycle: resume.cycle, periodFrom: resume.lastReviewOn };
  const entitlementId = await apply();
  return { entitlementId, cycle: 1, periodFrom: run.now() };
}
