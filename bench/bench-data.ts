import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CASE_NUMBER_PREFIX, type CaseType } from '@app/contracts';
import { DEFAULT_STEP_ROLE, type StepCode } from '@app/domain/policy';
import { PINGYIN_REGIONS } from '@app/persistence';
import { hashPassword } from '@app/runtime';

/** 4 tasks per case: the last one is open for ~16 % of cases (≈4 % of all tasks). */
export const BENCH_CASES = 250_000;
export const TASKS_PER_CASE = 4;
export const BENCH_TASKS = BENCH_CASES * TASKS_PER_CASE;
/** Marks the data set's shape; a different marker means the data is reloaded. */
const DATA_VERSION = 'bench-v1';

/**
 * The steps each benched case type passes through, in order (the first three are completed), and
 * the steps its open task may be at. The bench's data set is a fixed reference shape (its numbers
 * are compared across runs), so it names its three types rather than following CASE_TYPES.
 */
const BENCH_TYPES = ['hardship-allowance', 'care-allowance', 'trial-stay'] as const satisfies readonly CaseType[];
const CHAINS: Record<(typeof BENCH_TYPES)[number], { done: StepCode[]; last: StepCode; open: StepCode[] }> = {
  'hardship-allowance': {
    done: ['acceptance', 'review', 'approval'],
    last: 'decision',
    open: ['acceptance', 'review', 'objection', 'approval', 'decision', 'supplement', 'annual_review'],
  },
  'care-allowance': {
    done: ['acceptance', 'assessment', 'review'],
    last: 'approval',
    open: ['acceptance', 'assessment', 'review', 'approval', 'reassessment', 'supplement'],
  },
  'trial-stay': {
    done: ['acceptance', 'check_in', 'trial_decision'],
    last: 'admission',
    open: ['acceptance', 'check_in', 'trial_decision', 'admission', 'decision'],
  },
};

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const sqlArray = (items: readonly string[]) => `ARRAY[${items.map(sqlText).join(',')}]::text[]`;

/** The marker of a data set whose last task is open in `openPercent` % of cases. */
const markerOf = (openPercent: number) => (openPercent === 16 ? DATA_VERSION : `${DATA_VERSION}-open${openPercent}`);

export async function benchDataLoaded(db: DataSource, openPercent = 16): Promise<boolean> {
  const rows: { marker: string | null }[] = await db.query(`SELECT obj_description('tasks'::regclass, 'pg_class') AS marker`);
  if (rows[0]?.marker !== markerOf(openPercent)) return false;
  const [{ n }]: { n: number }[] = await db.query(`SELECT count(*) AS n FROM tasks`);
  return Number(n) === BENCH_TASKS;
}

/**
 * Bulk-loads persons, cases, tasks and escalations with INSERT … SELECT generate_series, in one
 * transaction (a failed load leaves nothing behind). Deterministic: ids are md5 of the row number,
 * attributes come from hashint4, so two loads give the same data apart from `now()`.
 */
/**
 * `openPercent`: the share of cases whose last task is open (16 % by default; 100 gives the
 * engine benchmark's 250,000 open tasks of 1,000,000).
 */
