import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  bedOfferedSignal,
  caseWorkflowId,
  leaveTrialEarlyUpdate,
  trialStayQuery,
  type Actor,
  type CareLevel,
  type CaseStateView,
  type CaseWorkflowInput,
  type TrialStayView,
  type WaitingListState,
} from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import {
  selfCareCategory,
  supportSwitchMonth,
  type ActivityRating,
  type SelfCareActivity,
  type TrialStayRules,
} from '@app/domain/care-home';
import { shanghaiDateOf } from '@app/domain/dates';
import { DEFAULT_POLICIES, trialStayRules, type StepCode, type TaskStepPolicy } from '@app/domain/policy';
import type { BedRef, BedOfferMade, TrialStayIntake } from '../activities/trial-stay.activities';
import { CaseEnded, CaseRun, fail, takesPatch, type TaskCompletion } from './lib/case-run';

/** Runs interrupted in their own waits since this change end directly, not through an already-due timer. */
export const END_INTERRUPTED_PATCH = 'end-interrupted-without-timer';

/** Runs that wait long on a care home's list continue as new, carrying only what the steps after the bed need. */
export const WAITING_LIST_CONTINUE_AS_NEW_PATCH = 'waiting-list-continue-as-new';

/** Bed checks (offers and daily rechecks) per run on the waiting list: about three months of daily rechecks. */
const WAITING_CHECKS_PER_RUN = 90;

/** Endings that count as a voluntary withdrawal towards the withdrawal bar. */
const VOLUNTARY_ENDINGS = new Set(['withdrawn', 'trial_left_early', 'trial_left']);

/** Steps this workflow runs after the bed is found; a policy that does not list one gets the built-in default. */
const POST_BED_STEPS: StepCode[] = ['check_in', 'trial_decision', 'admission'];

/**
 * A case waiting for a bed is woken by the releasing case's signal; it also looks at the
 * database once a day, so an offer is never missed even if a signal were.
 */
const OFFER_RECHECK_MS = 24 * 60 * 60 * 1000;

/**
 * Trial stay (试住) of a dispersed-support extremely poor elder (分散供养特困人员) in a care home,
 * ending in admission to centralized support (集中供养) or a return home:
 *
 * intake checks (details, 特困 roster, dispersed support, withdrawal bar) → the policy's chain up
 * to check-in (acceptance) → a bed reserved, or the home's waiting list until a bed is offered →
 * check-in → the trial period (early leave possible) → trial decision (stay / leave) → admission
 * by the county (approve / reject). Whenever the case ends without admission its bed goes to the
 * next in line, whose workflow this one wakes.
 */
