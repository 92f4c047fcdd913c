import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Entitlements (what an approved allowance pays, month by month) with every recalculation kept as
 * a revision, and capability assessments (GB/T 42195-2022 forms with their computed levels).
 */
export class Entitlements1763850000000 implements MigrationInterface {
  name = 'Entitlements1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entitlements (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL UNIQUE REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        kind varchar(40) NOT NULL,
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        status varchar(10) NOT NULL CHECK (status IN ('active','ended')),
        start_month varchar(7) NOT NULL,
        end_month varchar(7),
        end_reason text,
        policy_id uuid NOT NULL REFERENCES policies(id),
        policy_version int NOT NULL,
        current_revision int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX entitlements_person_idx ON entitlements (person_id)`);
    await q.query(`CREATE INDEX entitlements_region_idx ON entitlements (region_code varchar_pattern_ops, status)`);
    await q.query(`
      CREATE TABLE entitlement_revisions (
        entitlement_id uuid NOT NULL REFERENCES entitlements(id),
        revision int NOT NULL,
        revision_key varchar(200) NOT NULL UNIQUE,
        reason text NOT NULL,
        inputs jsonb NOT NULL,
        explanation jsonb NOT NULL,
        start_month varchar(7),
        end_month varchar(7),
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entitlement_id, revision)
      )`);
    await q.query(`
      CREATE TABLE entitlement_segments (
        entitlement_id uuid NOT NULL,
        revision int NOT NULL,
        seq int NOT NULL,
        from_month varchar(7) NOT NULL,
        to_month varchar(7),
        monthly_amount_fen int NOT NULL CHECK (monthly_amount_fen >= 0),
        rule varchar(64) NOT NULL,
        explanation text NOT NULL,
        PRIMARY KEY (entitlement_id, revision, seq),
        FOREIGN KEY (entitlement_id, revision) REFERENCES entitlement_revisions(entitlement_id, revision)
      )`);
    await q.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        assessor_id uuid REFERENCES users(id),
        assessed_on date NOT NULL,
        scale varchar(20) NOT NULL,
        items jsonb NOT NULL,
        factors jsonb NOT NULL,
        total int NOT NULL CHECK (total BETWEEN 0 AND 90),
        base_level int NOT NULL CHECK (base_level BETWEEN 0 AND 4),
        final_level int NOT NULL CHECK (final_level BETWEEN 0 AND 4),
        adjustments jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assessments_person_idx ON assessments (person_id, assessed_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['assessments', 'entitlement_segments', 'entitlement_revisions', 'entitlements'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
