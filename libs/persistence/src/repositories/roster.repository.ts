import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { RosterCategory, RosterRow } from '@app/domain/roster';
import { HardshipRosterEntity } from '../entities/hardship-roster.entity';
import { RegionEntity } from '../entities/region.entity';
import { RosterImportEntity } from '../entities/roster-import.entity';
import { UserEntity } from '../entities/user.entity';
import { inRegionSubtree } from '../region-scope';
import { rosterSpellsFor } from '../roster-lookup';

/** Rows per upsert statement: large files go in several. */
const UPSERT_CHUNK = 1000;

/** A roster spell as the roster pages show it, with its region's name. */
export interface RosterSpell {
  id: string;
  idNumber: string;
  name: string;
  category: RosterCategory;
  regionCode: string;
  regionName: string;
  enteredOn: string;
  leftOn: string | null;
  source: string;
  updatedAt: Date;
}

export interface RosterSearch {
  /** The region subtree the spells lie in. */
  scope: string;
  idNumber?: string;
  category?: RosterCategory;
  /** Spells that include this day. */
  activeOn?: string;
}

/** A roster member as proactive enrollment reads it (personal data: never logged). */
export interface RosterMember {
  idNumber: string;
  name: string;
  regionCode: string;
  category: string;
}

/** An import's report, with who imported it. */
export type RosterImportReport = RosterImportEntity & { importedByName: string };

