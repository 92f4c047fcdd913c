import type { MigrationInterface, QueryRunner } from 'typeorm';

/** MZ/T 039-2013 assessments record four first-level grades and a level, but no GB/T 42195 total. */
export class AssessmentScales1764200000000 implements MigrationInterface {
  name = 'AssessmentScales1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessments ALTER COLUMN total DROP NOT NULL`);
    await q.query(
      `ALTER TABLE assessments ADD CONSTRAINT assessments_total_per_scale CHECK ((scale = 'GB/T 42195-2022') = (total IS NOT NULL))`,
    );
    await q.query(
      `ALTER TABLE assessments ADD CONSTRAINT assessments_level_per_scale CHECK (scale <> 'MZ/T 039-2013' OR final_level <= 3)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessments DROP CONSTRAINT assessments_level_per_scale`);
    await q.query(`ALTER TABLE assessments DROP CONSTRAINT assessments_total_per_scale`);
    await q.query(`ALTER TABLE assessments ALTER COLUMN total SET NOT NULL`);
  }
}
