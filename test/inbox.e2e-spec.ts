import { randomUUID } from 'node:crypto';
import { addWorkingDays } from '@app/domain/calendar';
import { addDays, endOfShanghaiDay, shanghaiDateOf } from '@app/domain/dates';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { assignTaskUpdate, caseWorkflowId, completeTaskUpdate, type Actor } from '@app/contracts';
import { DEMO_PASSWORD } from '@app/persistence';
import { hashPassword } from '@app/runtime';
import { auth, eventually, fakeIdNumber, installPolicy, startSystem, type TestSystem } from './support/system';
import { systemCalendar } from './support/calendar';

/**
 * The task inbox, claiming, release and reassignment, against the real API, worker and database.
 *
 * Everything happens in a region tree of its own (a test county 379902 with one township and one
 * village) with officers and supervisors of its own, so exact counts do not depend on what other
 * spec files leave in the shared database, and nothing here adds regions or policies under the demo
 * county 370124 (other specs count its regions and create cases under its policies). The demo users
 * of 370124 serve as the outsiders.
 */
const COUNTY = '379902';
const TOWNSHIP = '379902001';
const INBOX_VILLAGE = '379902001001';
const OFFICER = 'inbox.officer1';
const OFFICER2 = 'inbox.officer2';
const INACTIVE = 'inbox.inactive';
const TEST_USERS: [username: string, role: string, region: string, active: boolean][] = [
  [OFFICER, 'township_officer', TOWNSHIP, true],
  [OFFICER2, 'township_officer', TOWNSHIP, true],
  [INACTIVE, 'township_officer', TOWNSHIP, false],
  ['inbox.supervisor', 'supervisor', TOWNSHIP, true],
  ['inbox.county', 'supervisor', COUNTY, true],
  ['inbox.approver', 'county_officer', COUNTY, true],
];

interface Item {
  id: string;
  caseId: string;
  caseNo: string;
  caseType: string;
  caseTypeLabel: string;
  step: string;
  stepLabel: string;
  status: string;
  workingDaysLeft: number | null;
  regionCode: string;
  regionName: string;
  candidateRole: string;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  dueAt: string;
  dueDate: string;
  overdue: boolean;
  escalationLevel: number;
  applicantNameMasked: string;
}

