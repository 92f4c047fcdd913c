import type { DataSource, EntityManager } from 'typeorm';
import type { CareLevel } from '@app/contracts/care-level';
import { BedEntity, CaseEntity, type BedStatus } from '../entities';
import { updateReturning } from '../sql';

/** A bed as the care-home admin sees it: with the case holding it and whether any stay or offer ever pointed at it. */
export interface BedListing {
  id: string;
  label: string;
  careLevel: string | null;
  status: string;
  caseId: string | null;
  caseNo: string | null;
  updatedAt: Date;
  everUsed: boolean;
}

/** The bed a case may be given: any, where the home does not track care levels or either level is unknown. */
const FITS_CARE_LEVEL =
  '(NOT CAST(:tracks AS boolean) OR CAST(:careLevel AS varchar) IS NULL OR b.care_level IS NULL OR b.care_level = :careLevel)';

/** Care-home beds. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class BedsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get beds() {
    return this.q.getRepository(BedEntity);
  }

  /** The bed the case holds (reserved or occupied), if any. */
  heldBy(caseId: string): Promise<BedEntity | null> {
    return this.beds.findOneBy({ caseId });
  }

  /** The bed reserved for the case, if any. */
  reservedFor(caseId: string): Promise<BedEntity | null> {
    return this.beds.findOneBy({ caseId, status: 'reserved' });
  }

  /** The bed reserved for the case, locked for passing it on or freeing it. */
  lockReservedFor(caseId: string): Promise<BedEntity | null> {
    return this.beds
      .createQueryBuilder('b')
      .where('b.case_id = :caseId AND b.status = :status', { caseId, status: 'reserved' })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** How many free beds of the home fit the care level. */
  countFree(homeId: string, tracksCareLevel: boolean, careLevel: CareLevel | null): Promise<number> {
    return this.beds
      .createQueryBuilder('b')
      .where(`b.home_id = :homeId AND b.status = 'free' AND ${FITS_CARE_LEVEL}`, { homeId, tracks: tracksCareLevel, careLevel })
      .getCount();
  }

  /** Reserves the first free bed (by label) of the home that fits the care level for the case; null when none is free. */
  async reserveFree(caseId: string, homeId: string, tracksCareLevel: boolean, careLevel: CareLevel | null): Promise<BedEntity | null> {
    // UPDATE over a sub-select with FOR UPDATE SKIP LOCKED keeps the pick atomic: plain SQL.
    const rows = await updateReturning<{ id: string }>(
      this.q,
      `UPDATE beds SET status = 'reserved', case_id = $1, updated_at = now()
        WHERE id = (SELECT b.id FROM beds b
                     WHERE b.home_id = $2 AND b.status = 'free'
                       AND (NOT $3::boolean OR $4::varchar IS NULL OR b.care_level IS NULL OR b.care_level = $4)
                     ORDER BY b.label, b.id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [caseId, homeId, tracksCareLevel, careLevel],
    );
    return rows.length > 0 ? this.beds.findOneByOrFail({ id: rows[0].id }) : null;
  }

  /** The reserved bed goes to another case (the next in line). */
  async passTo(bedId: string, caseId: string): Promise<void> {
    await this.beds.update({ id: bedId }, { caseId });
  }

  async free(bedId: string): Promise<void> {
    await this.beds.update({ id: bedId }, { status: 'free', caseId: null });
  }

  /** The case's reserved (or already occupied) bed becomes occupied; null when the case holds none. */
  async occupyFor(caseId: string): Promise<{ id: string; label: string } | null> {
    const result = await this.beds
      .createQueryBuilder()
      .update()
      .set({ status: 'occupied' })
      .where(`case_id = :caseId AND status IN ('reserved', 'occupied')`, { caseId })
      .returning(['id', 'label'])
      .execute();
    const rows = result.raw as { id: string; label: string }[];
    return rows[0] ?? null;
  }

  /** The home's beds by label, as the admin lists them. */
  listing(homeId: string): Promise<BedListing[]> {
    return this.listingQuery().where('b.home_id = :homeId', { homeId }).orderBy('b.label').getRawMany<BedListing>();
  }

  async listingOf(homeId: string, bedId: string): Promise<BedListing | null> {
    const row = await this.listingQuery().where('b.id = :bedId AND b.home_id = :homeId', { bedId, homeId }).getRawOne<BedListing>();
    return row ?? null;
  }

  async add(bed: Pick<BedEntity, 'id' | 'homeId' | 'label' | 'careLevel'>): Promise<void> {
    await this.beds.insert({ ...bed, status: 'free' });
  }

  /** Moves the bed from status `from` to `to`; false when it is not in `from` any more (a stay reserved it meanwhile). */
  async changeStatus(homeId: string, bedId: string, from: BedStatus, to: BedStatus): Promise<boolean> {
    const result = await this.beds.update({ id: bedId, homeId, status: from }, { status: to });
    return result.affected === 1;
  }

  /** Deletes a bed no case holds and no stay or offer ever pointed at; false when it is in use after all. */
  async deleteUnused(homeId: string, bedId: string): Promise<boolean> {
    const result = await this.beds
      .createQueryBuilder()
      .delete()
      .where(
        `id = :bedId AND home_id = :homeId AND case_id IS NULL AND status IN ('free', 'out_of_service')
         AND NOT EXISTS (SELECT 1 FROM trial_stays ts WHERE ts.bed_id = beds.id)
         AND NOT EXISTS (SELECT 1 FROM care_home_waiting_list w WHERE w.offered_bed_id = beds.id)`,
        { bedId, homeId },
      )
      .execute();
    return result.affected === 1;
  }

  private listingQuery() {
    return this.beds
      .createQueryBuilder('b')
      .leftJoin(CaseEntity, 'c', 'c.id = b.case_id')
      .select([
        'b.id AS id',
        'b.label AS label',
        'b.care_level AS "careLevel"',
        'b.status AS status',
        'b.case_id AS "caseId"',
        'c.case_no AS "caseNo"',
        'b.updated_at AS "updatedAt"',
        `(b.case_id IS NOT NULL OR EXISTS (SELECT 1 FROM trial_stays ts WHERE ts.bed_id = b.id)
          OR EXISTS (SELECT 1 FROM care_home_waiting_list w WHERE w.offered_bed_id = b.id)) AS "everUsed"`,
      ]);
  }
}
