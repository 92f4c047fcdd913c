import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the task inbox and the supervisor dashboards (measured on 1,000,000 tasks by
 * bench/inbox-and-summary.bench.ts).
 *
 * Open tasks are a few percent of all tasks, so their partial indexes are small; each carries
 * the filter columns (INCLUDE) so a page, a count or a dashboard aggregate is an index-only scan:
 * - by deadline and by creation, in (key, id) order: a page is read in order and stops at LIMIT;
 * - by region prefix (varchar_pattern_ops): counts and the summary's aggregate over a subtree.
 * Completed tasks are most of the table: one covering index in deadline order (lists filter it
 * without touching the heap), one by creation, and one per assignee for "mine".
 * Escalations: newest first, and by the region they were addressed to.
 */
export class InboxIndexes1763900000000 implements MigrationInterface {
  name = 'InboxIndexes1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX IF NOT EXISTS tasks_open_due_cover_idx ON tasks (due_at, id)
      INCLUDE (region_code, candidate_role, assignee_id, step, case_type) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS tasks_open_created_cover_idx ON tasks (created_at, id)
      INCLUDE (region_code, candidate_role, assignee_id, step, case_type, due_at) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS tasks_open_region_cover_idx ON tasks (region_code varchar_pattern_ops, due_at)
      INCLUDE (candidate_role, assignee_id, step, case_type) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE INDEX IF NOT EXISTS tasks_done_due_cover_idx ON tasks (due_at, id)
      INCLUDE (region_code, candidate_role, assignee_id, step, case_type) WHERE completed_at IS NOT NULL`);
    await q.query(`CREATE INDEX IF NOT EXISTS tasks_done_created_idx ON tasks (created_at, id) WHERE completed_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS tasks_done_assignee_due_idx ON tasks (assignee_id, due_at, id) WHERE completed_at IS NOT NULL`,
    );
    await q.query(`CREATE INDEX IF NOT EXISTS escalations_at_idx ON escalations (escalated_at DESC, id DESC)`);
    await q.query(`CREATE INDEX IF NOT EXISTS escalations_region_idx ON escalations (region_code varchar_pattern_ops, escalated_at DESC)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'notifications_user_unread_idx',
      'escalations_region_idx',
      'escalations_at_idx',
      'tasks_done_assignee_due_idx',
      'tasks_done_created_idx',
      'tasks_done_due_cover_idx',
      'tasks_open_region_cover_idx',
      'tasks_open_created_cover_idx',
      'tasks_open_due_cover_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
  }
}
