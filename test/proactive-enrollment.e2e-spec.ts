import { CASE_WORKFLOW_GENERATION, type CaseWorkflowInput } from '@app/contracts';
import { buildResidentId } from '@app/domain/identity';
import { ensureSchedules } from '@app/runtime';
import { workflowStartInput } from './support/history';
import { addRosterSpell, ensureRegions, ensureUser, eventually, installPolicy, startSystem, type TestSystem } from './support/system';
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

  const run = () =>
    sys.client.workflow.execute('proactiveEnrollmentWorkflow', {
      taskQueue: sys.taskQueue,
      workflowId: `enroll-${Date.now()}`,
      args: [{ month: next }],
    }) as Promise<{ month: string; opened: string[] }>;

  const acceptanceTask = (caseId: string) =>
    eventually(async () => {
      const rows: { step: string; assignee_id: string }[] = await sys.db.query('SELECT step, assignee_id FROM tasks WHERE case_id = $1', [
        caseId,
      ]);
      return rows[0];
    });

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

    const first = await run();
    expect(first.month).toBe(next);
    const cases: {
      id: string;
      proactive: boolean;
      id_number: string;
      region_code: string;
      applied_on: string;
      case_no: string;
      audited_no: string;
    }[] = await sys.db.query(
      `SELECT c.id, c.proactive, p.id_number, c.region_code, c.applied_on, c.case_no,
                (SELECT a.after->>'caseNo' FROM audit_log a WHERE a.case_id = c.id AND a.action = 'case_created_proactively') AS audited_no
           FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = ANY($1)`,
      [first.opened],
    );
    expect(cases.map((c) => c.id_number).sort()).toEqual([...turning].sort());
    expect(cases.every((c) => c.proactive && c.region_code === village)).toBe(true);
    // Numbered as intake numbers a case (the year it was opened, at least six digits), and audited with that number.
    for (const c of cases) {
      expect(c.case_no).toMatch(new RegExp(`^HA-${c.applied_on.slice(0, 4)}-\\d{6,}$`));
      expect(c.audited_no).toBe(c.case_no);
    }

    // One of the township's active officers (other spec files add officers to this township too;
    // which one is the workload rule's, tested below on a township of its own).
    const officers: { id: string }[] = await sys.db.query(
      `SELECT id FROM users WHERE role = 'township_officer' AND active AND region_code = $1`,
      [township],
    );
    for (const c of cases) {
      const task = await acceptanceTask(c.id);
      expect(task.step).toBe('acceptance');
      expect(officers.map((o) => o.id)).toContain(task.assignee_id);
      // Started like an applied case: today's generation, so no patch markers in its history.
      const started = await workflowStartInput<CaseWorkflowInput>(sys.client, c.id);
      expect(started).toMatchObject({ caseId: c.id, caseType: 'hardship-allowance', generation: CASE_WORKFLOW_GENERATION });
    }
    const second = await run();
    expect(second.opened).toEqual([]);
  });

  it('gives each proactive case to the township officer holding the fewest open tasks, the longest-serving among equals', async () => {
    // A county of its own: admin's spec counts the demo county's regions, so none are added there.
    const county = '379906';
    const own = `${county}001`;
    await ensureRegions(sys.db, [
      [county, '分派测试县', 'county', null],
      [own, '分派测试镇', 'township', county],
      [`${own}001`, '分派测试村', 'village', own],
    ]);
    await installPolicy(sys.db, 'hardship-allowance', county, (p) => p);
    await ensureUser(sys.db, 'enroll.senior', 'township_officer', own);
    await ensureUser(sys.db, 'enroll.junior', 'township_officer', own);
    const ids: { id: string; username: string }[] = await sys.db.query(
      `SELECT id, username FROM users WHERE username IN ('enroll.senior', 'enroll.junior')`,
    );
    const idOf = (username: string) => ids.find((u) => u.username === username)!.id;

    // Both hold nothing: the longest-serving officer receives the first case.
    const firstElder = buildResidentId('370124', birthDateTurning(60, 1, 3), 811);
    await addRosterSpell(sys.db, firstElder, 'dibao', `${own}001`, '2019-05-01');
    const first = await run();
    const [firstCase] = await casesOf(first.opened, firstElder);
    expect((await acceptanceTask(firstCase)).assignee_id).toBe(idOf('enroll.senior'));

    // The senior officer now holds that case's open task: the next one goes to the junior officer.
    const secondElder = buildResidentId('370124', birthDateTurning(60, 1, 4), 812);
    await addRosterSpell(sys.db, secondElder, 'dibao', `${own}001`, '2019-05-01');
    const second = await run();
    const [secondCase] = await casesOf(second.opened, secondElder);
    expect((await acceptanceTask(secondCase)).assignee_id).toBe(idOf('enroll.junior'));
  });

  const casesOf = async (caseIds: string[], idNumber: string): Promise<string[]> => {
    const rows: { id: string }[] = await sys.db.query(
      `SELECT c.id FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = ANY($1) AND p.id_number = $2`,
      [caseIds, idNumber],
    );
    expect(rows).toHaveLength(1);
    return rows.map((r) => r.id);
  };

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
