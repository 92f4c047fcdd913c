import { randomUUID } from 'node:crypto';
import { caseStateQuery, caseWorkflowId, parseTrialStayDetails } from '@app/contracts';
import { DEFAULT_TRIAL_STAY_RULES } from '@app/domain/care-home';
import { addDays, addMonths, shanghaiDateOf, shanghaiMonthOf } from '@app/domain/dates';
import { seedDemoCareHomes } from '@app/persistence/seed-care-homes';
import { CaseDriver } from './support/case-driver';
import { startedTimers } from './support/history';
import { auth, eventually, fakeIdNumber, installPolicy, seconds, startSystem, type TestSystem } from './support/system';

const UUID_EXAMPLE = '5b0e8a52-3f5c-4b7e-9a51-2f8d7c1e0a11';

describe('trial-stay details (pure)', () => {
  const cats = DEFAULT_TRIAL_STAY_RULES.priorityCategories;
  it.each<[string, unknown, string | null, string | null]>([
    ['care level from the priority category', { careHomeId: UUID_EXAMPLE, priorityCategory: 'partial' }, 'partial', null],
    ['explicit care level wins', { careHomeId: UUID_EXAMPLE, priorityCategory: 'partial', careLevel: 'self-care' }, 'self-care', null],
    ['no details', undefined, null, 'details: '],
    ['an array', [], null, 'details: '],
    ['home id not a uuid', { careHomeId: '12', priorityCategory: 'partial' }, null, 'details.careHomeId'],
    ['unknown priority category', { careHomeId: UUID_EXAMPLE, priorityCategory: 'vip' }, null, 'details.priorityCategory'],
    ['unknown care level', { careHomeId: UUID_EXAMPLE, priorityCategory: 'partial', careLevel: 'bedridden' }, null, 'details.careLevel'],
    ['a field that is not a trial-stay field', { careHomeId: UUID_EXAMPLE, priorityCategory: 'partial', bed: '1' }, null, 'details.bed'],
  ])('%s', (_name, details, careLevel, problem) => {
    const r = parseTrialStayDetails(details, cats);
    if (problem === null) {
      expect(r).toEqual({ ok: true, value: { careHomeId: UUID_EXAMPLE, priorityCategory: 'partial', careLevel } });
    } else {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.problems.some((p) => p.startsWith(problem))).toBe(true);
    }
  });

  it('takes the categories from the policy', () => {
    expect(parseTrialStayDetails({ careHomeId: UUID_EXAMPLE, priorityCategory: 'veteran' }, ['veteran'])).toEqual({
      ok: true,
      value: { careHomeId: UUID_EXAMPLE, priorityCategory: 'veteran', careLevel: null },
    });
  });
});

/**
 * Trial stays (试住) on the real worker and API: a 东阿镇 village whose policy shortens the trial to
 * 2 seconds, and another on the built-in 30 days (for leaving early). Each test builds its own
 * small home so bed counts are its own.
 */
