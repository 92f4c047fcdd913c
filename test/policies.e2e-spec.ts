import { DEFAULT_POLICIES } from '@app/domain/policy';
import { shanghaiDateOf } from '@app/domain/dates';
import { auth, ensureUser, startSystem, type TestSystem } from './support/system';
import { CaseDriver } from './support/case-driver';
import { dateMonthsFromNow } from './support/today';

describe('policy as versioned data', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const township = '370124102'; // 孔村镇
  const officer = 'township.kongcun';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await ensureUser(sys.db, officer, 'township_officer', township);
  });
  afterAll(async () => sys.close());

  it('an admin publishes a new version; new cases use it, earlier cases keep theirs', async () => {
    const before = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: `${township}001`, birthDate: '1950-01-01' });
    const admin = await sys.token('admin');
    const body = structuredClone(DEFAULT_POLICIES['hardship-allowance']);
    (body.rules as { ageBands: { fromAge: number; amountFen: number }[] }).ageBands[0].amountFen = 9000;
    const res = await sys
      .http()
      .post('/api/policies')
      .set(...auth(admin))
      .send({ caseType: 'hardship-allowance', regionCode: township, effectiveFrom: shanghaiDateOf(Date.now()), body, note: '提高标准' })
      .expect(201);
    expect(res.body).toMatchObject({ caseType: 'hardship-allowance', regionCode: township, version: 1 });

    const after = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: `${township}002`, birthDate: '1950-01-02' });
    const a = await drive.get(officer, after.id);
    const b = await drive.get(officer, before.id);
    expect((a.policy as { id: string }).id).toBe(res.body.id);
    expect((b.policy as { id: string }).id).not.toBe(res.body.id);

    const inForce = await sys
      .http()
      .get(`/api/policies/in-force?caseType=hardship-allowance&regionCode=${township}001`)
      .set(...auth(await sys.token(officer)))
      .expect(200);
    expect(inForce.body.id).toBe(res.body.id);
    expect(inForce.body.body.rules.ageBands[0].amountFen).toBe(9000);
  });

  it.each([
    ['a chain the workflow cannot run', { chain: [] }, 'body.chain'],
    [
      'an unknown role',
      {
        steps: {
          ...DEFAULT_POLICIES['hardship-allowance'].steps,
          decision: { role: 'mayor', deadline: { unit: 'working_days', amount: 3 } },
        },
      },
      'body.steps.decision.role',
    ],
    [
      'a deadline of 10^12 working days',
      {
        chain: DEFAULT_POLICIES['hardship-allowance'].chain.map((s, i) =>
          i === 0 && s.kind === 'task' ? { ...s, deadline: { unit: 'working_days', amount: 1e12 } } : s,
        ),
      },
      'body.chain[0].deadline',
    ],
    [
      'a drill unit (seconds) in a real policy',
      { escalation: { repeatAfter: { unit: 'seconds', amount: 2 }, maxLevel: 2 } },
      'body.escalation.repeatAfter',
    ],
    [
      'a monthly amount of a million yuan',
      { rules: { ...DEFAULT_POLICIES['hardship-allowance'].rules, ageBands: [{ fromAge: 60, amountFen: 100_000_000 }] } },
      'body.rules.ageBands[0].amountFen',
    ],
    ['a minimum age of 200', { rules: { ...DEFAULT_POLICIES['hardship-allowance'].rules, minAge: 200 } }, 'body.rules.minAge'],
  ])('refuses %s with a 400 naming the field', async (_what, change, field) => {
    const res = await sys
      .http()
      .post('/api/policies')
      .set(...auth(await sys.token('admin')))
      .send({
        caseType: 'hardship-allowance',
        regionCode: township,
        effectiveFrom: shanghaiDateOf(Date.now()),
        body: { ...DEFAULT_POLICIES['hardship-allowance'], ...change },
      });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('refuses a past effective date, and anyone but an admin', async () => {
    const body = DEFAULT_POLICIES['hardship-allowance'];
    const past = await sys
      .http()
      .post('/api/policies')
      .set(...auth(await sys.token('admin')))
      .send({ caseType: 'hardship-allowance', regionCode: township, effectiveFrom: '2020-01-01', body });
    expect(past.status).toBe(400);
    const officerTry = await sys
      .http()
      .post('/api/policies')
      .set(...auth(await sys.token(officer)))
      .send({ caseType: 'hardship-allowance', regionCode: township, effectiveFrom: dateMonthsFromNow(12), body });
    expect(officerTry.status).toBe(403);
  });
});
