import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { parseTrialStayDetails, type Actor, type CareLevel } from '@app/contracts';
import {
  checkWithdrawalBar,
  orderWaitingList,
  supportSwitchMonth,
  type SupportSwitch,
  type WithdrawalBarResult,
} from '@app/domain/care-home';
import { monthOf, shanghaiDateOf } from '@app/domain/dates';
import { DEFAULT_TRIAL_STAY_POLICY_RULES, trialStayRules, type TrialStayPolicyRules } from '@app/domain/policy';
import {
  AuditRepository,
  BedsRepository,
  CareHomesRepository,
  CasesRepository,
  PoliciesRepository,
  RosterRepository,
  TrialStaysRepository,
  WaitingListRepository,
  type BedEntity,
  type StayWithHome,
} from '@app/persistence';

export interface CareHomeRef {
  id: string;
  name: string;
  regionCode: string;
  tracksCareLevel: boolean;
}

export interface BedRef {
  id: string;
  homeId: string;
  label: string;
  careLevel: CareLevel | null;
}

export interface TrialStayIntake {
  /** False when the request must be refused; `problems` then says why. */
  ok: boolean;
  problems: string[];
  home: CareHomeRef | null;
  priorityCategory: string | null;
  careLevel: CareLevel | null;
  /** 'unavailable' when the roster table does not exist: the accepting officer must confirm instead. */
  roster: 'on' | 'off' | 'unavailable';
  bar: WithdrawalBarResult | null;
  /** What the accepting officer sees with the acceptance task. */
  findings: Record<string, unknown>;
}

export interface TrialStayEnd {
  caseId: string;
  /** admission_rejected, left_early, left_at_end, not_arrived, withdrawn, refused, … (the CaseEnded action) */
  endKind: string;
  /** Counts towards the withdrawal bar. */
  voluntary: boolean;
  on: string;
  at: string;
  actor: Actor | null;
  reason: string | null;
}

export interface BedOfferMade {
  caseId: string;
  bedId: string;
  homeId: string;
}

function toBed(b: BedEntity): BedRef {
  return { id: b.id, homeId: b.homeId, label: b.label, careLevel: b.careLevel };
}

/**
 * The trial-stay (试住) side effects: the intake checks, reserving a bed or joining the waiting
 * list (入住轮候), the trial itself, releasing a bed to the next in line, and admission to
 * centralized support (集中供养). Each write is keyed by the case id and guarded by the row's
 * state, so a retried activity changes nothing the second time. Every change to a home's beds or
 * waiting list first locks the home's row: joining the list and releasing a bed never interleave,
 * so a bed cannot be freed while someone is about to wait for it.
 */
