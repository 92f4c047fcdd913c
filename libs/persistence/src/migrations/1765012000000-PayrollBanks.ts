import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payroll per bank and held arrears. An account names its bank by code (开户行 as the county's
 * payroll settings list it; null: the county's default mapping), a run's files are one per
 * township and bank, and a return import says which bank's file it answers. 补发 held because a
 * failed credit's account has not been corrected is written per run (append-only, no money moves)
 * so the run's exceptions list it with the bank's reason.
 */
export class PayrollBanks1765012000000 implements MigrationInterface {
  name = 'PayrollBanks1765012000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bank_accounts ADD COLUMN bank_code varchar(20)`);
    // '' is the county's default mapping (accounts without a bank code, and every file before this).
    await q.query(`ALTER TABLE payroll_files ADD COLUMN bank_code varchar(20) NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE payroll_files DROP CONSTRAINT payroll_files_pkey`);
    await q.query(`ALTER TABLE payroll_files ADD PRIMARY KEY (run_id, township_code, bank_code, format)`);
    await q.query(`ALTER TABLE payroll_return_imports ADD COLUMN bank_code varchar(20)`);
    await q.query(`
      CREATE TABLE payroll_held_arrears (
        run_id uuid NOT NULL REFERENCES payroll_runs(id),
        source_kind varchar(20) NOT NULL,
        source_id uuid NOT NULL,
        person_id uuid NOT NULL REFERENCES persons(id),
        region_code varchar(12) NOT NULL,
        period_month varchar(7) NOT NULL,
        amount_fen int NOT NULL CHECK (amount_fen > 0),
        corrects_line_id uuid NOT NULL REFERENCES payroll_ledger(id),
        why text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, source_id, period_month)
      )`);
    await q.query(
      `CREATE TRIGGER payroll_held_arrears_no_update_delete BEFORE UPDATE OR DELETE ON payroll_held_arrears FOR EACH ROW EXECUTE FUNCTION payroll_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER payroll_held_arrears_no_truncate BEFORE TRUNCATE ON payroll_held_arrears EXECUTE FUNCTION payroll_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS payroll_held_arrears`);
    await q.query(`ALTER TABLE payroll_return_imports DROP COLUMN bank_code`);
    await q.query(`ALTER TABLE payroll_files DROP CONSTRAINT payroll_files_pkey`);
    await q.query(`ALTER TABLE payroll_files ADD PRIMARY KEY (run_id, township_code, format)`);
    await q.query(`ALTER TABLE payroll_files DROP COLUMN bank_code`);
    await q.query(`ALTER TABLE bank_accounts DROP COLUMN bank_code`);
  }
}
