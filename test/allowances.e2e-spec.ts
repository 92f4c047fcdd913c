import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ASSESSMENT_ITEMS } from '@app/domain/assessment';
import { addMonths, shanghaiMonthOf } from '@app/domain/dates';
import {
  addRosterSpell,
  auth,
  ensureUser,
  eventually,
  fakeIdNumber,
  installPolicy,
  seconds,
  startSystem,
  type TestSystem,
} from './support/system';
import { CaseDriver, HOME_VISIT } from './support/case-driver';
import { decryptedPayloads, rawPayloadText } from './support/history';
import { birthDateTurning, monthFromNow, monthTurning } from './support/today';

/** A GB/T 42195-2022 form whose items add up to `total` (filled greedily up to each item's maximum). */
function formWithTotal(
  total: number,
  factors: Partial<{ coma: boolean; dementia: boolean; psychiatricDiagnosis: boolean; careRiskEvents30d: number }> = {},
) {
  let left = total;
  const items: Record<string, number> = {};
  for (const item of ASSESSMENT_ITEMS) {
    items[item.code] = Math.min(item.max, left);
    left -= items[item.code];
  }
  return { items, coma: false, dementia: false, psychiatricDiagnosis: false, careRiskEvents30d: 0, ...factors };
}

/**
 * Approved allowances produce entitlements computed by the policy version in force; life events,
 * annual reviews and reassessments change them, each change kept with its reason.
 */
