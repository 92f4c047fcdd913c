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
import { AuditRepository, PoliciesRepository, updateReturning } from '@app/persistence';
import { rosterSpellsFor } from './roster-lookup';

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

interface StayRow {
  home_id: string;
  person_id: string;
  priority_category: string;
  applied_on: string;
  region_code: string;
  tracks_care_level: boolean;
  home_region: string;
  home_name: string;
  end_kind: string | null;
}

type WaitingRow = { case_id: string; priority_category: string; applied_on: string; seq: string; care_level: CareLevel | null };

function toBed(r: { id: string; home_id: string; label: string; care_level: CareLevel | null }): BedRef {
  return { id: r.id, homeId: r.home_id, label: r.label, careLevel: r.care_level };
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

  async function stayOf(m: EntityManager, caseId: string): Promise<StayRow | null> {
    const rows: StayRow[] = await m.query(
      `SELECT ts.home_id, ts.person_id, ts.priority_category, to_char(c.applied_on, 'YYYY-MM-DD') AS applied_on, c.region_code,
              h.tracks_care_level, h.region_code AS home_region, h.name AS home_name, ts.end_kind
         FROM trial_stays ts JOIN cases c ON c.id = ts.case_id JOIN care_homes h ON h.id = ts.home_id WHERE ts.case_id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  async function lockHome(m: EntityManager, homeId: string): Promise<void> {
    await m.query('SELECT id FROM care_homes WHERE id = $1 FOR UPDATE', [homeId]);
  }

  async function orderedWaiting(
    m: EntityManager,
    homeId: string,
    homeRegion: string,
  ): Promise<{ case_id: string; care_level: CareLevel | null }[]> {
    const rows: WaitingRow[] = await m.query(
      `SELECT case_id, priority_category, to_char(applied_on, 'YYYY-MM-DD') AS applied_on, seq, care_level
         FROM care_home_waiting_list WHERE home_id = $1 AND status = 'waiting'`,
      [homeId],
    );
    const priorityCategories = await homePriorityCategories(m, homeRegion);
    const entries = rows.map((r) => ({
      ...r,
      id: r.case_id,
      priorityCategory: r.priority_category,
      appliedOn: r.applied_on,
      seq: Number(r.seq),
    }));
    return orderWaitingList(entries, { priorityCategories });
  }

  /** Inside a transaction pass its manager: a second pool connection there can deadlock the pool. */
  async function onTekunRoster(
    q: DataSource | EntityManager,
    idNumber: string,
    on: string,
  ): Promise<{ status: 'on' | 'off' | 'unavailable'; since: string | null }> {
    const [{ present }]: { present: boolean }[] = await q.query(`SELECT to_regclass('public.hardship_roster') IS NOT NULL AS present`);
    if (!present) return { status: 'unavailable', since: null };
    const spell = (await rosterSpellsFor(q, idNumber)).find((s) => s.category === 'tekun' && s.from <= on && (s.to === null || s.to >= on));
    return spell ? { status: 'on', since: spell.from } : { status: 'off', since: null };
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
      const rows: {
        region_code: string;
        applied_on: string;
        details: unknown;
        person_id: string;
        id_number: string;
      }[] = await db.query(
        `SELECT c.region_code, to_char(c.applied_on, 'YYYY-MM-DD') AS applied_on, c.details, c.person_id, p.id_number
           FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1`,
        [input.caseId],
      );
      if (rows.length === 0) throw ApplicationFailure.nonRetryable(`case ${input.caseId} does not exist`, 'CASE_NOT_FOUND');
      const c = rows[0];
      const problems: string[] = [];
      const parsed = parseTrialStayDetails(c.details, input.rules.priorityCategories);
      let home: CareHomeRef | null = null;
      if (!parsed.ok) problems.push(...parsed.problems);
      else {
        const homes: { id: string; name: string; region_code: string; tracks_care_level: boolean }[] = await db.query(
          'SELECT id, name, region_code, tracks_care_level FROM care_homes WHERE id = $1',
          [parsed.value.careHomeId],
        );
        if (homes.length === 0) problems.push('details.careHomeId: 没有这个敬老院');
        else if (homes[0].region_code.slice(0, 6) !== c.region_code.slice(0, 6))
          problems.push('details.careHomeId: 该敬老院不在申请人户籍所在县');
        else home = { id: homes[0].id, name: homes[0].name, regionCode: homes[0].region_code, tracksCareLevel: homes[0].tracks_care_level };
      }

      const roster = await onTekunRoster(db, c.id_number, input.on);
      if (roster.status === 'off') problems.push(`申请人${input.on}不在特困人员名册中`);
      const centralized: { from_month: string; home_id: string }[] = await db.query(
        `SELECT from_month, home_id FROM support_arrangements
          WHERE person_id = $1 AND kind = 'centralized' AND (to_month IS NULL OR to_month >= $2) ORDER BY from_month LIMIT 1`,
        [c.person_id, monthOf(input.on)],
      );
      if (centralized.length > 0) problems.push(`申请人自${centralized[0].from_month}起已集中供养,不属分散供养`);

      const withdrawals: { ended_on: string }[] = await db.query(
        `SELECT to_char(ended_on, 'YYYY-MM-DD') AS ended_on FROM trial_stays
          WHERE person_id = $1 AND voluntary_withdrawal AND case_id <> $2 ORDER BY ended_on`,
        [c.person_id, input.caseId],
      );
      const bar = checkWithdrawalBar(
        withdrawals.map((w) => w.ended_on),
        c.applied_on,
        input.rules,
      );
      if (bar.barred) problems.push(`${bar.reason}自${bar.firstAllowedOn}起可再次申请。`);

      const priorityCategory = parsed.ok ? parsed.value.priorityCategory : null;
      const careLevel = parsed.ok ? parsed.value.careLevel : null;
      let freeBeds: number | null = null;
      if (home) {
        const [{ n }]: { n: string }[] = await db.query(
          `SELECT count(*) AS n FROM beds WHERE home_id = $1 AND status = 'free' AND (NOT $2::boolean OR $3::varchar IS NULL OR care_level IS NULL OR care_level = $3)`,
          [home.id, home.tracksCareLevel, careLevel],
        );
        freeBeds = Number(n);
      }
      const findings = {
        careHome: home ? { id: home.id, name: home.name, tracksCareLevel: home.tracksCareLevel, freeBeds } : null,
        priorityCategory,
        careLevel,
        tekunRoster: roster,
        support: centralized.length > 0 ? 'centralized' : 'dispersed',
        voluntaryWithdrawals: withdrawals.map((w) => w.ended_on),
        withdrawalBar: bar.barred ? { until: bar.until, firstAllowedOn: bar.firstAllowedOn } : null,
        problems,
      };

      await db.transaction(async (m) => {
        if (home && priorityCategory) {
          await m.query(
            `INSERT INTO trial_stays (case_id, person_id, home_id, priority_category, care_level) VALUES ($1,$2,$3,$4,$5)
             ON CONFLICT (case_id) DO NOTHING`,
            [input.caseId, c.person_id, home.id, priorityCategory, careLevel],
          );
        }
        await new AuditRepository(m).record(null, {
          eventKey: `trial-stay-checked:${input.caseId}`,
          at: new Date(input.at),
          regionCode: c.region_code,
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
        const stay = await stayOf(m, input.caseId);
        if (!stay) throw ApplicationFailure.nonRetryable(`case ${input.caseId} has no trial stay`, 'NOT_APPLICABLE');
        await lockHome(m, stay.home_id);
        const held: { id: string; home_id: string; label: string; care_level: CareLevel | null }[] = await m.query(
          `SELECT id, home_id, label, care_level FROM beds WHERE case_id = $1`,
          [input.caseId],
        );
        if (held.length > 0) return { bed: toBed(held[0]), position: null };
        const position = async () =>
          (await orderedWaiting(m, stay.home_id, stay.home_region)).findIndex((w) => w.case_id === input.caseId) + 1 || null;
        const queued: { status: string }[] = await m.query('SELECT status FROM care_home_waiting_list WHERE case_id = $1', [input.caseId]);
        if (queued.length > 0) return { bed: null, position: await position() };

        await m.query('UPDATE trial_stays SET care_level = $2, updated_at = now() WHERE case_id = $1', [input.caseId, input.careLevel]);
        // The home's row is locked already; SKIP LOCKED keeps the pick atomic on its own as well.
        const reserved = await updateReturning<{ id: string; home_id: string; label: string; care_level: CareLevel | null }>(
          m,
          `UPDATE beds SET status = 'reserved', case_id = $1, updated_at = now()
            WHERE id = (SELECT id FROM beds
                         WHERE home_id = $2 AND status = 'free'
                           AND (NOT $3::boolean OR $4::varchar IS NULL OR care_level IS NULL OR care_level = $4)
                         ORDER BY label, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, home_id, label, care_level`,
          [input.caseId, stay.home_id, stay.tracks_care_level, input.careLevel],
        );
        if (reserved.length > 0) {
          const bed = toBed(reserved[0]);
          await m.query('UPDATE trial_stays SET bed_id = $2, updated_at = now() WHERE case_id = $1', [input.caseId, bed.id]);
          await new AuditRepository(m).record(null, {
            eventKey: `bed-reserved:${input.caseId}:${bed.id}`,
            at: new Date(input.at),
            regionCode: stay.region_code,
            caseId: input.caseId,
            step: 'check_in',
            action: 'bed_reserved',
            before: { bedStatus: 'free' },
            after: { homeId: bed.homeId, homeName: stay.home_name, bedId: bed.id, bedLabel: bed.label, careLevel: bed.careLevel },
          });
          return { bed, position: null };
        }

        await m.query(
          `INSERT INTO care_home_waiting_list (case_id, home_id, person_id, priority_category, care_level, applied_on, joined_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (case_id) DO NOTHING`,
          [input.caseId, stay.home_id, stay.person_id, stay.priority_category, input.careLevel, stay.applied_on, input.at],
        );
        const before: { status: string; current_step: string | null }[] = await m.query(
          'SELECT status, current_step FROM cases WHERE id = $1 FOR UPDATE',
          [input.caseId],
        );
        await m.query(
          `UPDATE cases SET status = 'waiting', current_step = 'waiting_list', waiting_until = NULL, updated_at = now() WHERE id = $1`,
          [input.caseId],
        );
        const place = await position();
        await new AuditRepository(m).record(null, {
          eventKey: `waiting-list-joined:${input.caseId}`,
          at: new Date(input.at),
          regionCode: stay.region_code,
          caseId: input.caseId,
          step: 'waiting_list',
          action: 'waiting_list_joined',
          before: { status: before[0].status, currentStep: before[0].current_step },
          after: {
            status: 'waiting',
            currentStep: 'waiting_list',
            homeId: stay.home_id,
            homeName: stay.home_name,
            priorityCategory: stay.priority_category,
            careLevel: input.careLevel,
            position: place,
          },
        });
        return { bed: null, position: place };
      });
    },

    /** The bed reserved for the case, if any (the database is the truth; the offer signal only wakes the case). */
    async trialBedFor(input: { caseId: string }): Promise<BedRef | null> {
      const rows: { id: string; home_id: string; label: string; care_level: CareLevel | null }[] = await db.query(
        `SELECT id, home_id, label, care_level FROM beds WHERE case_id = $1 AND status = 'reserved'`,
        [input.caseId],
      );
      return rows.length > 0 ? toBed(rows[0]) : null;
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
        const started = await updateReturning<{ region_code: string }>(
          m,
          `UPDATE trial_stays ts SET checked_in_at = $2, trial_ends_at = $3, trial_ends_on = $4, bed_id = $5, updated_at = now()
             FROM cases c WHERE ts.case_id = $1 AND c.id = ts.case_id AND ts.checked_in_at IS NULL RETURNING c.region_code`,
          [input.caseId, input.checkedInAt, input.trialEndsAt, input.trialEndsOn, input.bedId],
        );
        if (started.length === 0) return; // retried
        await m.query(`UPDATE cases SET status = 'in_progress', current_step = 'trial_period', updated_at = now() WHERE id = $1`, [
          input.caseId,
        ]);
        await new AuditRepository(m).record(input.actor, {
          eventKey: `trial-started:${input.caseId}`,
          at: new Date(input.checkedInAt),
          regionCode: started[0].region_code,
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
        const stay = await stayOf(m, input.caseId);
        if (!stay) return { releasedBedId: null, offer: null }; // refused before a home was known
        await lockHome(m, stay.home_id);
        const ended = await updateReturning<{ case_id: string }>(
          m,
          `UPDATE trial_stays SET ended_on = $2, end_kind = $3, end_reason = $4, voluntary_withdrawal = $5, updated_at = now()
            WHERE case_id = $1 AND end_kind IS NULL RETURNING case_id`,
          [input.caseId, input.on, input.endKind, input.reason, input.voluntary],
        );
        if (ended.length === 0) {
          const made: { case_id: string; offered_bed_id: string }[] = await m.query(
            'SELECT case_id, offered_bed_id FROM care_home_waiting_list WHERE offered_by_case_id = $1',
            [input.caseId],
          );
          return {
            releasedBedId: made[0]?.offered_bed_id ?? null,
            offer: made.length > 0 ? { caseId: made[0].case_id, bedId: made[0].offered_bed_id, homeId: stay.home_id } : null,
          };
        }
        await m.query(`UPDATE care_home_waiting_list SET status = 'left', left_at = $2 WHERE case_id = $1 AND status = 'waiting'`, [
          input.caseId,
          input.at,
        ]);
        const beds: { id: string; label: string; care_level: CareLevel | null }[] = await m.query(
          `SELECT id, label, care_level FROM beds WHERE case_id = $1 AND status = 'reserved' FOR UPDATE`,
          [input.caseId],
        );
        let offer: BedOfferMade | null = null;
        if (beds.length > 0) {
          const bed = beds[0];
          const next = (await orderedWaiting(m, stay.home_id, stay.home_region)).find(
            (w) => !stay.tracks_care_level || bed.care_level === null || w.care_level === null || w.care_level === bed.care_level,
          );
          if (next) {
            offer = { caseId: next.case_id, bedId: bed.id, homeId: stay.home_id };
            await m.query(`UPDATE beds SET case_id = $2, updated_at = now() WHERE id = $1`, [bed.id, next.case_id]);
            await m.query(
              `UPDATE care_home_waiting_list SET status = 'offered', offered_at = $2, offered_bed_id = $3, offered_by_case_id = $4 WHERE case_id = $1`,
              [next.case_id, input.at, bed.id, input.caseId],
            );
            await m.query('UPDATE trial_stays SET bed_id = $2, updated_at = now() WHERE case_id = $1', [next.case_id, bed.id]);
            const [{ region_code: nextRegion }]: { region_code: string }[] = await m.query('SELECT region_code FROM cases WHERE id = $1', [
              next.case_id,
            ]);
            await new AuditRepository(m).record(null, {
              eventKey: `bed-offered:${next.case_id}:${bed.id}`,
              at: new Date(input.at),
              regionCode: nextRegion,
              caseId: next.case_id,
              step: 'waiting_list',
              action: 'bed_offered',
              before: { waitingList: 'waiting' },
              after: { waitingList: 'offered', homeId: stay.home_id, homeName: stay.home_name, bedId: bed.id, bedLabel: bed.label },
            });
          } else {
            await m.query(`UPDATE beds SET status = 'free', case_id = NULL, updated_at = now() WHERE id = $1`, [bed.id]);
          }
          await new AuditRepository(m).record(null, {
            eventKey: `bed-released:${input.caseId}:${bed.id}`,
            at: new Date(input.at),
            regionCode: stay.region_code,
            caseId: input.caseId,
            action: 'bed_released',
            before: { bedId: bed.id, bedLabel: bed.label, status: 'reserved' },
            after: offer ? { status: 'reserved', offeredToCaseId: offer.caseId } : { status: 'free' },
          });
        }
        await new AuditRepository(m).record(input.actor, {
          eventKey: `trial-stay-ended:${input.caseId}`,
          at: new Date(input.at),
          regionCode: stay.region_code,
          caseId: input.caseId,
          action: 'trial_stay_ended',
          after: { endKind: input.endKind, endedOn: input.on, voluntaryWithdrawal: input.voluntary, releasedBedId: beds[0]?.id ?? null },
          reason: input.reason,
        });
        return { releasedBedId: beds[0]?.id ?? null, offer };
      });
    },

    /**
     * Admission approved: the bed becomes occupied, dispersed support ends with the approval
     * month and centralized support starts the month after (supportSwitchMonth).
     */
    async admitToCentralizedSupport(input: { caseId: string; approvedOn: string; at: string; actor: Actor }): Promise<SupportSwitch> {
      const sw = supportSwitchMonth(input.approvedOn);
      await db.transaction(async (m) => {
        const stay = await stayOf(m, input.caseId);
        if (!stay) throw ApplicationFailure.nonRetryable(`case ${input.caseId} has no trial stay`, 'NOT_APPLICABLE');
        await lockHome(m, stay.home_id);
        const done: unknown[] = await m.query(`SELECT 1 FROM support_arrangements WHERE case_id = $1 AND kind = 'centralized'`, [
          input.caseId,
        ]);
        if (done.length > 0) return; // retried
        const beds = await updateReturning<{ id: string; label: string }>(
          m,
          `UPDATE beds SET status = 'occupied', updated_at = now() WHERE case_id = $1 AND status IN ('reserved','occupied') RETURNING id, label`,
          [input.caseId],
        );
        if (beds.length === 0) throw ApplicationFailure.nonRetryable(`case ${input.caseId} holds no bed`, 'NOT_APPLICABLE');

        const closed = await updateReturning<{ id: string; from_month: string }>(
          m,
          `UPDATE support_arrangements SET to_month = GREATEST(from_month, $2), updated_at = now()
            WHERE person_id = $1 AND kind = 'dispersed' AND to_month IS NULL RETURNING id, from_month`,
          [stay.person_id, sw.dispersedLastMonth],
        );
        if (closed.length === 0) {
          // No dispersed arrangement recorded yet: record the one that ends now, from the roster spell where known.
          const [{ id_number: idNumber }]: { id_number: string }[] = await m.query('SELECT id_number FROM persons WHERE id = $1', [
            stay.person_id,
          ]);
          const roster = await onTekunRoster(m, idNumber, input.approvedOn);
          const from = roster.since && monthOf(roster.since) < sw.dispersedLastMonth ? monthOf(roster.since) : sw.dispersedLastMonth;
          await m.query(
            `INSERT INTO support_arrangements (person_id, kind, from_month, to_month, case_id) VALUES ($1,'dispersed',$2,$3,$4)
             ON CONFLICT DO NOTHING`,
            [stay.person_id, from, sw.dispersedLastMonth, input.caseId],
          );
        }
        await m.query(
          `INSERT INTO support_arrangements (person_id, kind, from_month, home_id, case_id) VALUES ($1,'centralized',$2,$3,$4)`,
          [stay.person_id, sw.centralizedFromMonth, stay.home_id, input.caseId],
        );
        await m.query(
          `UPDATE trial_stays SET ended_on = $2, end_kind = 'admitted', updated_at = now() WHERE case_id = $1 AND end_kind IS NULL`,
          [input.caseId, input.approvedOn],
        );
        await new AuditRepository(m).record(input.actor, {
          eventKey: `admitted:${input.caseId}`,
          at: new Date(input.at),
          regionCode: stay.region_code,
          caseId: input.caseId,
          step: 'admission',
          action: 'admitted_to_centralized_support',
          before: { support: 'dispersed', bedStatus: 'reserved' },
          after: {
            support: 'centralized',
            homeId: stay.home_id,
            homeName: stay.home_name,
            bedId: beds[0].id,
            bedLabel: beds[0].label,
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
