import { randomUUID } from 'node:crypto';
import {
  addRosterSpell,
  auth,
  ensureUser,
  eventually,
  fakeIdNumber,
  installPolicy,
  seconds,
  startSystem,
  type TestSystem,
} from './support/system';
import { API_ERROR_MESSAGES_ZH } from '@app/contracts';
import { CaseDriver, HOME_VISIT } from './support/case-driver';

/** Long enough for a decision on a busy machine; a stopped worker makes the item pending after it. */
const DEADLINE_MS = 5000;

/**
 * Bulk approval on the server (POST /api/tasks/bulk-complete): each item goes through the single
 * completion (checks, workflow validator, audit, Update deadline); refusals are per item.
 */
describe('bulk decisions', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const village = '370124103002'; // 洪范池镇 纸坊村: no other spec file uses it
  const officer = 'township.hongfan.bulk';
  const county = 'county.approver';

  beforeAll(async () => {
    process.env.YIYANG_UPDATE_DEADLINE_MS = String(DEADLINE_MS);
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await ensureUser(sys.db, officer, 'township_officer', '370124103');
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(2) } : s)),
    }));
  });
  afterAll(async () => {
    await sys.close();
    delete process.env.YIYANG_UPDATE_DEADLINE_MS;
  });

  const newCase = async () => {
    const idNumber = fakeIdNumber('1950-03-15');
    await addRosterSpell(sys.db, idNumber, 'dibao', village, '2021-01-01');
    return drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1950-03-15', idNumber });
  };
  /** A case whose county approval task is open. */
  const atApproval = async () => {
    const c = await newCase();
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    return { caseId: c.id, taskId: (await drive.task(county, c.id, 'approval')).id };
  };
  const read = async (username: string, path: string) => {
    const res = await sys
      .http()
      .get(path)
      .set(...auth(await sys.token(username)));
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown>;
  };
  const bulk = async (username: string, body: object) =>
    sys
      .http()
      .post('/api/tasks/bulk-complete')
      .set(...auth(await sys.token(username)))
      .send(body);

  it('approves the good cases and reports each refused one by its code, without stopping the rest', async () => {
    const [good1, good2, closed] = await Promise.all([atApproval(), atApproval(), atApproval()]);
    const inReview = await newCase();
    await drive.decide(officer, inReview.id, 'acceptance', 'accept');
    const review = await drive.task(officer, inReview.id, 'review');
    // Approved before with another comment: a different decision, so the batch's is refused (the very same
    // decision sent again would be answered with its first result: test/pending-decisions.e2e-spec.ts).
    await drive.decide(county, closed.caseId, 'approval', 'approve', { comment: '已先行审批' });
    const unknown = randomUUID();

    const res = await bulk(county, {
      step: 'approval',
      outcome: 'approve',
      comment: '同意',
      items: [{ taskId: good1.taskId }, { taskId: closed.taskId }, { taskId: unknown }, { taskId: review.id }, { taskId: good2.taskId }],
    });

    expect(res.status).toBe(200);
    const byTask = new Map(
      (res.body.items as { taskId: string; status: string; code: string | null; message: string | null }[]).map((i) => [i.taskId, i]),
    );
    expect(res.body.items.map((i: { taskId: string }) => i.taskId)).toEqual([
      good1.taskId,
      closed.taskId,
      unknown,
      review.id,
      good2.taskId,
    ]);
    expect(byTask.get(good1.taskId)).toMatchObject({ status: 'completed', code: null });
    expect(byTask.get(good2.taskId)).toMatchObject({ status: 'completed', code: null });
    expect(byTask.get(closed.taskId)).toMatchObject({ status: 'refused', code: 'TASK_CLOSED' });
    expect(byTask.get(unknown)).toMatchObject({ status: 'refused', code: 'NOT_FOUND' });
    expect(byTask.get(review.id)).toMatchObject({ status: 'refused', code: 'WRONG_STEP' });
    expect(res.body).toMatchObject({ total: 5, completed: 2, refused: 3, pending: 0 });
    // Every refusal reads in Chinese at the source, as the console shows it and an export keeps it.
    expect(byTask.get(closed.taskId)?.message).toMatch(/^该任务已由您本人办结/);
    expect(byTask.get(unknown)?.message).toMatch(new RegExp(`^${API_ERROR_MESSAGES_ZH.NOT_FOUND}`));
    expect(byTask.get(review.id)?.message).toMatch(new RegExp(`^${API_ERROR_MESSAGES_ZH.WRONG_STEP}`));

    // The good ones are approved exactly as a single approval would; the refused review is untouched.
    for (const g of [good1, good2]) {
      const rows: { outcome: string; completed_at: Date | null }[] = await sys.db.query(
        'SELECT outcome, completed_at FROM tasks WHERE id = $1',
        [g.taskId],
      );
      expect(rows[0].outcome).toBe('approve');
      expect(rows[0].completed_at).not.toBeNull();
      await drive.status(officer, g.caseId, 'active');
      const timeline = await drive.timeline(officer, g.caseId);
      expect(timeline.filter((e) => e.action === 'task_completed' && e.step === 'approval')).toHaveLength(1);
    }
    const [reviewRow]: { completed_at: Date | null }[] = await sys.db.query('SELECT completed_at FROM tasks WHERE id = $1', [review.id]);
    expect(reviewRow.completed_at).toBeNull();

    // One audit row for the batch, naming each task and its result.
    const batch: { actor_role: string; after: { items: { taskId: string; status: string }[]; completed: number } }[] = await sys.db.query(
      `SELECT actor_role, after FROM audit_log WHERE action = 'bulk_decisions' AND event_key = $1`,
      [`bulk-decisions:${res.body.batchId}`],
    );
    expect(batch).toHaveLength(1);
    expect(batch[0].actor_role).toBe('county_officer');
    expect(batch[0].after.completed).toBe(2);
    expect(batch[0].after.items.map((i) => i.status)).toEqual(['completed', 'refused', 'refused', 'refused', 'completed']);
  });

  it('an item may carry its own outcome and reason; a refusal without one is REASON_REQUIRED on that item only', async () => {
    const [a, b] = await Promise.all([atApproval(), atApproval()]);
    const res = await bulk(county, {
      step: 'approval',
      items: [
        { taskId: a.taskId, outcome: 'reject' },
        { taskId: b.taskId, outcome: 'reject', comment: '家庭收入超过当地标准' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ status: 'refused', code: 'REASON_REQUIRED' });
    expect(res.body.items[0].message).toMatch(new RegExp(`^${API_ERROR_MESSAGES_ZH.REASON_REQUIRED}`));
    expect(res.body.items[1]).toMatchObject({ status: 'completed' });
    // The single completion answers in the same words.
    const single = await sys
      .http()
      .post(`/api/tasks/${a.taskId}/complete`)
      .set(...auth(await sys.token(county)))
      .send({ step: 'approval', outcome: 'reject' });
    expect({ status: single.status, code: single.body.code, message: single.body.message }).toEqual({
      status: 400,
      code: 'REASON_REQUIRED',
      message: res.body.items[0].message,
    });
  });

  it('with no worker running the items are pending at the deadline, and are applied when it returns', async () => {
    const c = await atApproval();
    await sys.stopWorker();
    try {
      const res = await bulk(county, { step: 'approval', outcome: 'approve', comment: '同意', items: [{ taskId: c.taskId }] });
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({ status: 'pending', code: 'DECISION_PENDING' });
      expect(res.body.items[0].message).toMatch(/^决定已记录/);
      expect(res.body.pending).toBe(1);
      // The task and the case show the decision awaiting the system, not an open task inviting another.
      const [recorded]: { created_at: Date }[] = await sys.db.query('SELECT created_at FROM pending_decisions WHERE task_id = $1', [
        c.taskId,
      ]);
      const awaiting = { submittedAt: recorded.created_at.toISOString(), outcome: 'approve', actorId: expect.any(String) };
      expect((await read(county, `/api/tasks/${c.taskId}`)).pendingDecision).toEqual(awaiting);
      const openTasks = (await read(county, `/api/cases/${c.caseId}`)).openTasks as { id: string; pendingDecision: unknown }[];
      expect(openTasks).toEqual([expect.objectContaining({ id: c.taskId, pendingDecision: awaiting })]);
    } finally {
      await sys.startWorker();
    }
    await eventually(
      async () => {
        const [row]: { completed_at: Date | null }[] = await sys.db.query('SELECT completed_at FROM tasks WHERE id = $1', [c.taskId]);
        return row.completed_at ?? undefined;
      },
      60_000,
      'the pending approval to be applied',
    );
    expect((await read(county, `/api/tasks/${c.taskId}`)).pendingDecision).toBeNull();
  });

  it('refuses a malformed batch as a whole before deciding anything', async () => {
    const id = randomUUID();
    const cases: [string, object, string][] = [
      ['no items', { step: 'approval', outcome: 'approve', items: [] }, 'items'],
      ['too many', { step: 'approval', outcome: 'approve', items: Array.from({ length: 201 }, () => ({ taskId: randomUUID() })) }, 'items'],
      ['twice the same task', { step: 'approval', outcome: 'approve', items: [{ taskId: id }, { taskId: id }] }, 'items'],
      ['no outcome anywhere', { step: 'approval', items: [{ taskId: id }] }, 'items.0.outcome'],
      ['not a uuid', { step: 'approval', outcome: 'approve', items: [{ taskId: 'x' }] }, 'taskId'],
    ];
    for (const [what, body, field] of cases) {
      const res = await bulk(county, body);
      expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const supervisor = await bulk('supervisor.county', { step: 'approval', outcome: 'approve', items: [{ taskId: id }] });
    expect(supervisor.status).toBe(403);
  });
});
