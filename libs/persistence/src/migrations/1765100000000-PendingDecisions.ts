import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decisions answered 202 DECISION_PENDING. Temporal holds an Update it has admitted but the
 * workflow has not accepted only in the history service's memory: a restart of the Temporal server
 * (or a shard moving) forgets it. The API records the decision here before answering 202, and the
 * worker re-sends it with the same Update id until the workflow accepts (applied) or refuses it
 * (rejected: recorded here, the officer notified). One row per Update id.
 */
export class PendingDecisions1765100000000 implements MigrationInterface {
  name = 'PendingDecisions1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pending_decisions (
        update_id varchar(100) PRIMARY KEY,
        task_id uuid NOT NULL REFERENCES tasks(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        actor_id uuid NOT NULL REFERENCES users(id),
        request jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts int NOT NULL DEFAULT 0,
        last_attempt_at timestamptz,
        resolved_at timestamptz,
        resolution varchar(16) CHECK (resolution IN ('applied', 'rejected')),
        rejection_code varchar(40),
        rejection_message text
      )`);
    await q.query(`CREATE INDEX pending_decisions_unresolved_idx ON pending_decisions (created_at) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX pending_decisions_task_idx ON pending_decisions (task_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pending_decisions`);
  }
}
