import { addRosterSpell, fakeIdNumber, installPolicy, seconds, startSystem, type TestSystem } from './support/system';
import { CaseDriver, HOME_VISIT } from './support/case-driver';

/**
 * The shared approval chain (受理 → 审核 → 公示 → 审批) on a real worker, with a village policy whose
 * notice lasts 3 seconds instead of 7 days; deadlines stay long so nothing escalates here.
 */
describe('approval chain', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const village = '370124100002'; // 东阿镇 南市村
  const officer = 'township.donge';
  const county = 'county.approver';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(3) } : s)),
    }));
  });
  afterAll(async () => sys.close());

  const newCase = async () => {
    const idNumber = fakeIdNumber('1950-06-15');
    await addRosterSpell(sys.db, idNumber, 'dibao', village, '2021-01-01');
    return drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1950-06-15', idNumber });
  };

  it('runs acceptance, review with a home visit, a public notice and county approval', async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    const inNotice = await drive.get(officer, c.id);
    expect(inNotice.currentStep).toBe('notice');
    await drive.decide(county, c.id, 'approval', 'approve', { comment: '同意' });
    // Approved: the entitlement is granted and the allowance is being paid.
    const done = await drive.status(officer, c.id, 'active');
    expect(done.currentStep).toBeNull();
    const actions = (await drive.timeline(officer, c.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'case_created',
        'accepted',
        'notice_started',
        'notice_completed',
        'task_completed',
        'entitlement_granted',
        'case_approved',
      ]),
    );
  });

  it('pauses for an objection during the notice; a dismissed objection lets the case continue', async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    const token = await sys.token(officer);
    const res = await sys
      .http()
      .post(`/api/cases/${c.id}/objections`)
      .set('Authorization', `Bearer ${token}`)
      .send({ summary: '村民反映有经营收入' })
      .expect(200);
    expect(res.body.status).toBe('paused');
    // The notice period (3 s) runs out, but the case waits for the objection.
    await new Promise((r) => setTimeout(r, 4000));
    const paused = await drive.get(officer, c.id);
    expect(paused.status).toBe('paused');
    expect(paused.openTasks.map((t) => t.step)).toEqual(['objection']);
    await drive.decide(officer, c.id, 'objection', 'dismissed', { comment: '经核实收入不影响资格' });
    await drive.task(county, c.id, 'approval');
    expect((await drive.get(officer, c.id)).status).toBe('in_progress');
  });

  it('refuses the case when an objection is upheld, with a written decision', async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    const token = await sys.token(officer);
    await sys
      .http()
      .post(`/api/cases/${c.id}/objections`)
      .set('Authorization', `Bearer ${token}`)
      .send({ summary: '子女有赡养能力' })
      .expect(200);
    await drive.decide(officer, c.id, 'objection', 'upheld', { comment: '异议成立:家庭收入超标' });
    // No longer paused for the objection: refused, awaiting the county's written decision.
    const awaiting = await drive.status(officer, c.id, 'refusal_pending');
    expect(awaiting).toMatchObject({ currentStep: 'decision', outcomeReason: '异议成立:家庭收入超标' });
    expect(awaiting.openTasks.map((t) => t.step)).toEqual(['decision']);
    await drive.decide(county, c.id, 'decision', 'issued', { data: { documentNo: '平民补〔2026〕1号' } });
    const done = await drive.status(officer, c.id, 'rejected');
    expect(done.outcomeReason).toBe('异议成立:家庭收入超标');
  });

  it('objections outside the notice period are refused with 409', async () => {
    const c = await newCase();
    const token = await sys.token(officer);
    const res = await sys.http().post(`/api/cases/${c.id}/objections`).set('Authorization', `Bearer ${token}`).send({ summary: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOT_IN_NOTICE');
  });

  it('a review passes only with a home visit by two staff and its findings', async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const review = await drive.task(officer, c.id, 'review');
    const noVisit = await drive.complete(officer, review.id, { step: 'review', outcome: 'pass' });
    expect(noVisit.status).toBe(400);
    expect(noVisit.body.code).toBe('INVALID_DATA');
    const alone = await drive.complete(officer, review.id, {
      step: 'review',
      outcome: 'pass',
      data: { homeVisit: { ...HOME_VISIT.homeVisit, staffCount: 1 } },
    });
    expect(alone.status).toBe(400);
    expect(alone.body.message).toContain('data.homeVisit.staffCount');
    // Beside the field the console shows what the workflow's rule said, in Chinese.
    expect(alone.body.fields).toEqual([{ field: 'data.homeVisit.staffCount', message: expect.stringMatching(/[\u3400-\u9fff]/) }]);
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
  });

  it('returns an application for missing materials and restarts the step with a fresh deadline', async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const firstReview = await drive.task(officer, c.id, 'review');
    await drive.decide(officer, c.id, 'review', 'return', { comment: '缺户口簿复印件' });
    const returned = await drive.get(officer, c.id);
    expect(returned.status).toBe('returned');
    expect(returned.openTasks.map((t) => t.step)).toEqual(['supplement']);
    await drive.decide(officer, c.id, 'supplement', 'received', { comment: '材料已补齐' });
    const secondReview = await drive.task(officer, c.id, 'review');
    expect(secondReview.id).not.toBe(firstReview.id);
    expect(secondReview.dueAt >= firstReview.dueAt).toBe(true);
    expect((await drive.get(officer, c.id)).status).toBe('in_progress');
  });

  it('a return without a reason is a 400; a refusal at acceptance needs a written decision', async () => {
    const c = await newCase();
    const task = await drive.task(officer, c.id, 'acceptance');
    const bad = await drive.complete(officer, task.id, { step: 'acceptance', outcome: 'return' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('REASON_REQUIRED');
    const badOutcome = await drive.complete(officer, task.id, { step: 'acceptance', outcome: 'approve' });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.code).toBe('OUTCOME_NOT_ALLOWED');
    await drive.decide(officer, c.id, 'acceptance', 'reject', { comment: '非本县户籍' });
    const decision = await drive.task(county, c.id, 'decision');
    const undocumented = await drive.complete(county, decision.id, { step: 'decision', outcome: 'issued' });
    expect(undocumented.status).toBe(400);
    expect(undocumented.body.message).toContain('data.documentNo');
    await drive.decide(county, c.id, 'decision', 'issued', { data: { documentNo: '平民补〔2026〕2号' } });
    expect((await drive.status(officer, c.id, 'rejected')).outcomeReason).toBe('非本县户籍');
  });

  it('records a withdrawal: open tasks are cancelled, the case stays readable, later decisions are refused', async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const review = await drive.task(officer, c.id, 'review');
    const token = await sys.token(officer);
    const res = await sys
      .http()
      .post(`/api/cases/${c.id}/withdraw`)
      .set('Authorization', `Bearer ${token}`)
      .send({ reason: '申请人书面撤回' })
      .expect(200);
    expect(res.body.status).toBe('withdrawn');
    expect(res.body.openTasks).toEqual([]);
    const late = await drive.complete(officer, review.id, { step: 'review', outcome: 'pass' });
    expect(late.status).toBe(409);
    const again = await sys.http().post(`/api/cases/${c.id}/withdraw`).set('Authorization', `Bearer ${token}`).send({ reason: 'x' });
    expect(again.status).toBe(409);
    const timeline = await drive.timeline(officer, c.id);
    expect(timeline.find((e) => e.action === 'withdrawn')).toMatchObject({ actorRole: 'township_officer', reason: '申请人书面撤回' });
    expect(timeline.find((e) => e.action === 'task_cancelled')).toBeDefined();
  });

  it('when two officers complete the same task at once, exactly one succeeds', async () => {
    const c = await newCase();
    const task = await drive.task(officer, c.id, 'acceptance');
    const results = await Promise.all([
      drive.complete(officer, task.id, { step: 'acceptance', outcome: 'accept', comment: 'A' }),
      drive.complete(officer, task.id, { step: 'acceptance', outcome: 'reject', comment: 'B' }),
      drive.complete(officer, task.id, { step: 'acceptance', outcome: 'accept', comment: 'C' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const completions = (await drive.timeline(officer, c.id)).filter((e) => e.action === 'task_completed');
    expect(completions).toHaveLength(1);
  });
});
