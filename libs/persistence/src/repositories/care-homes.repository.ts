import type { DataSource, EntityManager } from 'typeorm';
import { CareHomeEntity } from '../entities';
import { inRegionSubtree } from '../region-scope';

/** Bed counts by status: bigint counts arrive as strings from the driver and are read with Number(). */
export interface BedCounts {
  total: number;
  free: number;
  reserved: number;
  occupied: number;
  outOfService: number;
}

/** A care home with its region's name, its bed counts and how many wait for it. */
export interface CareHomeSummary {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
  address: string | null;
  tracksCareLevel: boolean;
  beds: BedCounts;
  waiting: number;
}

type CountRow = { total: string; free: string; reserved: string; occupied: string; out_of_service: string };

const COUNTS = `count(b.id) AS total, count(b.id) FILTER (WHERE b.status = 'free') AS free,
  count(b.id) FILTER (WHERE b.status = 'reserved') AS reserved, count(b.id) FILTER (WHERE b.status = 'occupied') AS occupied,
  count(b.id) FILTER (WHERE b.status = 'out_of_service') AS out_of_service`;

// Aggregates over homes, beds and the waiting list: plain SQL reads clearer than the query builder here.
const SUMMARY_SELECT = `
  SELECT h.id, h.name, h.region_code, r.name AS region_name, h.address, h.tracks_care_level, ${COUNTS},
         (SELECT count(*) FROM care_home_waiting_list w WHERE w.home_id = h.id AND w.status = 'waiting') AS waiting
    FROM care_homes h JOIN regions r ON r.code = h.region_code LEFT JOIN beds b ON b.home_id = h.id`;

function toCounts(r: CountRow): BedCounts {
  return {
    total: Number(r.total),
    free: Number(r.free),
    reserved: Number(r.reserved),
    occupied: Number(r.occupied),
    outOfService: Number(r.out_of_service),
  };
}

type SummaryRow = CountRow & {
  id: string;
  name: string;
  region_code: string;
  region_name: string;
  address: string | null;
  tracks_care_level: boolean;
  waiting: string;
};

function toSummary(r: SummaryRow): CareHomeSummary {
  return {
    id: r.id,
    name: r.name,
    regionCode: r.region_code,
    regionName: r.region_name,
    address: r.address,
    tracksCareLevel: r.tracks_care_level,
    beds: toCounts(r),
    waiting: Number(r.waiting),
  };
}

/** Care homes (敬老院). Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class CareHomesRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get homes() {
    return this.q.getRepository(CareHomeEntity);
  }

  find(homeId: string): Promise<CareHomeEntity | null> {
    return this.homes.findOneBy({ id: homeId });
  }

  /** Locks the home's row: changes to its beds and waiting list happen one at a time. */
  async lock(homeId: string): Promise<void> {
    await this.homes.createQueryBuilder('h').select('h.id').where('h.id = :homeId', { homeId }).setLock('pessimistic_write').getRawOne();
  }

  /** The homes within the region subtree `scope`, by region and name. */
  async summariesWithin(scope: string): Promise<CareHomeSummary[]> {
    const rows: SummaryRow[] = await this.q.query(
      `${SUMMARY_SELECT} WHERE ${inRegionSubtree('h.region_code', '$1')} GROUP BY h.id, r.name ORDER BY h.region_code, h.name`,
      [scope],
    );
    return rows.map(toSummary);
  }

  /** The home if it lies within the region subtree `scope`, else null. */
  async summaryWithin(homeId: string, scope: string): Promise<CareHomeSummary | null> {
    const rows = await this.q.query(
      `${SUMMARY_SELECT} WHERE h.id = $1 AND ${inRegionSubtree('h.region_code', '$2')} GROUP BY h.id, r.name`,
      [homeId, scope],
    );
    return rows.length > 0 ? toSummary(rows[0]) : null;
  }

  /** The home's bed counts by care level (levels in their order, beds without one last). */
  async bedCountsByCareLevel(homeId: string): Promise<(BedCounts & { careLevel: string | null })[]> {
    // An aggregate with a custom order: plain SQL.
    const rows: (CountRow & { care_level: string | null })[] = await this.q.query(
      `SELECT b.care_level, ${COUNTS} FROM beds b WHERE b.home_id = $1 GROUP BY b.care_level
        ORDER BY array_position(ARRAY['self-care','partial','cannot-self-care']::varchar[], b.care_level) NULLS LAST`,
      [homeId],
    );
    return rows.map((r) => ({ careLevel: r.care_level, ...toCounts(r) }));
  }

  async insert(home: Pick<CareHomeEntity, 'id' | 'name' | 'regionCode' | 'address' | 'tracksCareLevel'>): Promise<void> {
    await this.homes.insert(home);
  }

  async update(homeId: string, change: Pick<CareHomeEntity, 'name' | 'address' | 'tracksCareLevel'>): Promise<void> {
    await this.homes.update({ id: homeId }, change);
  }
}