export async function loadBenchData(db: DataSource, log: (m: string) => void, openPercent = 16): Promise<void> {
  const regions = PINGYIN_REGIONS.filter((r) => r.level !== 'county').map((r) => r.code);
  const townships = PINGYIN_REGIONS.filter((r) => r.level === 'township').map((r) => r.code);
  const filler = await hashPassword(randomUUID());
  // A township officer for every township (the demo users cover only two), so assignees are spread.
  for (const code of townships) {
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ($1,$2,$3,'township_officer',$4)
       ON CONFLICT (username) DO NOTHING`,
      [`bench.officer.${code}`, filler, `压测经办人${code.slice(6)}`, code],
    );
  }
  const roleOfStep = Object.entries(DEFAULT_STEP_ROLE)
    .map(([step, role]) => `(${sqlText(step)}, ${sqlText(role)})`)
    .join(',');
  const chainRows = BENCH_TYPES.map(
    (t, i) =>
      `(${i}, ${sqlText(t)}, ${sqlText(CASE_NUMBER_PREFIX[t])}, ${sqlArray([...CHAINS[t].done, CHAINS[t].last])}, ${sqlArray(CHAINS[t].open)})`,
  ).join(',');

  await db.transaction(async (m) => {
    const step = async (what: string, sql: string, params: unknown[] = []) => {
      const started = Date.now();
      await m.query(sql, params);
      log(`  ${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
    await m.query(`SET LOCAL synchronous_commit = off`);
    await m.query(`SET LOCAL work_mem = '256MB'`);
    await m.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await m.query(`
      CREATE TEMP TABLE bench_chain (ix int, case_type text, prefix text, steps text[], open_steps text[]) ON COMMIT DROP`);
    await m.query(`INSERT INTO bench_chain VALUES ${chainRows}`);
    await m.query(`CREATE TEMP TABLE bench_role (step text PRIMARY KEY, role text) ON COMMIT DROP`);
    await m.query(`INSERT INTO bench_role VALUES ${roleOfStep}`);
    // Who works a task when it is assigned: the township's officer, or the county officer / assessor.
    await m.query(`
      CREATE TEMP TABLE bench_assignee ON COMMIT DROP AS
      SELECT DISTINCT ON (role, township) role, township, id AS user_id
        FROM (SELECT id, role, username, CASE WHEN role = 'township_officer' THEN region_code ELSE '' END AS township
                FROM users WHERE active AND role IN ('township_officer', 'county_officer', 'assessor')) u
       ORDER BY role, township, username`);
    // GB 11643 check character (ISO 7064 MOD 11-2), so generated ID numbers are checksum-valid.
    await m.query(`
      CREATE FUNCTION pg_temp.id_check(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT substr('10X98765432', (SELECT sum(substr(s, k, 1)::int * (ARRAY[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[k])
                                         FROM generate_series(1, 17) k)::int % 11 + 1, 1)
      $$`);
    // One row per case with every attribute the inserts below share.
    await step(
      'case plan',
      `
      CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
      SELECT i,
             md5('bench-case-' || i)::uuid AS case_id,
             md5('bench-person-' || i)::uuid AS person_id,
             ($1::text[])[1 + (hashint4(i) & 2147483647) % $2] AS region_code,
             CASE WHEN h_type < 50 THEN 0 WHEN h_type < 85 THEN 1 ELSE 2 END AS type_ix,
             h_open < ${openPercent} AS is_open,
             h_misc,
             -- open cases: the open task is 0–30 days old (cubed, so most are young); others: 40–730 days
             CASE WHEN h_open < ${openPercent} THEN now() - (power((h_misc % 1000) / 1000.0, 3) * 30 + 0.01) * interval '1 day'
                  ELSE now() - (40 + h_misc % 690) * interval '1 day' - (h_misc % 86400) * interval '1 second' END AS last_opened_at
        FROM generate_series(1, ${BENCH_CASES}) i,
             LATERAL (SELECT (hashint4(i * 7 + 1) & 2147483647) % 100 AS h_type,
                             (hashint4(i * 13 + 5) & 2147483647) % 100 AS h_open,
                             hashint4(i * 31 + 11) & 2147483647 AS h_misc) h`,
      [regions, regions.length],
    );
    await step(
      `persons (${BENCH_CASES})`,
      `
      INSERT INTO persons (id, id_number, name, sex, birth_date, region_code, created_at, updated_at)
      SELECT person_id, f17 || pg_temp.id_check(f17), '压测老人' || i, CASE WHEN seq % 2 = 1 THEN 'male' ELSE 'female' END,
             birth, region_code, last_opened_at - interval '30 days', last_opened_at - interval '30 days'
        FROM (SELECT p.*, date '1926-01-01' + (i % 14600) AS birth, i / 14600 + 1 AS seq FROM bench_plan p) s,
             LATERAL (SELECT '370124' || to_char(birth, 'YYYYMMDD') || lpad(seq::text, 3, '0') AS f17) f`,
    );
    await step(
      `cases (${BENCH_CASES})`,
      `
      INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version,
                         applied_on, accepted_on, decided_on, workflow_started_at, created_at, updated_at)
      SELECT p.case_id, c.prefix || '-B-' || lpad(p.i::text, 7, '0'), c.case_type, p.person_id, p.region_code,
             CASE WHEN p.is_open THEN 'in_progress'
                  ELSE (ARRAY['approved','active','active','rejected','withdrawn','closed'])[1 + p.h_misc % 6] END,
             CASE WHEN p.is_open THEN c.open_steps[1 + p.h_misc % array_length(c.open_steps, 1)] ELSE c.steps[4] END,
             pol.id, pol.version,
             (p.last_opened_at - interval '21 days')::date, (p.last_opened_at - interval '14 days')::date,
             CASE WHEN p.is_open THEN NULL ELSE (p.last_opened_at + interval '5 days')::date END,
             p.last_opened_at - interval '21 days', p.last_opened_at - interval '21 days', p.last_opened_at
        FROM bench_plan p
        JOIN bench_chain c ON c.ix = p.type_ix
        JOIN policies pol ON pol.case_type = c.case_type AND pol.region_code = '370124' AND pol.version = 1`,
    );
    // Task s (1..4) of a case opens 7 days after the previous one; the 4th is the open one for open cases.
    // Deadlines end at the end of a Shanghai day, 10 days after opening, as day-based policy deadlines do.
    await step(
      `tasks (${BENCH_TASKS})`,
      `
      INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, assignee_id, created_at, due_at, due_date,
                         completed_at, completed_by, outcome, overdue, overdue_at, escalation_level)
      SELECT md5('bench-task-' || x.i || '-' || x.s)::uuid, x.case_id, x.case_type, x.step, x.region_code, x.role,
             x.assignee, x.created_at, x.due_at, x.due_date,
             x.completed_at, CASE WHEN x.completed_at IS NULL THEN NULL ELSE x.assignee END,
             CASE WHEN x.completed_at IS NULL THEN NULL ELSE 'pass' END,
             x.late, CASE WHEN x.late THEN x.due_at END,
             CASE WHEN NOT x.late THEN 0 WHEN coalesce(x.completed_at, now()) > x.due_at + interval '3 days' THEN 2 ELSE 1 END
        FROM (
          SELECT y.*, coalesce(y.completed_at, now()) > y.due_at AS late,
                 CASE WHEN y.completed_at IS NULL AND (hashint4(y.i * 17 + y.s) & 2147483647) % 100 >= 35 THEN NULL
                      ELSE a.user_id END AS assignee
            FROM (
              SELECT z.*, r.role,
                     ((z.created_at AT TIME ZONE 'Asia/Shanghai')::date + 10) AS due_date,
                     (((z.created_at AT TIME ZONE 'Asia/Shanghai')::date + 11)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond' AS due_at,
                     CASE WHEN z.open_task THEN NULL
                          ELSE z.created_at + ((hashint4(z.i * 3 + z.s) & 2147483647) % (13 * 86400)) * interval '1 second' END AS completed_at
                FROM (
                  SELECT p.i, s, p.case_id, c.case_type, p.region_code,
                         CASE WHEN s = 4 AND p.is_open THEN c.open_steps[1 + p.h_misc % array_length(c.open_steps, 1)] ELSE c.steps[s] END AS step,
                         p.last_opened_at - (4 - s) * interval '7 days' AS created_at,
                         s = 4 AND p.is_open AS open_task
                    FROM bench_plan p JOIN bench_chain c ON c.ix = p.type_ix, generate_series(1, 4) s
                ) z JOIN bench_role r ON r.step = z.step
            ) y
            LEFT JOIN bench_assignee a ON a.role = y.role AND a.township = CASE WHEN y.role = 'township_officer' THEN substr(y.region_code, 1, 9) ELSE '' END
        ) x`,
    );
    await step(
      'escalations of overdue open tasks',
      `
      INSERT INTO escalations (task_id, case_id, level, region_code, escalated_at)
      SELECT t.id, t.case_id, l.level, CASE WHEN l.level = 1 THEN substr(t.region_code, 1, 9) ELSE '370124' END,
             t.due_at + (l.level - 1) * interval '3 days'
        FROM tasks t, generate_series(1, 2) l(level)
       WHERE t.completed_at IS NULL AND t.escalation_level >= l.level`,
    );
    await m.query(`COMMENT ON TABLE tasks IS '${markerOf(openPercent)}'`);
  });
}
