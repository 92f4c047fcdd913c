import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { caseWorkflowId } from '@app/contracts';
import { DEMO_PASSWORD } from '@app/persistence';
import { loadConfig, PROACTIVE_ENROLLMENT_SCHEDULE, yiyangDataConverter } from '@app/runtime';
import { fakeIdNumber } from '../support/system';

/**
 * Against a running `YIYANG_TEMPORAL=cluster` system (scripts/test-cluster.sh starts it): two
 * worker processes and two API processes share one database, one Temporal cluster and one data
 * directory. Nothing may assume it is the only one: tokens, encrypted payloads, the schedule,
 * the start sweep and the holiday calendar all have to work across processes.
 */
interface Status {
  ready: boolean;
  temporalAddress: string;
  databaseUrl: string;
  processes: { name: string; kind: string; pid: number; port?: number; restarts: number }[];
}

const dataDir = process.env.YIYANG_DATA_DIR!;
const status = (): Status => JSON.parse(readFileSync(join(dataDir, 'cluster.json'), 'utf8')) as Status;

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('several workers and API processes on one cluster', () => {
  let apis: string[];
  let client: Client;
  let connection: Connection;
  let pg: PgClient;
  const officer = 'township.yushan';
  const region = '370124001001';

  async function call(api: string, method: string, path: string, token?: string, body?: unknown) {
    const res = await fetch(`${api}/api${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  const login = async (api: string, username: string) =>
    (await call(api, 'POST', '/auth/login', undefined, { username, password: DEMO_PASSWORD })).body.accessToken as string;

  beforeAll(async () => {
    const s = status();
    expect(s.ready).toBe(true);
    apis = s.processes.filter((p) => p.kind === 'api').map((p) => `http://127.0.0.1:${p.port}`);
    connection = await Connection.connect({ address: s.temporalAddress });
    // The payload key from the shared data directory: the one every worker and API process uses.
    const config = loadConfig();
    client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: yiyangDataConverter(config.payloadKeys) });
    pg = new PgClient({ connectionString: s.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await connection?.close();
    await pg?.end();
  });

  it('runs two workers and two APIs, none of which has had to restart', () => {
    const s = status();
    expect(s.processes.filter((p) => p.kind === 'worker')).toHaveLength(2);
    expect(s.processes.filter((p) => p.kind === 'api')).toHaveLength(2);
    expect(s.processes.filter((p) => p.kind === 'temporal').map((p) => p.name)).toEqual(
      expect.arrayContaining(['temporal-frontend', 'temporal-history', 'temporal-matching', 'temporal-worker']),
    );
    // Both workers ensured the same schedule at start; the second found it and carried on.
    for (const p of s.processes) expect({ name: p.name, restarts: p.restarts }).toEqual({ name: p.name, restarts: 0 });
  });

  it('has the enrollment schedule exactly once', async () => {
    const ids: string[] = [];
    for await (const sched of client.schedule.list()) ids.push(sched.scheduleId);
    expect(ids.filter((id) => id === PROACTIVE_ENROLLMENT_SCHEDULE)).toHaveLength(1);
    const described = await client.schedule.getHandle(PROACTIVE_ENROLLMENT_SCHEDULE).describe();
    expect(described.action.type).toBe('startWorkflow');
  });

  it('accepts a token from one API on the other, and decides on API 2 a case opened on API 1', async () => {
    const [a, b] = apis;
    const token = await login(a, officer);
    expect((await call(b, 'GET', '/auth/me', token)).status).toBe(200);
    const created = await call(a, 'POST', '/cases', token, {
      caseType: 'hardship-allowance',
      regionCode: region,
      applicant: { idNumber: fakeIdNumber('1950-03-03'), name: '集群测试' },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    const task = await eventually(
      async () => {
        const c = await call(b, 'GET', `/cases/${caseId}`, token);
        return (c.body.openTasks as { id: string; step: string }[] | undefined)?.find((t) => t.step === 'acceptance');
      },
      30000,
      'acceptance task',
    );
    // The Update's argument is encrypted by API 2 and decrypted by whichever worker runs the case.
    const done = await call(b, 'POST', `/tasks/${task.id}/complete`, token, { step: 'acceptance', outcome: 'accept', comment: '集群受理' });
    expect(done.status).toBe(200);
    expect((done.body.case as { currentStep: string }).currentStep).toBe('review');
    const history = await client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    expect(history.events?.filter((e) => e.workflowTaskFailedEventAttributes)).toEqual([]);
  });

  it('starts a case left unstarted exactly once although both workers sweep for it', async () => {
    const [a] = apis;
    const token = await login(a, officer);
    const created = await call(a, 'POST', '/cases', token, {
      caseType: 'hardship-allowance',
      regionCode: region,
      applicant: { idNumber: fakeIdNumber('1951-04-04'), name: '集群测试' },
    });
    expect(created.status).toBe(201);
    const first = created.body.id as string;
    // Withdrawn, so the person may have another open case: the row below, written as if the API
    // had crashed between committing it and starting its workflow.
    expect((await call(a, 'POST', `/cases/${first}/withdraw`, token, { reason: '申请人撤回' })).status).toBe(200);
    await eventually(
      async () => ((await pg.query('SELECT status FROM cases WHERE id = $1', [first])).rows[0]?.status === 'withdrawn' ? true : undefined),
      30000,
      'withdrawal',
    );
    const orphan = randomUUID();
    await pg.query(
      `INSERT INTO cases (id, case_no, case_type, person_id, region_code, status, current_step, policy_id, policy_version, applied_on, created_at)
       SELECT $1, $2, case_type, person_id, region_code, 'in_progress', 'acceptance', policy_id, policy_version, applied_on, now() - interval '1 minute'
         FROM cases WHERE id = $3`,
      [orphan, `HA-9999-${String(randomInt(0, 999999)).padStart(6, '0')}`, first],
    );
    // Both workers' sweeps (every 30 s) see it; the workflow id is the case's, so one run exists.
    await eventually(
      async () =>
        (await pg.query('SELECT 1 FROM tasks WHERE case_id = $1 AND step = $2', [orphan, 'acceptance'])).rowCount === 1 ? true : undefined,
      90000,
      'the swept case to open its acceptance task',
    );
    const runs = await client.workflow.count(`WorkflowId = '${caseWorkflowId(orphan)}'`);
    expect(runs.count).toBe(1);
    const started = (await client.workflow.getHandle(caseWorkflowId(orphan)).fetchHistory()).events?.filter(
      (e) => e.workflowExecutionStartedEventAttributes,
    );
    expect(started).toHaveLength(1);
    expect((await pg.query('SELECT count(*)::int AS n FROM tasks WHERE case_id = $1', [orphan])).rows[0].n).toBe(1);
  });

  it('counts deadlines on API 2 with a holiday year just loaded through API 1', async () => {
    const [a, b] = apis;
    const admin = await login(a, 'admin');
    let year = 2060 + randomInt(0, 30);
    while ((await call(a, 'GET', `/admin/holiday-years/${year}`, admin)).status === 200) year += 1;
    const preview = () => call(b, 'GET', `/admin/working-days/deadline?from=${year - 1}-12-31&workingDays=1`, admin);
    const before = await preview();
    expect(before.status).toBe(200);
    expect(before.body.unloadedYears).toEqual([year]);
    const firstWorkday = before.body.due as string;
    const loaded = await call(a, 'POST', '/admin/holiday-years', admin, {
      year,
      holidays: [firstWorkday],
      makeupWorkdays: [],
      source: 'cluster test',
    });
    expect(loaded.status).toBe(201);
    // API 2 has the year cached as unloaded; the calendar stamp makes it read the new load.
    const after = await preview();
    expect(after.body.unloadedYears).toEqual([]);
    expect(after.body.due).not.toBe(firstWorkday);
  });
});
