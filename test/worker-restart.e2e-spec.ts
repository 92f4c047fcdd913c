import { addRosterSpell, auth, fakeIdNumber, installPolicy, seconds, startSystem, type TestSystem } from './support/system';
import { CaseDriver, HOME_VISIT } from './support/case-driver';

/** A worker that stops mid-case loses nothing: the next one replays the case and finishes it, once. */
describe('worker restart during a case', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const village = '370124100001';
  const officer = 'township.donge';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(2) } : s)),
    }));
  });
  afterAll(async () => sys.close());

  it('finishes the case on a new worker with every step and the entitlement recorded exactly once', async () => {
    const idNumber = fakeIdNumber('1949-10-01');
    await addRosterSpell(sys.db, idNumber, 'dibao', village, '2015-01-01');
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1949-10-01', idNumber });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });

    // The worker goes away while the public notice runs; its timer fires with no worker listening.
    await sys.stopWorker();
    await new Promise((r) => setTimeout(r, 3000));
    await sys.startWorker();

    const approval = await drive.task('county.approver', c.id, 'approval');
    await sys.stopWorker();
    // The decision is sent while no worker runs: it is delivered when the next one starts.
    const pending = drive.complete('county.approver', approval.id, { step: 'approval', outcome: 'approve', comment: '同意' });
    await new Promise((r) => setTimeout(r, 1500));
    await sys.startWorker();
    const res = await pending;
    expect(res.status).toBe(200);
    await drive.status(officer, c.id, 'active');

    const counts: { step: string; n: number }[] = await sys.db.query(
      `SELECT step, count(*) AS n FROM tasks WHERE case_id = $1 GROUP BY step ORDER BY step`,
      [c.id],
    );
    expect(counts).toEqual([
      { step: 'acceptance', n: 1 },
      { step: 'approval', n: 1 },
      { step: 'review', n: 1 },
    ]);
    const entitlements: unknown[] = await sys.db.query('SELECT 1 FROM entitlements WHERE case_id = $1', [c.id]);
    expect(entitlements).toHaveLength(1);
    const completions = (await drive.timeline(officer, c.id)).filter((e) => e.action === 'task_completed');
    expect(completions).toHaveLength(3);
    const token = await sys.token(officer);
    const ent = await sys
      .http()
      .get(`/api/cases/${c.id}/entitlement`)
      .set(...auth(token))
      .expect(200);
    expect(ent.body.revisions).toHaveLength(1);
  });
});
