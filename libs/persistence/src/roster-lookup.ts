import type { DataSource, EntityManager } from 'typeorm';
import type { RosterSpell } from '@app/domain/entitlement';

/**
 * SQL for every roster spell of the person whose ID number `idNumber` (an SQL expression) gives,
 * whatever region recorded it, oldest first, as a JSON array (json renders a date 'YYYY-MM-DD').
 * Eligibility looks at the person, not at who imported the row. The one rule for reading the
 * roster: `rosterSpellsFor` runs it on its own, a case's facts inside their statement.
 */
export function rosterSpellsSql(idNumber: string): string {
  return `(SELECT COALESCE(json_agg(json_build_object('category', r.category, 'from', r.entered_on, 'to', r.left_on)
                                  ORDER BY r.entered_on, r.category), '[]')
             FROM hardship_roster r WHERE r.id_number = upper(btrim(${idNumber})))`;
}

/**
 * Every roster spell of one person (see rosterSpellsSql). Inside a transaction, pass its manager:
 * a second pool connection there can deadlock the pool.
 */
export async function rosterSpellsFor(db: DataSource | EntityManager, idNumber: string): Promise<RosterSpell[]> {
  const [{ spells }]: { spells: RosterSpell[] }[] = await db.query(`SELECT ${rosterSpellsSql('$1')} AS spells`, [
    idNumber.trim().toUpperCase(),
  ]);
  return spells;
}
