import { caseWorkflowId, caseStateQuery } from '@app/contracts';
import { auth, eventually, installPolicy, seconds, startSystem, type TestSystem } from './support/system';
import { CaseDriver } from './support/case-driver';
import { startedTimers } from './support/history';
import { systemCalendar } from './support/calendar';
import { birthDateTurning, monthFromNow, today } from './support/today';

describe('deadlines, overdue escalation and long waits', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const officer = 'township.yushan';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
  });
  afterAll(async () => sys.close());

  it('marks a task overdue at its deadline, escalates to the township then the county, and still accepts a late decision', async () => {
    const village = '370124001002'; // 榆山街道 西关村
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'task' && s.step === 'acceptance' ? { ...s, deadline: seconds(2) } : s)),
      escalation: { repeatAfter: seconds(2), maxLevel: 2 },
    }));
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1949-12-31' });
    const task = await drive.task(officer, c.id, 'acceptance');

    const escalated = await eventually(
      async () => {
        const rows: { level: number; region_code: string }[] = await sys.db.query(
          'SELECT level, region_code FROM escalations WHERE task_id = $1 ORDER BY level',
          [task.id],
        );
        return rows.length === 2 ? rows : undefined;
      },
      20000,
      'two escalation levels',
    );
    expect(escalated).toEqual([
      { level: 1, region_code: '370124001' },
      { level: 2, region_code: '370124' },
    ]);
    const open = (await drive.get(officer, c.id)).openTasks[0];
    expect(open).toMatchObject({ id: task.id, overdue: true, escalationLevel: 2 });

    const notified: { username: string; level: number }[] = await sys.db.query(
      `SELECT u.username, n.level FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.task_id = $1 ORDER BY n.level`,
      [task.id],
    );
    expect(notified).toEqual([
      { username: 'supervisor.yushan', level: 1 },
      { username: 'supervisor.county', level: 2 },
    ]);
    // The deadline timer is in the workflow's history, with the policy's 2 seconds.
    const timers = await startedTimers(sys.client, c.id);
    expect(timers.some((t) => t.durationMs >= 1000 && t.durationMs <= 2500)).toBe(true);

    const actions = (await drive.timeline(officer, c.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['task_overdue', 'task_escalated']));

    await drive.decide(officer, c.id, 'acceptance', 'accept', { comment: '逾期受理' });
    await drive.task(officer, c.id, 'review');
  });

  it('computes working-day deadlines from the official calendar (start day not counted)', async () => {
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: '370124001001', birthDate: '1950-01-01' });
    const task = await drive.task(officer, c.id, 'acceptance');
    const rows: { created: string; due: string }[] = await sys.db.query(
      `SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created, to_char(due_date, 'YYYY-MM-DD') AS due FROM tasks WHERE id = $1`,
      [task.id],
    );
    const { addWorkingDays, createHolidayCalendar, builtInHolidayYears } = await import('@app/domain/calendar');
    expect(rows[0].due).toBe(addWorkingDays(createHolidayCalendar(builtInHolidayYears()), rows[0].created, 5).due);
    // Due at the end of that day, Asia/Shanghai.
    expect(new Date(task.dueAt).toISOString()).toBe(new Date(`${rows[0].due}T23:59:59.999+08:00`).toISOString());
  });

  it('flags a deadline that crosses into a year whose holiday arrangement is not loaded, instead of guessing', async () => {
    const village = '370124001001';
    await installPolicy(sys.db, 'care-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) =>
        s.kind === 'task' && s.step === 'acceptance' ? { ...s, deadline: { unit: 'working_days', amount: 60 } } : s,
      ),
    }));
    // Sixty working days from today always reach past the last built-in year (chinese-days ends
    // with 2026) unless every year they touch has been loaded as data.
    const { addWorkingDays } = await import('@app/domain/calendar');
    const expected = addWorkingDays(await systemCalendar(sys.db), today(), 60);
    const c = await drive.create(officer, { caseType: 'care-allowance', regionCode: village, birthDate: '1940-02-02' });
    const task = await drive.task(officer, c.id, 'acceptance');
    expect(task.dueDate).toBe(expected.due);
    expect(task.calendarFlag).toBe(expected.unloadedYears.length ? `holiday-calendar-missing:${expected.unloadedYears.join(',')}` : null);
  });

  it('accepts an applicant not yet 60 and waits on a durable timer until the month of the 60th birthday', async () => {
    const birthDate = birthDateTurning(60, 4, 10);
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: '370124001001', birthDate });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    const waiting = await drive.status(officer, c.id, 'waiting');
    expect(waiting.waitingUntil).toBe(monthFromNow(4));
    expect(waiting.openTasks).toEqual([]);

    const wakeAt = Date.parse(`${monthFromNow(4)}-01T00:00:00+08:00`);
    const timers = await startedTimers(sys.client, c.id);
    const birthdayTimer = timers.find((t) => Math.abs(t.firesAt - wakeAt) < 5000);
    expect(birthdayTimer).toBeDefined();
    // Three whole months lie between now and the 1st of the fourth month from now: at least 89 days.
    expect(birthdayTimer!.durationMs).toBeGreaterThan(88 * 24 * 3600 * 1000);

    const state = await sys.client.workflow.getHandle(caseWorkflowId(c.id)).query(caseStateQuery);
    expect(state).toMatchObject({ status: 'waiting', waitingUntil: monthFromNow(4), nextWakeAt: new Date(wakeAt).toISOString() });

    const token = await sys.token(officer);
    await sys
      .http()
      .post(`/api/cases/${c.id}/withdraw`)
      .set(...auth(token))
      .send({ reason: '申请人撤回' })
      .expect(200);
    await drive.status(officer, c.id, 'withdrawn');
  });

  it.each([
    ['on the last day of this month', birthDateTurning(60, 0, 31)],
    ['on the 1st of this month', birthDateTurning(60, 0, 1)],
    ['last month', birthDateTurning(60, -1, 15)],
  ])('does not wait when the 60th birthday falls in the current month or earlier (%s)', async (_label, birthDate) => {
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: '370124001001', birthDate });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.task(officer, c.id, 'review');
    expect((await drive.get(officer, c.id)).status).toBe('in_progress');
  });

  it('a first-of-month birthday next month wakes at 00:00 Asia/Shanghai on that day (16:00 UTC the day before)', async () => {
    const c = await drive.create(officer, {
      caseType: 'hardship-allowance',
      regionCode: '370124001001',
      birthDate: birthDateTurning(60, 1, 1),
    });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    expect((await drive.status(officer, c.id, 'waiting')).waitingUntil).toBe(monthFromNow(1));
    const [y, m] = monthFromNow(1).split('-').map(Number);
    const wake = Date.UTC(y, m - 1, 1) - 8 * 3600 * 1000; // 16:00 UTC on the last day of this month
    expect(new Date(wake).getUTCHours()).toBe(16);
    const timers = await startedTimers(sys.client, c.id);
    expect(timers.some((t) => Math.abs(t.firesAt - wake) < 5000)).toBe(true);
  });
});
