import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseWorkflowId, completeTaskUpdate, type Actor } from '@app/contracts';
import { addWorkingDays } from '@app/domain/calendar';
import { shanghaiDateOf } from '@app/domain/dates';
import { completeTaskIn } from '../activities/case.activities';
import { genericHolidayYear, systemCalendar } from './support/calendar';
import { CaseDriver, HOME_VISIT } from './support/case-driver';
import {
  addRosterSpell,
  ensureUser,
  eventually,
  fakeIdNumber,
  installPolicy,
  seconds,
  startSystem,
  type TestSystem,
} from './support/system';

/**
 * Newer cases run each transition in one transaction (a local activity): intake answers with the
 * first task, each step answers with the next, a hardship case stays small in history, and a
 * decision PostgreSQL refuses is not retried forever but put before a person.
 */
describe('one transaction per transition', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  // A county of its own, out of the demo county whose regions other specs count (admin lists the
  // assessor's 25), so neither its regions nor its short notice touch any other spec.
  const county = '379904';
  const township = '379904001';
  const village = '379904001001';
  const officer = 'otx.officer';
  const supervisor = 'otx.supervisor';
  const approver = 'otx.approver';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await sys.db.query(
      `INSERT INTO regions (code, name, level, parent_code, is_demo)
       VALUES ($1, '单事务测试县', 'county', NULL, true), ($2, '单事务测试镇', 'township', $1, true), ($3, '单事务测试村', 'village', $2, true)
       ON CONFLICT (code) DO NOTHING`,
      [county, township, village],
    );
    await ensureUser(sys.db, officer, 'township_officer', township);
    await ensureUser(sys.db, supervisor, 'supervisor', township);
    await ensureUser(sys.db, approver, 'county_officer', county);
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(1) } : s)),
    }));
  });
  afterAll(async () => sys.close());

  const actorOf = async (username: string): Promise<Actor> => {
    const [user]: { id: string; role: Actor['role']; region_code: string; display_name: string }[] = await sys.db.query(
      `SELECT id, role, region_code, display_name FROM users WHERE username = $1`,
      [username],
    );
    return { userId: user.id, role: user.role, regionCode: user.region_code, displayName: user.display_name };
  };

  const newCase = async () => {
    const idNumber = fakeIdNumber('1950-06-15');
    await addRosterSpell(sys.db, idNumber, 'dibao', village, '2021-01-01');
    return drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1950-06-15', idNumber });
  };

  it('answers intake with the first task and each step with the next; intake to approval takes at most 50 history events', async () => {
    const created = (await newCase()) as Awaited<ReturnType<typeof newCase>> & { openTasks: { step: string }[] };
    // Written in the intake transaction: no waiting for the workflow.
    expect(created.openTasks.map((t) => t.step)).toEqual(['acceptance']);
    const accepted = await drive.decide(officer, created.id, 'acceptance', 'accept');
    expect(accepted.case.openTasks.map((t) => t.step)).toEqual(['review']);
    const reviewed = await drive.decide(officer, created.id, 'review', 'pass', { data: HOME_VISIT });
    expect(reviewed.case.currentStep).toBe('notice');
    await drive.decide(approver, created.id, 'approval', 'approve', { comment: '同意' });
    await drive.status(officer, created.id, 'active');

    const history = await sys.client.workflow.getHandle(caseWorkflowId(created.id)).fetchHistory();
    const events = history.events ?? [];
    expect(events.length).toBeLessThanOrEqual(50);
    // Every transition ran inside a workflow task: no activity went through the server's task queue.
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
    // The approval is one transition: the grant marks the case active in the same local activity, and
    // the first annual review's date (12 months: no days to count) is counted in the workflow.
    const approvalAccepted = events.map((e) => Boolean(e.workflowExecutionUpdateAcceptedEventAttributes)).lastIndexOf(true);
    const approvalTransitions = events
      .slice(approvalAccepted)
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(approvalTransitions).toHaveLength(1);
    const plan = await sys.db.query(
      `SELECT data->'context'->'eligibility'->>'eligible' AS eligible FROM tasks WHERE case_id = $1 AND step = 'approval'`,
      [created.id],
    );
    expect(plan).toEqual([{ eligible: 'true' }]);
  });

  it('audits each statement-merged write with what it read: the number intake drew, the state a step left', async () => {
    const created = await newCase();
    await drive.decide(officer, created.id, 'acceptance', 'accept');
    await drive.decide(officer, created.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.decide(approver, created.id, 'approval', 'approve', { comment: '同意' });
    await drive.status(officer, created.id, 'active');
    const entries: { action: string; region_code: string; before: Record<string, unknown> | null; after: Record<string, unknown> }[] =
      await sys.db.query(
        `SELECT action, region_code, before, after FROM audit_log WHERE case_id = $1 AND action IN ('case_created', 'case_approved') ORDER BY at, id`,
        [created.id],
      );
    const [policy]: { policy_id: string; policy_version: number }[] = await sys.db.query(
      'SELECT policy_id, policy_version FROM cases WHERE id = $1',
      [created.id],
    );
    expect(entries).toEqual([
      {
        action: 'case_created',
        region_code: village,
        before: null,
        after: {
          caseNo: created.caseNo,
          caseType: 'hardship-allowance',
          appliedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          policyId: policy.policy_id,
          policyVersion: policy.policy_version,
        },
      },
      {
        action: 'case_approved',
        region_code: village,
        before: { status: 'in_progress', currentStep: 'approval' },
        after: expect.objectContaining({ status: 'active', currentStep: null }),
      },
    ]);
    // Marked active in the grant's transaction, with the entitlement it granted.
    const [entitlement]: { id: string; start_month: string }[] = await sys.db.query(
      `SELECT id, start_month FROM entitlements WHERE case_id = $1`,
      [created.id],
    );
    expect(entries[1].after).toMatchObject({ entitlementId: entitlement.id, startMonth: entitlement.start_month });
    // The grant writes its entitlement's first revision without looking for earlier ones: revision 1,
    // current, with the segments its audit entry counts.
    const stored: { current_revision: number; revision: number; segments: number; audited: number }[] = await sys.db.query(
      `SELECT e.current_revision, r.revision,
              (SELECT count(*)::int FROM entitlement_segments s WHERE s.entitlement_id = e.id AND s.revision = r.revision) AS segments,
              (SELECT (a.after->>'segments')::int FROM audit_log a WHERE a.case_id = e.case_id AND a.action = 'entitlement_granted') AS audited
         FROM entitlements e JOIN entitlement_revisions r ON r.entitlement_id = e.id WHERE e.case_id = $1`,
      [created.id],
    );
    expect(stored).toEqual([{ current_revision: 1, revision: 1, segments: stored[0]?.audited, audited: expect.any(Number) }]);
    expect(stored[0].segments).toBeGreaterThan(0);
  });

  it('numbers cases past 999,999 with every digit (never cut to six)', async () => {
    const [{ last }]: { last: string }[] = await sys.db.query(`SELECT last_value AS last FROM case_no_seq`);
    // Sequences are not transactional: the value is put back (forward of anything drawn since) after.
    await sys.db.query(`SELECT setval('case_no_seq', 1234566)`);
    try {
      const created = await newCase();
      expect(created.caseNo).toMatch(/^HA-\d{4}-1234567$/);
    } finally {
      await sys.db.query(`SELECT setval('case_no_seq', $1)`, [Number(last) + 10]);
    }
  });

  it("counts a holiday year loaded a moment before a step: the step's own read of the case checks the worker's cached calendar", async () => {
    // A village of its own whose review runs 300 working days: far enough to reach a year no
    // arrangement is loaded for, whatever today is.
    const farVillage = '379904001002';
    await sys.db.query(
      `INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1, '单事务测试远村', 'village', $2, true) ON CONFLICT (code) DO NOTHING`,
      [farVillage, township],
    );
    await installPolicy(sys.db, 'hardship-allowance', farVillage, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'task' && s.step === 'review' ? { ...s, deadline: { unit: 'working_days', amount: 300 } } : s)),
    }));
    const reviewOf = async () => {
      const idNumber = fakeIdNumber('1950-06-15');
      await addRosterSpell(sys.db, idNumber, 'dibao', farVillage, '2021-01-01');
      const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: farVillage, birthDate: '1950-06-15', idNumber });
      await drive.decide(officer, c.id, 'acceptance', 'accept');
      const [row]: { due_date: string; calendar_flag: string | null; created_at: Date }[] = await sys.db.query(
        `SELECT due_date, calendar_flag, created_at FROM tasks WHERE case_id = $1 AND step = 'review'`,
        [c.id],
      );
      return row;
    };
    const unloaded = addWorkingDays(await systemCalendar(sys.db), shanghaiDateOf(Date.now()), 300).unloadedYears;
    expect(unloaded.length).toBeGreaterThan(0);
    // The worker has read (and cached) the calendar without those years.
    expect((await reviewOf()).calendar_flag).toBe(`holiday-calendar-missing:${unloaded.join(',')}`);
    try {
      for (const y of unloaded.map(genericHolidayYear)) {
        await sys.db.query(
          `INSERT INTO holiday_years (year, holidays, makeup_workdays, source, loaded_at) VALUES ($1, $2, $3, $4, now())`,
          [y.year, JSON.stringify(y.holidays), JSON.stringify(y.makeupWorkdays), y.source],
        );
      }
      const review = await reviewOf();
      const expected = addWorkingDays(await systemCalendar(sys.db), shanghaiDateOf(review.created_at), 300);
      expect(expected.unloadedYears).toEqual([]);
      expect(review).toMatchObject({ calendar_flag: null, due_date: expected.due });
    } finally {
      await sys.db.query(`DELETE FROM holiday_years WHERE year = ANY($1) AND source LIKE '测试用%'`, [unloaded]);
    }
  });

  it('accepts a decision that reaches the workflow together with its start', async () => {
    // No worker: the workflow's first task waits on the server, and the Update joins it there.
    await sys.stopWorker();
    let pending: ReturnType<CaseDriver['complete']> | null = null;
    try {
      const created = (await newCase()) as Awaited<ReturnType<typeof newCase>> & { openTasks: { id: string; step: string }[] };
      pending = drive.complete(officer, created.openTasks[0].id, { step: 'acceptance', outcome: 'accept' });
      const handle = sys.client.workflow.getHandle(caseWorkflowId(created.id));
      await eventually(
        async () => ((await handle.fetchHistory()).events ?? []).length === 2 || undefined,
        20000,
        'the workflow task waiting',
      );
    } finally {
      await sys.startWorker();
    }
    const res = await pending!;
    expect(res.status).toBe(200);
    expect(res.body.case.openTasks.map((t: { step: string }) => t.step)).toEqual(['review']);
  });

  it("records a decision once: the findings join the task's context, a retried write changes nothing, an unknown task is refused", async () => {
    const created = await newCase();
    await drive.decide(officer, created.id, 'acceptance', 'accept', { comment: '材料齐全' });
    const review = await drive.task(officer, created.id, 'review');
    await drive.decide(officer, created.id, 'review', 'pass', { data: HOME_VISIT });
    const read = async () => {
      const [row]: { data: Record<string, Record<string, unknown>>; outcome: string; completed_at: Date; completed_by: string }[] =
        await sys.db.query('SELECT data, outcome, completed_at, completed_by FROM tasks WHERE id = $1', [review.id]);
      const audit: { region_code: string; after: Record<string, unknown> }[] = await sys.db.query(
        `SELECT region_code, after FROM audit_log WHERE task_id = $1 AND action = 'task_completed'`,
        [review.id],
      );
      return { row, audit };
    };
    const recorded = await read();
    expect(Object.keys(recorded.row.data).sort()).toEqual(['context', 'submitted']);
    expect(recorded.row.data.submitted).toEqual(HOME_VISIT);
    expect(recorded.row.data.context.eligibility).toMatchObject({ eligible: true });
    expect(recorded.row.outcome).toBe('pass');
    expect(recorded.audit).toEqual([{ region_code: village, after: { outcome: 'pass', data: HOME_VISIT } }]);

    // The local activity retried after its commit (another outcome, to show nothing is overwritten).
    const actor = await actorOf(officer);
    const retried = {
      caseId: created.id,
      taskId: review.id,
      step: 'review',
      actor,
      outcome: 'return',
      comment: '重试',
      data: { other: true },
      completedAt: new Date().toISOString(),
    };
    await completeTaskIn(sys.db, retried);
    expect(await read()).toEqual(recorded);
    await expect(completeTaskIn(sys.db, { ...retried, taskId: randomUUID() })).rejects.toMatchObject({ type: 'TASK_NOT_OPEN' });
  });

  it('a decision the database could not store (a NUL in the actor name, past the API) is refused before it is accepted: nothing is stored, the task stays open', async () => {
    const created = await newCase();
    const task = await drive.task(officer, created.id, 'acceptance');
    // The API fills the officer's name itself; a sender straight to the workflow may not. Since the
    // decision is stored with its consequences in one transaction, the validator checks it against
    // every rule its storage enforces.
    const signedIn = await actorOf(officer);
    const actor: Actor = { ...signedIn, displayName: `${signedIn.displayName}\u0000` };
    const handle = sys.client.workflow.getHandle(caseWorkflowId(created.id));
    const refused = await handle
      .executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, step: 'acceptance', outcome: 'accept', comment: '材料齐全', actor }],
      })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('INVALID_DATA');
    expect((cause as ApplicationFailure).message).toContain('actor.displayName');
    // Refused by the validator: not in the history, nothing written, the case goes on.
    const history = await handle.fetchHistory();
    expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(0);
    const [row]: { status: string; attention_reason: string | null; completed_at: Date | null }[] = await sys.db.query(
      'SELECT c.status, c.attention_reason, t.completed_at FROM cases c JOIN tasks t ON t.case_id = c.id WHERE t.id = $1',
      [task.id],
    );
    expect(row).toEqual({ status: 'in_progress', attention_reason: null, completed_at: null });
    const decided = await drive.decide(officer, created.id, 'acceptance', 'accept', { comment: '材料齐全' });
    expect(decided.case.openTasks.map((t) => t.step)).toEqual(['review']);
  });
  it('a decision whose storage fails for good inside its transition (its task row deleted behind the workflow) puts the case before a person; a withdrawal ends it', async () => {
    const created = await newCase();
    const task = await drive.task(officer, created.id, 'acceptance');
    await sys.db.query('DELETE FROM tasks WHERE id = $1', [task.id]);
    const handle = sys.client.workflow.getHandle(caseWorkflowId(created.id));
    const decision = await handle.startUpdate(completeTaskUpdate, {
      args: [{ taskId: task.id, step: 'acceptance', outcome: 'accept', comment: '材料齐全', actor: await actorOf(officer) }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const flagged = await eventually(async () => {
      const [row]: { status: string; attention_reason: string | null }[] = await sys.db.query(
        'SELECT status, attention_reason FROM cases WHERE id = $1',
        [created.id],
      );
      return row.status === 'needs_attention' ? row : undefined;
    });
    expect(flagged.attention_reason).toContain(`the decided task ${task.id} has no row`);
    const told: { username: string }[] = await sys.db.query(
      `SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = $1 AND n.kind = 'case_needs_attention'`,
      [created.id],
    );
    expect(told.map((n) => n.username)).toEqual([supervisor]);
    // No task was opened on a decision that was not stored.
    const tasks: { step: string }[] = await sys.db.query('SELECT step FROM tasks WHERE case_id = $1', [created.id]);
    expect(tasks).toEqual([]);

    const res = await sys
      .http()
      .post(`/api/cases/${created.id}/withdraw`)
      .set('Authorization', `Bearer ${await sys.token(officer)}`)
      .send({ reason: '申请人书面撤回' })
      .expect(200);
    expect(res.body.status).toBe('withdrawn');
    // The decision's Update is answered once the case has ended (with the case as it ended).
    expect((await decision.result()).status).toBe('withdrawn');
  });
});
