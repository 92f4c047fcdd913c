import type { DataSource, EntityManager } from 'typeorm';
import type { CareLevel } from '@app/contracts/care-level';
import { BedEntity, CareHomeEntity, CaseEntity, PersonEntity, SupportArrangementEntity, TrialStayEntity } from '../entities';
import { inRegionSubtree } from '../region-scope';

/** A trial stay with what its side effects need from its case and home. */
export interface StayWithHome {
  homeId: string;
  personId: string;
  /** The applicant's ID number (personal data: for the roster lookup only, never logged). */
  idNumber: string;
  priorityCategory: string;
  appliedOn: string;
  regionCode: string;
  tracksCareLevel: boolean;
  homeRegion: string;
  homeName: string;
  endKind: string | null;
}

/** A trial-stay case as the care-home side of the API shows it (the stay's columns are null before one is recorded). */
export interface TrialStayView {
  case_id: string;
  case_no: string;
  case_type: string;
  status: string;
  person_id: string;
  home_id: string | null;
  home_name: string | null;
  priority_category: string | null;
  care_level: string | null;
  bed_id: string | null;
  bed_label: string | null;
  bed_status: string | null;
  bed_case_id: string | null;
  checked_in_at: Date | null;
  trial_ends_at: Date | null;
  trial_ends_on: string | null;
  ended_on: string | null;
  end_kind: string | null;
  end_reason: string | null;
  voluntary_withdrawal: boolean | null;
}

