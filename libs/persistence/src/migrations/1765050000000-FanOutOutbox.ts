import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of fan-outs (a life event or roster exit delivered to many cases by a workflow): a row
 * is written in the transaction that records the event, so a fan-out whose start fails (Temporal
 * unreachable) is started later by the worker's sweep, with the same workflow id. `input` is the
 * workflow's input (case ids, event id, kind, date, the acting officer).
 */
export class FanOutOutbox1765050000000 implements MigrationInterface {
  name = 'FanOutOutbox1765050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fan_out_outbox (
        workflow_id varchar(100) PRIMARY KEY,
        input jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX fan_out_outbox_pending_idx ON fan_out_outbox (created_at) WHERE started_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fan_out_outbox`);
  }
}
