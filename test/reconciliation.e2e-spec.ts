import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { ReconcileResult } from '../activities';
import { createApiApp } from '../apps/api/src/create-app';
import { CaseDriver } from './support/case-driver';
import { addRosterSpell, auth, ensureUser, eventually, fakeIdNumber, installPolicy, startSystem, type TestSystem } from './support/system';

/**
 * Nothing stuck silently: the reconciliation job compares PostgreSQL with Temporal and lists each
 * stuck case with its reason for supervisors, in the metrics and in health; health also reports
 * whether a worker polls the task queue.
 */
describe('reconciliation and health', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const township = '370124104'; // 玫瑰镇
  const village = '370124104001';
  const badPolicyVillage = '370124104002';
  const officer = 'township.meigui.recon';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await ensureUser(sys.db, officer, 'township_officer', township);
  });
  afterAll(async () => sys.close());

  const reconcile = (input: { caseIds: string[]; maxAttempts?: number; taskGraceSeconds?: number }) =>
    sys.client.workflow.execute('reconciliationWorkflow', {
      taskQueue: sys.taskQueue,
      workflowId: `reconciliation-test-${randomUUID()}`,
      args: [input],
    }) as Promise<ReconcileResult>;

  async function stuck(kind?: string) {
    const res = await sys
      .http()
      .get('/api/supervision/stuck-cases')
      .query({ pageSize: 200, ...(kind ? { kind } : {}) })
      .set(...auth(await sys.token('supervisor.county')))
      .expect(200);
    return res.body as {
      items: { caseId: string; kind: string; subject: string | null; reason: string; kindLabel: string }[];
      total: number;
      lastRunAt: string | null;
    };
  }

  async function openCase(regionCode: string) {
    const birthDate = '1950-03-01';
    const idNumber = fakeIdNumber(birthDate);
    await addRosterSpell(sys.db, idNumber, 'dibao', regionCode, '2015-01-01');
    return drive.create(officer, { caseType: 'hardship-allowance', regionCode, birthDate, idNumber });
  }

  it('health reports the worker polling the task queue, and the reconciliation backlog', async () => {
    const res = await eventually(async () => {
      const r = await sys.http().get('/api/health');
      return r.body.checks?.worker?.status === 'up' ? r : undefined;
    });
    expect(res.status).toBe(200);
    expect(res.body.checks.worker).toMatchObject({ taskQueue: sys.taskQueue });
    expect(res.body.checks.worker.workflowPollers).toBeGreaterThan(0);
    expect(res.body.checks.worker.activityPollers).toBeGreaterThan(0);
    expect(res.body.checks.reconciliation).toMatchObject({ backlog: expect.any(Number) });
  });

  describe('an API whose task queue no worker polls', () => {
    let lonely: INestApplication;
    beforeAll(async () => {
      const queue = process.env.TEMPORAL_TASK_QUEUE;
      process.env.TEMPORAL_TASK_QUEUE = `nobody-polls-${randomUUID()}`;
      try {
        lonely = await createApiApp(process.env.DATABASE_URL!, { logger: false });
        await lonely.init();
      } finally {
        process.env.TEMPORAL_TASK_QUEUE = queue;
      }
    });
    afterAll(async () => lonely.close());

    it('answers 503 degraded: the worker is down although PostgreSQL and Temporal are up', async () => {
      const res = await request(lonely.getHttpServer()).get('/api/health').expect(503);
      expect(res.body).toMatchObject({
        status: 'degraded',
        checks: {
          postgres: { status: 'up' },
          temporal: { status: 'up' },
          worker: { status: 'down', workflowPollers: 0, activityPollers: 0, error: 'no worker is polling the task queue' },
        },
      });
      const metrics = await request(lonely.getHttpServer()).get('/api/metrics').expect(200);
      expect(metrics.text).toContain('yiyang_dependency_up{dependency="worker"} 0');
      expect(metrics.text).toContain('yiyang_dependency_up{dependency="postgres"} 1');
    });
  });

  it('lists a case whose workflow was terminated while PostgreSQL shows it open', async () => {
    const c = await openCase(village);
    await drive.task(officer, c.id, 'acceptance');
    await sys.client.workflow.getHandle(`case-${c.id}`).terminate('history too large (test)');

    const result = await reconcile({ caseIds: [c.id] });
    expect(result).toMatchObject({ checkedCases: 1 });
    const list = await stuck('workflow_closed');
    const item = list.items.find((i) => i.caseId === c.id);
    expect(item).toMatchObject({
      kind: 'workflow_closed',
      reason: 'The workflow was terminated while the case is still open in PostgreSQL.',
    });
    expect(list.lastRunAt).not.toBeNull();

    const health = await sys.http().get('/api/health').expect(200);
    expect(health.body.status).toBe('attention');
    expect(health.body.checks.reconciliation.backlog).toBeGreaterThanOrEqual(1);
    expect(health.body.checks.reconciliation.byKind.workflow_closed).toBeGreaterThanOrEqual(1);
    const metrics = await sys.http().get('/api/metrics').expect(200);
    const gauge = Number(/yiyang_stuck_cases\{kind="workflow_closed"\} (\d+)/.exec(metrics.text)?.[1]);
    expect(gauge).toBeGreaterThanOrEqual(1);

    // A second pass keeps one finding per case and kind, not one per run.
    await reconcile({ caseIds: [c.id] });
    expect((await stuck('workflow_closed')).items.filter((i) => i.caseId === c.id)).toHaveLength(1);
  });

  it('lists a case whose transition keeps failing, with the failure, and resolves it once the transition succeeds', async () => {
    const c = await openCase(village);
    const task = await drive.task(officer, c.id, 'acceptance');
    // PostgreSQL refuses the next task row of this case with a retryable error (not a data error),
    // as a permission or a lock problem would: the transition advanceCase fails on every attempt.
    const trigger = `refuse_tasks_${c.id.replace(/-/g, '')}`;
    await sys.db.query(`
      CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.case_id = '${c.id}' THEN RAISE EXCEPTION 'tasks of this case are refused (test)' USING ERRCODE = '55000'; END IF;
        RETURN NEW;
      END $$`);
    await sys.db.query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      // The decision is held by the workflow while the transition retries: accepted, not yet applied.
      const res = await drive.complete(officer, task.id, { step: 'acceptance', outcome: 'accept' });
      expect([200, 202]).toContain(res.status);
      const item = await eventually(
        async () => {
          await reconcile({ caseIds: [c.id], maxAttempts: 3 });
          return (await stuck('activity_retrying')).items.find((i) => i.caseId === c.id);
        },
        45000,
        'the retrying transition to be reported',
      );
      // advanceCase is a local activity: no pending activity for DescribeWorkflowExecution to list.
      const description = await sys.client.workflow.getHandle(`case-${c.id}`).describe();
      expect(description.raw.pendingActivities ?? []).toEqual([]);
      expect(item.subject).toBe('advanceCase');
      expect(item.reason).toMatch(/^Activity advanceCase has failed \d+ times and keeps retrying: .*tasks of this case are refused/);
      expect(description.memo?.transitionRetrying).toMatchObject({ activity: 'advanceCase', failures: expect.any(Number) });
    } finally {
      await sys.db.query(`DROP TRIGGER ${trigger} ON tasks`);
      await sys.db.query(`DROP FUNCTION ${trigger}()`);
    }
    // Healed: the next round opens the review task, the memo is cleared and the finding resolved.
    await drive.task(officer, c.id, 'review', 60000);
    // The task row is committed by the (local) activity; the memo is cleared when the workflow task
    // that ran it completes, a moment later (on the cluster, often after the task is seen).
    await eventually(
      async () =>
        (await sys.client.workflow.getHandle(`case-${c.id}`).describe()).memo?.transitionRetrying === undefined ? true : undefined,
      20000,
      'the retry memo to be cleared',
    );
    await reconcile({ caseIds: [c.id], maxAttempts: 3 });
    expect((await stuck('activity_retrying')).items.filter((i) => i.caseId === c.id)).toEqual([]);
  });

  it('lists a case whose workflow task keeps failing (a policy stored before it was validated)', async () => {
    // A unit no workflow can count in, on the review step, written past the API's validation as an
    // old version might be: intake and acceptance work, the workflow code opening review fails.
    await installPolicy(sys.db, 'hardship-allowance', badPolicyVillage, (p) => ({
      ...p,
      chain: p.chain.map((s) =>
        s.kind === 'task' && s.step === 'review' ? { ...s, deadline: { unit: 'fortnights', amount: 1 } as never } : s,
      ),
    }));
    const c = await openCase(badPolicyVillage);
    const task = await drive.task(officer, c.id, 'acceptance');
    await drive.complete(officer, task.id, { step: 'acceptance', outcome: 'accept' });
    const item = await eventually(
      async () => {
        await reconcile({ caseIds: [c.id], maxAttempts: 3 });
        return (await stuck('activity_retrying')).items.find((i) => i.caseId === c.id);
      },
      45000,
      'the failing workflow task to be reported',
    );
    expect(item.subject).toBe('workflowTask');
    expect(item.reason).toMatch(/^The workflow task has failed \d+ times and keeps retrying/);
  });

  it('lists an open task the workflow is not waiting for, and resolves it once it is gone', async () => {
    const c = await openCase(village);
    const acceptance = await drive.task(officer, c.id, 'acceptance');
    const stray = randomUUID();
    await sys.db.query(
      `INSERT INTO tasks (id, case_id, case_type, step, region_code, candidate_role, created_at, due_at, due_date)
       SELECT $1, case_id, case_type, 'review', region_code, candidate_role, created_at - interval '1 hour', due_at, due_date FROM tasks WHERE id = $2`,
      [stray, acceptance.id],
    );
    await reconcile({ caseIds: [c.id], taskGraceSeconds: 60 });
    const found = (await stuck('task_not_awaited')).items.filter((i) => i.caseId === c.id);
    expect(found).toEqual([
      expect.objectContaining({ subject: stray, reason: 'Task review is open in PostgreSQL but the workflow is not waiting for it.' }),
    ]);

    await sys.db.query(`UPDATE tasks SET completed_at = now(), outcome = 'void' WHERE id = $1`, [stray]);
    await reconcile({ caseIds: [c.id], taskGraceSeconds: 60 });
    expect((await stuck('task_not_awaited')).items.filter((i) => i.caseId === c.id)).toEqual([]);
    const resolved: { resolved_at: Date | null }[] = await sys.db.query(
      `SELECT resolved_at FROM reconciliation_findings WHERE case_id = $1 AND kind = 'task_not_awaited'`,
      [c.id],
    );
    expect(resolved).toHaveLength(1);
    expect(resolved[0].resolved_at).not.toBeNull();
  });

  it('lists a case whose workflow waits for a task PostgreSQL shows completed (no open task an officer could act on), and resolves it once the task is open again', async () => {
    const c = await openCase(village);
    const acceptance = await drive.task(officer, c.id, 'acceptance');
    // As if the decision's row had been written while the workflow never took the decision.
    await sys.db.query(`UPDATE tasks SET completed_at = now() - interval '1 hour', outcome = 'accept' WHERE id = $1`, [acceptance.id]);
    await reconcile({ caseIds: [c.id], taskGraceSeconds: 60 });
    const found = (await stuck('task_not_open')).items.filter((i) => i.caseId === c.id);
    expect(found).toEqual([
      expect.objectContaining({
        subject: acceptance.id,
        reason: 'The workflow waits for task acceptance, which PostgreSQL shows completed: no officer can act on it.',
      }),
    ]);
    await sys.db.query(`UPDATE tasks SET completed_at = NULL, outcome = NULL WHERE id = $1`, [acceptance.id]);
    await reconcile({ caseIds: [c.id], taskGraceSeconds: 60 });
    expect((await stuck('task_not_open')).items.filter((i) => i.caseId === c.id)).toEqual([]);
  });

  it('shows stuck cases only within the caller’s region subtree and only to supervisors and admins', async () => {
    const other = await sys
      .http()
      .get('/api/supervision/stuck-cases')
      .query({ regionCode: '370124104' })
      .set(...auth(await sys.token('supervisor.yushan')))
      .expect(200);
    expect(other.body.items).toEqual([]);
    await sys
      .http()
      .get('/api/supervision/stuck-cases')
      .set(...auth(await sys.token(officer)))
      .expect(403);
  });
});
