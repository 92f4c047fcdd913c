import type { DataSource, EntityManager } from 'typeorm';
import { rosterSpellsFor } from '../roster-lookup';

/** A roster member as proactive enrollment reads it (personal data: never logged). */
export interface RosterMember {
  idNumber: string;
  name: string;
  regionCode: string;
  category: string;
}

/**
 * The hardship roster (低保 / 特困 / 低收入 名册), imported by the roster feature. Built over a
 * DataSource or, inside a transaction, over that transaction's EntityManager.
 */
export class RosterRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

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
}
