import type { DataSource, EntityManager } from 'typeorm';
import type { OfficerLoad } from '@app/domain/access';
import { insertCaseSql, type NewCase } from './cases.repository';

/** A proactive case to record: the case the roster row gives rise to, before its workflow starts (always a hardship allowance, by no one). */
export type NewProactiveCase = Omit<NewCase, 'caseType' | 'createdBy'>;

/**
 * What 免申即享 (proactive enrollment) writes: the person from a roster row, the township officer
 * the case goes to, and the case itself. Built over a DataSource or, inside a transaction, over
 * that transaction's EntityManager.
 */
export class ProactiveEnrollmentRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  /** The person with this ID number, recorded from the roster row when new; answers the person's id. */
  async personFor(p: { idNumber: string; name: string; sex: string; birthDate: string; regionCode: string }): Promise<string> {
    // An upsert that answers the id whether it inserted or not (ON CONFLICT … RETURNING): plain SQL.
    const [{ id }]: { id: string }[] = await this.q.query(
      `INSERT INTO persons (id_number, name, sex, birth_date, region_code) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (id_number) DO UPDATE SET updated_at = persons.updated_at RETURNING id`,
      [p.idNumber, p.name, p.sex, p.birthDate, p.regionCode],
    );
    return id;
  }

  /** The township's active officers with the open tasks each holds, for choosing who receives a proactive case. */
  async townshipOfficers(townshipCode: string): Promise<OfficerLoad[]> {
    // A count per officer joined to users: an aggregate, so plain SQL.
    // The creation time as text to the microsecond (a Date would cut it to the millisecond).
    const rows: { id: string; open_tasks: number; since: string }[] = await this.q.query(
      `SELECT u.id, count(t.id)::int AS open_tasks, to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS since
         FROM users u LEFT JOIN tasks t ON t.assignee_id = u.id AND t.completed_at IS NULL
        WHERE u.role = 'township_officer' AND u.active AND u.region_code = $1
        GROUP BY u.id, u.created_at`,
      [townshipCode],
    );
    return rows.map((r) => ({ id: r.id, openTasks: r.open_tasks, since: r.since }));
  }

  /** Records the case at its acceptance step and answers its number; null when the person has an open hardship case after all. */
  async insertCase(c: NewProactiveCase): Promise<string | null> {
    // ON CONFLICT DO NOTHING over the one-open-case-per-person index, answering the number of the row that went in.
    const insert = insertCaseSql({ ...c, caseType: 'hardship-allowance', createdBy: null, proactive: true });
    const inserted: { case_no: string }[] = await this.q.query(`${insert.sql} ON CONFLICT DO NOTHING RETURNING case_no`, insert.params);
    return inserted[0]?.case_no ?? null;
  }
}
