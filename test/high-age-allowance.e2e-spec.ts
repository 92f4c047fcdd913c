import { caseWorkflowId, caseStateQuery } from '@app/contracts';
import { addMonths } from '@app/domain/dates';
import { auth, startSystem, type TestSystem } from './support/system';
import { CaseDriver, HOME_VISIT } from './support/case-driver';
import { startedTimers } from './support/history';
import { birthDateTurning, monthFromNow, monthTurning } from './support/today';

/**
 * The high-age allowance (高龄津贴), the fourth case type, through the API like the others:
 * intake → acceptance → review → approval → entitlement from the month of the 80th birthday, and a
 * durable wait for an applicant not yet 80. Its only sources are the registry entry, its planner,
 * the type's name in contracts and the workflow export.
 */
describe('high-age allowance (高龄津贴)', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const officer = 'township.yushan';
  const county = 'county.approver';
  const village = '370124001001';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
  });
  afterAll(async () => sys.close());

  it('an elder turning 80 this month is paid from this month, 60 yuan, with the 90 and 100 bands from those birthday months', async () => {
    const birthDate = birthDateTurning(80, 0, 1);
    const c = await drive.create(officer, { caseType: 'high-age-allowance', regionCode: village, birthDate });
    expect(c.caseNo).toMatch(/^HG-\d{4}-\d{6}$/);
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    const approval = await drive.task(county, c.id, 'approval');
    const res = await drive.complete(county, approval.id, { step: 'approval', outcome: 'approve', comment: '同意' });
    expect(res.status).toBe(200);
    expect(res.body.case.status).toBe('active');

    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(await sys.token(officer)))
      .expect(200);
    expect(ent.body).toMatchObject({ kind: 'high-age-allowance', status: 'active', startMonth: monthFromNow(0), endMonth: null });
    const segs = ent.body.segments as { from: string; to: string | null; monthlyAmountFen: number; rule: string }[];
    expect(segs).toEqual([
      expect.objectContaining({
        from: monthFromNow(0),
        to: addMonths(monthTurning(birthDate, 90), -1),
        monthlyAmountFen: 6000,
        rule: 'high-age.age-band-80',
      }),
      expect.objectContaining({ from: monthTurning(birthDate, 90), monthlyAmountFen: 10000, rule: 'high-age.age-band-90' }),
      expect.objectContaining({ from: monthTurning(birthDate, 100), to: null, monthlyAmountFen: 30000, rule: 'high-age.age-band-100' }),
    ]);
  });

  it('accepts an applicant not yet 80 and waits on a durable timer until the month of the 80th birthday', async () => {
    const birthDate = birthDateTurning(80, 3, 10);
    const c = await drive.create(officer, { caseType: 'high-age-allowance', regionCode: village, birthDate });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const waiting = await drive.status(officer, c.id, 'waiting');
    expect(waiting.waitingUntil).toBe(monthFromNow(3));
    expect(waiting.openTasks).toEqual([]);

    const wakeAt = Date.parse(`${monthFromNow(3)}-01T00:00:00+08:00`);
    const timers = await startedTimers(sys.client, c.id);
    expect(timers.find((t) => Math.abs(t.firesAt - wakeAt) < 5000)).toBeDefined();
    const state = await sys.client.workflow.getHandle(caseWorkflowId(c.id)).query(caseStateQuery);
    expect(state).toMatchObject({ status: 'waiting', waitingUntil: monthFromNow(3) });
    const description = await sys.client.workflow.getHandle(caseWorkflowId(c.id)).describe();
    expect(description.type).toBe('highAgeAllowanceWorkflow');

    await sys
      .http()
      .post(`/api/cases/${c.id}/withdraw`)
      .set(...auth(await sys.token(officer)))
      .send({ reason: '申请人撤回' })
      .expect(200);
    await drive.status(officer, c.id, 'withdrawn');
  });

  it.each([
    ['death', '死亡'],
    ['moved_out', '户籍迁出本县'],
  ])('a life event (%s) stops payment from the month after; the case closes', async (kind, reason) => {
    const c = await drive.create(officer, { caseType: 'high-age-allowance', regionCode: village, birthDate: birthDateTurning(85, -2) });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.decide(county, c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    const token = await sys.token(officer);
    const res = await sys
      .http()
      .post(`/api/persons/${c.applicant.personId}/events`)
      .set(...auth(token))
      .send({ kind, on: `${monthFromNow(0)}-01` })
      .expect(200);
    expect(res.body.cases).toEqual([expect.objectContaining({ caseId: c.id })]);
    expect((await drive.status(officer, c.id, 'closed')).outcomeReason).toContain(reason);
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body).toMatchObject({ kind: 'high-age-allowance', status: 'ended', startMonth: monthFromNow(0), endMonth: monthFromNow(0) });
  });
});