export async function trialStayWorkflow(input: CaseWorkflowInput): Promise<CaseStateView> {
  const run = new CaseRun(input);
  const rules = trialStayRules(run.policy);
  withDefaultSteps(run);

  const stay: TrialStayView = { phase: 'checking', homeId: null, bedId: null, careLevel: null, trialEndsAt: null };
  // Set by handlers and read by the run; kept in one object so TypeScript does not narrow them away.
  const seen: {
    intake: TrialStayIntake | null;
    earlyLeave: { actor: Actor; reason: string } | null;
    trialLeave: TaskCompletion | null;
    offerArrived: boolean;
  } = { intake: null, earlyLeave: null, trialLeave: null, offerArrived: false };

  setHandler(trialStayQuery, () => ({ ...stay }));
  setHandler(bedOfferedSignal, () => {
    seen.offerArrived = true;
  });
  setHandler(
    leaveTrialEarlyUpdate,
    async (req) => {
      seen.earlyLeave = { actor: req.actor, reason: req.reason.trim() };
      return run.afterChange();
    },
    {
      validator: (req) => {
        if (!isWithinRegion(req.actor.regionCode, input.regionCode)) throw fail('OUT_OF_SCOPE', 'Case not found.');
        if (req.actor.role !== 'township_officer') throw fail('ROLE_NOT_ALLOWED', 'An early leave is recorded by a township officer.');
        if (stay.phase !== 'trial' || seen.earlyLeave || run.withdrawn || run.isFinished()) {
          throw fail('NOT_APPLICABLE', 'The elder is not in the trial period.');
        }
        if (!req.reason || req.reason.trim().length === 0) throw fail('REASON_REQUIRED', 'reason: an early leave needs the reason.');
      },
    },
  );

  run.dataValidators.acceptance = (data, req) => {
    const intake = seen.intake;
    if (req.outcome !== 'accept' || !intake) return;
    const level = careLevelFrom(data, rules);
    if (intake.home?.tracksCareLevel && stay.careLevel === null && level === null) {
      throw fail(
        'INVALID_DATA',
        `data.selfCare: ${intake.home.name}按护理等级分配床位,受理时须提交六项生活自理能力评定(${SELF_CARE_KEYS})。`,
      );
    }
    if (intake.roster === 'unavailable' && data?.tekunDispersedConfirmed !== true) {
      throw fail('INVALID_DATA', 'data.tekunDispersedConfirmed: 特困人员名册暂不可查,须由经办人核实申请人为分散供养特困人员后确认(true)。');
    }
  };

  /**
   * Ends the run with its ending (withdrawal, or a life event), keeping who and why. Runs that
   * reached this before CaseRun could end a run directly keep their recorded path: a timed wait,
   * already due.
   */
  async function endInterrupted(action: string): Promise<never> {
    if (takesPatch(input, END_INTERRUPTED_PATCH)) return run.endInterrupted(action);
    await run.waitUntil(Date.now(), { status: run.status, waitingUntil: null, action });
    throw new Error('the case was expected to end');
  }

  async function obtainBed(home: WaitingListState['home']): Promise<BedRef> {
    const first = await run.acts.reserveTrialBed({ caseId: input.caseId, careLevel: stay.careLevel, at: run.now() });
    if (first.bed) return first.bed;
    return waitOnList(home);
  }

  /**
   * On the home's waiting list until a bed is offered (or the case ends). A long wait continues as
   * new after WAITING_CHECKS_PER_RUN checks, or sooner when Temporal suggests it, so the history
   * stays bounded; the next run resumes here with the state carried in `input.waitingList`.
   */
  async function waitOnList(home: WaitingListState['home']): Promise<BedRef> {
    stay.phase = 'waiting_list';
    run.status = 'waiting';
    const perRun = input.waitingChecksPerRun ?? WAITING_CHECKS_PER_RUN;
    for (let checks = 1; ; checks++) {
      await run.waitFor(() => seen.offerArrived || run.withdrawn, OFFER_RECHECK_MS);
      if (run.withdrawn) await endInterrupted('waiting_list_interrupted');
      seen.offerArrived = false;
      const bed = await run.acts.trialBedFor({ caseId: input.caseId });
      if (bed) {
        run.status = 'in_progress';
        return bed;
      }
      // Checked only here, so histories recorded before the patch replay without reaching it.
      if ((checks >= perRun || workflowInfo().continueAsNewSuggested) && takesPatch(input, WAITING_LIST_CONTINUE_AS_NEW_PATCH)) {
        // Updates in flight finish in this run; a withdrawal that arrives meanwhile ends it here.
        await condition(allHandlersFinished);
        if (run.withdrawn) continue;
        const carried: WaitingListState = {
          home,
          careLevel: stay.careLevel,
          currentStep: run.currentStep,
          offerPending: seen.offerArrived,
          runs: (input.waitingList?.runs ?? 0) + 1,
        };
        // The first task was adopted (and decided) long ago: the next run must not adopt it again.
        await continueAsNew<typeof trialStayWorkflow>({ ...input, firstTask: undefined, waitingList: carried });
      }
    }
  }

  async function offerTo(offer: BedOfferMade): Promise<void> {
    try {
      await getExternalWorkflowHandle(caseWorkflowId(offer.caseId)).signal(bedOfferedSignal, {
        bedId: offer.bedId,
        homeId: offer.homeId,
        offeredByCaseId: input.caseId,
      });
    } catch {
      // That case has ended meanwhile; its own ending released the bed again to the next in line.
    }
  }

  /** However the case ends without admission: leave the list, release the bed, wake the next in line. */
  async function endStay(ended: CaseEnded): Promise<void> {
    const actor =
      ended.action === 'trial_left_early'
        ? (seen.earlyLeave?.actor ?? null)
        : ended.action === 'trial_left'
          ? (seen.trialLeave?.actor ?? null)
          : null;
    const { offer } = await run.acts.endTrialStay({
      caseId: input.caseId,
      endKind: ended.action,
      voluntary: VOLUNTARY_ENDINGS.has(ended.action),
      on: run.today(),
      at: run.now(),
      actor,
      reason: ended.reason || null,
    });
    stay.phase = 'ended';
    if (offer) await offerTo(offer);
  }

  async function trialStay(): Promise<'approved'> {
    const resumed = input.waitingList;
    let home: WaitingListState['home'];
    let bed: BedRef;
    if (resumed) {
      // Continued as new on the waiting list: intake and acceptance were done by an earlier run.
      home = resumed.home;
      stay.homeId = home.id;
      stay.careLevel = resumed.careLevel;
      run.currentStep = resumed.currentStep as StepCode | null;
      seen.offerArrived = resumed.offerPending;
      bed = await waitOnList(home);
    } else {
      home = await intakeAndAcceptance();
      bed = await obtainBed(home);
    }
    return afterBed(home, bed);
  }

  /** Intake checks and the chain up to check-in; answers the care home the request names. */
  async function intakeAndAcceptance(): Promise<WaitingListState['home']> {
    const intake = await run.acts.trialStayIntake({
      caseId: input.caseId,
      on: run.today(),
      at: run.now(),
      rules: { priorityCategories: rules.priorityCategories, withdrawalBar: rules.withdrawalBar },
    });
    seen.intake = intake;
    stay.homeId = intake.home?.id ?? null;
    stay.careLevel = intake.careLevel;
    if (!intake.ok) throw new CaseEnded('rejected', `不予受理:${intake.problems.join(';')}`, 'trial_stay_refused');
    const home = intake.home!;

    stay.phase = 'accepting';
    const checkInAt = run.policy.chain.findIndex((s) => s.step === 'check_in');
    await run.runChain(checkInAt === -1 ? run.policy.chain : run.policy.chain.slice(0, checkInAt), {
      contextFor: (step) => (step === 'acceptance' ? { trialStay: intake.findings } : null),
      afterStep: async (step, completion) => {
        if (step === 'acceptance') stay.careLevel = careLevelFrom(completion.data, rules) ?? stay.careLevel;
      },
    });

    return { id: home.id, name: home.name };
  }

  /** Check-in, the trial period, the trial decision and admission. */
  async function afterBed(home: WaitingListState['home'], bed: BedRef): Promise<'approved'> {
    stay.bedId = bed.id;
    stay.phase = 'check_in';
    const where = { careHome: { id: home.id, name: home.name }, bed: { id: bed.id, label: bed.label, careLevel: bed.careLevel } };
    const checkIn = await run.runTask('check_in', where);
    if (checkIn.outcome === 'not_arrived') throw new CaseEnded('closed', `未入住:${checkIn.comment ?? ''}`, 'trial_not_arrived');
    // The elder is in the home from check-in: an early leave is accepted from now on.
    stay.phase = 'trial';

    const ends = await run.acts.computeDeadline({ from: checkIn.completedAt, duration: rules.trialPeriod });
    await run.acts.startTrial({
      caseId: input.caseId,
      bedId: bed.id,
      checkedInAt: checkIn.completedAt,
      trialEndsAt: ends.dueAt,
      trialEndsOn: ends.dueDate,
      actor: checkIn.actor,
    });
    stay.trialEndsAt = ends.dueAt;
    run.nextWakeAt = Date.parse(ends.dueAt);
    await run.waitFor(() => run.withdrawn || seen.earlyLeave !== null, run.nextWakeAt - Date.now());
    run.nextWakeAt = null;
    if (run.withdrawn) await endInterrupted('trial_interrupted');
    if (seen.earlyLeave) throw new CaseEnded('closed', `试住期间提前离院:${seen.earlyLeave.reason}`, 'trial_left_early');

    stay.phase = 'trial_decision';
    const trial = { checkedInAt: checkIn.completedAt, trialEndsAt: ends.dueAt, trialEndsOn: ends.dueDate };
    const decision = await run.runTask('trial_decision', { ...where, trial });
    if (decision.outcome === 'leave') {
      seen.trialLeave = decision;
      throw new CaseEnded('closed', `试住期满决定离院:${decision.comment ?? ''}`, 'trial_left');
    }

    stay.phase = 'admission';
    const admission = await run.runTask('admission', { ...where, trial, ifApprovedToday: supportSwitchMonth(run.today()) });
    if (admission.outcome === 'reject') throw new CaseEnded('rejected', admission.comment ?? '', 'admission_rejected');
    await run.acts.admitToCentralizedSupport({
      caseId: input.caseId,
      approvedOn: shanghaiDateOf(Date.parse(admission.completedAt)),
      at: admission.completedAt,
      actor: admission.actor,
    });
    stay.phase = 'ended';
    return 'approved';
  }

  return run.execute(async () => {
    try {
      return await trialStay();
    } catch (err) {
      if (err instanceof CaseEnded) await endStay(err);
      throw err;
    }
  });
}

