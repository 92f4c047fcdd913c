import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * County admins manage care homes and beds: a home gets its street address, and a bed can be taken
 * out of service (repairs, a closed wing) instead of being deleted, since stays and offers point at it.
 * Allocation only ever picks 'free' beds, so an out-of-service bed is never offered.
 */
export class CareHomeAdmin1765110000000 implements MigrationInterface {
  name = 'CareHomeAdmin1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE care_homes ADD COLUMN address varchar(200)`);
    await q.query(`ALTER TABLE care_homes ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE beds DROP CONSTRAINT beds_status_check`);
    await q.query(`ALTER TABLE beds ALTER COLUMN status TYPE varchar(20)`);
    await q.query(`ALTER TABLE beds ADD CONSTRAINT beds_status_check CHECK (status IN ('free','reserved','occupied','out_of_service'))`);
    await q.query(`ALTER TABLE beds ADD CONSTRAINT beds_out_of_service_has_no_case CHECK (status <> 'out_of_service' OR case_id IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE beds SET status = 'free' WHERE status = 'out_of_service'`);
    await q.query(`ALTER TABLE beds DROP CONSTRAINT beds_out_of_service_has_no_case`);
    await q.query(`ALTER TABLE beds DROP CONSTRAINT beds_status_check`);
    await q.query(`ALTER TABLE beds ALTER COLUMN status TYPE varchar(10)`);
    await q.query(`ALTER TABLE beds ADD CONSTRAINT beds_status_check CHECK (status IN ('free','reserved','occupied'))`);
    await q.query(`ALTER TABLE care_homes DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE care_homes DROP COLUMN address`);
  }
}
