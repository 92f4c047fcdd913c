import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbox views an officer saves (filters and sort under a name), kept on the server per user so
 * they follow the officer to any browser. A preference, not a decision: not audited.
 */
export class SavedViews1764800000000 implements MigrationInterface {
  name = 'SavedViews1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_views (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        name varchar(50) NOT NULL,
        filters jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT saved_views_user_name UNIQUE (user_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_views`);
  }
}
