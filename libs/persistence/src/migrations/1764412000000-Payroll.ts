import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monthly payroll: runs per county and month, an append-only ledger of lines in integer fen
 * (unique per source, month, kind and run; a trigger refuses UPDATE/DELETE like audit_log), the
 * bank-file payments built from it at release, the bank's answers, bank accounts per person, the
 * files exported, the return files imported and each county's payroll settings.
 */
export class Payroll1764412000000 implements MigrationInterface {
  name = 'Payroll1764412000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payroll_settings (
        county_code varchar(12) PRIMARY KEY REFERENCES regions(code),
        body jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A corrected account is a new row; the old one is kept (superseded), so a failed credit can
    // be told apart from one that may be paid again.
    await q.query(`
      CREATE TABLE bank_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons(id),
        account_no varchar(30) NOT NULL CHECK (account_no ~ '^[0-9]{12,30}$'),
        bank_name varchar(60) NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        superseded_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX bank_accounts_current ON bank_accounts (person_id) WHERE superseded_at IS NULL`);
    await q.query(`
      CREATE TABLE payroll_runs (
        id uuid PRIMARY KEY,
        run_no varchar(40) NOT NULL UNIQUE,
        county_code varchar(12) NOT NULL REFERENCES regions(code),
        month varchar(7) NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        status varchar(12) NOT NULL CHECK (status IN ('computing','draft','submitted','approved','released','reconciled','cancelled')),
        workflow_id varchar(200) NOT NULL,
        first_payroll_month varchar(7) NOT NULL,
        settings jsonb NOT NULL,
        started_by uuid REFERENCES users(id),
        prepared_by uuid REFERENCES users(id),
        approved_by uuid REFERENCES users(id),
        released_by uuid REFERENCES users(id),
        pages_done int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One live run per county and month: the Schedule and an officer starting it by hand meet here.
    await q.query(`CREATE UNIQUE INDEX payroll_runs_one_live ON payroll_runs (county_code, month) WHERE status <> 'cancelled'`);
    await q.query(`
      CREATE TABLE payroll_ledger (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES payroll_runs(id),
        source_kind varchar(20) NOT NULL CHECK (source_kind IN ('hardship-allowance','care-allowance','dispersed-support')),
        source_id uuid NOT NULL,
        person_id uuid NOT NULL REFERENCES persons(id),
        region_code varchar(12) NOT NULL,
        period_month varchar(7) NOT NULL,
        kind varchar(10) NOT NULL CHECK (kind IN ('regular','arrears','recovery')),
        amount_fen int NOT NULL CHECK ((kind = 'recovery') = (amount_fen < 0)),
        settlement varchar(10) NOT NULL CHECK (settlement IN ('payable','offset','receivable')),
        rule varchar(64) NOT NULL,
        policy_id uuid,
        policy_version int,
        corrects_line_id uuid REFERENCES payroll_ledger(id),
        bank_account_id uuid REFERENCES bank_accounts(id),
        flags text[] NOT NULL DEFAULT '{}',
        why text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source_id, period_month, kind, run_id)
      )`);
    await q.query(`CREATE INDEX payroll_ledger_run_idx ON payroll_ledger (run_id, region_code)`);
    // (source_id, period_month) lookups use the unique key's prefix: no index of their own.
    await q.query(`CREATE INDEX payroll_ledger_person_idx ON payroll_ledger (person_id, period_month)`);
    // One bank-file row per run and source: its payable lines netted with offset recoveries.
    await q.query(`
      CREATE TABLE payroll_payments (
        reference varchar(40) PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES payroll_runs(id),
        source_id uuid NOT NULL,
        source_kind varchar(20) NOT NULL,
        person_id uuid NOT NULL REFERENCES persons(id),
        township_code varchar(12) NOT NULL,
        amount_fen int NOT NULL CHECK (amount_fen > 0),
        bank_account_id uuid REFERENCES bank_accounts(id),
        UNIQUE (run_id, source_id)
      )`);
    await q.query(`
      CREATE TABLE payroll_return_imports (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES payroll_runs(id),
        file_name varchar(200) NOT NULL,
        imported_by uuid REFERENCES users(id),
        counts jsonb NOT NULL,
        report jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The bank's answer per payment, once; a held payment (no account) is answered 'failed' at release.
    await q.query(`
      CREATE TABLE payroll_bank_results (
        reference varchar(40) PRIMARY KEY REFERENCES payroll_payments(reference),
        outcome varchar(6) NOT NULL CHECK (outcome IN ('paid','failed')),
        reason text,
        import_id uuid REFERENCES payroll_return_imports(id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE payroll_files (
        run_id uuid NOT NULL REFERENCES payroll_runs(id),
        township_code varchar(12) NOT NULL,
        format varchar(10) NOT NULL CHECK (format IN ('xlsx','csv-utf8','csv-gbk')),
        file_name varchar(200) NOT NULL,
        content bytea NOT NULL,
        sha256 varchar(64) NOT NULL,
        rows int NOT NULL,
        total_fen bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, township_code, format)
      )`);
    await q.query(`
      CREATE FUNCTION payroll_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const t of ['payroll_ledger', 'payroll_payments', 'payroll_bank_results', 'payroll_files']) {
      await q.query(
        `CREATE TRIGGER ${t}_no_update_delete BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION payroll_append_only()`,
      );
      await q.query(`CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} EXECUTE FUNCTION payroll_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'payroll_files',
      'payroll_bank_results',
      'payroll_return_imports',
      'payroll_payments',
      'payroll_ledger',
      'payroll_runs',
      'bank_accounts',
      'payroll_settings',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS payroll_append_only`);
  }
}