describe('allowances: entitlements, life events, reviews and reassessment', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const township = '370124101'; // 孝直镇: officers of its own for this file
  const village = '370124101001';
  const officer = 'township.xiaozhi';
  const county = 'county.approver';
  const assessor = 'assessor';
  const thisMonth = shanghaiMonthOf(Date.now());

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await ensureUser(sys.db, officer, 'township_officer', township);
    const short = <T extends { chain: { kind: string }[] }>(p: T) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(1) } : s)),
    });
    await installPolicy(
      sys.db,
      'hardship-allowance',
      village,
      (p) => ({ ...short(p), rules: { ...p.rules, annualReviewEvery: seconds(3) } }) as typeof p,
    );
    await installPolicy(
      sys.db,
      'care-allowance',
      village,
      (p) => ({ ...short(p), rules: { ...p.rules, reassessEvery: seconds(600) } }) as typeof p,
    );
  });
  afterAll(async () => sys.close());

  async function approveHardship(birthDate: string, roster: boolean) {
    const idNumber = fakeIdNumber(birthDate);
    if (roster) await addRosterSpell(sys.db, idNumber, 'dibao', village, '2020-01-01');
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate, idNumber });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    return c;
  }

  it('hardship: pays from the acceptance month with the age band changing in the 80th-birthday month, explained', async () => {
    // 79 today, 80 in two months: the first months pay the 60–79 band, then the 80–89 band.
    const birthDate = birthDateTurning(80, 2, 10);
    const c = await approveHardship(birthDate, true);
    const preview = await sys
      .http()
      .get(`/api/cases/${c.id}/plan`)
      .set(...auth(await sys.token(county)))
      .expect(200);
    expect(preview.body).toMatchObject({ eligible: true, startMonth: thisMonth });
    expect((preview.body.explanation as string[]).length).toBeGreaterThan(0);
    const approval = await drive.task(county, c.id, 'approval');
    const res = await drive.complete(county, approval.id, { step: 'approval', outcome: 'approve', comment: '同意' });
    expect(res.status).toBe(200);
    expect(res.body.case.status).toBe('active');

    const token = await sys.token(officer);
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body).toMatchObject({
      kind: 'hardship-allowance',
      status: 'active',
      startMonth: thisMonth,
      endMonth: null,
      policy: { version: expect.any(Number) },
    });
    const segs = ent.body.segments as { from: string; to: string | null; monthlyAmountFen: number; rule: string }[];
    expect(segs[0]).toMatchObject({ from: thisMonth, monthlyAmountFen: 8000 });
    expect(segs[0]).toMatchObject({ to: monthFromNow(1) });
    expect(segs.find((s) => s.from === monthFromNow(2))).toMatchObject({ monthlyAmountFen: 10000, rule: 'hardship.age-band-80' });
    expect(segs.find((s) => s.from === monthTurning(birthDate, 90))).toMatchObject({ monthlyAmountFen: 20000 });
    expect(segs.find((s) => s.from === monthTurning(birthDate, 100))).toMatchObject({ monthlyAmountFen: 30000, to: null });
    expect((ent.body.calculation.explanation as string[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(ent.body)).not.toMatch(/\d{17}[\dX]/);

    // The workflow's history carries months, amounts and rule codes, not the person's dates; and
    // what it carries is encrypted (decrypted here with the system's key).
    const history = historyToJSON(await sys.client.workflow.getHandle(`case-${c.id}`).fetchHistory());
    expect(rawPayloadText(history)).not.toContain('hardship.age-band-80');
    const decoded = await decryptedPayloads(history);
    expect(decoded).toContain('hardship.age-band-80'); // the payloads were decoded
    expect(decoded).not.toContain(birthDate);
    expect(decoded).not.toContain('生日');
  });

  it('hardship: the county cannot approve someone not on the roster (422), and must refuse in writing', async () => {
    const c = await approveHardship('1950-03-03', false);
    const approval = await drive.task(county, c.id, 'approval');
    const res = await drive.complete(county, approval.id, { step: 'approval', outcome: 'approve' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NOT_ELIGIBLE');
    await drive.decide(county, c.id, 'approval', 'reject', { comment: '不在困难名单内' });
    await drive.decide(county, c.id, 'decision', 'issued', { data: { documentNo: '平民补〔2026〕9号' } });
    await drive.status(officer, c.id, 'rejected');
  });

  it('hardship: a death stops payment from the month after; the case closes and stays readable', async () => {
    const c = await approveHardship('1940-05-20', true);
    await drive.decide(county, c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    const token = await sys.token(officer);
    const deathDate = `${thisMonth}-01`;
    const res = await sys
      .http()
      .post(`/api/persons/${c.applicant.personId}/events`)
      .set(...auth(token))
      .send({ kind: 'death', on: deathDate })
      .expect(200);
    expect(res.body.cases).toEqual([expect.objectContaining({ caseId: c.id })]);
    const closed = await drive.status(officer, c.id, 'closed');
    expect(closed.outcomeReason).toContain('死亡');
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body).toMatchObject({ status: 'ended', endMonth: thisMonth });
    expect(ent.body.revisions).toHaveLength(2);
    expect(ent.body.revisions[1].reason).toContain('死亡');
  });

  it('hardship: a roster import that ends the spell stops payment from the month after', async () => {
    const idNumber = fakeIdNumber('1943-04-04');
    await addRosterSpell(sys.db, idNumber, 'dibao', village, '2020-01-01');
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1943-04-04', idNumber });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.decide(county, c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    const today = `${thisMonth}-01`;
    const csv = `id_number,name,category,region_code,entered_on,left_on\n${idNumber},测试,dibao,${village},2020-01-01,${today}\n`;
    const token = await sys.token(officer);
    const imported = await sys
      .http()
      .post('/api/roster/import?filename=exit.csv')
      .set(...auth(token))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(imported.status).toBe(201);
    expect(imported.body.rowsOk).toBe(1);
    const closed = await drive.status(officer, c.id, 'closed');
    expect(closed.outcomeReason).toContain('退出困难名单');
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body).toMatchObject({ status: 'ended', endMonth: thisMonth });
  });

  it('hardship: the annual review comes up per policy; a pass continues as new, a failure stops payment', async () => {
    const c = await approveHardship('1944-08-08', true);
    await drive.decide(county, c.id, 'approval', 'approve');
    const first = await drive.task(officer, c.id, 'annual_review', 15000);
    await drive.decide(officer, c.id, 'annual_review', 'pass', { comment: '年审通过' });
    const runs = await eventually(async () => {
      const desc = await sys.client.workflow.getHandle(`case-${c.id}`).describe();
      return desc.runId ? desc : undefined;
    });
    expect(runs.status.name).toBe('RUNNING');
    const second = await drive.task(officer, c.id, 'annual_review', 15000);
    expect(second.id).not.toBe(first.id);
    await drive.decide(officer, c.id, 'annual_review', 'fail', { comment: '已不在低保名单' });
    const closed = await drive.status(officer, c.id, 'closed');
    expect(closed.outcomeReason).toContain('年审未通过');
    const token = await sys.token(officer);
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body).toMatchObject({ status: 'ended', endMonth: thisMonth });
  });

  it('care: an assessor scores the 26 items; out-of-range scores are refused naming the item', async () => {
    const c = await drive.create(officer, { caseType: 'care-allowance', regionCode: village, birthDate: '1938-01-31' });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const task = await drive.task(assessor, c.id, 'assessment');
    const bad = formWithTotal(40);
    bad.items.stairs = 7;
    const res = await drive.complete(assessor, task.id, { step: 'assessment', outcome: 'submitted', data: bad });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('stairs');
    const preview = await sys
      .http()
      .post('/api/assessments/preview')
      .set(...auth(await sys.token(assessor)))
      .send(formWithTotal(40, { dementia: true }))
      .expect(200);
    expect(preview.body).toMatchObject({ total: 40, baseLevel: 3, finalLevel: 4 });
  });

  it('care: level 3 pays 80 yuan from the month after the assessment; a reassessment on request changes the amount', async () => {
    const c = await drive.create(officer, { caseType: 'care-allowance', regionCode: village, birthDate: '1939-02-28' });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(assessor, c.id, 'assessment', 'submitted', { data: formWithTotal(40) });
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.decide(county, c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    const token = await sys.token(officer);
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body).toMatchObject({ kind: 'care-allowance', startMonth: addMonths(thisMonth, 1) });
    expect(ent.body.segments[0]).toMatchObject({ from: addMonths(thisMonth, 1), monthlyAmountFen: 8000 });

    await sys
      .http()
      .post(`/api/cases/${c.id}/reassessment`)
      .set(...auth(token))
      .send({ reason: '近期跌倒两次' })
      .expect(200);
    await drive.decide(assessor, c.id, 'reassessment', 'submitted', { data: formWithTotal(60) });
    const revised = await eventually(async () => {
      const e = await sys
        .http()
        .get(`/api/cases/${c.id}/entitlement`)
        .set(...auth(token))
        .expect(200);
      return e.body.revisions.length === 2 ? e.body : undefined;
    });
    expect(revised.status).toBe('active');
    expect(revised.segments.at(-1)).toMatchObject({ monthlyAmountFen: 6000 });
    const assessments = await sys
      .http()
      .get(`/api/cases/${c.id}/assessments`)
      .set(...auth(token))
      .expect(200);
    expect(assessments.body.map((a: { finalLevel: number }) => a.finalLevel)).toEqual([3, 2]);
  });

  it('care under an MZ/T 039-2013 policy: the four first-level grades decide the level (2–3 pay)', async () => {
    const mztVillage = '370124101002';
    await installPolicy(sys.db, 'care-allowance', mztVillage, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(1) } : s)),
      rules: { ...p.rules, scale: 'MZ/T 039-2013', eligibleLevels: [2, 3], amountByLevel: { 2: 6000, 3: 8000 } },
    }));
    const c = await drive.create(officer, { caseType: 'care-allowance', regionCode: mztVillage, birthDate: '1936-07-07' });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const task = await drive.task(assessor, c.id, 'assessment');
    const bad = await drive.complete(assessor, task.id, {
      step: 'assessment',
      outcome: 'submitted',
      data: { mzt039: { adl: 4, mental: 0, perception: 0, social: 0 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('data.mzt039.adl');
    await drive.decide(assessor, c.id, 'assessment', 'submitted', { data: { mzt039: { adl: 2, mental: 1, perception: 0, social: 1 } } });
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.decide(county, c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    const token = await sys.token(officer);
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body.segments[0]).toMatchObject({ from: addMonths(thisMonth, 1), monthlyAmountFen: 6000 });
    const assessments = await sys
      .http()
      .get(`/api/cases/${c.id}/assessments`)
      .set(...auth(token))
      .expect(200);
    expect(assessments.body[0]).toMatchObject({ scale: 'MZ/T 039-2013', total: null, finalLevel: 2 });
  });

  it('care: a level the policy does not pay ends the case with a written refusal', async () => {
    const c = await drive.create(officer, { caseType: 'care-allowance', regionCode: village, birthDate: '1945-06-30' });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(assessor, c.id, 'assessment', 'submitted', { data: formWithTotal(80) });
    await drive.decide(county, c.id, 'decision', 'issued', { data: { documentNo: '平民护〔2026〕3号' } });
    const done = await drive.status(officer, c.id, 'rejected');
    expect(done.outcomeReason).toContain('1级');
  });
});
