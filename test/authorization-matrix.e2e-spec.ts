import { randomUUID } from 'node:crypto';
import type { Role } from '@app/contracts';
import { shanghaiDateOf } from '@app/domain/dates';
import { buildResidentId } from '@app/domain/identity';
import { auth, eventually, fakeIdNumber, startSystem, type TestSystem } from './support/system';

/**
 * Role × endpoint × region: every endpoint under /api/cases, /api/tasks, /api/supervision and
 * /api/notifications, called by each demo user on a resource inside their region subtree and on one
 * outside it. A role the endpoint does not name is a 403 before anything else; outside the subtree a
 * resource is a 404 (lists are empty), never a hint that it exists. The last test checks that the
 * table covers every such route the API serves.
 *
 * "Outside" for the township users is 东阿镇 (370124100); for the county users a second county
 * (379901, written directly into the database: the demo install has one county).
 */
const YUSHAN_VILLAGE = '370124001001';
const DONGE_VILLAGE = '370124100001';
const OTHER_COUNTY = '379901';
const OTHER_TOWNSHIP = '379901001';

const USERS: { username: string; role: Role; region: string }[] = [
  { username: 'township.yushan', role: 'township_officer', region: '370124001' },
  { username: 'county.approver', role: 'county_officer', region: '370124' },
  { username: 'assessor', role: 'assessor', region: '370124' },
  { username: 'supervisor.yushan', role: 'supervisor', region: '370124001' },
  { username: 'supervisor.county', role: 'supervisor', region: '370124' },
  { username: 'admin', role: 'admin', region: '370124' },
];
type User = (typeof USERS)[number];
type Where = 'inside' | 'outside';

const ALL: Role[] = ['township_officer', 'county_officer', 'assessor', 'supervisor', 'admin'];
const OFFICERS: Role[] = ['township_officer', 'county_officer'];
const WORKERS: Role[] = ['township_officer', 'county_officer', 'assessor'];
const SUPERVISORS: Role[] = ['supervisor', 'admin'];

interface Call {
  method: 'get' | 'post';
  path: string;
  query?: Record<string, string>;
  body?: object;
}

/**
 * What an allowed caller gets inside its region: a status, or 'reached' for endpoints whose business
 * answer depends on state this table does not set up (any answer past the role and region checks:
 * not 401, 403 or 404, and not a 5xx).
 */
type InsideExpectation = number | 'reached';

interface Endpoint {
  route: string;
  roles: Role[];
  /** The call on a resource inside (or outside) the caller's subtree; `allowed` says whether the call will get past the role check. */
  call(user: User, where: Where, allowed: boolean): Promise<Call>;
  inside: InsideExpectation | ((user: User) => InsideExpectation);
  /** What an allowed caller gets outside its subtree; null: the endpoint has no region-scoped resource. */
  outside: number | null;
}