export function createTrialStayActivities({ db }: { db: DataSource }) {
  /** The trial-stay policy in force for the home's region today: it orders the home's waiting list. */
  async function homePriorityCategories(m: EntityManager, homeRegion: string): Promise<readonly string[]> {
    const policy = await new PoliciesRepository(m).inForce('trial-stay', homeRegion, shanghaiDateOf(Date.now()));
    return policy ? trialStayRules(policy.body).priorityCategories : DEFAULT_TRIAL_STAY_POLICY_RULES.priorityCategories;
  }

  async function orderedWaiting(
    m: EntityManager,
    homeId: string,
    homeRegion: string,
  ): Promise<{ caseId: string; careLevel: CareLevel | null }[]> {
    const entries = await new WaitingListRepository(m).waitingAt(homeId);
    const priorityCategories = await homePriorityCategories(m, homeRegion);
    return orderWaitingList(
      entries.map((e) => ({ ...e, id: e.caseId })),
      { priorityCategories },
    );
  }

  /** Inside a transaction pass its manager: a second pool connection there can deadlock the pool. */
  async function onTekunRoster(
    q: DataSource | EntityManager,
    idNumber: string,
    on: string,
  ): Promise<{ status: 'on' | 'off' | 'unavailable'; since: string | null }> {
    const roster = new RosterRepository(q);
    if (!(await roster.present())) return { status: 'unavailable', since: null };
    const spell = (await roster.spellsOf(idNumber)).find((s) => s.category === 'tekun' && s.from <= on && (s.to === null || s.to >= on));
    return spell ? { status: 'on', since: spell.from } : { status: 'off', since: null };
  }

  /**
   * Releases the ending case's reserved bed: reserved at once for the first case in line whose care
   * level fits (an offer its workflow is then woken for), or freed. Audits the offer and the release.
   */
  async function releaseBed(m: EntityManager, stay: StayWithHome, bed: BedEntity, input: TrialStayEnd): Promise<BedOfferMade | null> {
    const next = (await orderedWaiting(m, stay.homeId, stay.homeRegion)).find(
      (w) => !stay.tracksCareLevel || bed.careLevel === null || w.careLevel === null || w.careLevel === bed.careLevel,
    );
    const beds = new BedsRepository(m);
    const audit = new AuditRepository(m);
    let offer: BedOfferMade | null = null;
    if (next) {
      offer = { caseId: next.caseId, bedId: bed.id, homeId: stay.homeId };
      await beds.passTo(bed.id, next.caseId);
      await new WaitingListRepository(m).offer(next.caseId, bed.id, input.caseId, input.at);
      await new TrialStaysRepository(m).setBed(next.caseId, bed.id);
      await audit.record(null, {
        eventKey: `bed-offered:${next.caseId}:${bed.id}`,
        at: new Date(input.at),
        regionCode: await new CasesRepository(m).regionOf(next.caseId),
        caseId: next.caseId,
        step: 'waiting_list',
        action: 'bed_offered',
        before: { waitingList: 'waiting' },
        after: { waitingList: 'offered', homeId: stay.homeId, homeName: stay.homeName, bedId: bed.id, bedLabel: bed.label },
      });
    } else {
      await beds.free(bed.id);
    }
    await audit.record(null, {
      eventKey: `bed-released:${input.caseId}:${bed.id}`,
      at: new Date(input.at),
      regionCode: stay.regionCode,
      caseId: input.caseId,
      action: 'bed_released',
      before: { bedId: bed.id, bedLabel: bed.label, status: 'reserved' },
      after: offer ? { status: 'reserved', offeredToCaseId: offer.caseId } : { status: 'free' },
    });
    return offer;
  }

  return {
    /**
     * Checks a request before acceptance: the details (home, priority category), the elder on the
     * 特困 roster and in dispersed support, and the withdrawal bar. Records the trial stay and the
     * findings; refuses nothing itself (the workflow ends the case with the problems as reasons).
     */
    async trialStayIntake(input: {
      caseId: string;
      on: string;
      at: string;
      rules: Pick<TrialStayPolicyRules, 'priorityCategories' | 'withdrawalBar'>;
    }): Promise<TrialStayIntake> {
      const stays = new TrialStaysRepository(db);
      const c = await stays.application(input.caseId);
      if (!c) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CASE_NOT_FOUND');
      const problems: string[] = [];
      const parsed = parseTrialStayDetails(c.details, input.rules.priorityCategories);
      let home: CareHomeRef | null = null;
      if (!parsed.ok) problems.push(...parsed.problems);
      else {
        const found = await new CareHomesRepository(db).find(parsed.value.careHomeId);
        if (!found) problems.push('details.careHomeId: 没有这个敬老院');
        else if (found.regionCode.slice(0, 6) !== c.regionCode.slice(0, 6))
          problems.push('details.careHomeId: 该敬老院不在申请人户籍所在县');
        else home = { id: found.id, name: found.name, regionCode: found.regionCode, tracksCareLevel: found.tracksCareLevel };
      }

      const roster = await onTekunRoster(db, c.idNumber, input.on);
      if (roster.status === 'off') problems.push(`申请人${input.on}不在特困人员名册中`);
      const centralized = await stays.centralizedFrom(c.personId, monthOf(input.on));
      if (centralized) problems.push(`申请人自${centralized.fromMonth}起已集中供养,不属分散供养`);

      const withdrawals = await stays.voluntaryWithdrawals(c.personId, input.caseId);
      const bar = checkWithdrawalBar(withdrawals, c.appliedOn, input.rules);
      if (bar.barred) problems.push(`${bar.reason}自${bar.firstAllowedOn}起可再次申请。`);

      const priorityCategory = parsed.ok ? parsed.value.priorityCategory : null;
      const careLevel = parsed.ok ? parsed.value.careLevel : null;
      const freeBeds = home ? await new BedsRepository(db).countFree(home.id, home.tracksCareLevel, careLevel) : null;
      const findings = {
        careHome: home ? { id: home.id, name: home.name, tracksCareLevel: home.tracksCareLevel, freeBeds } : null,
        priorityCategory,
        careLevel,
        tekunRoster: roster,
        support: centralized ? 'centralized' : 'dispersed',
        voluntaryWithdrawals: withdrawals,
        withdrawalBar: bar.barred ? { until: bar.until, firstAllowedOn: bar.firstAllowedOn } : null,
        problems,
      };

      await db.transaction(async (m) => {
        if (home && priorityCategory) {
          await new TrialStaysRepository(m).record({
            caseId: input.caseId,
            personId: c.personId,
            homeId: home.id,
            priorityCategory,
            careLevel,
          });
        }
        await new AuditRepository(m).record(null, {
          eventKey: `trial-stay-checked:${input.caseId}`,
          at: new Date(input.at),
          regionCode: c.regionCode,
          caseId: input.caseId,
          step: 'acceptance',
          action: 'trial_stay_checked',
          after: findings,
          reason: problems.length > 0 ? problems.join(';') : null,
        });
      });
      return {
        ok: problems.length === 0,
        problems,
        home,
        priorityCategory,
        careLevel,
        roster: roster.status,
        bar,
        findings,
      };
    },

    /**
     * Reserves a free bed of the elder's care level (where the home tracks it) or puts the case on
     * the home's waiting list. Keyed by the case: a retry returns the bed or the place it got.
     */
    async reserveTrialBed(input: {
      caseId: string;
      careLevel: CareLevel | null;
      at: string;
    }): Promise<{ bed: BedRef | null; position: number | null }> {
      return db.transaction(async (m) => {
        const stays = new TrialStaysRepository(m);
        const beds = new BedsRepository(m);
        const waitingList = new WaitingListRepository(m);
        const stay = await stays.withHome(input.caseId);
        if (!stay) throw ApplicationFailure.nonRetryable(`case ${input.caseId} has no trial stay`, 'NOT_APPLICABLE');
        await new CareHomesRepository(m).lock(stay.homeId);
        const held = await beds.heldBy(input.caseId);
        if (held) return { bed: toBed(held), position: null };
        const position = async () =>
          (await orderedWaiting(m, stay.homeId, stay.homeRegion)).findIndex((w) => w.caseId === input.caseId) + 1 || null;
        if (await waitingList.entryOf(input.caseId)) return { bed: null, position: await position() };

        await stays.setCareLevel(input.caseId, input.careLevel);
        // The home's row is locked already; SKIP LOCKED keeps the pick atomic on its own as well.
        const reserved = await beds.reserveFree(input.caseId, stay.homeId, stay.tracksCareLevel, input.careLevel);
        if (reserved) {
          const bed = toBed(reserved);
          await stays.setBed(input.caseId, bed.id);
          await new AuditRepository(m).record(null, {
            eventKey: `bed-reserved:${input.caseId}:${bed.id}`,
            at: new Date(input.at),
            regionCode: stay.regionCode,
            caseId: input.caseId,
            step: 'check_in',
            action: 'bed_reserved',
            before: { bedStatus: 'free' },
            after: { homeId: bed.homeId, homeName: stay.homeName, bedId: bed.id, bedLabel: bed.label, careLevel: bed.careLevel },
          });
          return { bed, position: null };
        }

        await waitingList.join({
          caseId: input.caseId,
          homeId: stay.homeId,
          personId: stay.personId,
          priorityCategory: stay.priorityCategory,
          careLevel: input.careLevel,
          appliedOn: stay.appliedOn,
          joinedAt: input.at,
        });
        const cases = new CasesRepository(m);
        const before = await cases.lockState(input.caseId);
        await cases.moveTo(input.caseId, { status: 'waiting', currentStep: 'waiting_list', waitingUntil: null });
        const place = await position();
        await new AuditRepository(m).record(null, {
          eventKey: `waiting-list-joined:${input.caseId}`,
          at: new Date(input.at),
          regionCode: stay.regionCode,
          caseId: input.caseId,
          step: 'waiting_list',
          action: 'waiting_list_joined',
          before: { status: before?.status, currentStep: before?.current_step },
          after: {
            status: 'waiting',
            currentStep: 'waiting_list',
            homeId: stay.homeId,
            homeName: stay.homeName,
            priorityCategory: stay.priorityCategory,
            careLevel: input.careLevel,
            position: place,
          },
        });
        return { bed: null, position: place };
      });
    },

    /** The bed reserved for the case, if any (the database is the truth; the offer signal only wakes the case). */
    async trialBedFor(input: { caseId: string }): Promise<BedRef | null> {
      const bed = await new BedsRepository(db).reservedFor(input.caseId);
      return bed ? toBed(bed) : null;
    },

    /** The elder checked in: the trial period runs from now until `trialEndsAt`. */
    async startTrial(input: {
      caseId: string;
      bedId: string;
      checkedInAt: string;
      trialEndsAt: string;
      trialEndsOn: string;
      actor: Actor;
    }): Promise<void> {
      await db.transaction(async (m) => {
        const started = await new TrialStaysRepository(m).checkIn(input);
        if (!started) return; // retried
        const cases = new CasesRepository(m);
        await cases.moveTo(input.caseId, { status: 'in_progress', currentStep: 'trial_period' });
        await new AuditRepository(m).record(input.actor, {
          eventKey: `trial-started:${input.caseId}`,
          at: new Date(input.checkedInAt),
          regionCode: await cases.regionOf(input.caseId),
          caseId: input.caseId,
          step: 'trial_period',
          action: 'trial_started',
          after: { bedId: input.bedId, checkedInAt: input.checkedInAt, trialEndsAt: input.trialEndsAt, trialEndsOn: input.trialEndsOn },
        });
      });
    },

    /**
     * Ends the trial stay however the case ends (other than admission): leaves the waiting list,
     * and releases the bed — in the same transaction reserving it for the next in line, whose
     * workflow the caller then wakes. A retry returns the offer it made the first time.
     */
    async endTrialStay(input: TrialStayEnd): Promise<{ releasedBedId: string | null; offer: BedOfferMade | null }> {
      return db.transaction(async (m) => {
        const stays = new TrialStaysRepository(m);
        const waitingList = new WaitingListRepository(m);
        const stay = await stays.withHome(input.caseId);
        if (!stay) return { releasedBedId: null, offer: null }; // refused before a home was known
        await new CareHomesRepository(m).lock(stay.homeId);
        const ended = await stays.end({
          caseId: input.caseId,
          on: input.on,
          endKind: input.endKind,
          reason: input.reason,
          voluntary: input.voluntary,
        });
        if (!ended) {
          const made = await waitingList.offerMadeBy(input.caseId);
          return {
            releasedBedId: made?.offeredBedId ?? null,
            offer: made?.offeredBedId ? { caseId: made.caseId, bedId: made.offeredBedId, homeId: stay.homeId } : null,
          };
        }
        await waitingList.leave(input.caseId, input.at);
        const bed = await new BedsRepository(m).lockReservedFor(input.caseId);
        const offer = bed ? await releaseBed(m, stay, bed, input) : null;
        await new AuditRepository(m).record(input.actor, {
          eventKey: `trial-stay-ended:${input.caseId}`,
          at: new Date(input.at),
          regionCode: stay.regionCode,
          caseId: input.caseId,
          action: 'trial_stay_ended',
          after: { endKind: input.endKind, endedOn: input.on, voluntaryWithdrawal: input.voluntary, releasedBedId: bed?.id ?? null },
          reason: input.reason,
        });
        return { releasedBedId: bed?.id ?? null, offer };
      });
    },

    /**
     * Admission approved: the bed becomes occupied, dispersed support ends with the approval
     * month and centralized support starts the month after (supportSwitchMonth).
     */
    async admitToCentralizedSupport(input: { caseId: string; approvedOn: string; at: string; actor: Actor }): Promise<SupportSwitch> {
      const sw = supportSwitchMonth(input.approvedOn);
      await db.transaction(async (m) => {
        const stays = new TrialStaysRepository(m);
        const stay = await stays.withHome(input.caseId);
        if (!stay) throw ApplicationFailure.nonRetryable(`case ${input.caseId} has no trial stay`, 'NOT_APPLICABLE');
        await new CareHomesRepository(m).lock(stay.homeId);
        if (await stays.hasCentralizedFor(input.caseId)) return; // retried
        const bed = await new BedsRepository(m).occupyFor(input.caseId);
        if (!bed) throw ApplicationFailure.nonRetryable(`case ${input.caseId} holds no bed`, 'NOT_APPLICABLE');

        if (!(await stays.closeDispersed(stay.personId, sw.dispersedLastMonth))) {
          // No dispersed arrangement recorded yet: record the one that ends now, from the roster spell where known.
          const roster = await onTekunRoster(m, stay.idNumber, input.approvedOn);
          const from = roster.since && monthOf(roster.since) < sw.dispersedLastMonth ? monthOf(roster.since) : sw.dispersedLastMonth;
          await stays.recordDispersed({ personId: stay.personId, fromMonth: from, toMonth: sw.dispersedLastMonth, caseId: input.caseId });
        }
        await stays.startCentralized({
          personId: stay.personId,
          fromMonth: sw.centralizedFromMonth,
          homeId: stay.homeId,
          caseId: input.caseId,
        });
        await stays.admitted(input.caseId, input.approvedOn);
        await new AuditRepository(m).record(input.actor, {
          eventKey: `admitted:${input.caseId}`,
          at: new Date(input.at),
          regionCode: stay.regionCode,
          caseId: input.caseId,
          step: 'admission',
          action: 'admitted_to_centralized_support',
          before: { support: 'dispersed', bedStatus: 'reserved' },
          after: {
            support: 'centralized',
            homeId: stay.homeId,
            homeName: stay.homeName,
            bedId: bed.id,
            bedLabel: bed.label,
            bedStatus: 'occupied',
            dispersedLastMonth: sw.dispersedLastMonth,
            centralizedFromMonth: sw.centralizedFromMonth,
          },
        });
      });
      return sw;
    },
  };
}

export type TrialStayActivities = ReturnType<typeof createTrialStayActivities>;
