import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reconciliation job compares PostgreSQL with Temporal and records each case it finds stuck
 * (workflow closed while the case is open, an activity retrying past its limit, an open task the
 * workflow is not waiting for). A finding stays open while the job keeps seeing it and is resolved
 * the first run it is gone; `reconciliation_runs` tells health how fresh the picture is.
 */
export class Reconciliation1764400000000 implements MigrationInterface {
  name = 'Reconciliation1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconciliation_runs (
        id uuid PRIMARY KEY,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        checked_cases int NOT NULL DEFAULT 0,
        open_findings int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX reconciliation_runs_finished_idx ON reconciliation_runs (finished_at DESC)`);
    await q.query(`
      CREATE TABLE reconciliation_findings (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        region_code varchar(12) NOT NULL,
        kind varchar(32) NOT NULL,
        subject varchar(100) NOT NULL DEFAULT '',
        reason varchar(500) NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX reconciliation_findings_open_key ON reconciliation_findings (case_id, kind, subject) WHERE resolved_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX reconciliation_findings_open_region_idx ON reconciliation_findings (region_code varchar_pattern_ops) WHERE resolved_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reconciliation_findings`);
    await q.query(`DROP TABLE reconciliation_runs`);
  }
}
