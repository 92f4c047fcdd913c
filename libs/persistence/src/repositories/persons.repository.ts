import type { DataSource, EntityManager } from 'typeorm';
import { inRegionSubtree } from '../region-scope';
import { RegionsRepository } from './regions.repository';

/**
 * The statements about persons the API runs (serving region, life events, open cases), in one
 * place. Built over a DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class PersonsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** The person's serving region if it lies within `scope` (a region subtree), else null; `lock` holds the row. */
  async regionWithin(personId: string, scope: string, lock = false): Promise<string | null> {
    const rows: { region_code: string }[] = await this.q.query(
      `SELECT region_code FROM persons WHERE id = $1 AND ${inRegionSubtree('region_code', '$2')}${lock ? ' FOR UPDATE' : ''}`,
      [personId, scope],
    );
    return rows[0]?.region_code ?? null;
  }

  /** Creates the person if the ID number is new (parallel intakes make one row); answers the new id, or null when it exists. */
  async insertIfNew(p: {
    idNumber: string;
    name: string;
    sex: string;
    birthDate: string;
    phone: string | null;
    address: string | null;
    regionCode: string;
  }): Promise<string | null> {
    const inserted: { id: string }[] = await this.q.query(
      `INSERT INTO persons (id_number, name, sex, birth_date, phone, address, region_code) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (id_number) DO NOTHING RETURNING id`,
      [p.idNumber, p.name, p.sex, p.birthDate, p.phone, p.address, p.regionCode],
    );
    return inserted[0]?.id ?? null;
  }

  /** The person with this ID number, locked for the caller's transaction. */
  async lockByIdNumber(
    idNumber: string,
  ): Promise<{ id: string; name: string; region_code: string; phone: string | null; address: string | null } | null> {
    const rows: { id: string; name: string; region_code: string; phone: string | null; address: string | null }[] = await this.q.query(
      'SELECT id, name, region_code, phone, address FROM persons WHERE id_number = $1 FOR UPDATE',
      [idNumber],
    );
    return rows[0] ?? null;
  }

  /** Sets the phone and address given (null keeps the recorded one). */
  async updateContact(personId: string, phone: string | null, address: string | null): Promise<void> {
    await this.q.query(
      'UPDATE persons SET phone = COALESCE($2, phone), address = COALESCE($3, address), updated_at = now() WHERE id = $1',
      [personId, phone, address],
    );
  }

  /** The full personal data of a person (shown only on request; the caller audits the viewing). */
  async personalData(personId: string): Promise<Record<string, unknown> | undefined> {
    const rows: Record<string, unknown>[] = await this.q.query(
      `SELECT id_number AS "idNumber", name, sex, birth_date AS "birthDate", phone, address, region_code AS "regionCode",
              death_date AS "deathDate", moved_out_on AS "movedOutOn" FROM persons WHERE id = $1`,
      [personId],
    );
    return rows[0];
  }

  async moveTo(personId: string, regionCode: string): Promise<void> {
    await this.q.query(`UPDATE persons SET region_code = $2, updated_at = now() WHERE id = $1`, [personId, regionCode]);
  }

  /** Records a death or a move of the household registration out of the county, on that date. */
  async recordLifeEvent(personId: string, kind: 'death' | 'moved_out', on: string): Promise<void> {
    const column = kind === 'death' ? 'death_date' : 'moved_out_on';
    await this.q.query(`UPDATE persons SET ${column} = $2, updated_at = now() WHERE id = $1`, [personId, on]);
  }

  /** The person's cases whose status is one of `statuses` (the open ones). */
  openCases(personId: string, statuses: readonly string[]): Promise<{ id: string; case_no: string }[]> {
    return this.q.query(`SELECT id, case_no FROM cases WHERE person_id = $1 AND status = ANY($2)`, [personId, statuses]);
  }

  async hasOpenCase(personId: string, statuses: readonly string[]): Promise<boolean> {
    const rows: unknown[] = await this.q.query(`SELECT 1 FROM cases WHERE person_id = $1 AND status = ANY($2) LIMIT 1`, [
      personId,
      statuses,
    ]);
    return rows.length > 0;
  }

  caseStatuses(caseIds: string[]): Promise<{ id: string; status: string }[]> {
    return this.q.query('SELECT id, status FROM cases WHERE id = ANY($1)', [caseIds]);
  }

  /** Whether the region exists (kept here for the callers that already read it from this repository). */
  regionExists(code: string): Promise<boolean> {
    return new RegionsRepository(this.q).exists(code);
  }
}
