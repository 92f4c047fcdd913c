import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login records shared by every API process (they were kept in each process's memory, so
 * two APIs behind a proxy allowed twice the guesses and a restart forgot a lock). One row per
 * account or client address: recent failure times (ms) and the lock's end; the rule that reads
 * them is `libs/domain/src/access/login-lockout.ts`. Rows without a live lock are deleted once the
 * window has passed, so invented usernames cannot grow the table for long.
 */
export class SharedLoginLockout1764900000000 implements MigrationInterface {
  name = 'SharedLoginLockout1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failures (
        scope varchar(10) NOT NULL CHECK (scope IN ('account', 'address')),
        key varchar(200) NOT NULL,
        failures bigint[] NOT NULL DEFAULT '{}',
        locked_until bigint,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX login_failures_updated_idx ON login_failures (updated_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
  }
}
