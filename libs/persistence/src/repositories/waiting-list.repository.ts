import type { DataSource, EntityManager } from 'typeorm';
import type { CareLevel } from '@app/contracts/care-level';
import { BedEntity, CaseEntity, PersonEntity, WaitingListEntryEntity } from '../entities';

/** A waiting-list entry as the care-home admin lists it: with the case number and the applicant (masked by the caller). */
export interface WaitingListListing {
  case_id: string;
  case_no: string;
  region_code: string;
  id_number: string;
  person_name: string;
  priority_category: string;
  care_level: string | null;
  applied_on: string;
  seq: number;
  status: string;
  joined_at: Date;
  offered_at: Date | null;
  offered_bed_label: string | null;
  left_at: Date | null;
}

/** Care homes' waiting lists (入住轮候). Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class WaitingListRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get entries() {
    return this.q.getRepository(WaitingListEntryEntity);
  }

  /** The entries still waiting for the home, in no particular order (libs/domain orders them). */
  waitingAt(homeId: string): Promise<WaitingListEntryEntity[]> {
    return this.entries.findBy({ homeId, status: 'waiting' });
  }

  entryOf(caseId: string): Promise<WaitingListEntryEntity | null> {
    return this.entries.findOneBy({ caseId });
  }

  /** Puts the case on the home's list; a case already on it keeps its place. */
  async join(e: {
    caseId: string;
    homeId: string;
    personId: string;
    priorityCategory: string;
    careLevel: CareLevel | null;
    appliedOn: string;
    joinedAt: string;
  }): Promise<void> {
    await this.entries
      .createQueryBuilder()
      .insert()
      .values({ ...e, joinedAt: new Date(e.joinedAt) })
      .orIgnore()
      .execute();
  }

  /** The case leaves the list (when it was still waiting). */
  async leave(caseId: string, at: string): Promise<void> {
    await this.entries.update({ caseId, status: 'waiting' }, { status: 'left', leftAt: new Date(at) });
  }

  /** The bed released by `byCaseId` is offered to the waiting case. */
  async offer(caseId: string, bedId: string, byCaseId: string, at: string): Promise<void> {
    await this.entries.update({ caseId }, { status: 'offered', offeredAt: new Date(at), offeredBedId: bedId, offeredByCaseId: byCaseId });
  }

  /** The offer the releasing case made (found again when its activity is retried). */
  offerMadeBy(caseId: string): Promise<WaitingListEntryEntity | null> {
    return this.entries.findOneBy({ offeredByCaseId: caseId });
  }

  /** The home's entries with status `status` ('all' for every one), in registration order. */
  listing(homeId: string, status: string): Promise<WaitingListListing[]> {
    const query = this.entries
      .createQueryBuilder('w')
      .innerJoin(CaseEntity, 'c', 'c.id = w.case_id')
      .innerJoin(PersonEntity, 'p', 'p.id = w.person_id')
      .leftJoin(BedEntity, 'b', 'b.id = w.offered_bed_id')
      .select([
        'w.case_id AS case_id',
        'c.case_no AS case_no',
        'c.region_code AS region_code',
        'p.id_number AS id_number',
        'p.name AS person_name',
        'w.priority_category AS priority_category',
        'w.care_level AS care_level',
        `to_char(w.applied_on, 'YYYY-MM-DD') AS applied_on`,
        'w.seq AS seq',
        'w.status AS status',
        'w.joined_at AS joined_at',
        'w.offered_at AS offered_at',
        'b.label AS offered_bed_label',
        'w.left_at AS left_at',
      ])
      .where('w.home_id = :homeId', { homeId })
      .orderBy('w.seq');
    if (status !== 'all') query.andWhere('w.status = :status', { status });
    return query.getRawMany<WaitingListListing>();
  }
}
