import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { HolidayYear } from '@app/domain/calendar';
import { HolidayYearEntity } from '../entities/holiday-year.entity';
import { UserEntity } from '../entities/user.entity';

/** A loaded year's arrangement with who loaded it. */
export interface LoadedHolidayYear {
  year: number;
  holidays: string[];
  makeupWorkdays: string[];
  source: string;
  loadedAt: Date;
  loadedBy: string | null;
  loadedByName: string | null;
}

/**
 * The holiday arrangements administrators loaded, and the deadline recount each load starts.
 * Built over a DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class HolidayYearsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(HolidayYearEntity);
  }

  /** The loaded years (or the one `year`), by year, with the name of who loaded each. */
  loaded(year?: number): Promise<LoadedHolidayYear[]> {
    const qb = this.rows
      .createQueryBuilder('h')
      .leftJoin(UserEntity, 'u', 'u.id = h.loadedBy')
      .select('h.year', 'year')
      .addSelect('h.holidays', 'holidays')
      .addSelect('h.makeupWorkdays', 'makeupWorkdays')
      .addSelect('h.source', 'source')
      .addSelect('h.loadedAt', 'loadedAt')
      .addSelect('h.loadedBy', 'loadedBy')
      .addSelect('u.displayName', 'loadedByName')
      .orderBy('h.year');
    if (year !== undefined) qb.where('h.year = :year', { year });
    return qb.getRawMany<LoadedHolidayYear>();
  }

  /** The year's loaded arrangement, locked for replacing it; null when none was loaded. */
  lockLoaded(year: number): Promise<HolidayYearEntity | null> {
    return this.rows.createQueryBuilder('h').setLock('pessimistic_write').where('h.year = :year', { year }).getOne();
  }

  /** Loads or replaces the year's arrangement, naming the recount the load starts (not started yet). */
  async load(y: HolidayYear, loadedBy: string, recountKey: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ ...y, loadedBy, recountKey, loadedAt: () => 'now()', recountStartedAt: null })
      .orUpdate(['holidays', 'makeup_workdays', 'source', 'loaded_by', 'loaded_at', 'recount_key', 'recount_started_at'], ['year'])
      .updateEntity(false)
      .execute();
  }

  /** The recount the year's latest load named, or null when the year was never loaded. */
  async recountKey(year: number): Promise<string | null> {
    const row = await this.rows.findOne({ select: { recountKey: true }, where: { year } });
    return row?.recountKey ?? null;
  }

  /** Records that the recount of this load started (the first time only). */
  async markRecountStarted(year: number, recountKey: string): Promise<void> {
    await this.rows.update({ year, recountKey, recountStartedAt: IsNull() }, { recountStartedAt: () => 'now()' });
  }

  /** Up to `limit` years, oldest load first, loaded more than `olderThanSeconds` ago whose recount was never confirmed started. */
  async unstartedRecounts(olderThanSeconds: number, limit: number): Promise<number[]> {
    const rows = await this.rows
      .createQueryBuilder('h')
      .select('h.year', 'year')
      .where('h.recountKey IS NOT NULL AND h.recountStartedAt IS NULL')
      .andWhere('h.loadedAt < now() - make_interval(secs => :olderThanSeconds)', { olderThanSeconds })
      .orderBy('h.loadedAt')
      .limit(limit)
      .getRawMany<{ year: number }>();
    return rows.map((r) => r.year);
  }
}
