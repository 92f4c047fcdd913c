import { randomInt } from 'node:crypto';
import { caseStateQuery, caseWorkflowId } from '@app/contracts';
import { addWorkingDays, builtInHolidayYears, createHolidayCalendar } from '@app/domain/calendar';
import { startPendingCalendarRecounts } from '@app/runtime';
import { CaseDriver } from './support/case-driver';
import { startedTimers } from './support/history';
import { auth, eventually, installPolicy, startSystem, type TestSystem } from './support/system';
import { genericHolidayYear, systemCalendar } from './support/calendar';
import { today } from './support/today';

/** 安城镇 焦庄村: no other test file uses it, so this file's 60-working-day policy stays here. */
const RECOUNT_VILLAGE = '370124105002';

/** Made-up data in the shape the State Council publishes; NOT the official 2027 arrangement. */
const FIXTURE_2027 = {
  year: 2027,
  holidays: [
    '2027-01-01',
    '2027-01-02',
    '2027-01-03',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-02-12',
  ],
  makeupWorkdays: ['2027-02-20'],
  source: 'test fixture (invented, not the official 2027 arrangement)',
};

describe('admin: holiday arrangements, deadline preview, users, regions', () => {
  let sys: TestSystem;
  let admin: string;
  let county: string;
  let donge: string;
  /** Years after 2027 that the recount test had to load because today's count reaches them. */
  const extraYears: number[] = [];

  beforeAll(async () => {
    sys = await startSystem();
    // The year must start unloaded; other files must not see this file's 2027 either.
    await sys.db.query('DELETE FROM holiday_years WHERE year = 2027');
    admin = await sys.token('admin');
    county = await sys.token('county.approver');
    donge = await sys.token('township.donge');
  });
  afterAll(async () => {
    await sys.db.query('DELETE FROM holiday_years WHERE year = 2027 OR year = ANY($1)', [extraYears]);
    await sys.close();
  });

  const deadline = (token: string, from: string, workingDays: number | string) =>
    sys
      .http()
      .get('/api/admin/working-days/deadline')
      .query({ from, workingDays })
      .set(...auth(token));

  describe('holiday arrangements as data', () => {
    it('lists the built-in years 2004–2026; 2027 is not there yet', async () => {
      const res = await sys
        .http()
        .get('/api/admin/holiday-years')
        .set(...auth(donge))
        .expect(200);
      const years = res.body as { year: number; origin: string; source: string; holidays: number; loadedBy: unknown }[];
      expect(years.map((y) => y.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
      expect(years.every((y) => y.origin === 'built-in' && y.loadedBy === null && y.holidays > 0)).toBe(true);
      expect(years.find((y) => y.year === 2026)?.source).toContain('chinese-days');

      const y2026 = await sys
        .http()
        .get('/api/admin/holiday-years/2026')
        .set(...auth(donge))
        .expect(200);
      expect(y2026.body.holidayDates).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
      expect(y2026.body.makeupWorkdayDates).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
      await sys
        .http()
        .get('/api/admin/holiday-years/2027')
        .set(...auth(donge))
        .expect(404);
    });

    it('previews deadlines on the built-in calendar, any role', async () => {
      // The brief's example: 10 working days from 2026-09-25 across 国庆 and its make-up days.
      const assessor = await sys.token('assessor');
      const res = await deadline(assessor, '2026-09-25', 10).expect(200);
      expect(res.body).toEqual({ from: '2026-09-25', workingDays: 10, due: '2026-10-15', unloadedYears: [] });
    });

    it('flags 2027 until it is loaded; after loading it counts the new holidays', async () => {
      // An open task whose 60-working-day count runs into 2027 is flagged, not guessed.
      await installPolicy(sys.db, 'hardship-allowance', RECOUNT_VILLAGE, (p) => ({
        ...p,
        chain: p.chain.map((s) =>
          s.kind === 'task' && s.step === 'acceptance' ? { ...s, deadline: { unit: 'working_days', amount: 60 } } : s,
        ),
      }));
      const drive = new CaseDriver(sys);
      // Sixty working days from today reach 2027 while it is unloaded (and, from autumn 2027, the
      // year after as well): the flag names every unloaded year the count touches, whatever today is.
      const touched = addWorkingDays(await systemCalendar(sys.db), today(), 60).unloadedYears;
      expect(touched.length).toBeGreaterThan(0);
      const flaggedCase = await drive.create('county.approver', {
        caseType: 'hardship-allowance',
        regionCode: RECOUNT_VILLAGE,
        birthDate: '1950-03-03',
      });
      const flagged = await drive.task('county.approver', flaggedCase.id, 'acceptance');
      expect(flagged.calendarFlag).toBe(`holiday-calendar-missing:${touched.join(',')}`);

      const before = await deadline(county, '2026-12-24', 10).expect(200);
      // Monday–Friday assumed for 2027: 1 January (a Friday) counted as a working day.
      expect(before.body).toEqual({ from: '2026-12-24', workingDays: 10, due: '2027-01-07', unloadedYears: [2027] });

      const loaded = await sys
        .http()
        .post('/api/admin/holiday-years')
        .set(...auth(admin))
        .send(FIXTURE_2027)
        .expect(201);
      expect(loaded.body).toMatchObject({
        year: 2027,
        origin: 'loaded',
        source: FIXTURE_2027.source,
        holidays: 10,
        makeupWorkdays: 1,
        replacesBuiltIn: false,
        loadedBy: { displayName: '系统管理员(演示)' },
        holidayDates: FIXTURE_2027.holidays,
        makeupWorkdayDates: ['2027-02-20'],
      });

      expect(loaded.body.recount).toEqual({ workflowId: expect.stringMatching(/^calendar-recount-2027-[0-9a-f-]{36}$/), started: true });

      const after = await deadline(county, '2026-12-24', 10).expect(200);
      expect(after.body).toEqual({ from: '2026-12-24', workingDays: 10, due: '2027-01-08', unloadedYears: [] });

      // Any later year today's count touches is loaded too (a generic arrangement), so the task can heal.
      const extras = touched.filter((y) => y !== 2027).map(genericHolidayYear);
      for (const year of extras) {
        await sys
          .http()
          .post('/api/admin/holiday-years')
          .set(...auth(admin))
          .send(year)
          .expect(201);
        extraYears.push(year.year);
      }

      // The open task is recounted on the loaded year by its own workflow: row, audit and timer move together.
      const opened: { on: string }[] = await sys.db.query(
        `SELECT to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS on FROM tasks WHERE id = $1`,
        [flagged.id],
      );
      const withFixture = createHolidayCalendar([...builtInHolidayYears(), FIXTURE_2027, ...extras]);
      const expectedDue = addWorkingDays(withFixture, opened[0].on, 60).due;
      const recounted = await eventually(
        async () => {
          const t = await drive.task('county.approver', flaggedCase.id, 'acceptance');
          return t.calendarFlag === null ? t : undefined;
        },
        20000,
        'the flagged task recounted',
      );
      expect(recounted).toMatchObject({ id: flagged.id, dueDate: expectedDue, overdue: false });
      expect(recounted.dueAt).toBe(new Date(`${expectedDue}T23:59:59.999+08:00`).toISOString());
      const recountAudit: { actor_role: string; before: { calendarFlag: string }; after: { dueDate: string }; reason: string }[] =
        await sys.db.query(
          `SELECT actor_role, before, after, reason FROM audit_log WHERE task_id = $1 AND action = 'deadline_recounted' ORDER BY id`,
          [flagged.id],
        );
      // One entry per year's recount that moved the deadline (one while only 2027 is touched).
      expect(recountAudit.length).toBeGreaterThanOrEqual(1);
      expect(recountAudit.length).toBeLessThanOrEqual(touched.length);
      expect(recountAudit[0]).toEqual({
        actor_role: 'system',
        before: expect.objectContaining({ dueDate: flagged.dueDate, calendarFlag: `holiday-calendar-missing:${touched.join(',')}` }),
        after: expect.anything(),
        reason: expect.stringMatching(/\d{4}年节假日安排已载入/),
      });
      expect(recountAudit.at(-1)).toMatchObject({ actor_role: 'system', after: { dueDate: expectedDue, calendarFlag: null } });
      // The row is written by the recount activity; the workflow starts the new timer right after.
      await eventually(
        async () => {
          const timers = await startedTimers(sys.client, flaggedCase.id);
          return timers.some((t) => Math.abs(t.firesAt - Date.parse(recounted.dueAt)) < 5000) ? true : undefined;
        },
        20000,
        'a deadline timer at the recounted due time',
      );
      const state = await sys.client.workflow.getHandle(caseWorkflowId(flaggedCase.id)).query(caseStateQuery);
      expect(state.openTasks).toEqual([expect.objectContaining({ taskId: flagged.id, dueDate: expectedDue })]);

      // A recount the API could not start (Temporal unreachable, a crash) is started by the worker's sweep.
      await sys.db.query(`UPDATE holiday_years SET recount_started_at = NULL, loaded_at = now() - interval '1 minute' WHERE year = 2027`);
      expect(await startPendingCalendarRecounts(sys.client, sys.db, sys.taskQueue)).toBe(1);
      const pending: unknown[] = await sys.db.query('SELECT 1 FROM holiday_years WHERE recount_started_at IS NULL');
      expect(pending).toEqual([]);
      const recount = await sys.client.workflow.getHandle(loaded.body.recount.workflowId as string).result();
      expect(recount).toMatchObject({ year: 2027 });
      expect(recount.signalled).toBeGreaterThanOrEqual(1);
      // The make-up Saturday counts: 5 working days from 2027-02-17 (Wed) are 18, 19, 20 (Sat, worked), 22, 23.
      expect((await deadline(county, '2027-02-17', 5).expect(200)).body).toMatchObject({ due: '2027-02-23', unloadedYears: [] });
      // Beyond the loaded years it is flagged again.
      expect((await deadline(county, '2027-12-20', 15).expect(200)).body.unloadedYears).toEqual(extraYears.includes(2028) ? [] : [2028]);

      const list = await sys
        .http()
        .get('/api/admin/holiday-years')
        .set(...auth(county))
        .expect(200);
      const y2027 = (list.body as { year: number }[]).find((y) => y.year === 2027);
      expect(y2027).toMatchObject({ origin: 'loaded', loadedBy: { displayName: '系统管理员(演示)' } });
      expect(y2027).not.toHaveProperty('holidayDates');

      const audit: { action: string; actor_role: string; after: { year: number } }[] = await sys.db.query(
        `SELECT action, actor_role, after FROM audit_log WHERE action = 'holiday_year_loaded' AND (after->>'year')::int = 2027`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_role: 'admin', after: { year: 2027 } });
    });

    it('replacing a loaded year keeps one row per year and audits the previous data', async () => {
      await sys
        .http()
        .post('/api/admin/holiday-years')
        .set(...auth(admin))
        .send({ ...FIXTURE_2027, source: 'test fixture, corrected' })
        .expect(201);
      const rows: { source: string }[] = await sys.db.query('SELECT source FROM holiday_years WHERE year = 2027');
      expect(rows).toEqual([{ source: 'test fixture, corrected' }]);
      const audit: { before: { source: string } }[] = await sys.db.query(
        `SELECT before FROM audit_log WHERE action = 'holiday_year_loaded' AND (after->>'year')::int = 2027 ORDER BY id`,
      );
      expect(audit.map((a) => a.before?.source ?? null)).toEqual([null, FIXTURE_2027.source]);
    });

    it.each([
      ['a make-up workday on a weekday', { makeupWorkdays: ['2027-02-22'] }, 'makeupWorkdays[0]'],
      ['a date outside the year', { holidays: ['2026-12-31', ...FIXTURE_2027.holidays] }, 'holidays[0]'],
      ['an impossible date', { holidays: ['2027-02-30'] }, 'holidays[0]'],
      ['a date both off and worked', { makeupWorkdays: ['2027-01-02'] }, 'makeupWorkdays[0]'],
      ['no holidays', { holidays: [] }, 'holidays'],
      ['a blank source', { source: '  ' }, 'source'],
      ['a year as text', { year: '2027' }, 'year'],
      ['a missing year', { year: undefined }, 'year'],
      ['an unknown field', { notes: 'x' }, 'notes'],
    ])('refuses %s with a 400 naming the field', async (_label, change, field) => {
      const res = await sys
        .http()
        .post('/api/admin/holiday-years')
        .set(...auth(admin))
        .send({ ...FIXTURE_2027, source: 'rejected', ...change })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      expect(res.body.message).toContain(field);
      const rows: { source: string }[] = await sys.db.query('SELECT source FROM holiday_years WHERE year = 2027');
      expect(rows).toEqual([{ source: 'test fixture, corrected' }]);
    });

    it('only an admin may load; officers may read; assessors may only preview', async () => {
      await sys
        .http()
        .post('/api/admin/holiday-years')
        .set(...auth(county))
        .send(FIXTURE_2027)
        .expect(403);
      const assessor = await sys.token('assessor');
      await sys
        .http()
        .get('/api/admin/holiday-years')
        .set(...auth(assessor))
        .expect(403);
      await sys.http().get('/api/admin/holiday-years').expect(401);
      await sys.http().get('/api/admin/working-days/deadline?from=2026-01-05&workingDays=1').expect(401);
    });

    it.each([
      ['2026-02-30', 3, 'from'],
      ['20260105', 3, 'from'],
      ['2026-01-05', -1, 'workingDays'],
      ['2026-01-05', 'ten', 'workingDays'],
      ['2026-01-05', 1000, 'workingDays'],
    ])('a preview from %p for %p days is a 400 naming %s', async (from, n, field) => {
      const res = await deadline(donge, from, n).expect(400);
      expect(res.body.message).toContain(field);
    });

    it('a preview without parameters is a 400; a malformed year path a 400', async () => {
      const res = await sys
        .http()
        .get('/api/admin/working-days/deadline')
        .set(...auth(donge))
        .expect(400);
      expect(res.body.message).toMatch(/from.*workingDays|workingDays.*from/s);
      await sys
        .http()
        .get('/api/admin/holiday-years/twenty')
        .set(...auth(donge))
        .expect(400);
    });
  });

  describe('regions', () => {
    it("lists the caller's subtree", async () => {
      const mine = await sys
        .http()
        .get('/api/regions')
        .set(...auth(donge))
        .expect(200);
      expect(mine.body).toEqual([
        { code: '370124100', name: '东阿镇', level: 'township', parentCode: '370124', isDemo: true },
        { code: '370124100001', name: '东阿村', level: 'village', parentCode: '370124100', isDemo: true },
        { code: '370124100002', name: '南市村', level: 'village', parentCode: '370124100', isDemo: true },
      ]);
      const all = await sys
        .http()
        .get('/api/regions')
        .set(...auth(await sys.token('assessor')))
        .expect(200);
      expect(all.body[0]).toEqual({ code: '370124', name: '平阴县', level: 'county', parentCode: null, isDemo: false });
      expect(all.body).toHaveLength(1 + 8 + 16);
      await sys.http().get('/api/regions').expect(401);
    });
  });

  describe('users', () => {
    const suffix = randomInt(100000, 999999);
    const newUser = (over: Record<string, unknown> = {}) => ({
      username: `township.kongcun.${suffix}`,
      displayName: '孔村镇经办人(测试)',
      role: 'township_officer',
      regionCode: '370124102',
      password: 'Kongcun#2026!',
      ...over,
    });
    let createdId: string;

    it('creates a user who can then log in; no password hash is ever returned; audited', async () => {
      const res = await sys
        .http()
        .post('/api/admin/users')
        .set(...auth(admin))
        .send(newUser())
        .expect(201);
      expect(res.body).toMatchObject({
        username: `township.kongcun.${suffix}`,
        displayName: '孔村镇经办人(测试)',
        role: 'township_officer',
        roleLabel: '乡镇(街道)经办人',
        regionCode: '370124102',
        regionName: '孔村镇',
        active: true,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|scrypt|Kongcun#2026/i);
      createdId = res.body.id;

      const login = await sys
        .http()
        .post('/api/auth/login')
        .send({ username: `township.kongcun.${suffix}`, password: 'Kongcun#2026!' })
        .expect(200);
      expect(login.body.user).toMatchObject({ role: 'township_officer', regionCode: '370124102' });

      const list = await sys
        .http()
        .get('/api/admin/users')
        .query({ regionCode: '370124102' })
        .set(...auth(admin))
        .expect(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).toContain(createdId);
      expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt/i);

      const audit: { action: string; after: Record<string, unknown> }[] = await sys.db.query(
        `SELECT action, after FROM audit_log WHERE event_key = $1`,
        [`user-created:${createdId}`],
      );
      expect(audit).toEqual([
        {
          action: 'user_created',
          after: expect.objectContaining({ username: `township.kongcun.${suffix}`, role: 'township_officer' }),
        },
      ]);
      expect(JSON.stringify(audit)).not.toMatch(/password|scrypt|Kongcun#2026/i);
    });

    it('a taken username is a 409', async () => {
      const res = await sys
        .http()
        .post('/api/admin/users')
        .set(...auth(admin))
        .send(newUser({ displayName: 'someone else' }))
        .expect(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'username' }] });
      const demo = await sys
        .http()
        .post('/api/admin/users')
        .set(...auth(admin))
        .send(newUser({ username: 'township.yushan' }))
        .expect(409);
      expect(demo.body.code).toBe('CONFLICT');
    });

    it.each([
      ['a township officer at the county', { role: 'township_officer', regionCode: '370124' }, 'VALIDATION_FAILED', 'regionCode'],
      ['a township officer in a village', { role: 'township_officer', regionCode: '370124102001' }, 'VALIDATION_FAILED', 'regionCode'],
      ['a region outside the admin’s', { role: 'county_officer', regionCode: '370125' }, 'UNKNOWN_REGION', 'regionCode'],
      ['a region that does not exist', { role: 'county_officer', regionCode: '370124199' }, 'UNKNOWN_REGION', 'regionCode'],
      ['a short password', { password: 'short#1' }, 'VALIDATION_FAILED', 'password'],
      [
        'a password holding the username',
        { username: `kongcun${suffix}`, password: `Kongcun${suffix}!x` },
        'VALIDATION_FAILED',
        'password',
      ],
      ['an unknown role', { role: 'mayor' }, 'VALIDATION_FAILED', 'role'],
      ['an upper-case username', { username: 'Township.Kongcun' }, 'VALIDATION_FAILED', 'username'],
      ['a blank display name', { displayName: '   ' }, 'VALIDATION_FAILED', 'displayName'],
      ['an unknown field', { passwordHash: 'scrypt$x' }, 'VALIDATION_FAILED', 'passwordHash'],
    ])('refuses %s with a 400 naming the field', async (_label, change, code, field) => {
      const res = await sys
        .http()
        .post('/api/admin/users')
        .set(...auth(admin))
        .send(newUser({ username: `u${randomInt(100000, 999999)}`, ...change }))
        .expect(400);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain(field);
    });

    it('county officers, assessors and supervisors may use the other roles at any level', async () => {
      for (const [role, regionCode] of [
        ['county_officer', '370124'],
        ['supervisor', '370124102'],
        ['assessor', '370124102001'],
      ]) {
        await sys
          .http()
          .post('/api/admin/users')
          .set(...auth(admin))
          .send(newUser({ username: `u${randomInt(100000, 999999)}.${role}`, role, regionCode }))
          .expect(201);
      }
    });

    it('deactivation: cannot log in afterwards; idempotent; not oneself; 404 outside', async () => {
      const res = await sys
        .http()
        .post(`/api/admin/users/${createdId}/deactivate`)
        .set(...auth(admin))
        .expect(200);
      expect(res.body).toMatchObject({ id: createdId, active: false });
      await sys
        .http()
        .post('/api/auth/login')
        .send({ username: `township.kongcun.${suffix}`, password: 'Kongcun#2026!' })
        .expect(401);
      await sys
        .http()
        .post(`/api/admin/users/${createdId}/deactivate`)
        .set(...auth(admin))
        .expect(200);
      const audit: unknown[] = await sys.db.query(`SELECT 1 FROM audit_log WHERE action = 'user_deactivated' AND after->>'userId' = $1`, [
        createdId,
      ]);
      expect(audit).toHaveLength(1);
      const inactive = await sys
        .http()
        .get('/api/admin/users')
        .query({ active: 'false', regionCode: '370124102' })
        .set(...auth(admin))
        .expect(200);
      expect(inactive.body.items.map((u: { id: string }) => u.id)).toEqual([createdId]);

      const me = await sys
        .http()
        .get('/api/auth/me')
        .set(...auth(admin))
        .expect(200);
      const self = await sys
        .http()
        .post(`/api/admin/users/${me.body.userId}/deactivate`)
        .set(...auth(admin))
        .expect(409);
      expect(self.body.code).toBe('CONFLICT');

      await sys
        .http()
        .post('/api/admin/users/7d1c2c0e-0000-4000-8000-000000000000/deactivate')
        .set(...auth(admin))
        .expect(404);
      await sys
        .http()
        .post('/api/admin/users/not-a-uuid/deactivate')
        .set(...auth(admin))
        .expect(400);
    });

    it("a township admin sees and manages only the township's users", async () => {
      const username = `admin.yushan.${suffix}`;
      await sys
        .http()
        .post('/api/admin/users')
        .set(...auth(admin))
        .send(newUser({ username, role: 'admin', regionCode: '370124001', password: 'Yushan#Admin2026' }))
        .expect(201);
      const login = await sys.http().post('/api/auth/login').send({ username, password: 'Yushan#Admin2026' }).expect(200);
      const townshipAdmin: string = login.body.accessToken;

      const list = await sys
        .http()
        .get('/api/admin/users')
        .set(...auth(townshipAdmin))
        .expect(200);
      const regions = (list.body.items as { regionCode: string; username: string }[]).map((u) => u.regionCode);
      expect(regions.every((c) => c.startsWith('370124001'))).toBe(true);
      expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(
        expect.arrayContaining(['township.yushan', 'supervisor.yushan', username]),
      );
      const outside = await sys
        .http()
        .get('/api/admin/users')
        .query({ regionCode: '370124' })
        .set(...auth(townshipAdmin))
        .expect(200);
      expect(outside.body).toMatchObject({ items: [], total: 0 });

      // 东阿镇's officer is invisible to 榆山街道's admin: 404, not 403.
      const users = await sys
        .http()
        .get('/api/admin/users')
        .query({ regionCode: '370124100' })
        .set(...auth(admin))
        .expect(200);
      const dongeOfficer = (users.body.items as { id: string; username: string }[]).find((u) => u.username === 'township.donge')!;
      await sys
        .http()
        .post(`/api/admin/users/${dongeOfficer.id}/deactivate`)
        .set(...auth(townshipAdmin))
        .expect(404);
      const create = await sys
        .http()
        .post('/api/admin/users')
        .set(...auth(townshipAdmin))
        .send(newUser({ username: `u${randomInt(100000, 999999)}`, regionCode: '370124100' }))
        .expect(400);
      expect(create.body.code).toBe('UNKNOWN_REGION');
    });

    it('only admins may manage users', async () => {
      for (const token of [county, donge]) {
        await sys
          .http()
          .get('/api/admin/users')
          .set(...auth(token))
          .expect(403);
        await sys
          .http()
          .post('/api/admin/users')
          .set(...auth(token))
          .send(newUser({ username: `u${randomInt(100000, 999999)}` }))
          .expect(403);
        await sys
          .http()
          .post(`/api/admin/users/${createdId}/deactivate`)
          .set(...auth(token))
          .expect(403);
      }
    });
  });
});
