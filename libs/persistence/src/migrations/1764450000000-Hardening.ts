import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token revocation and idempotent intake.
 * - `users.token_version`: every token carries the version it was issued under; logout, a password
 *   change or an admin's revocation increments it, and older tokens stop working at once.
 * - `intake_requests`: an intake sent with an Idempotency-Key, kept with a hash of its body, so a
 *   client that timed out and retries gets the same case (and a different body under the same key
 *   is refused). Keys belong to the user who sent them.
 */
export class Hardening1764450000000 implements MigrationInterface {
  name = 'Hardening1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE intake_requests (
        user_id uuid NOT NULL REFERENCES users(id),
        idempotency_key varchar(128) NOT NULL,
        request_hash char(64) NOT NULL,
        case_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, idempotency_key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_requests`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