/** The hardship roster (低保 / 特困 / 低收入 名册) and its imports. Built over a DataSource or, inside a transaction, over that transaction's EntityManager. */
export class RosterRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get spells() {
    return this.q.getRepository(HardshipRosterEntity);
  }

  private get imports() {
    return this.q.getRepository(RosterImportEntity);
  }

  /** Whether the roster table exists (a deployment without the roster feature has none). */
  async present(): Promise<boolean> {
    const [{ present }]: { present: boolean }[] = await this.q.query(`SELECT to_regclass('public.hardship_roster') IS NOT NULL AS present`);
    return present;
  }

  /** Every roster spell of the person, oldest first. */
  spellsOf(idNumber: string): Promise<{ category: string; from: string; to: string | null }[]> {
    return rosterSpellsFor(this.q, idNumber);
  }

  async member(rosterId: string): Promise<RosterMember | null> {
    const rows: RosterMember[] = await this.q.query(
      'SELECT id_number AS "idNumber", name, region_code AS "regionCode", category FROM hardship_roster WHERE id = $1',
      [rosterId],
    );
    return rows[0] ?? null;
  }

  /**
   * One page (by roster id after `afterId`) of members of `categories` born in `birthMonth`
   * ('YYYYMM' as in the ID number), still on the roster on `onDate`, with no open hardship case:
   * one row per ID number.
   */
  proactiveCandidates(q: {
    birthMonth: string;
    onDate: string;
    categories: readonly string[];
    openStatuses: readonly string[];
    afterId: string | null;
    limit: number;
  }): Promise<{ id: string; region_code: string }[]> {
    // DISTINCT ON with an anti-join over cases and persons: plain SQL (the roster table has no entity here).
    return this.q.query(
      `SELECT DISTINCT ON (r.id_number) r.id, r.region_code FROM hardship_roster r
        WHERE substring(r.id_number from 7 for 6) = $1
          AND (r.left_on IS NULL OR r.left_on >= $2)
          AND r.category = ANY($3)
          AND ($4::uuid IS NULL OR r.id > $4::uuid)
          AND NOT EXISTS (
            SELECT 1 FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE p.id_number = r.id_number AND c.case_type = 'hardship-allowance' AND c.status = ANY($6))
        ORDER BY r.id_number, r.id LIMIT $5`,
      [q.birthMonth, q.onDate, q.categories, q.afterId, q.limit, q.openStatuses],
    );
  }

  /** Serialises imports for the caller's transaction (they are rare and short). */
  async lockForImport(): Promise<void> {
    await this.q.query(`SELECT pg_advisory_xact_lock(hashtext('hardship_roster_import'))`);
  }

  /** Of these file rows, the lines whose spell exists already under a region outside `scope`. */
  async spellsRecordedOutside(rows: RosterRow[], scope: string): Promise<Set<number>> {
    if (rows.length === 0) return new Set();
    // One statement for the whole file: the rows' keys as arrays, joined against the spell key.
    const found: { line_no: number }[] = await this.q.query(
      `SELECT k.line_no FROM unnest($1::int[], $2::varchar[], $3::varchar[], $4::date[]) AS k(line_no, id_number, category, entered_on)
         JOIN hardship_roster h ON h.id_number = k.id_number AND h.category = k.category AND h.entered_on = k.entered_on
        WHERE h.region_code NOT LIKE $5 || '%'`,
      [rows.map((r) => r.row), rows.map((r) => r.idNumber), rows.map((r) => r.category), rows.map((r) => r.enteredOn), scope],
    );
    return new Set(found.map((f) => f.line_no));
  }

  /** Inserts new spells and updates changed ones by (id_number, category, entered_on); rows identical to the record are left alone. */
  async upsert(rows: RosterRow[], source: string): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      const chunk = rows.slice(i, i + UPSERT_CHUNK);
      // A bulk upsert that skips unchanged rows and tells inserts (xmax = 0) from updates.
      const result: { inserted: boolean }[] = await this.q.query(
        `INSERT INTO hardship_roster AS h (id_number, name, category, region_code, entered_on, left_on, source)
         SELECT k.id_number, k.name, k.category, k.region_code, k.entered_on, k.left_on, $7
           FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::date[], $6::date[])
                AS k(id_number, name, category, region_code, entered_on, left_on)
         ON CONFLICT ON CONSTRAINT hardship_roster_spell_key DO UPDATE
            SET name = EXCLUDED.name, region_code = EXCLUDED.region_code, left_on = EXCLUDED.left_on,
                source = EXCLUDED.source, updated_at = now()
          WHERE (h.name, h.region_code, h.left_on) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.region_code, EXCLUDED.left_on)
         RETURNING (xmax = 0) AS inserted`,
        [
          chunk.map((r) => r.idNumber),
          chunk.map((r) => r.name),
          chunk.map((r) => r.category),
          chunk.map((r) => r.regionCode),
          chunk.map((r) => r.enteredOn),
          chunk.map((r) => r.leftOn),
          source,
        ],
      );
      for (const r of result) {
        if (r.inserted) inserted++;
        else updated++;
      }
    }
    return { inserted, updated };
  }

  /** Keeps an import's report. */
  async recordImport(report: Omit<RosterImportEntity, 'importedAt'>): Promise<void> {
    await this.imports.insert(report);
  }

  /** The import's report if it was made within the region subtree `scope`, else null. */
  async importWithin(importId: string, scope: string): Promise<RosterImportReport | null> {
    const report = await this.importReports(scope).andWhere('i.id = :importId', { importId }).getRawOne<RosterImportReport>();
    return report ?? null;
  }

  /** One page of the reports of imports made within `scope`, newest first, and how many there are. */
  async importsWithin(scope: string, limit: number, offset: number): Promise<{ rows: RosterImportReport[]; total: number }> {
    const [total, rows] = await Promise.all([
      this.imports.createQueryBuilder('i').where(inRegionSubtree('i.region_code', ':scope'), { scope }).getCount(),
      this.importReports(scope)
        .orderBy('i.importedAt', 'DESC')
        .addOrderBy('i.id')
        .limit(limit)
        .offset(offset)
        .getRawMany<RosterImportReport>(),
    ]);
    return { rows, total };
  }

  /** One page of spells matching the search, by region then latest spell first, and how many match. */
  async search(s: RosterSearch, limit: number, offset: number): Promise<{ rows: RosterSpell[]; total: number }> {
    const qb = this.spells.createQueryBuilder('h').where(inRegionSubtree('h.region_code', ':scope'), { scope: s.scope });
    if (s.idNumber !== undefined) qb.andWhere('h.idNumber = :idNumber', { idNumber: s.idNumber });
    if (s.category) qb.andWhere('h.category = :category', { category: s.category });
    if (s.activeOn !== undefined) qb.andWhere('h.enteredOn <= :on AND (h.leftOn IS NULL OR h.leftOn >= :on)', { on: s.activeOn });
    const [total, rows] = await Promise.all([
      qb.getCount(),
      withRegionName(qb.clone())
        .orderBy('h.regionCode')
        .addOrderBy('h.enteredOn', 'DESC')
        .addOrderBy('h.id')
        .limit(limit)
        .offset(offset)
        .getRawMany<RosterSpell>(),
    ]);
    return { rows, total };
  }

  /** Every spell of one person within `scope`, oldest first. */
  spellsWithin(idNumber: string, scope: string): Promise<RosterSpell[]> {
    return withRegionName(this.spells.createQueryBuilder('h'))
      .where('h.idNumber = :idNumber', { idNumber })
      .andWhere(inRegionSubtree('h.region_code', ':scope'), { scope })
      .orderBy('h.enteredOn')
      .addOrderBy('h.category')
      .getRawMany<RosterSpell>();
  }

  /** Reports of imports made within `scope`, with the importer's name. */
  private importReports(scope: string): SelectQueryBuilder<RosterImportEntity> {
    const qb = this.imports
      .createQueryBuilder('i')
      .innerJoin(UserEntity, 'u', 'u.id = i.importedBy')
      .select('u.displayName', 'importedByName');
    for (const c of Object.keys(REPORT_COLUMNS)) qb.addSelect(`i.${c}`, c);
    return qb.where(inRegionSubtree('i.region_code', ':scope'), { scope });
  }
}

/** The report's own columns (every column of roster_imports). */
const REPORT_COLUMNS: Record<keyof RosterImportEntity, true> = {
  id: true,
  filename: true,
  regionCode: true,
  importedBy: true,
  importedAt: true,
  rowsTotal: true,
  rowsOk: true,
  rowsFailed: true,
  rowsInserted: true,
  rowsUpdated: true,
  rowsUnchanged: true,
  ignoredColumns: true,
  errors: true,
};

/** A spell's columns with its region's name. */
function withRegionName(qb: SelectQueryBuilder<HardshipRosterEntity>): SelectQueryBuilder<HardshipRosterEntity> {
  return qb
    .innerJoin(RegionEntity, 'r', 'r.code = h.regionCode')
    .select('h.id', 'id')
    .addSelect('h.idNumber', 'idNumber')
    .addSelect('h.name', 'name')
    .addSelect('h.category', 'category')
    .addSelect('h.regionCode', 'regionCode')
    .addSelect('r.name', 'regionName')
    .addSelect('h.enteredOn', 'enteredOn')
    .addSelect('h.leftOn', 'leftOn')
    .addSelect('h.source', 'source')
    .addSelect('h.updatedAt', 'updatedAt');
}
