import { randomUUID } from 'node:crypto';
import { addDays, endOfShanghaiDay, shanghaiDateOf } from '@app/domain/dates';
import { DEMO_PASSWORD } from '@app/persistence';
import { hashPassword } from '@app/runtime';
import { auth, eventually, fakeIdNumber, installPolicy, seconds, startSystem, type TestSystem } from './support/system';

/**
 * Supervisor dashboards and notifications, in a region tree of its own (test county 379903: two
 * townships, the first with two villages) with a township supervisor, a county supervisor and an
 * officer of its own, the same arrangement as the demo's 榆山街道 / 平阴县 supervisors. Its own tree
 * keeps exact counts independent of other spec files, and keeps its 2-second policy and extra
 * regions out of the demo county that other specs use and count.
 *
 * COUNT_VILLAGE holds tasks written with past deadlines (exact counts and aging buckets without
 * waiting); ESCALATION_VILLAGE runs a policy with 2-second deadlines, so the worker marks the task
 * overdue and escalates it to the township's supervisor, then to the county's.
 */
const COUNTY = '379903';
const TOWNSHIP = '379903001';
const TOWNSHIP2 = '379903002';
const COUNT_VILLAGE = '379903001001';
const ESCALATION_VILLAGE = '379903001002';
const REGIONS: [code: string, name: string, level: string, parent: string | null][] = [
  [COUNTY, '督办测试县', 'county', null],
  [TOWNSHIP, '督办测试镇', 'township', COUNTY],
  [TOWNSHIP2, '督办测试乡', 'township', COUNTY],
  [COUNT_VILLAGE, '督办计数村', 'village', TOWNSHIP],
  [ESCALATION_VILLAGE, '督办升级村', 'village', TOWNSHIP],
];
const USERS: [username: string, displayName: string, role: string, region: string][] = [
  ['sup.officer', '督办测试经办人', 'township_officer', TOWNSHIP],
  ['sup.township', '督办测试镇督办', 'supervisor', TOWNSHIP],
  ['sup.county', '督办测试县督办', 'supervisor', COUNTY],
];

interface Counts {
  open: number;
  overdue: number;
  dueSoon: number;
  aging: Record<'1-3' | '4-7' | '8-14' | '15+', number>;
}
interface Group extends Counts {
  key: string | null;
  label: string;
}
interface Summary {
  groupBy: string;
  regionCode: string;
  groups: Group[];
  totals: Counts;
}