describe('authorization matrix: role × endpoint × region', () => {
  let sys: TestSystem;
  const tokens: Record<string, string> = {};
  const userIds: Record<string, string> = {};
  let seq = 0;

  /** Shared fixtures: read-only calls and calls refused before they change anything. */
  const fx = {
    yushanCase: '',
    dongeCase: '',
    otherCase: '',
    yushanTask: '',
    dongeTask: '',
    otherTask: '',
    notes: {} as Record<string, string>,
    foreignNote: '',
  };

  const outsideRegionOf = (u: User) => (u.region.length === 9 ? '370124100' : OTHER_COUNTY);
  const caseFor = (u: User, where: Where) => (where === 'inside' ? fx.yushanCase : u.region.length === 9 ? fx.dongeCase : fx.otherCase);
  const taskFor = (u: User, where: Where) => (where === 'inside' ? fx.yushanTask : u.region.length === 9 ? fx.dongeTask : fx.otherTask);

  async function createCase(token: string, regionCode: string): Promise<string> {
    seq += 1;
    const res = await sys
      .http()
      .post('/api/cases')
      .set(...auth(token))
      .send({
        caseType: 'hardship-allowance',
        regionCode,
        applicant: { idNumber: fakeIdNumber(shanghaiDateOf(Date.UTC(1943, 4, 1) + seq * 86_400_000)), name: '矩阵测试' },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function openTaskOf(caseId: string): Promise<string> {
    return eventually(async () => {
      const rows: { id: string }[] = await sys.db.query('SELECT id FROM tasks WHERE case_id = $1 AND completed_at IS NULL', [caseId]);
      return rows[0]?.id;
    });
  }

  /** A task row for a step of `role`, written directly (the workflow does not know it: only the API's own checks apply). */
  async function insertTask(caseId: string, role: Role, assignee: string | null = null): Promise<string> {
    const step = role === 'county_officer' ? 'approval' : role === 'assessor' ? 'assessment' : 'review';
    const [{ region_code: region }]: { region_code: string }[] = await sys.db.query('SELECT region_code FROM cases WHERE id = $1', [
      caseId,
    ]);
    const id = randomUUID();
    await sys.db.query(
      `INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, assignee_id, created_at, due_at, due_date)
       VALUES ($1, $2, 'hardship-allowance', $3, $4, $5, $6, now(), now() + interval '5 days', (now() + interval '5 days')::date)`,
      [id, caseId, step, region, role, assignee],
    );
    return id;
  }

  /**
   * An open task the case workflow knows (the acceptance of a new case in Yushan), held by `holder`
   * if given: who holds a task is the workflow's to decide, so claims need a task it opened.
   */
  async function workflowTask(holder?: string): Promise<string> {
    const task = await openTaskOf(await createCase(tokens['township.yushan'], YUSHAN_VILLAGE));
    if (holder) {
      const res = await sys
        .http()
        .post(`/api/tasks/${task}/claim`)
        .set(...auth(tokens[holder]));
      expect(res.status).toBe(200);
    }
    return task;
  }

  const taskCall = (action: string, body?: object) => async (u: User, where: Where) => ({
    method: 'post' as const,
    path: `/api/tasks/${taskFor(u, where)}/${action}`,
    body,
  });

  const ENDPOINTS: Endpoint[] = [
    {
      route: 'POST /api/cases',
      roles: OFFICERS,
      // Outside: the region is not one the officer serves, a 400 naming regionCode (the region code is the caller's own input).
      call: async (u, where) => ({
        method: 'post',
        path: '/api/cases',
        body: {
          caseType: 'hardship-allowance',
          regionCode: where === 'inside' ? YUSHAN_VILLAGE : u.region.length === 9 ? DONGE_VILLAGE : `${OTHER_TOWNSHIP}001`,
          applicant: { idNumber: fakeIdNumber(shanghaiDateOf(Date.UTC(1944, 0, 1) + ++seq * 86_400_000)), name: '矩阵测试' },
        },
      }),
      inside: 201,
      outside: 400,
    },
    {
      route: 'GET /api/cases',
      roles: ALL,
      call: async (u, where) => ({
        method: 'get',
        path: '/api/cases',
        query: where === 'inside' ? {} : { regionCode: outsideRegionOf(u) },
      }),
      inside: 200,
      outside: 200,
    },
    {
      route: 'GET /api/cases/:id',
      roles: ALL,
      call: async (u, where) => ({ method: 'get', path: `/api/cases/${caseFor(u, where)}` }),
      inside: 200,
      outside: 404,
    },
    {
      route: 'GET /api/cases/:id/timeline',
      roles: ALL,
      call: async (u, where) => ({ method: 'get', path: `/api/cases/${caseFor(u, where)}/timeline` }),
      inside: 200,
      outside: 404,
    },
    {
      route: 'GET /api/cases/:id/applicant',
      roles: [...OFFICERS, 'assessor'],
      call: async (u, where) => ({ method: 'get', path: `/api/cases/${caseFor(u, where)}/applicant` }),
      // Least privilege: the assessor sees applicant data only for a case with an assessment task (below).
      inside: (u) => (u.role === 'assessor' ? 403 : 200),
      outside: 404,
    },
    {
      route: 'POST /api/cases/:id/withdraw',
      roles: OFFICERS,
      // A withdrawal ends the case: each allowed call inside gets a case of its own.
      call: async (u, where, allowed) => ({
        method: 'post',
        path: `/api/cases/${where === 'inside' && allowed ? await createCase(tokens['township.yushan'], YUSHAN_VILLAGE) : caseFor(u, where)}/withdraw`,
        body: { reason: '申请人书面撤回' },
      }),
      inside: 200,
      outside: 404,
    },
    {
      route: 'POST /api/cases/:id/objections',
      roles: OFFICERS,
      // The shared case is at acceptance, not in its public notice: authorized and in scope, refused by the workflow's rule.
      call: async (u, where) => ({ method: 'post', path: `/api/cases/${caseFor(u, where)}/objections`, body: { summary: '村民反映情况' } }),
      inside: 409,
      outside: 404,
    },
    {
      route: 'GET /api/cases/:id/assessments',
      roles: ['assessor', 'township_officer', 'county_officer', 'supervisor', 'admin'],
      call: async (u, where) => ({ method: 'get', path: `/api/cases/${caseFor(u, where)}/assessments` }),
      inside: 200,
      outside: 404,
    },
    {
      route: 'POST /api/cases/:id/reassessment',
      roles: OFFICERS,
      call: async (u, where) => ({
        method: 'post',
        path: `/api/cases/${caseFor(u, where)}/reassessment`,
        body: { reason: '身体状况变化' },
      }),
      inside: 'reached',
      outside: 404,
    },
    {
      route: 'GET /api/cases/:id/plan',
      roles: ['township_officer', 'county_officer', 'supervisor', 'admin'],
      call: async (u, where) => ({ method: 'get', path: `/api/cases/${caseFor(u, where)}/plan` }),
      inside: 'reached',
      outside: 404,
    },
    {
      route: 'GET /api/cases/:id/entitlement',
      roles: ['township_officer', 'county_officer', 'supervisor', 'admin'],
      // The shared case is not approved, so it has no entitlement yet (404 inside too): this row asserts the role check.
      call: async (u, where) => ({ method: 'get', path: `/api/cases/${caseFor(u, where)}/entitlement` }),
      inside: 404,
      outside: 404,
    },
    {
      route: 'GET /api/tasks',
      roles: ALL,
      call: async (u, where) => ({
        method: 'get',
        path: '/api/tasks',
        query: { scope: 'all', ...(where === 'inside' ? {} : { regionCode: outsideRegionOf(u) }) },
      }),
      inside: 200,
      outside: 200,
    },
    {
      route: 'GET /api/tasks/:id',
      roles: ALL,
      call: async (u, where) => ({ method: 'get', path: `/api/tasks/${taskFor(u, where)}` }),
      inside: 200,
      outside: 404,
    },
    {
      route: 'POST /api/tasks/:id/claim',
      roles: WORKERS,
      // Inside: an unclaimed task of the caller's own role. The workflow decides who holds a task: a task row
      // it does not know (county officer, assessor here) passes the API's checks and is 409 TASK_NOT_OPEN.
      call: async (u, where, allowed) => {
        if (where !== 'inside' || !allowed) return taskCall('claim')(u, where);
        const task = u.role === 'township_officer' ? await workflowTask() : await insertTask(fx.yushanCase, u.role);
        return { method: 'post', path: `/api/tasks/${task}/claim` };
      },
      inside: (u) => (u.role === 'township_officer' ? 200 : 409),
      outside: 404,
    },
    {
      route: 'POST /api/tasks/:id/release',
      roles: [...WORKERS, 'supervisor'],
      // Inside: a task the caller holds (a supervisor: one an officer holds); as for claims, a task row the
      // workflow does not know is 409.
      call: async (u, where, allowed) => {
        if (where !== 'inside' || !allowed) return taskCall('release', { reason: '测试' })(u, where);
        const task =
          u.role === 'supervisor' || u.role === 'township_officer'
            ? await workflowTask('township.yushan')
            : await insertTask(fx.yushanCase, u.role, userIds[u.username]);
        return { method: 'post', path: `/api/tasks/${task}/release`, body: { reason: '测试' } };
      },
      inside: (u) => (u.role === 'supervisor' || u.role === 'township_officer' ? 200 : 409),
      outside: 404,
    },
    {
      route: 'POST /api/tasks/:id/assign',
      roles: ['supervisor'],
      call: async (u, where, allowed) => ({
        method: 'post',
        path: `/api/tasks/${where === 'inside' && allowed ? await workflowTask() : taskFor(u, where)}/assign`,
        body: { userId: userIds['township.yushan'], reason: '统筹安排' },
      }),
      inside: 200,
      outside: 404,
    },
    {
      route: 'POST /api/tasks/:id/complete',
      roles: WORKERS,
      // Inside, a township officer completes the acceptance of a case of its own (200). A county officer or an
      // assessor gets a task of their role that the API accepts and the workflow does not know (PostgreSQL and
      // the workflow disagree, as after a Temporal restart): 202, recorded and re-sent, not a 409.
      call: async (u, where, allowed) => {
        if (where !== 'inside' || !allowed) return taskCall('complete', { step: 'acceptance', outcome: 'accept' })(u, where);
        if (u.role === 'township_officer') {
          const task = await openTaskOf(await createCase(tokens['township.yushan'], YUSHAN_VILLAGE));
          return { method: 'post', path: `/api/tasks/${task}/complete`, body: { step: 'acceptance', outcome: 'accept' } };
        }
        const task = await insertTask(fx.yushanCase, u.role);
        const body = u.role === 'county_officer' ? { step: 'approval', outcome: 'approve' } : { step: 'assessment', outcome: 'submitted' };
        return { method: 'post', path: `/api/tasks/${task}/complete`, body };
      },
      inside: (u) => (u.role === 'township_officer' ? 200 : 202),
      outside: 404,
    },
    {
      route: 'POST /api/tasks/bulk-complete',
      roles: WORKERS,
      // The batch is answered 200 with a result per item (here an unknown task, refused as not found); an item
      // outside the caller's subtree is refused the same way (checked below, with the task left open).
      call: async () => ({
        method: 'post',
        path: '/api/tasks/bulk-complete',
        body: { step: 'acceptance', outcome: 'accept', items: [{ taskId: '00000000-0000-4000-8000-000000000000' }] },
      }),
      inside: 200,
      outside: null,
    },
    ...(['summary', 'overdue', 'escalations', 'stuck-cases'] as const).map((name): Endpoint => ({
      route: `GET /api/supervision/${name}`,
      roles: SUPERVISORS,
      call: async (u, where): Promise<Call> => ({
        method: 'get',
        path: `/api/supervision/${name}`,
        query: where === 'inside' ? {} : { regionCode: outsideRegionOf(u) },
      }),
      inside: 200,
      outside: 200,
    })),
    {
      // Who a task can be reassigned to: supervisors only, and nobody outside their own subtree.
      route: 'GET /api/supervision/assignees',
      roles: ['supervisor'],
      call: async (u, where): Promise<Call> => ({
        method: 'get',
        path: '/api/supervision/assignees',
        query: { role: 'township_officer', regionCode: where === 'inside' ? u.region : outsideRegionOf(u) },
      }),
      inside: 200,
      outside: 200,
    },
    {
      route: 'GET /api/notifications',
      roles: ALL,
      call: async () => ({ method: 'get', path: '/api/notifications' }),
      inside: 200,
      outside: null,
    },
    {
      route: 'POST /api/notifications/:id/read',
      roles: ALL,
      // Inside: the caller's own notification; outside: somebody else's.
      call: async (u, where) => ({
        method: 'post',
        path: `/api/notifications/${where === 'inside' ? fx.notes[u.username] : fx.foreignNote}/read`,
      }),
      inside: 200,
      outside: 404,
    },
  ];

  beforeAll(async () => {
    sys = await startSystem();
    await sys.db.query(
      `INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, '测试外县', 'county', NULL, true), ($2, '测试外县镇', 'township', $1, true)
       ON CONFLICT DO NOTHING`,
      [OTHER_COUNTY, OTHER_TOWNSHIP],
    );
    for (const u of [...USERS.map((x) => x.username), 'township.donge']) tokens[u] = await sys.token(u);
    const users: { id: string; username: string }[] = await sys.db.query('SELECT id, username FROM users');
    for (const u of users) userIds[u.username] = u.id;

    fx.yushanCase = await createCase(tokens['township.yushan'], YUSHAN_VILLAGE);
    fx.dongeCase = await createCase(tokens['township.donge'], DONGE_VILLAGE);
    fx.yushanTask = await openTaskOf(fx.yushanCase);
    fx.dongeTask = await openTaskOf(fx.dongeCase);

    // The other county's case is written directly, with its workflow marked started so no worker picks it up.
    const [{ id: personId }]: { id: string }[] = await sys.db.query(
      `INSERT INTO persons (id_number, name, sex, birth_date, region_code) VALUES ($1, '外县老人', 'male', '1945-06-01', $2)
       ON CONFLICT (id_number) DO UPDATE SET updated_at = now() RETURNING id`,
      [buildResidentId(OTHER_COUNTY, '1945-06-01', 101), OTHER_TOWNSHIP],
    );
    fx.otherCase = randomUUID();
    await sys.db.query(
      `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version, applied_on, workflow_started_at)
       SELECT $1, $2, 'hardship-allowance', $3, $4, 'in_progress', 'acceptance', id, version, current_date, now()
         FROM policies WHERE case_type = 'hardship-allowance' AND region_code = '370124' AND version = 1`,
      [fx.otherCase, `HA-OUT-${fx.otherCase.slice(0, 8)}`, personId, OTHER_TOWNSHIP],
    );
    fx.otherTask = await insertTask(fx.otherCase, 'township_officer');

    for (const username of [...USERS.map((u) => u.username), 'township.donge']) {
      const [{ id }]: { id: string }[] = await sys.db.query(
        `INSERT INTO notifications (user_id, kind, case_id, task_id, level, message) VALUES ($1, 'matrix_test', $2, $3, 0, '矩阵测试通知') RETURNING id`,
        [userIds[username], fx.yushanCase, fx.yushanTask],
      );
      fx.notes[username] = id;
    }
    fx.foreignNote = fx.notes['township.donge'];
  });
  afterAll(async () => sys.close());

  const cells = ENDPOINTS.flatMap((e) =>
    USERS.flatMap((u) =>
      (['inside', 'outside'] as const)
        .filter((where) => where === 'inside' || e.outside !== null)
        .map((where) => {
          const allowed = e.roles.includes(u.role);
          const inside = typeof e.inside === 'function' ? e.inside(u) : e.inside;
          const expected: InsideExpectation = !allowed ? 403 : where === 'inside' ? inside : e.outside!;
          return { e, u, where, allowed, expected };
        }),
    ),
  );

  it.each(cells.map((c) => [`${c.e.route} as ${c.u.username} (${c.u.role}), ${c.where}`, c.expected, c] as const))(
    '%s → %s',
    async (_name, expected, { e, u, where, allowed }) => {
      const call = await e.call(u, where, allowed);
      const agent = sys.http();
      let req = (call.method === 'get' ? agent.get(call.path) : agent.post(call.path)).set(...auth(tokens[u.username]));
      if (call.query) req = req.query(call.query);
      const res = await (call.body ? req.send(call.body) : req);
      if (expected === 'reached') {
        expect([401, 403, 404]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
      } else {
        expect({ status: res.status, code: res.body?.code }).toMatchObject({ status: expected });
      }
      if (expected === 403) expect(res.body.code).toBe('FORBIDDEN');
      // Lists outside the subtree are empty: nothing of another region leaks into them.
      if (where === 'outside' && expected === 200) {
        const body = res.body as { items?: unknown[]; total?: number; groups?: unknown[] };
        expect(body.items ?? body.groups ?? []).toEqual([]);
      }
    },
  );

  describe("people's records across regions", () => {
    const intake = (user: string, regionCode: string, applicant: Record<string, string>, caseType = 'hardship-allowance') =>
      sys
        .http()
        .post('/api/cases')
        .set(...auth(tokens[user]))
        .send({ caseType, regionCode, applicant });
    const newId = () => fakeIdNumber(shanghaiDateOf(Date.UTC(1940, 0, 1) + ++seq * 86_400_000));

    it('an assessor sees the applicant of a case with an assessment task in their region, and of no other', async () => {
      const caseId = await createCase(tokens['township.yushan'], YUSHAN_VILLAGE);
      await sys
        .http()
        .get(`/api/cases/${caseId}/applicant`)
        .set(...auth(tokens.assessor))
        .expect(403);
      await insertTask(caseId, 'assessor');
      const res = await sys
        .http()
        .get(`/api/cases/${caseId}/applicant`)
        .set(...auth(tokens.assessor))
        .expect(200);
      expect(res.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    });

    it('an intake in another township neither changes nor describes a person served elsewhere', async () => {
      const idNumber = newId();
      await intake('township.donge', DONGE_VILLAGE, { idNumber, name: '东阿老人', phone: '13900000001' }).expect(201);
      const [person]: { id: string; phone: string; region_code: string }[] = await sys.db.query(
        'SELECT id, phone, region_code FROM persons WHERE id_number = $1',
        [idNumber],
      );
      // Right or wrong name: the same answer, so the name cannot be guessed; no case id of the other township.
      const right = await intake(
        'township.yushan',
        YUSHAN_VILLAGE,
        { idNumber, name: '东阿老人', phone: '13900000002', address: '改' },
        'care-allowance',
      );
      const wrong = await intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '猜一猜' }, 'care-allowance');
      for (const res of [right, wrong]) {
        expect(res.status).toBe(409);
        expect(res.body).toEqual({ statusCode: 409, code: 'PERSON_SERVED_ELSEWHERE', message: right.body.message });
      }
      const same = await intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '东阿老人' });
      expect(same.status).toBe(409);
      expect(same.body.code).toBe('PERSON_SERVED_ELSEWHERE');
      const [after]: { phone: string; region_code: string; address: string | null }[] = await sys.db.query(
        'SELECT phone, region_code, address FROM persons WHERE id = $1',
        [person.id],
      );
      expect(after).toEqual({ phone: '13900000001', region_code: DONGE_VILLAGE, address: null });
    });

    it('a second open case is a 409 naming the case for a caller who may see it, and only then', async () => {
      const idNumber = newId();
      const first = await intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '榆山老人' }).expect(201);
      const again = await intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '榆山老人' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'CASE_ALREADY_OPEN', caseId: first.body.id, caseNo: first.body.caseNo });
      const byCounty = await intake('county.approver', YUSHAN_VILLAGE, { idNumber, name: '榆山老人' });
      expect(byCounty.body).toMatchObject({ code: 'CASE_ALREADY_OPEN', caseId: first.body.id });
      // A yushan person whose open care-allowance case the county filed in 东阿: yushan learns only that one is open.
      const idNumber2 = newId();
      await intake('township.yushan', YUSHAN_VILLAGE, { idNumber: idNumber2, name: '两地老人' }).expect(201);
      const elsewhere = await intake('county.approver', DONGE_VILLAGE, { idNumber: idNumber2, name: '两地老人' }, 'care-allowance').expect(
        201,
      );
      const hidden = await intake('township.yushan', YUSHAN_VILLAGE, { idNumber: idNumber2, name: '两地老人' }, 'care-allowance');
      expect(hidden.status).toBe(409);
      expect(hidden.body.code).toBe('CASE_ALREADY_OPEN');
      expect(JSON.stringify(hidden.body)).not.toContain(elsewhere.body.id);
      expect(JSON.stringify(hidden.body)).not.toContain(elsewhere.body.caseNo);
    });

    it('an intake for a person the officer serves updates phone and address, audited', async () => {
      const idNumber = newId();
      const first = await intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '改号老人', phone: '13900000003' }).expect(201);
      await sys
        .http()
        .post(`/api/cases/${first.body.id}/withdraw`)
        .set(...auth(tokens['township.yushan']))
        .send({ reason: '申请人撤回' })
        .expect(200);
      await intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '改号老人', phone: '13900000004' }).expect(201);
      const personId = first.body.applicant.personId as string;
      const [p]: { phone: string }[] = await sys.db.query('SELECT phone FROM persons WHERE id = $1', [personId]);
      expect(p.phone).toBe('13900000004');
      const audit: { after: { fields: string[] } }[] = await sys.db.query(
        `SELECT after FROM audit_log WHERE action = 'person_updated' AND after->>'personId' = $1`,
        [personId],
      );
      expect(audit.map((a) => a.after.fields)).toEqual([['phone']]);
    });

    it('the serving region moves only by a recorded transfer, and life events follow it', async () => {
      const idNumber = newId();
      const [{ id: personId }]: { id: string }[] = await sys.db.query(
        `INSERT INTO persons (id_number, name, sex, birth_date, region_code) VALUES ($1, '迁居老人', 'male', '1940-01-01', $2) RETURNING id`,
        [idNumber, DONGE_VILLAGE],
      );
      const event = (user: string) =>
        sys
          .http()
          .post(`/api/persons/${personId}/events`)
          .set(...auth(tokens[user]))
          .send({ kind: 'moved_out', on: shanghaiDateOf(Date.now()) });
      const transfer = (user: string) =>
        sys
          .http()
          .post(`/api/persons/${personId}/transfer`)
          .set(...auth(tokens[user]))
          .send({ toRegionCode: YUSHAN_VILLAGE, reason: '户籍迁入榆山街道' });
      await transfer('township.yushan').expect(404); // the receiving township cannot take a person by itself
      await transfer('township.donge').expect(200);
      const audit: { before: { regionCode: string }; after: { regionCode: string }; reason: string }[] = await sys.db.query(
        `SELECT before, after, reason FROM audit_log WHERE action = 'person_transferred' AND after->>'personId' = $1`,
        [personId],
      );
      expect(audit).toEqual([
        { before: { personId, regionCode: DONGE_VILLAGE }, after: { personId, regionCode: YUSHAN_VILLAGE }, reason: '户籍迁入榆山街道' },
      ]);
      await event('township.donge').expect(404);
      await event('township.yushan').expect(200);
    });

    it('a person with an open case is not transferred', async () => {
      const idNumber = newId();
      const c = await intake('township.donge', DONGE_VILLAGE, { idNumber, name: '未结老人' }).expect(201);
      const res = await sys
        .http()
        .post(`/api/persons/${c.body.applicant.personId}/transfer`)
        .set(...auth(tokens['township.donge']))
        .send({ toRegionCode: YUSHAN_VILLAGE, reason: '迁居' });
      expect(res.status).toBe(409);
    });

    it('50 parallel intakes of one new person: one person, one case, the rest 409 naming it, no 5xx', async () => {
      const idNumber = newId();
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => intake('township.yushan', YUSHAN_VILLAGE, { idNumber, name: '并发老人' })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      const created = answers.find((r) => r.status === 201)!.body.id;
      for (const r of answers.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ code: 'CASE_ALREADY_OPEN', caseId: created });
      const persons: unknown[] = await sys.db.query('SELECT 1 FROM persons WHERE id_number = $1', [idNumber]);
      expect(persons).toHaveLength(1);
    });
  });

  it('bulk decisions: a task outside the caller region subtree is refused as not found, per item, and stays open', async () => {
    const res = await sys
      .http()
      .post('/api/tasks/bulk-complete')
      .set(...auth(tokens['township.yushan']))
      .send({ step: 'acceptance', outcome: 'accept', items: [{ taskId: fx.dongeTask }, { taskId: fx.otherTask }] })
      .expect(200);
    expect(res.body).toMatchObject({ total: 2, completed: 0, refused: 2 });
    for (const item of res.body.items as { status: string; code: string }[])
      expect(item).toMatchObject({ status: 'refused', code: 'NOT_FOUND' });
    const open: unknown[] = await sys.db.query('SELECT 1 FROM tasks WHERE id = ANY($1) AND completed_at IS NULL', [
      [fx.dongeTask, fx.otherTask],
    ]);
    expect(open).toHaveLength(2);
  });

  it('the table covers every route under /api/cases, /api/tasks, /api/supervision and /api/notifications', async () => {
    const doc = await sys.http().get('/api/docs-json').expect(200);
    const served = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => /^\/api\/(cases|tasks|supervision|notifications)(\/|$)/.test(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));
    const covered = new Set(ENDPOINTS.map((e) => e.route));
    expect(served.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !served.includes(r))).toEqual([]);
  });
});
