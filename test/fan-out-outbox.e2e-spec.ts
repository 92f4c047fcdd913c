import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEMO_PASSWORD } from '@app/persistence';
import { lifeEventFanOutWorkflowId, startPendingFanOuts } from '@app/runtime';
import { createApiApp } from '../apps/api/src/create-app';
import { CaseDriver } from './support/case-driver';
import { auth, startSystem, type TestSystem } from './support/system';
import { TcpProxy } from './support/tcp-proxy';
import { today } from './support/today';

/** Short enough for a test, long enough for a start on a healthy system. */
const DEADLINE_MS = 3000;

/**
 * A life event whose fan-out cannot be started (Temporal unreachable) is not lost: the fan-out is
 * in the outbox, written in the event's transaction, and the worker's sweep starts it later with
 * the same workflow id. A second API instance reaches Temporal through a proxy the test cuts.
 */
describe('fan-out outbox', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  let app: INestApplication | null = null;
  let proxy: TcpProxy | null = null;
  const officer = 'township.yushan';
  const village = '370124001001';

  beforeAll(async () => {
    process.env.YIYANG_UPDATE_DEADLINE_MS = String(DEADLINE_MS);
    sys = await startSystem();
    drive = new CaseDriver(sys);
  });
  afterAll(async () => {
    await proxy?.stop();
    await app?.close();
    await sys.close();
    delete process.env.YIYANG_UPDATE_DEADLINE_MS;
  });

  it('a death recorded while Temporal is unreachable: 503, the event and its fan-out are in PostgreSQL, and the sweep delivers it once', async () => {
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1940-05-06' });
    await drive.task(officer, c.id, 'acceptance');
    const personId = c.applicant.personId;

    const [host, port] = process.env.TEMPORAL_ADDRESS!.split(':');
    proxy = await new TcpProxy(host, Number(port)).start();
    await proxy.stop(); // down before the API starts
    app = await createApiApp(process.env.DATABASE_URL!, { logger: false, temporalAddress: `127.0.0.1:${proxy.port}` });
    await app.init();
    const http = () => request(app!.getHttpServer());
    const token = (await http().post('/api/auth/login').send({ username: officer, password: DEMO_PASSWORD }).expect(200)).body
      .accessToken as string;

    const started = Date.now();
    const res = await http()
      .post(`/api/persons/${personId}/events`)
      .set(...auth(token))
      .send({ kind: 'death', on: today() });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 5000);

    const workflowId = lifeEventFanOutWorkflowId(`${personId}:death:${today()}`);
    const [person]: { death_date: string | null }[] = await sys.db.query(
      `SELECT to_char(death_date, 'YYYY-MM-DD') AS death_date FROM persons WHERE id = $1`,
      [personId],
    );
    expect(person.death_date).toBe(today());
    const outbox = async () =>
      (
        (await sys.db.query('SELECT input, started_at, attempts FROM fan_out_outbox WHERE workflow_id = $1', [workflowId])) as {
          input: { caseIds: string[]; event: { kind: string; on: string } };
          started_at: Date | null;
          attempts: number;
        }[]
      )[0];
    const pending = await outbox();
    expect(pending).toMatchObject({ input: { caseIds: [c.id], event: { kind: 'death', on: today() } }, started_at: null });
    // Nothing reached Temporal: no fan-out runs yet.
    await expect(sys.client.workflow.getHandle(workflowId).describe()).rejects.toThrow();

    // Temporal reachable again: the worker's sweep starts the fan-out under the same workflow id.
    await startPendingFanOuts(sys.client, sys.db, sys.taskQueue, 0);
    expect((await outbox()).started_at).not.toBeNull();
    const delivered = await sys.client.workflow.getHandle(workflowId).result();
    expect(delivered).toEqual([{ caseId: c.id, status: 'closed', delivered: true }]);
    await drive.status(officer, c.id, 'closed');

    // A second sweep (or a second worker) starts nothing again.
    await sys.db.query('UPDATE fan_out_outbox SET started_at = NULL WHERE workflow_id = $1', [workflowId]);
    expect(await startPendingFanOuts(sys.client, sys.db, sys.taskQueue, 0)).toBe(0);
    expect((await outbox()).started_at).not.toBeNull();
    const closings: { n: number }[] = await sys.db.query(
      `SELECT count(*) AS n FROM audit_log WHERE case_id = $1 AND action = 'closed_death'`,
      [c.id],
    );
    expect(Number(closings[0].n)).toBe(1);
  });
});
