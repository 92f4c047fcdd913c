import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `refusal_pending`: a case refused (an upheld 公示 objection, a refusal at a step) whose written
 * decision is still to be issued. It still counts as open, so the person cannot apply again for
 * the same allowance until the decision is out.
 */
export class RefusalPending1765230000000 implements MigrationInterface {
  name = 'RefusalPending1765230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_one_open_per_person_type`);
    await q.query(`
      CREATE UNIQUE INDEX cases_one_open_per_person_type ON cases (person_id, case_type)
      WHERE status IN ('in_progress','waiting','paused','returned','refusal_pending','approved','active','needs_attention')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE cases SET status = 'rejected' WHERE status = 'refusal_pending'`);
    await q.query(`DROP INDEX cases_one_open_per_person_type`);
    await q.query(`
      CREATE UNIQUE INDEX cases_one_open_per_person_type ON cases (person_id, case_type)
      WHERE status IN ('in_progress','waiting','paused','returned','approved','active','needs_attention')`);
  }
}
