import type { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from '../entities';
import type { NewCase } from './cases.repository';

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

  /** The township's first active officer (by account age), who receives its proactive cases; null when it has none. */
  async townshipOfficer(townshipCode: string): Promise<string | null> {
    const officer = await this.q.getRepository(UserEntity).findOne({
      select: { id: true },
      where: { role: 'township_officer', active: true, regionCode: townshipCode },
      order: { createdAt: 'ASC' },
    });
    return officer?.id ?? null;
  }

  /** Records the case at its acceptance step; false when the person has an open hardship case after all. */
  async insertCase(c: NewProactiveCase): Promise<boolean> {
    // ON CONFLICT DO NOTHING over the one-open-case-per-person index, answering whether a row went in: plain SQL.
    const inserted: unknown[] = await this.q.query(
      `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version, applied_on, details, proactive)
       VALUES ($1,$2,'hardship-allowance',$3,$4,'in_progress','acceptance',$5,$6,$7,$8,true)
       ON CONFLICT DO NOTHING RETURNING id`,
      [c.id, c.caseNo, c.personId, c.regionCode, c.policyId, c.policyVersion, c.appliedOn, JSON.stringify(c.details)],
    );
    return inserted.length > 0;
  }
}