describe('task inbox, claims and reassignment', () => {
  let sys: TestSystem;
  let officer: string;
  let officer2: string;
  let supervisor: string;
  let county: string;
  let approver: string;
  let outsider: string;
  const userIds: Record<string, string> = {};
  /** The acceptance tasks of the cases this file created through the API, in creation order. */
  const acceptance: Item[] = [];
  let birth = 0;

  const list = async (token: string, query: Record<string, string | number>) => {
    const res = await sys
      .http()
      .get('/api/tasks')
      .query(query)
      .set(...auth(token));
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  };
  const post = (token: string, path: string, body?: object) => {
    const req = sys
      .http()
      .post(path)
      .set(...auth(token));
    return body ? req.send(body) : req;
  };

  async function createCase(name: string): Promise<{ caseId: string; task: Item }> {
    birth += 1;
    const res = await post(officer, '/api/cases', {
      caseType: 'hardship-allowance',
      regionCode: INBOX_VILLAGE,
      applicant: { idNumber: fakeIdNumber(shanghaiDateOf(Date.UTC(1939, 0, 1) + birth * 86_400_000)), name },
    });
    expect(res.status).toBe(201);
    const caseId: string = res.body.id;
    const task = await eventually(
      async () => (await list(officer, { regionCode: INBOX_VILLAGE, pageSize: 200 })).items.find((t) => t.caseId === caseId),
      20000,
      'acceptance task in the inbox',
    );
    return { caseId, task };
  }

  /** A task row written directly (other steps, other deadlines), on a case created through the API. */
  async function insertTask(caseId: string, step: string, role: string, dueAt: Date, extra: { completedAt?: Date } = {}): Promise<string> {
    const id = randomUUID();
    await sys.db.query(
      `INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, created_at, due_at, due_date, completed_at, outcome)
       VALUES ($1, $2, 'hardship-allowance', $3, $4, $5, now() - interval '1 day', $6, $7, $8, $9)`,
      [id, caseId, step, INBOX_VILLAGE, role, dueAt, shanghaiDateOf(dueAt), extra.completedAt ?? null, extra.completedAt ? 'pass' : null],
    );
    return id;
  }

  beforeAll(async () => {
    sys = await startSystem();
    await sys.db.query(
      `INSERT INTO regions (code, name, level, parent_code, is_demo)
       VALUES ($1, '收件箱测试县', 'county', NULL, true), ($2, '收件箱测试镇', 'township', $1, true), ($3, '收件箱测试村', 'village', $2, true)
       ON CONFLICT DO NOTHING`,
      [COUNTY, TOWNSHIP, INBOX_VILLAGE],
    );
    await installPolicy(sys.db, 'hardship-allowance', COUNTY, (p) => p);
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const [username, role, region, active] of TEST_USERS) {
      await sys.db.query(
        `INSERT INTO users (username, password_hash, display_name, role, region_code, active)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
        [username, hash, `${username}(测试)`, role, region, active],
      );
    }
    const users: { id: string; username: string }[] = await sys.db.query('SELECT id, username FROM users');
    for (const u of users) userIds[u.username] = u.id;
    officer = await sys.token(OFFICER);
    officer2 = await sys.token(OFFICER2);
    supervisor = await sys.token('inbox.supervisor');
    county = await sys.token('inbox.county');
    approver = await sys.token('inbox.approver');
    outsider = await sys.token('township.yushan');
    for (const name of ['收件甲', '收件乙', '收件丙', '收件丁']) acceptance.push((await createCase(name)).task);
  });
  afterAll(async () => sys.close());

  it('lists the open tasks of my role in my region, soonest deadline first, with labels and the masked applicant', async () => {
    const res = await list(officer, { regionCode: INBOX_VILLAGE });
    expect(res).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(res.items.map((t) => t.id).sort()).toEqual(acceptance.map((t) => t.id).sort());
    expect(res.items[0]).toMatchObject({
      caseType: 'hardship-allowance',
      caseTypeLabel: '经济困难老年人补贴',
      step: 'acceptance',
      stepLabel: '受理',
      status: 'open',
      regionCode: INBOX_VILLAGE,
      regionName: '收件箱测试村',
      candidateRole: 'township_officer',
      assigneeId: null,
      overdue: false,
      escalationLevel: 0,
    });
    expect(res.items[0].caseNo).toMatch(/^HA-\d{4}-\d{6}$/);
    expect(res.items[0].dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.items.map((t) => t.applicantNameMasked).sort()).toEqual(['收**', '收**', '收**', '收**']);
    expect(JSON.stringify(res)).not.toContain('收件甲');
    const dueAts = res.items.map((t) => Date.parse(t.dueAt));
    expect(dueAts).toEqual([...dueAts].sort((a, b) => a - b));
    // Working days left on the official calendar: n working days after today reach the due day, n + 1 pass it.
    const calendar = await systemCalendar(sys.db);
    const todayHere = shanghaiDateOf(Date.now());
    for (const item of res.items) {
      const left = item.workingDaysLeft ?? -1;
      expect(Number.isInteger(left) && left >= 0).toBe(true);
      expect(addWorkingDays(calendar, todayHere, left).due <= item.dueDate).toBe(true);
      expect(addWorkingDays(calendar, todayHere, left + 1).due > item.dueDate).toBe(true);
    }

    // The county officer's role has no task here; the supervisor sees everything (scope=all by default).
    expect((await list(approver, { regionCode: INBOX_VILLAGE })).total).toBe(0);
    expect((await list(supervisor, { regionCode: INBOX_VILLAGE })).total).toBe(4);
    expect((await list(county, { regionCode: INBOX_VILLAGE, scope: 'all' })).total).toBe(4);
  });

  it('a region outside mine is an empty list, never an error; a task outside it is a 404', async () => {
    expect(await list(outsider, { regionCode: INBOX_VILLAGE })).toMatchObject({ items: [], total: 0 });
    expect(await list(outsider, { regionCode: TOWNSHIP, scope: 'all' })).toMatchObject({ items: [], total: 0 });
    expect((await list(outsider, { scope: 'all', pageSize: 200 })).items.map((t) => t.regionCode)).not.toContain(INBOX_VILLAGE);
    expect((await list(officer, { regionCode: '370124001', scope: 'all' })).total).toBe(0);
    const outside = await sys
      .http()
      .get(`/api/tasks/${acceptance[0].id}`)
      .set(...auth(outsider));
    expect(outside.status).toBe(404);
    const inside = await sys
      .http()
      .get(`/api/tasks/${acceptance[0].id}`)
      .set(...auth(officer));
    expect(inside.status).toBe(200);
    expect(inside.body).toMatchObject({ id: acceptance[0].id, step: 'acceptance', caseStatus: 'in_progress', outcome: null });
    const unknown = await sys
      .http()
      .get(`/api/tasks/${randomUUID()}`)
      .set(...auth(officer));
    expect(unknown.status).toBe(404);
    const malformed = await sys
      .http()
      .get('/api/tasks/not-a-uuid')
      .set(...auth(officer));
    expect(malformed.status).toBe(400);
  });

  it('filters by step, case type, overdue and due soon (the window is a parameter)', async () => {
    const caseId = acceptance[0].caseId;
    const now = Date.now();
    const today = shanghaiDateOf(now);
    const overdueId = await insertTask(caseId, 'review', 'township_officer', endOfShanghaiDay(addDays(today, -3)));
    const soonId = await insertTask(caseId, 'objection', 'township_officer', new Date(now + 10 * 3_600_000));
    const laterId = await insertTask(caseId, 'supplement', 'township_officer', new Date(now + 20 * 86_400_000));
    const doneLateId = await insertTask(caseId, 'review', 'township_officer', new Date(now - 5 * 86_400_000), {
      completedAt: new Date(now - 86_400_000),
    });
    const ids = (r: { items: Item[] }) => r.items.map((t) => t.id).sort();

    expect(ids(await list(officer, { regionCode: INBOX_VILLAGE, step: 'review' }))).toEqual([overdueId]);
    expect(ids(await list(officer, { regionCode: INBOX_VILLAGE, overdue: 'true' }))).toEqual([overdueId]);
    expect((await list(officer, { regionCode: INBOX_VILLAGE, overdue: 'false' })).total).toBe(6);
    expect(ids(await list(officer, { regionCode: INBOX_VILLAGE, dueSoon: 'true' }))).toEqual([soonId]);
    expect((await list(officer, { regionCode: INBOX_VILLAGE, dueSoon: 'true', dueWithinHours: 5 })).total).toBe(0);
    const week = await list(officer, { regionCode: INBOX_VILLAGE, dueSoon: 'true', dueWithinHours: 24 * 30 });
    expect(ids(week)).toEqual(expect.arrayContaining([soonId, laterId]));
    expect(ids(week)).not.toContain(overdueId);
    expect((await list(officer, { regionCode: INBOX_VILLAGE, caseType: 'care-allowance' })).total).toBe(0);
    expect((await list(officer, { regionCode: INBOX_VILLAGE, caseType: 'hardship-allowance' })).total).toBe(7);

    const overdue = (await list(officer, { regionCode: INBOX_VILLAGE, overdue: 'true' })).items[0];
    expect(overdue).toMatchObject({ overdue: true, stepLabel: '乡镇审核(入户调查)', daysOverdue: 3, agingBucket: '1-3' });

    const completed = await list(officer, { regionCode: INBOX_VILLAGE, status: 'completed', scope: 'all' });
    expect(ids(completed)).toEqual([doneLateId]);
    expect(completed.items[0]).toMatchObject({ status: 'completed', overdue: true });
    expect((await list(officer, { regionCode: INBOX_VILLAGE, status: 'completed', scope: 'all', overdue: 'false' })).total).toBe(0);
    await sys.db.query('DELETE FROM tasks WHERE id = ANY($1)', [[overdueId, soonId, laterId, doneLateId]]);
  });

  it('counts "due soon" in working days on the official calendar when asked (dueWithinWorkingDays)', async () => {
    const caseId = acceptance[0].caseId;
    const { addWorkingDays } = await import('@app/domain/calendar');
    // The calendar the API counts with (built-in plus any year another spec loaded), on any day.
    const calendar = await systemCalendar(sys.db);
    const today = shanghaiDateOf(Date.now());
    // Due at the very end of the 2nd working day after today (as a 2-working-day limit would be), and just after it.
    const secondWorkingDay = endOfShanghaiDay(addWorkingDays(calendar, today, 2).due);
    const atEdge = await insertTask(caseId, 'objection', 'township_officer', secondWorkingDay);
    const pastEdge = await insertTask(caseId, 'supplement', 'township_officer', new Date(secondWorkingDay.getTime() + 1));
    try {
      const within = async (n: number) =>
        (await list(officer, { regionCode: INBOX_VILLAGE, dueSoon: 'true', dueWithinWorkingDays: n })).items.map((t) => t.id);
      expect(await within(2)).toContain(atEdge);
      expect(await within(2)).not.toContain(pastEdge);
      expect(await within(1)).not.toContain(atEdge);
      expect(await within(3)).toEqual(expect.arrayContaining([atEdge, pastEdge]));

      const supervisor = await sys.token('inbox.supervisor');
      const summary = await sys
        .http()
        .get('/api/supervision/summary')
        .query({ regionCode: INBOX_VILLAGE, dueWithinWorkingDays: 2 })
        .set(...auth(supervisor))
        .expect(200);
      expect(summary.body).toMatchObject({ dueWithinHours: null, dueWithinWorkingDays: 2 });
      expect(Date.parse(summary.body.dueSoonUntil)).toBe(secondWorkingDay.getTime());
      const both = await sys
        .http()
        .get('/api/supervision/summary')
        .query({ dueWithinWorkingDays: 2, dueWithinHours: 24 })
        .set(...auth(supervisor))
        .expect(400);
      expect(both.body.message).toContain('dueWithinWorkingDays');
    } finally {
      await sys.db.query('DELETE FROM tasks WHERE id = ANY($1)', [[atEdge, pastEdge]]);
    }
  });

  it('pages and sorts: pages are disjoint and complete, in the requested order', async () => {
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = await list(officer, { regionCode: INBOX_VILLAGE, pageSize: 2, page, sort: 'createdAt' });
      expect(res).toMatchObject({ total: 4, page, pageSize: 2 });
      seen.push(...res.items.map((t) => t.id));
    }
    expect(seen).toEqual(acceptance.map((t) => t.id));
    const newest = await list(officer, { regionCode: INBOX_VILLAGE, sort: '-createdAt' });
    expect(newest.items.map((t) => t.id)).toEqual(acceptance.map((t) => t.id).reverse());
    const byDue = (await list(officer, { regionCode: INBOX_VILLAGE, sort: '-dueAt' })).items.map((t) => Date.parse(t.dueAt));
    expect(byDue).toEqual([...byDue].sort((a, b) => b - a));
  });

  it.each([
    [{ colour: 'red' }, 'colour'],
    [{ pageSize: 201 }, 'pageSize'],
    [{ page: 0 }, 'page'],
    [{ scope: 'everyone' }, 'scope'],
    [{ status: 'pending' }, 'status'],
    [{ sort: 'priority' }, 'sort'],
    [{ overdue: 'yes' }, 'overdue'],
    [{ dueWithinHours: 0 }, 'dueWithinHours'],
    [{ dueWithinWorkingDays: 31 }, 'dueWithinWorkingDays'],
    [{ dueWithinWorkingDays: 2, dueWithinHours: 24 }, 'dueWithinWorkingDays'],
    [{ regionCode: '37' }, 'regionCode'],
    [{ step: 'lunch' }, 'step'],
  ])('a bad query %j is a 400 naming %s', async (query, field) => {
    const res = await sys
      .http()
      .get('/api/tasks')
      .query(query)
      .set(...auth(officer));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain(field);
  });

  it('claim: mine, idempotent for me, 409 for another officer, refused for the wrong role; completion by another is CLAIMED_BY_OTHER', async () => {
    const task = acceptance[0];
    const claimed = await post(officer, `/api/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: task.id, assigneeId: userIds[OFFICER], assigneeName: `${OFFICER}(测试)` });
    expect((await post(officer, `/api/tasks/${task.id}/claim`)).status).toBe(200);

    const taken = await post(officer2, `/api/tasks/${task.id}/claim`);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CONFLICT');
    const wrongRole = await post(approver, `/api/tasks/${task.id}/claim`);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('ROLE_NOT_ALLOWED');
    expect((await post(supervisor, `/api/tasks/${task.id}/claim`)).status).toBe(403);
    expect((await post(outsider, `/api/tasks/${task.id}/claim`)).status).toBe(404);

    // scope=mine shows it; the other officer's role queue no longer does.
    expect((await list(officer, { regionCode: INBOX_VILLAGE, scope: 'mine' })).items.map((t) => t.id)).toEqual([task.id]);
    expect((await list(officer2, { regionCode: INBOX_VILLAGE, scope: 'mine' })).total).toBe(0);
    expect((await list(officer2, { regionCode: INBOX_VILLAGE })).items.map((t) => t.id)).not.toContain(task.id);
    expect((await list(officer, { regionCode: INBOX_VILLAGE })).items.map((t) => t.id)).toContain(task.id);

    const byOther = await post(officer2, `/api/tasks/${task.id}/complete`, { step: 'acceptance', outcome: 'accept' });
    expect(byOther.status).toBe(403);
    expect(byOther.body.code).toBe('CLAIMED_BY_OTHER');
    const done = await post(officer, `/api/tasks/${task.id}/complete`, { step: 'acceptance', outcome: 'accept', comment: '材料齐全' });
    expect(done.status).toBe(200);
    const closed = await post(officer, `/api/tasks/${task.id}/claim`);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('TASK_CLOSED');

    const timeline = await sys
      .http()
      .get(`/api/cases/${task.caseId}/timeline`)
      .set(...auth(officer));
    const claim = (timeline.body as { action: string; taskId: string; actorRole: string; before: unknown; after: unknown }[]).filter(
      (e) => e.action === 'task_claimed',
    );
    expect(claim).toEqual([
      expect.objectContaining({
        taskId: task.id,
        actorRole: 'township_officer',
        before: { assigneeId: null },
        after: { assigneeId: userIds[OFFICER] },
      }),
    ]);
  });

  it('of two simultaneous claims exactly one wins', async () => {
    for (const task of [acceptance[1], acceptance[2]]) {
      const results = await Promise.all([post(officer, `/api/tasks/${task.id}/claim`), post(officer2, `/api/tasks/${task.id}/claim`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results[0].status === 200 ? OFFICER : OFFICER2;
      const [row]: { assignee_id: string }[] = await sys.db.query('SELECT assignee_id FROM tasks WHERE id = $1', [task.id]);
      expect(row.assignee_id).toBe(userIds[winner]);
      const audits: { n: number }[] = await sys.db.query(
        `SELECT count(*) AS n FROM audit_log WHERE task_id = $1 AND action = 'task_claimed'`,
        [task.id],
      );
      expect(Number(audits[0].n)).toBe(1);
      // Leave it unclaimed for the next tests.
      expect((await post(results[0].status === 200 ? officer : officer2, `/api/tasks/${task.id}/release`)).status).toBe(200);
    }
  });

  it('release: by the holder or a supervisor over the region, never by another officer', async () => {
    const task = acceptance[1];
    expect((await post(officer2, `/api/tasks/${task.id}/claim`)).status).toBe(200);
    const byOther = await post(officer, `/api/tasks/${task.id}/release`, { reason: '我来办' });
    expect(byOther.status).toBe(403);
    expect(byOther.body.code).toBe('CLAIMED_BY_OTHER');
    expect((await post(outsider, `/api/tasks/${task.id}/release`)).status).toBe(404);

    const released = await post(supervisor, `/api/tasks/${task.id}/release`, { reason: '经办人请假' });
    expect(released.status).toBe(200);
    expect(released.body.assigneeId).toBeNull();
    const [audit]: { actor_role: string; before: unknown; after: unknown; reason: string }[] = await sys.db.query(
      `SELECT actor_role, before, after, reason FROM audit_log WHERE task_id = $1 AND action = 'task_released' ORDER BY id DESC LIMIT 1`,
      [task.id],
    );
    expect(audit).toEqual({
      actor_role: 'supervisor',
      before: { assigneeId: userIds[OFFICER2] },
      after: { assigneeId: null },
      reason: '经办人请假',
    });
    const notes = await sys
      .http()
      .get('/api/notifications')
      .query({ unread: 'true' })
      .set(...auth(officer2));
    expect(notes.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task_unassigned', taskId: task.id })]));

    // Releasing an unclaimed task changes nothing; the holder may release their own.
    expect((await post(officer, `/api/tasks/${task.id}/release`)).status).toBe(200);
    expect((await post(officer, `/api/tasks/${task.id}/claim`)).status).toBe(200);
    const own = await post(officer, `/api/tasks/${task.id}/release`);
    expect(own.status).toBe(200);
    expect(own.body.assigneeId).toBeNull();
  });

  it('assign: a supervisor reassigns to an eligible officer, who is notified; ineligible targets are a 400 naming userId', async () => {
    const task = acceptance[2];
    const assign = (token: string, body: object) => post(token, `/api/tasks/${task.id}/assign`, body);

    // Right role but a region that does not contain the task; the wrong role; inactive; unknown.
    for (const target of [userIds['township.yushan'], userIds['inbox.approver'], userIds[INACTIVE], randomUUID()]) {
      const res = await assign(supervisor, { userId: target, reason: '调整' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain('userId');
    }
    const noReason = await assign(supervisor, { userId: userIds[OFFICER2] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('reason');
    expect((await assign(supervisor, { userId: 'nobody', reason: 'x' })).body.message).toContain('userId');
    expect((await assign(officer, { userId: userIds[OFFICER2], reason: 'x' })).status).toBe(403);

    const res = await assign(supervisor, { userId: userIds[OFFICER2], reason: '原经办人休假' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigneeId: userIds[OFFICER2], assigneeName: `${OFFICER2}(测试)` });
    const [audit]: { actor_role: string; before: unknown; after: Record<string, unknown>; reason: string; region_code: string }[] =
      await sys.db.query(
        `SELECT actor_role, before, after, reason, region_code FROM audit_log WHERE task_id = $1 AND action = 'task_assigned' ORDER BY id DESC LIMIT 1`,
        [task.id],
      );
    expect(audit).toMatchObject({
      actor_role: 'supervisor',
      region_code: INBOX_VILLAGE,
      before: { assigneeId: null },
      after: { assigneeId: userIds[OFFICER2] },
      reason: '原经办人休假',
    });
    const notes = await sys
      .http()
      .get('/api/notifications')
      .set(...auth(officer2));
    expect(notes.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'task_assigned', taskId: task.id, readAt: null })]),
    );

    // The county supervisor may reassign it on; the officer who held it is told.
    const onward = await assign(county, { userId: userIds[OFFICER], reason: '统筹安排' });
    expect(onward.status).toBe(200);
    expect(onward.body.assigneeId).toBe(userIds[OFFICER]);
    const told = await sys
      .http()
      .get('/api/notifications')
      .set(...auth(officer2));
    expect(told.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task_unassigned', taskId: task.id })]));
    expect((await post(officer2, `/api/tasks/${task.id}/claim`)).status).toBe(409);
  });

  it("the workflow binds who holds a task: a decision or claim sent straight to it by another officer is refused, until a supervisor's release reaches it", async () => {
    const task = acceptance[3];
    expect((await post(officer, `/api/tasks/${task.id}/claim`)).status).toBe(200);
    const handle = sys.client.workflow.getHandle(caseWorkflowId(task.caseId));
    const other: Actor = { userId: userIds[OFFICER2], role: 'township_officer', regionCode: TOWNSHIP, displayName: `${OFFICER2}(测试)` };
    const decide = () =>
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, step: 'acceptance', actor: other, outcome: 'accept', comment: null }],
      });
    const refusal = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return ((err as WorkflowUpdateFailedError).cause as ApplicationFailure).type;
    };
    // Past the API (which checks the same rule from PostgreSQL): the workflow's own validators refuse.
    expect(await refusal(decide())).toBe('CLAIMED_BY_OTHER');
    expect(
      await refusal(handle.executeUpdate(assignTaskUpdate, { args: [{ taskId: task.id, actor: other, change: { kind: 'claim' } }] })),
    ).toBe('CONFLICT');
    expect(
      await refusal(handle.executeUpdate(assignTaskUpdate, { args: [{ taskId: task.id, actor: other, change: { kind: 'release' } }] })),
    ).toBe('CLAIMED_BY_OTHER');
    // A reassignment straight to the workflow: its validator checks the target with the API's rule
    // (checkAssignmentTarget), from the facts the API read; without them it refuses.
    const boss: Actor = { userId: userIds['inbox.supervisor'], role: 'supervisor', regionCode: COUNTY, displayName: '督导(测试)' };
    const assignTo = (target?: { role: string; regionCode: string; active: boolean }) =>
      handle.executeUpdate(assignTaskUpdate, {
        args: [{ taskId: task.id, actor: boss, change: { kind: 'assign', assigneeId: userIds[OFFICER2], target }, reason: '测试' }],
      });
    for (const target of [
      undefined,
      { role: 'township_officer', regionCode: TOWNSHIP, active: false },
      { role: 'county_officer', regionCode: COUNTY, active: true },
      { role: 'township_officer', regionCode: '379903001', active: true },
    ]) {
      expect(await refusal(assignTo(target))).toBe('VALIDATION_FAILED');
    }

    expect((await post(supervisor, `/api/tasks/${task.id}/release`, { reason: '经办人请假' })).status).toBe(200);
    const state = await decide();
    expect(state.currentStep).not.toBe('acceptance');
    const [row]: { completed_by: string; assignee_id: string }[] = await sys.db.query(
      'SELECT completed_by, assignee_id FROM tasks WHERE id = $1',
      [task.id],
    );
    expect(row).toEqual({ completed_by: userIds[OFFICER2], assignee_id: userIds[OFFICER2] });
  });
});
