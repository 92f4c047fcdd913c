import type { DataSource, EntityManager } from 'typeorm';

/**
 * Every roster spell (低保 / 特困 / 低收入) of one person, whatever region recorded it, oldest
 * first: eligibility looks at the person, not at who imported the row. Dates are 'YYYY-MM-DD'
 * (as every `date` column is read: see pg-types.ts). Inside a transaction,
 * pass its manager: a second pool connection there can deadlock the pool.
 */
export async function rosterSpellsFor(
  db: DataSource | EntityManager,
  idNumber: string,
): Promise<{ category: string; from: string; to: string | null }[]> {
  return db.query(
    `SELECT category, entered_on AS "from", left_on AS "to"
       FROM hardship_roster WHERE id_number = $1 ORDER BY entered_on, category`,
    [idNumber.trim().toUpperCase()],
  );
}
