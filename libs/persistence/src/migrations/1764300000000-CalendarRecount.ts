import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Loading or replacing a year's holiday arrangement starts a recount of the open tasks whose
 * deadline count touches that year. `recount_key` names that recount (its workflow id); the start
 * is confirmed in `recount_started_at`, and the worker's sweep starts any recount a crash or an
 * unreachable Temporal left unstarted.
 */
export class CalendarRecount1764300000000 implements MigrationInterface {
  name = 'CalendarRecount1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE holiday_years ADD COLUMN recount_key uuid, ADD COLUMN recount_started_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE holiday_years DROP COLUMN recount_started_at, DROP COLUMN recount_key`);
  }
}
