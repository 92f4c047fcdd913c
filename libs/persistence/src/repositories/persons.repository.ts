import type { DataSource, EntityManager } from 'typeorm';

/**
 * The statements about persons the API runs (serving region, life events, open cases), in one
 * place. Built over a DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class PersonsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** The person's serving region if it lies within `scope` (a region subtree), else null; `lock` holds the row. */
  async regionWithin(personId: string, scope: string, lock = false): Promise<string | null> {
    const rows: { region_code: string }[] = await this.q.query(
      `SELECT region_code FROM persons WHERE id = $1 AND region_code LIKE $2 || '%'${lock ? ' FOR UPDATE' : ''}`,
      [personId, scope],
    );
    return rows[0]?.region_code ?? null;
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

  async regionExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.q.query(`SELECT 1 FROM regions WHERE code = $1`, [code]);
    return rows.length > 0;
  }
}