describe('trial stay → centralized support', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const shortTrial = '370124100001'; // 东阿镇 东阿村: trial of 2 s
  const longTrial = '370124100002'; // 东阿镇 南市村: the built-in 30 days
  const officer = 'township.donge';
  const county = 'county.approver';
  const today = () => shanghaiDateOf(Date.now());

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await installPolicy(sys.db, 'trial-stay', shortTrial, (p) => ({ ...p, rules: { ...p.rules, trialPeriod: seconds(2) } }));
  });
  afterAll(async () => sys.close());

  /** An elder's ID number; on the 特困 roster unless told otherwise. */
  async function elder(onRoster = true): Promise<string> {
    const idNumber = fakeIdNumber('1948-05-20');
    if (onRoster) {
      await sys.db.query(
        `INSERT INTO hardship_roster (id_number, name, category, region_code, entered_on, source) VALUES ($1,'试住测试老人','tekun','370124100','2019-03-01','test')`,
        [idNumber],
      );
    }
    return idNumber;
  }

  async function home(beds: { label: string; careLevel?: string }[], tracksCareLevel = false): Promise<string> {
    const [{ id }]: { id: string }[] = await sys.db.query(
      `INSERT INTO care_homes (name, region_code, tracks_care_level) VALUES ($1,'370124100',$2) RETURNING id`,
      [`测试敬老院-${randomUUID().slice(0, 8)}`, tracksCareLevel],
    );
    for (const b of beds)
      await sys.db.query('INSERT INTO beds (home_id, label, care_level) VALUES ($1,$2,$3)', [id, b.label, b.careLevel ?? null]);
    return id;
  }

  async function request(idNumber: string, regionCode: string, details: Record<string, unknown> | undefined, appliedOn?: string) {
    const res = await sys
      .http()
      .post('/api/cases')
      .set(...auth(await sys.token(officer)))
      .send({
        caseType: 'trial-stay',
        regionCode,
        applicant: { idNumber, name: '试住测试老人' },
        ...(details ? { details } : {}),
        ...(appliedOn ? { appliedOn } : {}),
      });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; applicant: { personId: string } };
  }

  async function api(username: string, method: 'get' | 'post', path: string, body?: object) {
    const http = sys.http();
    const req = (method === 'get' ? http.get(`/api${path}`) : http.post(`/api${path}`)).set(...auth(await sys.token(username)));
    return body ? req.send(body) : req;
  }

  const bedsOf = async (homeId: string) =>
    (await sys.db.query('SELECT label, status, case_id FROM beds WHERE home_id = $1 ORDER BY label', [homeId])) as {
      label: string;
      status: string;
      case_id: string | null;
    }[];

  async function waitingCaseIds(homeId: string): Promise<string[]> {
    const res = await api(officer, 'get', `/care-homes/${homeId}/waiting-list`);
    expect(res.status).toBe(200);
    return (res.body.entries as { caseId: string }[]).map((e) => e.caseId);
  }

  /**
   * Completes a step once the workflow itself knows the task. The task row is committed by the
   * openTask activity a moment before the workflow records the task; an Update in that moment is
   * refused as TASK_NOT_OPEN (a CaseRun race, reported to the lead), so wait for the workflow's view.
   */
  async function decide(
    username: string,
    caseId: string,
    step: string,
    outcome: string,
    extra: { comment?: string; data?: Record<string, unknown> } = {},
  ) {
    await eventually(
      async () => {
        const view = await sys.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
        return view.openTasks.some((t) => t.step === step) ? true : undefined;
      },
      20000,
      `the workflow's ${step} task`,
    );
    return drive.decide(username, caseId, step, outcome, extra);
  }

  /** Accepts a request and answers once the case holds a bed (check-in open) or waits on the list. */
  async function accept(caseId: string, data?: Record<string, unknown>) {
    await decide(officer, caseId, 'acceptance', 'accept', data ? { data } : {});
    return eventually(
      async () => {
        const c = await drive.get(officer, caseId);
        if (c.status === 'waiting') return 'waiting' as const;
        return c.openTasks.some((t) => t.step === 'check_in') ? ('bed' as const) : undefined;
      },
      20000,
      'a bed or the waiting list',
    );
  }

  it('runs a trial stay to admission: bed by care level, trial period, stay, county approval, support switched the next month', async () => {
    const homeId = await home(
      [
        { label: '1', careLevel: 'self-care' },
        { label: '2', careLevel: 'partial' },
      ],
      true,
    );
    const c = await request(await elder(), shortTrial, { careHomeId: homeId, priorityCategory: 'self-care' });
    await sys.db.query(`INSERT INTO support_arrangements (person_id, kind, from_month) VALUES ($1,'dispersed','2019-03')`, [
      c.applicant.personId,
    ]);

    const acceptance = await drive.task(officer, c.id, 'acceptance');
    const [{ data }]: { data: { context: { trialStay: Record<string, unknown> } } }[] = await sys.db.query(
      'SELECT data FROM tasks WHERE id = $1',
      [acceptance.id],
    );
    expect(data.context.trialStay).toMatchObject({
      tekunRoster: { status: 'on', since: '2019-03-01' },
      support: 'dispersed',
      problems: [],
    });

    // The six-activity rating decides the care level (两项不能达到 → 半护理), and with it the bed.
    const bad = await drive.complete(officer, acceptance.id, {
      step: 'acceptance',
      outcome: 'accept',
      data: { selfCare: { eating: 'sometimes' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_DATA');
    const selfCare = {
      eating: 'independent',
      dressing: 'needs-help',
      bed_transfer: 'independent',
      toileting: 'independent',
      indoor_walking: 'independent',
      bathing: 'dependent',
    };
    expect(await accept(c.id, { selfCare })).toBe('bed');
    expect(await bedsOf(homeId)).toEqual([
      { label: '1', status: 'free', case_id: null },
      { label: '2', status: 'reserved', case_id: c.id },
    ]);

    await decide(officer, c.id, 'check_in', 'checked_in');
    const inTrial = await drive.get(officer, c.id);
    expect(inTrial).toMatchObject({ status: 'in_progress', currentStep: 'trial_period', openTasks: [] });
    await drive.task(officer, c.id, 'trial_decision');
    const timers = await startedTimers(sys.client, c.id);
    expect(timers.some((t) => t.durationMs >= 1000 && t.durationMs <= 2500)).toBe(true);

    await decide(officer, c.id, 'trial_decision', 'stay');
    await decide(county, c.id, 'admission', 'approve', { comment: '同意集中供养' });
    const done = await drive.status(officer, c.id, 'approved');
    expect(done.currentStep).toBeNull();

    expect(await bedsOf(homeId)).toEqual([
      { label: '1', status: 'free', case_id: null },
      { label: '2', status: 'occupied', case_id: c.id },
    ]);
    const month = shanghaiMonthOf(Date.now());
    const support = await sys.db.query(
      `SELECT kind, from_month, to_month, home_id, case_id FROM support_arrangements WHERE person_id = $1 ORDER BY from_month`,
      [c.applicant.personId],
    );
    expect(support).toEqual([
      { kind: 'dispersed', from_month: '2019-03', to_month: month, home_id: null, case_id: null },
      { kind: 'centralized', from_month: addMonths(month, 1), to_month: null, home_id: homeId, case_id: c.id },
    ]);
    const view = await api(officer, 'get', `/trial-stays/${c.id}`);
    expect(view.body).toMatchObject({
      careLevel: 'partial',
      endKind: 'admitted',
      voluntaryWithdrawal: false,
      bed: { label: '2', status: 'occupied' },
    });
    const counts = await api(county, 'get', `/care-homes/${homeId}`);
    expect(counts.body).toMatchObject({ beds: { total: 2, free: 1, reserved: 0, occupied: 1 }, waiting: 0, occupancyPct: 50 });
    expect(counts.body.bedsByCareLevel).toEqual([
      { careLevel: 'self-care', total: 1, free: 1, reserved: 0, occupied: 0, outOfService: 0 },
      { careLevel: 'partial', total: 1, free: 0, reserved: 0, occupied: 1, outOfService: 0 },
    ]);
    const actions = (await drive.timeline(officer, c.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'trial_stay_checked',
        'accepted',
        'bed_reserved',
        'trial_started',
        'admitted_to_centralized_support',
        'case_approved',
      ]),
    );
    // An elder in centralized support is not a dispersed-support elder any more: a new request is refused (409, case open).
    const again = await api(officer, 'post', '/cases', {
      caseType: 'trial-stay',
      regionCode: shortTrial,
      applicant: {
        idNumber: (await sys.db.query('SELECT id_number FROM persons WHERE id = $1', [c.applicant.personId]))[0].id_number,
        name: '试住测试老人',
      },
      details: { careHomeId: homeId, priorityCategory: 'partial' },
    });
    expect(again.status).toBe(409);
  });

  it('a refused admission releases the bed and gets its written decision', async () => {
    const homeId = await home([{ label: '1' }]);
    const c = await request(await elder(), shortTrial, { careHomeId: homeId, priorityCategory: 'partial' });
    expect(await accept(c.id)).toBe('bed');
    await decide(officer, c.id, 'check_in', 'checked_in');
    await decide(officer, c.id, 'trial_decision', 'stay');
    await decide(county, c.id, 'admission', 'reject', { comment: '经评估需医疗护理,敬老院不具备条件' });
    await decide(county, c.id, 'decision', 'issued', { data: { documentNo: '平民养〔2026〕1号' } });
    const done = await drive.status(officer, c.id, 'rejected');
    expect(done.outcomeReason).toBe('经评估需医疗护理,敬老院不具备条件');
    expect(await bedsOf(homeId)).toEqual([{ label: '1', status: 'free', case_id: null }]);
    const [stay] = await sys.db.query('SELECT end_kind, voluntary_withdrawal FROM trial_stays WHERE case_id = $1', [c.id]);
    expect(stay).toEqual({ end_kind: 'admission_rejected', voluntary_withdrawal: false });
  });

  it('full house: the second request waits on the list; the first elder leaves early; the bed is offered to the next, whose case goes on to check-in', async () => {
    const homeId = await home([{ label: '1' }]);
    const first = await request(await elder(), longTrial, { careHomeId: homeId, priorityCategory: 'self-care' });
    expect(await accept(first.id)).toBe('bed');
    await decide(officer, first.id, 'check_in', 'checked_in');
    await eventually(async () => ((await drive.get(officer, first.id)).currentStep === 'trial_period' ? true : undefined));

    const second = await request(await elder(), longTrial, { careHomeId: homeId, priorityCategory: 'partial' });
    expect(await accept(second.id)).toBe('waiting');
    const waiting = await drive.get(officer, second.id);
    expect(waiting).toMatchObject({ status: 'waiting', currentStep: 'waiting_list', openTasks: [] });
    expect(await waitingCaseIds(homeId)).toEqual([second.id]);
    expect((await api(officer, 'get', `/care-homes/${homeId}`)).body).toMatchObject({ beds: { reserved: 1, free: 0 }, waiting: 1 });

    // Who may record an early leave, and when.
    expect((await api(county, 'post', `/trial-stays/${first.id}/leave`, { reason: '家属接回' })).status).toBe(403);
    const noReason = await api(officer, 'post', `/trial-stays/${first.id}/leave`, {});
    expect([noReason.status, noReason.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const notInTrial = await api(officer, 'post', `/trial-stays/${second.id}/leave`, { reason: '家属接回' });
    expect([notInTrial.status, notInTrial.body.code]).toEqual([409, 'NOT_APPLICABLE']);

    const left = await api(officer, 'post', `/trial-stays/${first.id}/leave`, { reason: '老人不适应集体生活,家属接回' });
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ caseStatus: 'closed', endKind: 'trial_left_early', voluntaryWithdrawal: true, endedOn: today() });
    expect((await drive.get(officer, first.id)).outcomeReason).toBe('试住期间提前离院:老人不适应集体生活,家属接回');
    const again = await api(officer, 'post', `/trial-stays/${first.id}/leave`, { reason: '再次' });
    expect(again.status).toBe(409);

    await drive.task(officer, second.id, 'check_in');
    expect(await bedsOf(homeId)).toEqual([{ label: '1', status: 'reserved', case_id: second.id }]);
    const offered = await api(officer, 'get', `/care-homes/${homeId}/waiting-list?status=all`);
    expect(offered.body.entries).toEqual([
      expect.objectContaining({ caseId: second.id, status: 'offered', offeredBedLabel: '1', position: null }),
    ]);
    expect((await drive.timeline(officer, second.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['waiting_list_joined', 'bed_offered']),
    );
    expect((await drive.timeline(officer, first.id)).find((e) => e.action === 'trial_stay_ended')).toMatchObject({
      actorRole: 'township_officer',
      reason: '试住期间提前离院:老人不适应集体生活,家属接回',
    });

    await decide(officer, second.id, 'check_in', 'checked_in');
    await eventually(async () => ((await drive.get(officer, second.id)).currentStep === 'trial_period' ? true : undefined));
  });

  it('orders the waiting list by priority category, then application date, then registration; a released bed goes to the first', async () => {
    const homeId = await home([{ label: '1' }]);
    const holder = await request(await elder(), longTrial, { careHomeId: homeId, priorityCategory: 'self-care' });
    expect(await accept(holder.id)).toBe('bed');

    const ago = (days: number) => addDays(today(), -days);
    const join = async (priorityCategory: string, appliedOn: string) => {
      const c = await request(await elder(), longTrial, { careHomeId: homeId, priorityCategory }, appliedOn);
      expect(await accept(c.id)).toBe('waiting');
      return c.id;
    };
    // Registered in this order; seq only breaks the tie between the two 全护理 requests of the same day.
    const selfCareOld = await join('self-care', ago(30));
    const partialOldest = await join('partial', ago(40));
    const cannotRecent = await join('cannot-self-care', ago(5));
    const cannotFirst = await join('cannot-self-care', ago(10));
    const cannotSecond = await join('cannot-self-care', ago(10));

    expect(await waitingCaseIds(homeId)).toEqual([cannotFirst, cannotSecond, cannotRecent, partialOldest, selfCareOld]);
    const list = await api(officer, 'get', `/care-homes/${homeId}/waiting-list`);
    expect(list.body.entries.map((e: { position: number }) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(list.body.entries[0].applicant.nameMasked).toBe('试*****');

    // Leaving the list while waiting is a withdrawal (and counts as a voluntary one).
    await api(officer, 'post', `/cases/${cannotSecond}/withdraw`, { reason: '申请人书面撤回' });
    await drive.status(officer, cannotSecond, 'withdrawn');
    // Where the wait was interrupted is on record, then the withdrawal.
    const ending = (await drive.timeline(officer, cannotSecond))
      .map((e) => e.action)
      .filter((a) => a.endsWith('interrupted') || a === 'withdrawn');
    expect(ending).toEqual(['waiting_list_interrupted', 'withdrawn']);
    expect(await waitingCaseIds(homeId)).toEqual([cannotFirst, cannotRecent, partialOldest, selfCareOld]);
    const [withdrawn] = await sys.db.query('SELECT end_kind, voluntary_withdrawal FROM trial_stays WHERE case_id = $1', [cannotSecond]);
    expect(withdrawn).toEqual({ end_kind: 'withdrawn', voluntary_withdrawal: true });

    // The holder never arrives: the bed goes to the first in line.
    await decide(officer, holder.id, 'check_in', 'not_arrived', { comment: '老人住院,未能按期入住' });
    await drive.status(officer, holder.id, 'closed');
    await drive.task(officer, cannotFirst, 'check_in');
    expect(await bedsOf(homeId)).toEqual([{ label: '1', status: 'reserved', case_id: cannotFirst }]);
    expect(await waitingCaseIds(homeId)).toEqual([cannotRecent, partialOldest, selfCareOld]);
    const [notArrived] = await sys.db.query('SELECT end_kind, voluntary_withdrawal FROM trial_stays WHERE case_id = $1', [holder.id]);
    expect(notArrived).toEqual({ end_kind: 'trial_not_arrived', voluntary_withdrawal: false });
  });

  it('two voluntary withdrawals within a year bar a new request for a year: refused with the reason and the date the bar lifts', async () => {
    const homeId = await home([{ label: '1' }, { label: '2' }]);
    const idNumber = await elder();
    const details = { careHomeId: homeId, priorityCategory: 'self-care' };

    // First: leaves during the trial. Second: withdraws the request.
    const one = await request(idNumber, longTrial, details);
    expect(await accept(one.id)).toBe('bed');
    await decide(officer, one.id, 'check_in', 'checked_in');
    await eventually(async () => ((await drive.get(officer, one.id)).currentStep === 'trial_period' ? true : undefined));
    expect((await api(officer, 'post', `/trial-stays/${one.id}/leave`, { reason: '想家' })).status).toBe(200);
    const two = await request(idNumber, longTrial, details);
    await drive.task(officer, two.id, 'acceptance');
    expect((await api(officer, 'post', `/cases/${two.id}/withdraw`, { reason: '申请人书面撤回' })).status).toBe(200);

    const three = await request(idNumber, longTrial, details);
    const until = addDays(today(), 365);
    const firstAllowedOn = addDays(today(), 366);
    await drive.task(county, three.id, 'decision');
    const checked = (await drive.timeline(officer, three.id)).find((e) => e.action === 'trial_stay_checked');
    expect(checked?.after).toMatchObject({ withdrawalBar: { until, firstAllowedOn }, voluntaryWithdrawals: [today(), today()] });
    await decide(county, three.id, 'decision', 'issued', { data: { documentNo: '平民养〔2026〕2号' } });
    const refused = await drive.status(officer, three.id, 'rejected');
    expect(refused.outcomeReason).toContain(`至${until}止`);
    expect(refused.outcomeReason).toContain(`自${firstAllowedOn}起可再次申请`);
    expect(await bedsOf(homeId)).toEqual([
      { label: '1', status: 'free', case_id: null },
      { label: '2', status: 'free', case_id: null },
    ]);
  });

  it('an ending that is not voluntary (not arrived) does not count towards the bar', async () => {
    const homeId = await home([{ label: '1' }]);
    const idNumber = await elder();
    const details = { careHomeId: homeId, priorityCategory: 'self-care' };
    const one = await request(idNumber, longTrial, details);
    await drive.task(officer, one.id, 'acceptance');
    await api(officer, 'post', `/cases/${one.id}/withdraw`, { reason: '申请人书面撤回' });
    await drive.status(officer, one.id, 'withdrawn');
    const two = await request(idNumber, longTrial, details);
    expect(await accept(two.id)).toBe('bed');
    await decide(officer, two.id, 'check_in', 'not_arrived', { comment: '临时生病' });
    await drive.status(officer, two.id, 'closed');
    const three = await request(idNumber, longTrial, details);
    const acceptance = await drive.task(officer, three.id, 'acceptance');
    expect(acceptance.step).toBe('acceptance');
  });

  it.each<[string, Record<string, unknown> | undefined, string]>([
    ['no details', undefined, 'details.careHomeId'],
    ['an unknown home', { careHomeId: randomUUID(), priorityCategory: 'partial' }, 'details.careHomeId'],
    ['an unknown priority category', { careHomeId: 'HOME', priorityCategory: 'vip' }, 'details.priorityCategory'],
  ])('answers a request with %s with a 400 naming the field, and opens no case', async (_name, details, field) => {
    const homeId = await home([{ label: '1' }]);
    const d = details && details.careHomeId === 'HOME' ? { ...details, careHomeId: homeId } : details;
    const res = await sys
      .http()
      .post('/api/cases')
      .set(...auth(await sys.token(officer)))
      .send({
        caseType: 'trial-stay',
        regionCode: longTrial,
        applicant: { idNumber: await elder(true), name: '试住测试老人' },
        ...(d ? { details: d } : {}),
      });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect(await bedsOf(homeId)).toEqual([{ label: '1', status: 'free', case_id: null }]);
  });

  it('refuses an elder not on the 特困 roster, in writing, with the reason', async () => {
    const homeId = await home([{ label: '1' }]);
    const c = await request(await elder(false), longTrial, { careHomeId: homeId, priorityCategory: 'partial' });
    await decide(county, c.id, 'decision', 'issued', { data: { documentNo: '平民养〔2026〕3号' } });
    const refused = await drive.status(officer, c.id, 'rejected');
    expect(refused.outcomeReason).toContain('不在特困人员名册中');
    expect(await bedsOf(homeId)).toEqual([{ label: '1', status: 'free', case_id: null }]);
  });

  it('seeds the demo homes idempotently; lists homes, beds and waiting lists within the region only', async () => {
    await seedDemoCareHomes(sys.db);
    await seedDemoCareHomes(sys.db);
    const demo: { name: string; beds: number }[] = await sys.db.query(
      `SELECT h.name, count(b.id) AS beds FROM care_homes h JOIN beds b ON b.home_id = h.id WHERE h.name IN ('东阿镇敬老院','孝直镇敬老院') GROUP BY h.name ORDER BY h.name`,
    );
    expect(demo).toEqual([
      { name: '东阿镇敬老院', beds: 6 },
      { name: '孝直镇敬老院', beds: 3 },
    ]);

    const all = await api(county, 'get', '/care-homes');
    const donge = (all.body as { id: string; name: string }[]).find((h) => h.name === '东阿镇敬老院')!;
    expect(donge).toMatchObject({
      regionCode: '370124100',
      regionName: '东阿镇',
      tracksCareLevel: true,
      beds: { total: 6, free: 5, reserved: 0, occupied: 1 },
    });
    expect((all.body as { name: string }[]).some((h) => h.name === '孝直镇敬老院')).toBe(true);

    const township = await api(officer, 'get', '/care-homes');
    expect((township.body as { name: string }[]).map((h) => h.name)).toContain('东阿镇敬老院');
    expect((township.body as { name: string }[]).map((h) => h.name)).not.toContain('孝直镇敬老院');
    const beds = await api(officer, 'get', `/care-homes/${donge.id}/beds`);
    expect((beds.body as { label: string }[]).map((b) => b.label)).toEqual(['101', '102', '103', '201', '202', '301']);

    const outside = 'township.yushan';
    expect((await api(outside, 'get', '/care-homes')).body).toEqual([]);
    expect((await api(outside, 'get', `/care-homes/${donge.id}`)).status).toBe(404);
    expect((await api(outside, 'get', `/care-homes/${donge.id}/beds`)).status).toBe(404);
    expect((await api(outside, 'get', `/care-homes/${donge.id}/waiting-list`)).status).toBe(404);
    expect((await api('assessor', 'get', '/care-homes')).status).toBe(403);
    expect((await api(officer, 'get', `/care-homes/${randomUUID()}`)).status).toBe(404);
    expect((await api(officer, 'get', '/care-homes/not-a-uuid')).status).toBe(400);
  });
});
