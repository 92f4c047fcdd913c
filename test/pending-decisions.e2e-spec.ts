import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEMO_PASSWORD } from '@app/persistence';
import { ensureTemporalCli, freePort, startTemporalDevServer, stopChild } from '@app/runtime';
import { createApiApp } from '../apps/api/src/create-app';
import { CaseDriver } from './support/case-driver';
import { auth, eventually, fakeIdNumber, startSystem, type TestSystem } from './support/system';

/** Short enough for a test, long enough for a decision on a healthy system. */
const DEADLINE_MS = 3000;

/**
 * A decision answered 202 DECISION_PENDING is applied even when the Temporal server restarts
 * before the workflow took it: Temporal holds an Update it has admitted but the workflow has not
 * accepted only in memory, so the API records the decision in PostgreSQL before answering 202 and
 * the worker re-sends it with the same Update id. (The crash suite, seed 1724329521, found 2 such
 * decisions never applied.) This file runs its own Temporal dev server on a SQLite file, so it can
 * kill -9 and restart it without disturbing the suite's shared server.
 */
describe('pending decisions survive a Temporal restart', () => {
  let sys: TestSystem;
  let cases: CaseDriver;
  let server: ChildProcess;
  let dir: string;
  let port: number;
  // This spec's own dev server has only the default namespace (the cluster run sets another one).
  const before = { address: process.env.TEMPORAL_ADDRESS, namespace: process.env.TEMPORAL_NAMESPACE };
  const startServer = async () => {
    server = await startTemporalDevServer({
      cliPath: ensureTemporalCli(),
      port,
      uiPort: null,
      dbFile: join(dir, 'temporal.db'),
      logFile: join(dir, 'temporal.log'),
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yiyang-pending-'));
    port = await freePort();
    await startServer();
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${port}`;
    delete process.env.TEMPORAL_NAMESPACE;
    process.env.YIYANG_UPDATE_DEADLINE_MS = String(DEADLINE_MS);
    sys = await startSystem();
    cases = new CaseDriver(sys);
  }, 180_000);
  afterAll(async () => {
    await sys?.close();
    if (server) await stopChild(server, 'SIGTERM', 20_000);
    process.env.TEMPORAL_ADDRESS = before.address;
    if (before.namespace !== undefined) process.env.TEMPORAL_NAMESPACE = before.namespace;
    delete process.env.YIYANG_UPDATE_DEADLINE_MS;
    rmSync(dir, { recursive: true, force: true });
  });

  const acceptance = async () => {
    const c = await cases.create('township.yushan', {
      caseType: 'hardship-allowance',
      regionCode: '370124001001',
      birthDate: '1950-03-01',
    });
    const task = await cases.task('township.yushan', c.id, 'acceptance');
    return { caseId: c.id, taskId: task.id };
  };
  const accept = { step: 'acceptance', outcome: 'accept', comment: '材料齐全' };

  it('202 with no worker, then kill -9 of the Temporal server (the admitted Update is forgotten): applied once the worker runs, recorded as applied', async () => {
    const { caseId, taskId } = await acceptance();
    const token = await sys.token('township.yushan');
    await sys.stopWorker();
    try {
      const pending = await sys
        .http()
        .post(`/api/tasks/${taskId}/complete`)
        .set(...auth(token))
        .send(accept);
      expect(pending.status).toBe(202);
      expect(pending.body.code).toBe('DECISION_PENDING');
      const [row]: { update_id: string; resolved_at: Date | null; case_id: string }[] = await sys.db.query(
        'SELECT update_id, resolved_at, case_id FROM pending_decisions WHERE task_id = $1',
        [taskId],
      );
      expect(row).toMatchObject({ update_id: pending.body.updateId, resolved_at: null, case_id: caseId });

      server.kill('SIGKILL');
      await new Promise<void>((r) => (server.exitCode !== null || server.signalCode !== null ? r() : server.once('exit', () => r())));
      await startServer();
    } finally {
      await sys.startWorker();
    }
    const done = await eventually(
      async () => {
        const [t]: { completed_at: Date | null; outcome: string | null }[] = await sys.db.query(
          'SELECT completed_at, outcome FROM tasks WHERE id = $1',
          [taskId],
        );
        return t.completed_at ? t : undefined;
      },
      60_000,
      'the pending decision to be applied after the restart',
    );
    expect(done.outcome).toBe('accept');
    const resolved = await eventually(async () => {
      const [r]: { resolution: string | null }[] = await sys.db.query('SELECT resolution FROM pending_decisions WHERE task_id = $1', [
        taskId,
      ]);
      return r.resolution ?? undefined;
    });
    expect(resolved).toBe('applied');
    await cases.task('township.yushan', caseId, 'review', 30_000);
  });

  it('the same decision sent again after it was applied answers 200 (the same Update); another outcome answers 409 naming the completing decision', async () => {
    const { taskId } = await acceptance();
    const token = await sys.token('township.yushan');
    const send = (body: object) =>
      sys
        .http()
        .post(`/api/tasks/${taskId}/complete`)
        .set(...auth(token))
        .send(body);
    const first = await send(accept);
    expect(first.status).toBe(200);
    const again = await send(accept);
    expect(again.status).toBe(200);
    expect(again.body.case.caseId).toBe(first.body.case.caseId);
    const other = await send({ ...accept, outcome: 'return', comment: '补正材料' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('TASK_CLOSED');
    expect(other.body.message).toContain('accept');
  });

  it('a decision on a case whose workflow start was cut off at intake starts the workflow and is applied (not 409 CASE_FINISHED)', async () => {
    // Intake through an API that cannot reach Temporal: the case and its first task are committed,
    // the workflow is not started (the worker's sweep would start it within 30 s).
    const cutOff = await createApiApp(process.env.DATABASE_URL!, { logger: false, temporalAddress: `127.0.0.1:${await freePort()}` });
    await cutOff.init();
    let caseId: string;
    try {
      const http = () => request(cutOff.getHttpServer());
      const login = await http().post('/api/auth/login').send({ username: 'township.yushan', password: DEMO_PASSWORD }).expect(200);
      const created = await http()
        .post('/api/cases')
        .set(...auth(login.body.accessToken as string))
        .send({
          caseType: 'hardship-allowance',
          regionCode: '370124001001',
          applicant: { idNumber: fakeIdNumber('1950-03-01'), name: '测试老人' },
        });
      expect(created.status).toBe(201);
      caseId = created.body.id as string;
    } finally {
      await cutOff.close();
    }
    const [c]: { workflow_started_at: Date | null }[] = await sys.db.query('SELECT workflow_started_at FROM cases WHERE id = $1', [caseId]);
    expect(c.workflow_started_at).toBeNull();
    const [task]: { id: string }[] = await sys.db.query(`SELECT id FROM tasks WHERE case_id = $1 AND step = 'acceptance'`, [caseId]);
    const token = await sys.token('township.yushan');
    const res = await sys
      .http()
      .post(`/api/tasks/${task.id}/complete`)
      .set(...auth(token))
      .send(accept);
    expect(res.status).toBe(200);
    expect(res.body.case.openTasks.map((t: { step: string }) => t.step)).toEqual(['review']);
  });

  it('a pending decision the workflow refuses later (the task was completed meanwhile) is recorded as rejected with the reason, and its officer is notified', async () => {
    const { caseId, taskId } = await acceptance();
    const token = await sys.token('township.yushan');
    await sys
      .http()
      .post(`/api/tasks/${taskId}/complete`)
      .set(...auth(token))
      .send(accept)
      .expect(200);
    // As if another decision of the same officer had been answered 202 and forgotten by Temporal before this one won.
    const [user]: { id: string; region_code: string; display_name: string }[] = await sys.db.query(
      `SELECT id, region_code, display_name FROM users WHERE username = 'township.yushan'`,
    );
    const actor = { userId: user.id, role: 'township_officer', regionCode: user.region_code, displayName: user.display_name };
    const req = { taskId, step: 'acceptance', actor, outcome: 'return', comment: '补正材料', data: null };
    await sys.db.query(
      `INSERT INTO pending_decisions (update_id, task_id, case_id, actor_id, request, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, now() - interval '10 seconds')`,
      [`decision-test-${taskId}`, taskId, caseId, user.id, JSON.stringify(req)],
    );
    const resolved = await eventually(async () => {
      const [r]: { resolution: string | null; rejection_code: string | null }[] = await sys.db.query(
        'SELECT resolution, rejection_code FROM pending_decisions WHERE update_id = $1',
        [`decision-test-${taskId}`],
      );
      return r.resolution ? r : undefined;
    }, 30_000);
    expect(resolved).toEqual({ resolution: 'rejected', rejection_code: 'TASK_CLOSED' });
    const notes: { kind: string; message: string }[] = await sys.db.query(
      `SELECT kind, message FROM notifications WHERE user_id = $1 AND task_id = $2 AND kind = 'decision_rejected'`,
      [user.id, taskId],
    );
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('TASK_CLOSED');
  });
});
