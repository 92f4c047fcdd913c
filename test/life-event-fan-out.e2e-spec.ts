import type { Actor } from '@app/contracts';
import { lifeEventFanOutWorkflowId, startLifeEventFanOut } from '@app/runtime';
import { CaseDriver } from './support/case-driver';
import { addRosterSpell, auth, eventually, fakeIdNumber, startSystem, type TestSystem } from './support/system';
import { today } from './support/today';

/**
 * Life events reach the cases they affect through a durable workflow: with no worker running the
 * delivery waits and is retried, not lost; a second delivery of the same event applies nothing.
 */
describe('life events fan out as durable work', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const officer = 'township.yushan';
  const village = '370124001001';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
  });
  afterAll(async () => sys.close());

  async function actorOf(username: string): Promise<Actor> {
    const [u]: { id: string; role: Actor['role']; region_code: string; display_name: string }[] = await sys.db.query(
      'SELECT id, role, region_code, display_name FROM users WHERE username = $1',
      [username],
    );
    return { userId: u.id, role: u.role, regionCode: u.region_code, displayName: u.display_name };
  }

  it('a delivery started while no worker runs completes once one does; delivering it again changes nothing', async () => {
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1941-02-03' });
    await drive.task(officer, c.id, 'acceptance');
    const event = {
      eventId: `${c.applicant.personId}:death:${today()}`,
      actor: await actorOf(officer),
      kind: 'death' as const,
      on: today(),
    };
    expect(lifeEventFanOutWorkflowId(event.eventId)).toMatch(/^life-event-[0-9a-f]{32}$/);

    await sys.stopWorker();
    let handle;
    try {
      handle = await startLifeEventFanOut(sys.client, sys.taskQueue, { caseIds: [c.id], event });
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await sys.startWorker();
    }
    expect(await handle.result()).toEqual([{ caseId: c.id, status: 'closed', delivered: true }]);
    await drive.status(officer, c.id, 'closed');

    // The same event again (a retried start after the first finished): the case has it already.
    const again = await startLifeEventFanOut(sys.client, sys.taskQueue, { caseIds: [c.id], event });
    expect((await again.result())[0]).toMatchObject({ caseId: c.id, delivered: false });
    const closings: { n: number }[] = await sys.db.query(
      `SELECT count(*) AS n FROM audit_log WHERE case_id = $1 AND action = 'closed_death'`,
      [c.id],
    );
    expect(Number(closings[0].n)).toBe(1);
  });

  it('the same life event recorded twice over HTTP is one event', async () => {
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1942-03-04' });
    await drive.task(officer, c.id, 'acceptance');
    const token = await sys.token(officer);
    const post = () =>
      sys
        .http()
        .post(`/api/persons/${c.applicant.personId}/events`)
        .set(...auth(token))
        .send({ kind: 'moved_out', on: today() });
    const first = await post();
    expect(first.status).toBe(200);
    expect(first.body.cases).toEqual([expect.objectContaining({ caseId: c.id, status: 'closed' })]);
    const second = await post();
    expect(second.status).toBe(200);
    expect(second.body.cases).toEqual([]);
    const rows: { n: number }[] = await sys.db.query(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'person_moved_out' AND after->>'personId' = $1`,
      [c.applicant.personId],
    );
    expect(Number(rows[0].n)).toBe(1);
    await eventually(async () => ((await drive.get(officer, c.id)).status === 'closed' ? true : undefined));
  });

  it('a roster exit reaches the open hardship case of the person who left, through the same durable delivery', async () => {
    const idNumber = fakeIdNumber('1944-06-07');
    await addRosterSpell(sys.db, idNumber, 'dibao', '370124001', '2019-01-01');
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '', idNumber });
    await drive.task(officer, c.id, 'acceptance');
    const csv = [
      'id_number,name,category,region_code,entered_on,left_on',
      `${idNumber},名册老人,dibao,370124001,2019-01-01,${today()}`,
    ].join('\n');
    const res = await sys
      .http()
      .post('/api/roster/import')
      .set(...auth(await sys.token(officer)))
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(res.status).toBe(201);
    const closed = await drive.status(officer, c.id, 'closed');
    expect(closed.outcomeReason).toContain('退出困难名单');
    const [{ n }]: { n: number }[] = await sys.db.query(
      `SELECT count(*) AS n FROM audit_log WHERE case_id = $1 AND action = 'closed_roster_left'`,
      [c.id],
    );
    expect(Number(n)).toBe(1);
  });
});
