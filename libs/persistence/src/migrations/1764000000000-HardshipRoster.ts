import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hardship roster (低保 / 特困 / 低收入) as the civil-affairs offices keep it: one row per spell
 * (a person on one category from one day), and the report of every file import.
 */
export class HardshipRoster1764000000000 implements MigrationInterface {
  name = 'HardshipRoster1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_imports (
        id uuid PRIMARY KEY,
        filename varchar(255),
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        imported_by uuid NOT NULL REFERENCES users(id),
        imported_at timestamptz NOT NULL DEFAULT now(),
        rows_total int NOT NULL,
        rows_ok int NOT NULL,
        rows_failed int NOT NULL,
        rows_inserted int NOT NULL,
        rows_updated int NOT NULL,
        rows_unchanged int NOT NULL,
        ignored_columns jsonb NOT NULL DEFAULT '[]',
        errors jsonb NOT NULL DEFAULT '[]',
        CHECK (rows_ok + rows_failed = rows_total),
        CHECK (rows_inserted + rows_updated + rows_unchanged = rows_ok)
      )`);
    // Reports are looked up by id, and listed within a region subtree.
    await q.query(`CREATE INDEX roster_imports_region_idx ON roster_imports (region_code varchar_pattern_ops, imported_at DESC)`);
    await q.query(`
      CREATE TABLE hardship_roster (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        id_number varchar(18) NOT NULL,
        name varchar(100) NOT NULL,
        category varchar(10) NOT NULL CHECK (category IN ('dibao','tekun','dishouru')),
        region_code varchar(12) NOT NULL REFERENCES regions(code) CHECK (length(region_code) IN (9, 12)),
        entered_on date NOT NULL,
        left_on date,
        source varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT hardship_roster_spell_key UNIQUE (id_number, category, entered_on),
        CONSTRAINT hardship_roster_left_after_entered CHECK (left_on IS NULL OR left_on >= entered_on)
      )`);
    // Search by ID number uses the unique key's index (id_number leads it); this one serves the
    // region-prefix scope (LIKE '370124001%') every list applies.
    await q.query(`CREATE INDEX hardship_roster_region_idx ON hardship_roster (region_code varchar_pattern_ops, entered_on DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS hardship_roster`);
    await q.query(`DROP TABLE IF EXISTS roster_imports`);
  }
}
