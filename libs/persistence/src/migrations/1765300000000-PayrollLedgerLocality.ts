import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The payroll ledger grows by a line per entitlement and month (12,000,000 a year for 1,000,000
 * elders). Two of its indexes took each page of lines to random places of an index far larger than
 * the database's buffers, so a month's writes slowed as the ledger grew:
 *
 * - Line ids are UUID version 7 (RFC 9562: a millisecond timestamp, then random bits) instead of
 *   version 4: new lines land at the end of the primary key, as the ledger itself is appended to.
 *   PostgreSQL 18 has uuidv7(); this is the same value for PostgreSQL 15–17. Ids stay unique and
 *   unguessable enough for a primary key that is never shown or used as a secret.
 * - The (person_id, period_month) index is dropped: an elder's payment history goes through the
 *   elder's sources (entitlements and support arrangements, each indexed by person) and the ledger's
 *   (source_id, period_month, …) key, whose pages are written in source order.
 */
export class PayrollLedgerLocality1765300000000 implements MigrationInterface {
  name = 'PayrollLedgerLocality1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION yiyang_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        -- 48 bits of Unix milliseconds over a random (v4) UUID, then its version nibble 0100 → 0111.
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
               52, 1), 53, 1), 'hex')::uuid
      $$`);
    await q.query(`ALTER TABLE payroll_ledger ALTER COLUMN id SET DEFAULT yiyang_uuid_v7()`);
    await q.query(`DROP INDEX payroll_ledger_person_idx`);
    await q.query(`CREATE INDEX support_arrangements_person_idx ON support_arrangements (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX support_arrangements_person_idx`);
    await q.query(`CREATE INDEX payroll_ledger_person_idx ON payroll_ledger (person_id, period_month)`);
    await q.query(`ALTER TABLE payroll_ledger ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION yiyang_uuid_v7()`);
  }
}