const SELF_CARE_KEYS = 'eating, dressing, bed_transfer, toileting, indoor_walking, bathing';

/** The care level from the six-activity ratings in the acceptance data (`data.selfCare`), if given. */
function careLevelFrom(data: Record<string, unknown> | null, rules: Pick<TrialStayRules, 'selfCare'>): CareLevel | null {
  const ratings = data?.selfCare;
  if (ratings === undefined) return null;
  if (typeof ratings !== 'object' || ratings === null || Array.isArray(ratings)) {
    throw fail('INVALID_DATA', `data.selfCare: 须为对象,键为 ${SELF_CARE_KEYS},值为 independent / needs-help / dependent。`);
  }
  try {
    return selfCareCategory(ratings as Record<SelfCareActivity, ActivityRating>, rules).category;
  } catch (err) {
    throw fail('INVALID_DATA', `data.selfCare: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A policy that omits a step this workflow runs after the bed gets the built-in role and deadline for it. */
function withDefaultSteps(run: CaseRun): void {
  const policy = run.policy;
  const builtIn = DEFAULT_POLICIES['trial-stay'];
  for (const step of POST_BED_STEPS) {
    if (policy.chain.some((s) => s.step === step) || policy.steps[step]) continue;
    const inChain = builtIn.chain.find((s): s is TaskStepPolicy => s.kind === 'task' && s.step === step);
    const fallback = inChain ? { role: inChain.role, deadline: inChain.deadline } : builtIn.steps[step];
    if (fallback) policy.steps[step] = fallback;
  }
}
