import { buildResidentId } from '@app/domain/identity';
import { ensureSchedules } from '@app/runtime';
import { addRosterSpell, ensureUser, eventually, startSystem, type TestSystem } from './support/system';
import { birthDateTurning, monthFromNow } from './support/today';

/** 免申即享: roster members turning 60 next month get a case without applying. */
describe('proactive enrollment', () => {
  let sys: TestSystem;
  const township = '370124103'; // 洪范池镇
  const village = `${township}001`;
  const next = monthFromNow(1);

  beforeAll(async () => {
    sys = await startSystem();
    await ensureUser(sys.db, 'township.hongfanchi', 'township_officer', township);
  });
  afterAll(async () => sys.close());

  it('opens one case per roster member turning 60 next month, assigned to the township officer, once', async () => {
    const turning = [
      buildResidentId('370124', birthDateTurning(60, 1, 1), 801),
      buildResidentId('370124', birthDateTurning(60, 1, 28), 802),
    ];
    const notYet = buildResidentId('370124', birthDateTurning(60, 2, 15), 803);
    const leftRoster = buildResidentId('370124', birthDateTurning(60, 1, 10), 804);
    for (const id of turning) await addRosterSpell(sys.db, id, 'dibao', village, '2019-05-01');
    await addRosterSpell(sys.db, notYet, 'tekun', village, '2019-05-01');
    await addRosterSpell(sys.db, leftRoster, 'dibao', village, '2019-05-01', '2020-01-01');

    const run = () =>
      sys.client.workflow.execute('proactiveEnrollmentWorkflow', {
        taskQueue: sys.taskQueue,
        workflowId: `enroll-${Date.now()}`,
        args: [{ month: next }],
      }) as Promise<{
        month: string;
        opened: string[];
      }>;
    const first = await run();
    expect(first.month).toBe(next);
    const cases: { id: string; proactive: boolean; id_number: string; region_code: string }[] = await sys.db.query(
      `SELECT c.id, c.proactive, p.id_number, c.region_code FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = ANY($1)`,
      [first.opened],
    );
    expect(cases.map((c) => c.id_number).sort()).toEqual([...turning].sort());
    expect(cases.every((c) => c.proactive && c.region_code === village)).toBe(true);

    // The township's longest-serving active officer (other spec files add officers to this township too).
    const officer: { id: string }[] = await sys.db.query(
      `SELECT id FROM users WHERE role = 'township_officer' AND active AND region_code = $1 ORDER BY created_at LIMIT 1`,
      [township],
    );
    for (const c of cases) {
      const task = await eventually(async () => {
        const rows: { step: string; assignee_id: string }[] = await sys.db.query('SELECT step, assignee_id FROM tasks WHERE case_id = $1', [
          c.id,
        ]);
        return rows[0];
      });
      expect(task).toEqual({ step: 'acceptance', assignee_id: officer[0].id });
    }
    const second = await run();
    expect(second.opened).toEqual([]);
  });

  it('runs monthly on a Temporal Schedule (02:00 Asia/Shanghai on the 1st)', async () => {
    const id = `test-enrollment-${sys.taskQueue}`;
    await ensureSchedules(sys.client, sys.taskQueue, id);
    await ensureSchedules(sys.client, sys.taskQueue, id); // idempotent
    const desc = await sys.client.schedule.getHandle(id).describe();
    expect(desc.spec.timezone).toBe('Asia/Shanghai');
    expect(desc.action).toMatchObject({ type: 'startWorkflow', workflowType: 'proactiveEnrollmentWorkflow' });
    const nextRun = desc.info.nextActionTimes[0];
    const local = new Date(nextRun.getTime() + 8 * 3600 * 1000);
    expect([local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes()]).toEqual([1, 2, 0]);
    await sys.client.schedule.getHandle(id).delete();
  });
});
