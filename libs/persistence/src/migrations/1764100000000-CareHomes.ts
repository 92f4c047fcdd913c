import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care homes (敬老院) and their beds, the waiting list (入住轮候), trial stays (试住) and support
 * arrangements (分散供养 / 集中供养) of extremely poor elders.
 */
export class CareHomes1764100000000 implements MigrationInterface {
  name = 'CareHomes1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE care_homes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        region_code varchar(12) NOT NULL REFERENCES regions(code),
        tracks_care_level boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT care_homes_region_name_key UNIQUE (region_code, name)
      )`);
    await q.query(`CREATE INDEX care_homes_region_idx ON care_homes (region_code varchar_pattern_ops)`);

    // A reserved bed is always held by a case; an occupied one may be a resident from before the system.
    await q.query(`
      CREATE TABLE beds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        home_id uuid NOT NULL REFERENCES care_homes(id),
        label varchar(40) NOT NULL,
        care_level varchar(20) CHECK (care_level IN ('self-care','partial','cannot-self-care')),
        status varchar(10) NOT NULL DEFAULT 'free' CHECK (status IN ('free','reserved','occupied')),
        case_id uuid REFERENCES cases(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT beds_home_label_key UNIQUE (home_id, label),
        CONSTRAINT beds_free_has_no_case CHECK (status <> 'free' OR case_id IS NULL),
        CONSTRAINT beds_reserved_has_case CHECK (status <> 'reserved' OR case_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX beds_one_per_case ON beds (case_id) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX beds_free_idx ON beds (home_id, care_level) WHERE status = 'free'`);

    // One trial stay per case: what was asked for, where the elder stayed, and how it ended.
    await q.query(`
      CREATE TABLE trial_stays (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        home_id uuid NOT NULL REFERENCES care_homes(id),
        priority_category varchar(32) NOT NULL,
        care_level varchar(20) CHECK (care_level IN ('self-care','partial','cannot-self-care')),
        bed_id uuid REFERENCES beds(id),
        checked_in_at timestamptz,
        trial_ends_at timestamptz,
        trial_ends_on date,
        ended_on date,
        end_kind varchar(32),
        end_reason text,
        voluntary_withdrawal boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trial_stays_withdrawal_has_date CHECK (NOT voluntary_withdrawal OR ended_on IS NOT NULL)
      )`);
    // The withdrawal bar looks up a person's earlier voluntary withdrawals.
    await q.query(`CREATE INDEX trial_stays_person_idx ON trial_stays (person_id, ended_on)`);

    // seq breaks ties between entries of the same category and day: the order of registration.
    await q.query(`
      CREATE TABLE care_home_waiting_list (
        case_id uuid PRIMARY KEY REFERENCES cases(id),
        home_id uuid NOT NULL REFERENCES care_homes(id),
        person_id uuid NOT NULL REFERENCES persons(id),
        priority_category varchar(32) NOT NULL,
        care_level varchar(20) CHECK (care_level IN ('self-care','partial','cannot-self-care')),
        applied_on date NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        status varchar(10) NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting','offered','left')),
        joined_at timestamptz NOT NULL,
        offered_at timestamptz,
        offered_bed_id uuid REFERENCES beds(id),
        offered_by_case_id uuid REFERENCES cases(id),
        left_at timestamptz,
        CONSTRAINT care_home_waiting_list_offer CHECK (status <> 'offered' OR offered_bed_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX care_home_waiting_list_home_idx ON care_home_waiting_list (home_id, status, applied_on, seq)`);
    // The releasing case finds the offer it made again when its activity is retried.
    await q.query(`CREATE INDEX care_home_waiting_list_offered_by_idx ON care_home_waiting_list (offered_by_case_id)`);

    // Months as 'YYYY-MM'; an open arrangement has no to_month. At most one open arrangement per person.
    await q.query(`
      CREATE TABLE support_arrangements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES persons(id),
        kind varchar(12) NOT NULL CHECK (kind IN ('dispersed','centralized')),
        from_month varchar(7) NOT NULL CHECK (from_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        to_month varchar(7) CHECK (to_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        home_id uuid REFERENCES care_homes(id),
        case_id uuid REFERENCES cases(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT support_arrangements_months CHECK (to_month IS NULL OR to_month >= from_month),
        CONSTRAINT support_arrangements_home CHECK (kind <> 'centralized' OR home_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX support_arrangements_one_open ON support_arrangements (person_id) WHERE to_month IS NULL`);
    await q.query(`CREATE UNIQUE INDEX support_arrangements_case_kind ON support_arrangements (case_id, kind) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['support_arrangements', 'care_home_waiting_list', 'trial_stays', 'beds', 'care_homes']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
