import type { DataSource, EntityManager } from 'typeorm';

/**
 * Every roster spell (低保 / 特困 / 低收入) of one person, whatever region recorded it, oldest
 * first: eligibility looks at the person, not at who imported the row. Dates are 'YYYY-MM-DD'
 * (a `date` column would otherwise come back as a JS Date at local midnight). Inside a transaction,
 * pass its manager: a second pool connection there can deadlock the pool.
 */
export async function rosterSpellsFor(
  db: DataSource | EntityManager,
  idNumber: string,
): Promise<{ category: string; from: string; to: string | null }[]> {
  return db.query(
    `SELECT category, to_char(entered_on, 'YYYY-MM-DD') AS "from", to_char(left_on, 'YYYY-MM-DD') AS "to"
       FROM hardship_roster WHERE id_number = $1 ORDER BY entered_on, category`,
    [idNumber.trim().toUpperCase()],
  );
}