describe('supervision: dashboards, overdue drill-down, escalations and notifications', () => {
  let sys: TestSystem;
  let officer: string;
  let supervisor: string;
  let county: string;
  let birth = 0;

  const get = async (token: string, path: string, query: Record<string, string | number> = {}) => {
    const res = await sys
      .http()
      .get(path)
      .query(query)
      .set(...auth(token));
    return res;
  };
  const summary = async (token: string, query: Record<string, string | number>) => {
    const res = await get(token, '/api/supervision/summary', query);
    expect(res.status).toBe(200);
    return res.body as Summary;
  };

  async function createCase(regionCode: string, name: string): Promise<string> {
    birth += 1;
    const res = await sys
      .http()
      .post('/api/cases')
      .set(...auth(officer))
      .send({
        caseType: 'hardship-allowance',
        regionCode,
        applicant: { idNumber: fakeIdNumber(shanghaiDateOf(Date.UTC(1941, 2, 1) + birth * 86_400_000)), name },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** A task row written directly with the given deadline, on a case created through the API. */
  async function insertTask(
    caseId: string,
    step: string,
    dueAt: Date,
    completedAt: Date | null = null,
    region = COUNT_VILLAGE,
  ): Promise<string> {
    const id = randomUUID();
    await sys.db.query(
      `INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, created_at, due_at, due_date, completed_at)
       VALUES ($1, $2, 'hardship-allowance', $3, $4, 'township_officer', $5, $6, $7, $8)`,
      [id, caseId, step, region, new Date(dueAt.getTime() - 30 * 86_400_000), dueAt, shanghaiDateOf(dueAt), completedAt],
    );
    return id;
  }
  const daysAgo = (n: number) => endOfShanghaiDay(addDays(shanghaiDateOf(Date.now()), -n));

  beforeAll(async () => {
    sys = await startSystem();
    for (const [code, name, level, parent] of REGIONS) {
      await sys.db.query(
        `INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, $2, $3, $4, true) ON CONFLICT DO NOTHING`,
        [code, name, level, parent],
      );
    }
    await installPolicy(sys.db, 'hardship-allowance', COUNTY, (p) => p);
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const [username, displayName, role, region] of USERS) {
      await sys.db.query(
        `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
        [username, hash, displayName, role, region],
      );
    }
    officer = await sys.token('sup.officer');
    supervisor = await sys.token('sup.township');
    county = await sys.token('sup.county');
  });
  afterAll(async () => sys.close());

  describe('counts and aging buckets', () => {
    let caseId: string;
    let acceptanceId: string;
    const overdueIds: Record<number, string> = {};

    beforeAll(async () => {
      caseId = await createCase(COUNT_VILLAGE, '督办甲');
      acceptanceId = await eventually(async () => {
        const rows: { id: string }[] = await sys.db.query(`SELECT id FROM tasks WHERE case_id = $1 AND step = 'acceptance'`, [caseId]);
        return rows[0]?.id;
      });
      // Overdue by 0 (earlier today), 2, 5, 10 and 20 days; one due in 10 hours; one far off; one completed late.
      overdueIds[0] = await insertTask(caseId, 'review', new Date(Date.now() - 60_000));
      overdueIds[2] = await insertTask(caseId, 'review', daysAgo(2));
      overdueIds[5] = await insertTask(caseId, 'objection', daysAgo(5));
      overdueIds[10] = await insertTask(caseId, 'supplement', daysAgo(10));
      overdueIds[20] = await insertTask(caseId, 'review', daysAgo(20));
      await insertTask(caseId, 'objection', new Date(Date.now() + 10 * 3_600_000));
      await insertTask(caseId, 'supplement', new Date(Date.now() + 20 * 86_400_000));
      await insertTask(caseId, 'review', daysAgo(9), daysAgo(1));
    });

    const expected: Counts = { open: 8, overdue: 5, dueSoon: 1, aging: { '1-3': 2, '4-7': 1, '8-14': 1, '15+': 1 } };

    it('groups by the region one level below: a county supervisor sees townships, a township supervisor its villages', async () => {
      const none: Counts = { open: 0, overdue: 0, dueSoon: 0, aging: { '1-3': 0, '4-7': 0, '8-14': 0, '15+': 0 } };
      const byTownship = await summary(county, { groupBy: 'region' });
      expect(byTownship).toMatchObject({ groupBy: 'region', regionCode: COUNTY, dueWithinHours: 48 });
      // Every region one level down is listed, with or without open tasks.
      expect(byTownship.groups).toEqual([
        { key: TOWNSHIP, label: '督办测试镇', ...expected },
        { key: TOWNSHIP2, label: '督办测试乡', ...none },
      ]);
      expect(byTownship.totals).toEqual(expected);

      const byVillage = await summary(supervisor, { groupBy: 'region' });
      expect(byVillage.regionCode).toBe(TOWNSHIP);
      expect(byVillage.groups).toEqual([
        { key: COUNT_VILLAGE, label: '督办计数村', ...expected },
        { key: ESCALATION_VILLAGE, label: '督办升级村', ...none },
      ]);
      // The same numbers for the county supervisor narrowing to the township, or to the village itself.
      expect((await summary(county, { groupBy: 'region', regionCode: TOWNSHIP })).groups).toEqual(byVillage.groups);
      const village = await summary(county, { groupBy: 'region', regionCode: COUNT_VILLAGE });
      expect(village.groups).toEqual([{ key: COUNT_VILLAGE, label: '督办计数村', ...expected }]);
      expect(village.totals).toEqual(expected);

      // A task registered at the township itself shows as the township's own group.
      const atTownship = await insertTask(caseId, 'review', daysAgo(1), null, TOWNSHIP);
      const withOwn = await summary(supervisor, { groupBy: 'region' });
      expect(withOwn.groups.find((g) => g.key === TOWNSHIP)).toMatchObject({ label: '督办测试镇', open: 1, overdue: 1 });
      await sys.db.query('DELETE FROM tasks WHERE id = $1', [atTownship]);
    });

    it('groups by step, case type and assignee; the due-soon window is a parameter', async () => {
      const steps = await summary(supervisor, { groupBy: 'step', regionCode: COUNT_VILLAGE });
      expect(steps.groups).toEqual([
        { key: 'acceptance', label: '受理', open: 1, overdue: 0, dueSoon: 0, aging: { '1-3': 0, '4-7': 0, '8-14': 0, '15+': 0 } },
        { key: 'review', label: '乡镇审核(入户调查)', open: 3, overdue: 3, dueSoon: 0, aging: { '1-3': 2, '4-7': 0, '8-14': 0, '15+': 1 } },
        { key: 'objection', label: '公示异议处理', open: 2, overdue: 1, dueSoon: 1, aging: { '1-3': 0, '4-7': 1, '8-14': 0, '15+': 0 } },
        { key: 'supplement', label: '补正材料', open: 2, overdue: 1, dueSoon: 0, aging: { '1-3': 0, '4-7': 0, '8-14': 1, '15+': 0 } },
      ]);
      const types = await summary(supervisor, { groupBy: 'caseType', regionCode: COUNT_VILLAGE });
      expect(types.groups.map((g) => [g.key, g.label, g.open])).toEqual([
        ['hardship-allowance', '经济困难老年人补贴', 8],
        ['care-allowance', '护理补贴', 0],
        ['trial-stay', '特困人员试住', 0],
        ['high-age-allowance', '高龄津贴', 0],
      ]);
      expect((await summary(supervisor, { regionCode: COUNT_VILLAGE, caseType: 'care-allowance' })).totals.open).toBe(0);
      expect((await summary(supervisor, { regionCode: COUNT_VILLAGE, dueWithinHours: 24 * 30 })).totals.dueSoon).toBe(3);

      // These task rows are written directly (no workflow opened them, so none would accept a claim): held by the officer.
      await sys.db.query(`UPDATE tasks SET assignee_id = (SELECT id FROM users WHERE username = 'sup.officer') WHERE id = $1`, [
        overdueIds[20],
      ]);
      const people = await summary(supervisor, { groupBy: 'assignee', regionCode: COUNT_VILLAGE });
      // Most overdue first.
      expect(people.groups).toEqual([
        expect.objectContaining({ key: null, label: '未分配', open: 7, overdue: 4 }),
        expect.objectContaining({
          label: '督办测试经办人',
          role: 'township_officer',
          open: 1,
          overdue: 1,
          aging: { '1-3': 0, '4-7': 0, '8-14': 0, '15+': 1 },
        }),
      ]);
    });

    it('the overdue drill-down lists the most overdue first, paged', async () => {
      const first = await get(supervisor, '/api/supervision/overdue', { regionCode: COUNT_VILLAGE, pageSize: 3 });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: 5, page: 1, pageSize: 3 });
      const second = await get(supervisor, '/api/supervision/overdue', { regionCode: COUNT_VILLAGE, pageSize: 3, page: 2 });
      const items = [...first.body.items, ...second.body.items] as {
        id: string;
        daysOverdue: number;
        agingBucket: string;
        overdue: boolean;
      }[];
      expect(items.map((i) => i.id)).toEqual([overdueIds[20], overdueIds[10], overdueIds[5], overdueIds[2], overdueIds[0]]);
      expect(items.map((i) => [i.daysOverdue, i.agingBucket])).toEqual([
        [20, '15+'],
        [10, '8-14'],
        [5, '4-7'],
        [2, '1-3'],
        [1, '1-3'],
      ]);
      expect(items.every((i) => i.overdue)).toBe(true);
      const reviews = await get(county, '/api/supervision/overdue', { regionCode: COUNT_VILLAGE, step: 'review' });
      expect(reviews.body.total).toBe(3);
      expect(acceptanceId).toBeDefined();
    });

    it('outside the supervisor’s region everything is empty; other roles may not use the dashboards', async () => {
      expect(await summary(supervisor, { regionCode: TOWNSHIP2 })).toMatchObject({ groups: [], totals: { open: 0, overdue: 0 } });
      expect(await summary(supervisor, { regionCode: COUNTY })).toMatchObject({ groups: [], totals: { open: 0, overdue: 0 } });
      expect((await get(supervisor, '/api/supervision/overdue', { regionCode: COUNTY })).body).toMatchObject({ items: [], total: 0 });
      expect((await get(supervisor, '/api/supervision/escalations', { regionCode: COUNTY })).body).toMatchObject({ items: [], total: 0 });
      // The demo county's supervisor sees nothing of this county.
      const demoCounty = await sys.token('supervisor.county');
      expect((await summary(demoCounty, { groupBy: 'region' })).groups.map((g) => g.key)).not.toContain(TOWNSHIP);
      expect((await get(demoCounty, '/api/supervision/overdue', { regionCode: COUNT_VILLAGE })).body).toMatchObject({
        items: [],
        total: 0,
      });
      for (const path of ['/api/supervision/summary', '/api/supervision/overdue', '/api/supervision/escalations']) {
        expect((await get(officer, path)).status).toBe(403);
      }
      const bad = await get(supervisor, '/api/supervision/summary', { groupBy: 'colour' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('groupBy');
      const unknown = await get(supervisor, '/api/supervision/overdue', { colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('colour');
    });
  });

  describe('escalation by the worker, and notifications', () => {
    let taskId: string;

    beforeAll(async () => {
      await installPolicy(sys.db, 'hardship-allowance', ESCALATION_VILLAGE, (p) => ({
        ...p,
        chain: p.chain.map((s) => (s.kind === 'task' && s.step === 'acceptance' ? { ...s, deadline: seconds(2) } : s)),
        escalation: { repeatAfter: seconds(2), maxLevel: 2 },
      }));
      const caseId = await createCase(ESCALATION_VILLAGE, '督办乙');
      taskId = await eventually(
        async () => {
          const rows: { task_id: string }[] = await sys.db.query(`SELECT task_id FROM escalations e WHERE case_id = $1 AND level = 2`, [
            caseId,
          ]);
          return rows[0]?.task_id;
        },
        30000,
        'the level-2 escalation',
      );
    });

    it('the task is marked overdue; escalations are listed to the supervisors they were addressed to', async () => {
      const task = await get(supervisor, `/api/tasks/${taskId}`);
      expect(task.body).toMatchObject({ overdue: true, escalationLevel: 2, agingBucket: '1-3' });
      const inbox = await get(supervisor, '/api/tasks', { regionCode: ESCALATION_VILLAGE, overdue: 'true' });
      expect(inbox.body.items.map((t: { id: string }) => t.id)).toEqual([taskId]);

      const forCounty = await get(county, '/api/supervision/escalations', { pageSize: 200 });
      expect(forCounty.status).toBe(200);
      const mine = (forCounty.body.items as { taskId: string; level: number; escalatedTo: string }[]).filter((e) => e.taskId === taskId);
      expect(mine.map((e) => [e.level, e.escalatedTo])).toEqual([
        [2, COUNTY],
        [1, TOWNSHIP],
      ]);
      expect(forCounty.body.items[0]).toHaveProperty('applicantNameMasked');
      const forTownship = await get(supervisor, '/api/supervision/escalations', { pageSize: 200 });
      const seen = (forTownship.body.items as { taskId: string; level: number; escalatedToName: string; stepLabel: string }[]).filter(
        (e) => e.taskId === taskId,
      );
      expect(seen).toEqual([expect.objectContaining({ level: 1, escalatedToName: '督办测试镇', stepLabel: '受理' })]);
      const level2 = await get(county, '/api/supervision/escalations', { level: 2, regionCode: COUNTY });
      expect((level2.body.items as { level: number }[]).every((e) => e.level === 2)).toBe(true);
    });

    it('notifies the township supervisor, then the county supervisor; each reads only their own', async () => {
      type Note = { id: string; kind: string; taskId: string; level: number; readAt: string | null; caseNo: string };
      const notes = async (token: string, query: Record<string, string> = {}) => {
        const res = await get(token, '/api/notifications', { ...query, pageSize: 200 });
        expect(res.status).toBe(200);
        return res.body as { items: Note[]; total: number; unreadCount: number };
      };
      const township = (await notes(supervisor, { unread: 'true' })).items.find((n) => n.taskId === taskId);
      expect(township).toMatchObject({ kind: 'task_overdue', level: 1, readAt: null });
      expect(township!.caseNo).toMatch(/^HA-/);
      const countyNote = (await notes(county, { unread: 'true' })).items.find((n) => n.taskId === taskId);
      expect(countyNote).toMatchObject({ kind: 'task_overdue', level: 2 });

      // Someone else's notification is a 404, as is an unknown one.
      const foreign = await sys
        .http()
        .post(`/api/notifications/${township!.id}/read`)
        .set(...auth(county));
      expect(foreign.status).toBe(404);
      const unknown = await sys
        .http()
        .post(`/api/notifications/${randomUUID()}/read`)
        .set(...auth(supervisor));
      expect(unknown.status).toBe(404);

      const before = await notes(supervisor);
      const read = await sys
        .http()
        .post(`/api/notifications/${township!.id}/read`)
        .set(...auth(supervisor));
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      const again = await sys
        .http()
        .post(`/api/notifications/${township!.id}/read`)
        .set(...auth(supervisor));
      expect(again.body.readAt).toBe(read.body.readAt);
      const after = await notes(supervisor);
      expect(after.unreadCount).toBe(before.unreadCount - 1);
      expect((await notes(supervisor, { unread: 'true' })).items.map((n) => n.id)).not.toContain(township!.id);
      expect((await notes(supervisor, { unread: 'false' })).items.map((n) => n.id)).toContain(township!.id);
      const audits: { actor_role: string; task_id: string; region_code: string }[] = await sys.db.query(
        `SELECT actor_role, task_id, region_code FROM audit_log WHERE action = 'notification_read' AND event_key = $1`,
        [`notification-read:${township!.id}`],
      );
      expect(audits).toEqual([{ actor_role: 'supervisor', task_id: taskId, region_code: ESCALATION_VILLAGE }]);
    });
  });
});
