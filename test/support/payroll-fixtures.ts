import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DEFAULT_POLICIES } from '@app/domain/policy';
import { fakeIdNumber } from './system';

/**
 * A county of its own for payroll specs (other specs' entitlements live in 370124 and would be
 * paid too), with one township, its policies (version 1 from 2000) and payroll settings.
 */
export async function payrollCounty(
  db: DataSource,
  settings: Record<string, unknown>,
): Promise<{ county: string; township: string; policyIds: Record<string, string> }> {
  let county = '';
  for (;;) {
    county = `37${randomInt(8000, 9999)}`;
    const taken: unknown[] = await db.query('SELECT 1 FROM regions WHERE code = $1', [county]);
    if (taken.length === 0) break;
  }
  const township = `${county}001`;
  await db.query(`INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, $2, 'county', NULL, true)`, [
    county,
    `测试县${county}`,
  ]);
  await db.query(`INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, '测试镇', 'township', $2, true)`, [
    township,
    county,
  ]);
  const policyIds: Record<string, string> = {};
  for (const caseType of ['hardship-allowance', 'care-allowance', 'trial-stay'] as const) {
    const body = structuredClone(DEFAULT_POLICIES[caseType]);
    if (caseType === 'trial-stay') body.rules = { ...body.rules, dispersedSupportMonthlyFen: 100000 };
    const [{ id }]: { id: string }[] = await db.query(
      `INSERT INTO policies (case_type, region_code, version, effective_from, body, note) VALUES ($1,$2,1,'2000-01-01',$3,'payroll test') RETURNING id`,
      [caseType, county, JSON.stringify(body)],
    );
    policyIds[caseType] = id;
  }
  await db.query(`INSERT INTO payroll_settings (county_code, body) VALUES ($1, $2)`, [county, JSON.stringify(settings)]);
  return { county, township, policyIds };
}

export async function person(db: DataSource, regionCode: string, birthDate: string, extra: { deathDate?: string } = {}): Promise<string> {
  const [{ id }]: { id: string }[] = await db.query(
    `INSERT INTO persons (id_number, name, sex, birth_date, region_code, death_date) VALUES ($1,$2,'female',$3,$4,$5) RETURNING id`,
    [fakeIdNumber(birthDate), `测试老人${randomInt(100, 999)}`, birthDate, regionCode, extra.deathDate ?? null],
  );
  return id;
}

/** An approved case's entitlement with one revision of segments, as grantEntitlement stores it. */
export async function entitlement(
  db: DataSource,
  f: {
    personId: string;
    regionCode: string;
    kind: 'hardship-allowance' | 'care-allowance';
    policyId: string;
    segments: { from: string; to: string | null; rule: string; fen: number }[];
  },
): Promise<string> {
  const caseId = randomUUID();
  const id = randomUUID();
  const start = f.segments[0].from;
  const end = f.segments[f.segments.length - 1].to;
  await db.query(
    `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, policy_id, policy_version, applied_on, workflow_started_at)
     VALUES ($1,$2,$3,$4,$5,'active',$6,1,'2020-01-01',now())`,
    [caseId, `PT-${caseId.slice(0, 12)}`, f.kind, f.personId, f.regionCode, f.policyId],
  );
  await db.query(
    `INSERT INTO entitlements (id, case_id, person_id, kind, region_code, status, start_month, end_month, policy_id, policy_version, current_revision)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1,1)`,
    [id, caseId, f.personId, f.kind, f.regionCode, end ? 'ended' : 'active', start, end, f.policyId],
  );
  await db.query(
    `INSERT INTO entitlement_revisions (entitlement_id, revision, revision_key, reason, inputs, explanation, start_month, end_month) VALUES ($1,1,$2,'test','{}','[]',$3,$4)`,
    [id, `test:${id}`, start, end],
  );
  let seq = 0;
  for (const s of f.segments) {
    seq += 1;
    await db.query(
      `INSERT INTO entitlement_segments (entitlement_id, revision, seq, from_month, to_month, monthly_amount_fen, rule, explanation) VALUES ($1,1,$2,$3,$4,$5,$6,'test')`,
      [id, seq, s.from, s.to, s.fen, s.rule],
    );
  }
  return id;
}

export async function dispersedSupport(db: DataSource, personId: string, fromMonth: string, toMonth: string | null): Promise<string> {
  const [{ id }]: { id: string }[] = await db.query(
    `INSERT INTO support_arrangements (person_id, kind, from_month, to_month) VALUES ($1,'dispersed',$2,$3) RETURNING id`,
    [personId, fromMonth, toMonth],
  );
  return id;
}
