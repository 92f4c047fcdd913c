import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case whose data PostgreSQL refuses (an error retrying cannot heal) is shown as
 * `needs_attention` with the reason; it still counts as open (one open case per person and type).
 */
export class NeedsAttention1764411000000 implements MigrationInterface {
  name = 'NeedsAttention1764411000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN attention_reason text`);
    await q.query(`DROP INDEX cases_one_open_per_person_type`);
    await q.query(`
      CREATE UNIQUE INDEX cases_one_open_per_person_type ON cases (person_id, case_type)
      WHERE status IN ('in_progress','waiting','paused','returned','approved','active','needs_attention')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_one_open_per_person_type`);
    await q.query(`
      CREATE UNIQUE INDEX cases_one_open_per_person_type ON cases (person_id, case_type)
      WHERE status IN ('in_progress','waiting','paused','returned','approved','active')`);
    await q.query(`ALTER TABLE cases DROP COLUMN attention_reason`);
  }
}
