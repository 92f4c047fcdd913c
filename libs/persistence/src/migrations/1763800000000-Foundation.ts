import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shared case machinery: regions, users, people, versioned policies, cases, tasks,
 * the append-only audit log, escalations, notifications and loaded holiday arrangements.
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE regions (
        code varchar(12) PRIMARY KEY,
        name varchar(100) NOT NULL,
        level varchar(10) NOT NULL CHECK (level IN ('county','township','village')),
        parent_code varchar(12) REFERENCES regions(code),
        is_demo boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL UNIQUE,
        password_hash varchar(255) NOT NULL,
        display_name varchar(100) NOT NULL,
        role varchar(32) NOT NULL CHECK (role IN ('township_officer','county_officer','assessor','supervisor','admin')),
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_role_region_idx ON users (role, region_code)`);
    await q.query(`
      CREATE TABLE persons (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        id_number varchar(18) NOT NULL UNIQUE,
        name varchar(100) NOT NULL,
        sex varchar(6) NOT NULL,
        birth_date date NOT NULL,
        phone varchar(20),
        address varchar(200),
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        death_date date,
        moved_out_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_type varchar(40) NOT NULL,
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        version int NOT NULL,
        effective_from date NOT NULL,
        body jsonb NOT NULL,
        note text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_type, region_code, version)
      )`);
    await q.query(`CREATE SEQUENCE case_no_seq`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        case_no varchar(32) NOT NULL UNIQUE,
        case_type varchar(40) NOT NULL,
        person_id uuid NOT NULL REFERENCES persons(id),
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        status varchar(20) NOT NULL,
        current_step varchar(32),
        waiting_until varchar(7),
        policy_id uuid NOT NULL REFERENCES policies(id),
        policy_version int NOT NULL,
        applied_on date NOT NULL,
        accepted_on date,
        decided_on date,
        outcome_reason text,
        details jsonb NOT NULL DEFAULT '{}',
        proactive boolean NOT NULL DEFAULT false,
        workflow_started_at timestamptz,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // At most one open case per person and case type (the API answers 409 on a second one).
    await q.query(`
      CREATE UNIQUE INDEX cases_one_open_per_person_type ON cases (person_id, case_type)
      WHERE status IN ('in_progress','waiting','paused','returned','approved','active')`);
    await q.query(`CREATE INDEX cases_region_idx ON cases (region_code varchar_pattern_ops, created_at DESC)`);
    await q.query(`CREATE INDEX cases_unstarted_idx ON cases (created_at) WHERE workflow_started_at IS NULL`);
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        case_type varchar(40) NOT NULL,
        step varchar(32) NOT NULL,
        region_code varchar(12) NOT NULL,
        candidate_role varchar(32) NOT NULL,
        assignee_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        due_date date NOT NULL,
        calendar_flag varchar(100),
        completed_at timestamptz,
        completed_by uuid REFERENCES users(id),
        outcome varchar(32),
        comment text,
        data jsonb,
        overdue boolean NOT NULL DEFAULT false,
        overdue_at timestamptz,
        escalation_level int NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX tasks_case_idx ON tasks (case_id, created_at)`);
    await q.query(`CREATE INDEX tasks_open_region_due_idx ON tasks (region_code varchar_pattern_ops, due_at) WHERE completed_at IS NULL`);
    await q.query(`CREATE INDEX tasks_open_role_due_idx ON tasks (candidate_role, due_at) WHERE completed_at IS NULL`);
    await q.query(`CREATE INDEX tasks_open_assignee_due_idx ON tasks (assignee_id, due_at) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        event_key varchar(200) NOT NULL UNIQUE,
        actor_id uuid,
        actor_role varchar(32) NOT NULL,
        actor_name varchar(100) NOT NULL,
        region_code varchar(12),
        case_id uuid,
        task_id uuid,
        step varchar(32),
        action varchar(64) NOT NULL,
        before jsonb,
        after jsonb,
        reason text
      )`);
    await q.query(`CREATE INDEX audit_case_idx ON audit_log (case_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id),
        case_id uuid NOT NULL REFERENCES cases(id),
        level int NOT NULL,
        region_code varchar(12) NOT NULL,
        escalated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (task_id, level)
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind varchar(32) NOT NULL,
        case_id uuid REFERENCES cases(id),
        task_id uuid REFERENCES tasks(id),
        level int NOT NULL DEFAULT 0,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        UNIQUE (user_id, task_id, kind, level)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE holiday_years (
        year int PRIMARY KEY,
        holidays jsonb NOT NULL,
        makeup_workdays jsonb NOT NULL,
        source text NOT NULL,
        loaded_by uuid REFERENCES users(id),
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'holiday_years',
      'notifications',
      'escalations',
      'audit_log',
      'tasks',
      'cases',
      'policies',
      'persons',
      'users',
      'regions',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only`);
    await q.query(`DROP SEQUENCE IF EXISTS case_no_seq`);
  }
}