/**
 * Trial stays (试住) and the support arrangements (分散 / 集中供养) admission switches between.
 * Built over a DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class TrialStaysRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get stays() {
    return this.q.getRepository(TrialStayEntity);
  }

  private get arrangements() {
    return this.q.getRepository(SupportArrangementEntity);
  }

  /** What the intake checks read: the case's region, application date and details, and the applicant. */
  async application(
    caseId: string,
  ): Promise<{ regionCode: string; appliedOn: string; details: unknown; personId: string; idNumber: string } | null> {
    const row = await this.q
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin(PersonEntity, 'p', 'p.id = c.person_id')
      .select([
        'c.region_code AS "regionCode"',
        `to_char(c.applied_on, 'YYYY-MM-DD') AS "appliedOn"`,
        'c.details AS details',
        'c.person_id AS "personId"',
        'p.id_number AS "idNumber"',
      ])
      .where('c.id = :caseId', { caseId })
      .getRawOne<{ regionCode: string; appliedOn: string; details: unknown; personId: string; idNumber: string }>();
    return row ?? null;
  }

  /** The case's stay with its case's region and application date and its home; null before one is recorded. */
  async withHome(caseId: string): Promise<StayWithHome | null> {
    const row = await this.stays
      .createQueryBuilder('ts')
      .innerJoin(CaseEntity, 'c', 'c.id = ts.case_id')
      .innerJoin(CareHomeEntity, 'h', 'h.id = ts.home_id')
      .innerJoin(PersonEntity, 'p', 'p.id = ts.person_id')
      .select([
        'ts.home_id AS "homeId"',
        'ts.person_id AS "personId"',
        'p.id_number AS "idNumber"',
        'ts.priority_category AS "priorityCategory"',
        `to_char(c.applied_on, 'YYYY-MM-DD') AS "appliedOn"`,
        'c.region_code AS "regionCode"',
        'h.tracks_care_level AS "tracksCareLevel"',
        'h.region_code AS "homeRegion"',
        'h.name AS "homeName"',
        'ts.end_kind AS "endKind"',
      ])
      .where('ts.case_id = :caseId', { caseId })
      .getRawOne<StayWithHome>();
    return row ?? null;
  }

  /** Records the stay the intake found (once per case: a retry changes nothing). */
  async record(s: {
    caseId: string;
    personId: string;
    homeId: string;
    priorityCategory: string;
    careLevel: CareLevel | null;
  }): Promise<void> {
    await this.stays.createQueryBuilder().insert().values(s).orIgnore().execute();
  }

  /** The dates on which the person withdrew voluntarily from earlier trial stays, oldest first. */
  async voluntaryWithdrawals(personId: string, exceptCaseId: string): Promise<string[]> {
    const rows = await this.stays
      .createQueryBuilder('ts')
      .select(`to_char(ts.ended_on, 'YYYY-MM-DD')`, 'endedOn')
      .where('ts.person_id = :personId AND ts.voluntary_withdrawal AND ts.case_id <> :exceptCaseId', { personId, exceptCaseId })
      .orderBy('ts.ended_on')
      .getRawMany<{ endedOn: string }>();
    return rows.map((r) => r.endedOn);
  }

  async setCareLevel(caseId: string, careLevel: CareLevel | null): Promise<void> {
    await this.stays.update({ caseId }, { careLevel });
  }

  async setBed(caseId: string, bedId: string): Promise<void> {
    await this.stays.update({ caseId }, { bedId });
  }

  /** The elder checked in; false when that was recorded already (a retry). */
  async checkIn(s: { caseId: string; bedId: string; checkedInAt: string; trialEndsAt: string; trialEndsOn: string }): Promise<boolean> {
    const result = await this.stays
      .createQueryBuilder()
      .update()
      .set({ checkedInAt: new Date(s.checkedInAt), trialEndsAt: new Date(s.trialEndsAt), trialEndsOn: s.trialEndsOn, bedId: s.bedId })
      .where('case_id = :caseId AND checked_in_at IS NULL', { caseId: s.caseId })
      .execute();
    return result.affected === 1;
  }

  /** Ends the stay; false when it had ended already (a retry). */
  async end(e: { caseId: string; on: string; endKind: string; reason: string | null; voluntary: boolean }): Promise<boolean> {
    const result = await this.stays
      .createQueryBuilder()
      .update()
      .set({ endedOn: e.on, endKind: e.endKind, endReason: e.reason, voluntaryWithdrawal: e.voluntary })
      .where('case_id = :caseId AND end_kind IS NULL', { caseId: e.caseId })
      .execute();
    return result.affected === 1;
  }

  /** The trial-stay case within the region subtree `scope`, with its stay, home and bed where recorded; null outside the scope. */
  async viewWithin(caseId: string, scope: string): Promise<TrialStayView | null> {
    const row = await this.q
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .leftJoin(TrialStayEntity, 'ts', 'ts.case_id = c.id')
      .leftJoin(CareHomeEntity, 'h', 'h.id = ts.home_id')
      .leftJoin(BedEntity, 'b', 'b.id = ts.bed_id')
      .select([
        'c.id AS case_id',
        'c.case_no AS case_no',
        'c.case_type AS case_type',
        'c.status AS status',
        'c.person_id AS person_id',
        'ts.home_id AS home_id',
        'h.name AS home_name',
        'ts.priority_category AS priority_category',
        'ts.care_level AS care_level',
        'ts.bed_id AS bed_id',
        'b.label AS bed_label',
        'b.status AS bed_status',
        'b.case_id AS bed_case_id',
        'ts.checked_in_at AS checked_in_at',
        'ts.trial_ends_at AS trial_ends_at',
        `to_char(ts.trial_ends_on, 'YYYY-MM-DD') AS trial_ends_on`,
        `to_char(ts.ended_on, 'YYYY-MM-DD') AS ended_on`,
        'ts.end_kind AS end_kind',
        'ts.end_reason AS end_reason',
        'ts.voluntary_withdrawal AS voluntary_withdrawal',
      ])
      .where(`c.id = :caseId AND ${inRegionSubtree('c.region_code', ':scope')}`, { caseId, scope })
      .getRawOne<TrialStayView>();
    return row ?? null;
  }

  // Support arrangements

  /** The person's centralized support that has not ended before `month`, if any. */
  centralizedFrom(personId: string, month: string): Promise<SupportArrangementEntity | null> {
    return this.arrangements
      .createQueryBuilder('s')
      .where(`s.person_id = :personId AND s.kind = 'centralized' AND (s.to_month IS NULL OR s.to_month >= :month)`, { personId, month })
      .orderBy('s.from_month')
      .getOne();
  }

  /** Whether the case's admission already started centralized support. */
  hasCentralizedFor(caseId: string): Promise<boolean> {
    return this.arrangements.existsBy({ caseId, kind: 'centralized' });
  }

  /** Ends the person's open dispersed support with `lastMonth` (not before it began); false when none is open. */
  async closeDispersed(personId: string, lastMonth: string): Promise<boolean> {
    const result = await this.arrangements
      .createQueryBuilder()
      .update()
      .set({ toMonth: () => 'GREATEST(from_month, :lastMonth)' })
      .where(`person_id = :personId AND kind = 'dispersed' AND to_month IS NULL`, { personId })
      .setParameter('lastMonth', lastMonth)
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Records dispersed support that has already ended (once per case). */
  async recordDispersed(a: { personId: string; fromMonth: string; toMonth: string; caseId: string }): Promise<void> {
    await this.arrangements
      .createQueryBuilder()
      .insert()
      .values({ ...a, kind: 'dispersed' })
      .orIgnore()
      .execute();
  }

  async startCentralized(a: { personId: string; fromMonth: string; homeId: string; caseId: string }): Promise<void> {
    await this.arrangements.insert({ ...a, kind: 'centralized' });
  }

  /** The stay ends in admission (unless it had ended already). */
  async admitted(caseId: string, on: string): Promise<void> {
    await this.stays
      .createQueryBuilder()
      .update()
      .set({ endedOn: on, endKind: 'admitted' })
      .where('case_id = :caseId AND end_kind IS NULL', { caseId })
      .execute();
  }

  /** The person's support arrangements, by month, as the API shows them. */
  supportOf(personId: string): Promise<Record<string, unknown>[]> {
    return this.arrangements
      .createQueryBuilder('s')
      .select([
        's.kind AS kind',
        's.from_month AS "fromMonth"',
        's.to_month AS "toMonth"',
        's.home_id AS "homeId"',
        's.case_id AS "caseId"',
      ])
      .where('s.person_id = :personId', { personId })
      .orderBy('s.from_month')
      .addOrderBy('s.kind')
      .getRawMany();
  }
}
