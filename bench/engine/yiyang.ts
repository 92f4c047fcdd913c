import type { ChildProcess } from 'node:child_process';
import type { Client } from '@temporalio/client';
import { buildResidentId } from '@app/domain/identity';
import { shanghaiDateOf } from '@app/domain/dates';
import { DEFAULT_POLICIES } from '@app/domain/policy';
import { createDataSource, DEMO_PASSWORD, runMigrations, seedDemoUsers, seedReferenceData } from '@app/persistence';
import { dropDatabaseIfExists, ensureDatabaseExists, hashPassword, resolveDatabase, workerNodeOptions } from '@app/runtime';
import { requestJson } from './load';
import { appEntry, startNodeProcess } from './processes';

/** The village the benchmark's cases are filed in (榆山街道 翠屏社区), and who decides them. */
export const BENCH_VILLAGE = '370124001001';

export function adminOf(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

/** A fresh database of this name (dropped first unless `keep`), migrated and seeded. */
export async function freshDatabase(name: string, dataDir: string, keep = false): Promise<string> {
  const resolved = await resolveDatabase({ databaseName: name, dataDir });
  if (!keep) {
    await dropDatabaseIfExists(adminOf(resolved.url), name);
    await ensureDatabaseExists(adminOf(resolved.url), name);
  }
  await runMigrations(resolved.url);
  const db = createDataSource(resolved.url);
  await db.initialize();
  try {
    await seedReferenceData(db);
    await seedDemoUsers(db, hashPassword);
  } finally {
    await db.destroy();
  }
  return resolved.url;
}

/**
 * The benchmark's hardship policy for its village: the county's, without the public notice (a
 * 7-day wait), so a whole case is three human steps and every answer carries the next task, like
 * the raw workflow's three Updates.
 */
export async function prepareCases(url: string, count: number): Promise<string[]> {
  const db = createDataSource(url);
  await db.initialize();
  try {
    const base = DEFAULT_POLICIES['hardship-allowance'];
    const body = { ...base, chain: base.chain.filter((s) => s.kind !== 'notice') };
    await db.query(
      `INSERT INTO policies (case_type, region_code, version, effective_from, body, note)
       VALUES ('hardship-allowance', $1, 1, '2000-01-01', $2, 'engine benchmark: no public notice') ON CONFLICT DO NOTHING`,
      [BENCH_VILLAGE, JSON.stringify(body)],
    );
    // Applicants on the roster (低保), so approval grants an allowance; fictitious, checksum-valid ID numbers.
    const ids: string[] = [];
    for (let i = 0; ids.length < count; i++) {
      const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(i / 900) * 86400000).toISOString().slice(0, 10);
      ids.push(buildResidentId('370124', birth, 1 + (i % 900)));
    }
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      await db.query(
        `INSERT INTO hardship_roster (id_number, name, category, region_code, entered_on, source)
         SELECT x, '压测', 'dibao', $2, '2021-01-01', 'bench' FROM unnest($1::text[]) x ON CONFLICT DO NOTHING`,
        [chunk, BENCH_VILLAGE],
      );
    }
    return ids;
  } finally {
    await db.destroy();
  }
}

export interface YiyangSystem {
  api: ChildProcess;
  worker: ChildProcess;
  port: number;
}

/** The API and the worker as their own processes (like `make start`), on the benchmark's database and server. */
export async function startYiyang(opts: {
  url: string;
  temporalAddress: string;
  taskQueue: string;
  port: number;
  dataDir: string;
  client: Client;
  workerEnv?: Record<string, string>;
}): Promise<YiyangSystem> {
  const env = {
    DATABASE_URL: opts.url,
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_TASK_QUEUE: opts.taskQueue,
    YIYANG_DATA_DIR: opts.dataDir,
    YIYANG_SCHEDULES: 'false',
    LOG_LEVEL: 'error',
    PORT: String(opts.port),
  };
  const entry = appEntry('worker');
  const worker = await startNodeProcess(
    entry,
    { ...env, ...opts.workerEnv },
    async () => {
      const res = await opts.client.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: opts.taskQueue },
        taskQueueType: 1, // workflow
      });
      return (res.pollers ?? []).length > 0;
    },
    workerNodeOptions(entry.endsWith('.ts') ? 'source' : 'dist'),
  );
  const api = await startNodeProcess(appEntry('api'), env, async () => {
    const res = await fetch(`http://127.0.0.1:${opts.port}/api/health`);
    return res.status === 200;
  });
  return { api, worker, port: opts.port };
}

/** The API as officers use it: one keep-alive client, bearer tokens. */
export class YiyangClient {
  /** One login per user, shared by every concurrent lane (32 logins at once would meet the login throttle). */
  private tokens = new Map<string, Promise<string>>();
  constructor(private readonly port: number) {}

  async send<T>(method: string, path: string, username: string, body?: unknown): Promise<T> {
    return requestJson<T>(`http://127.0.0.1:${this.port}${path}`, `${method} ${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token(username)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.login(username);
      this.tokens.set(username, token);
    }
    return token;
  }

  private async login(username: string): Promise<string> {
    const answer = await requestJson<{ accessToken: string }>(`http://127.0.0.1:${this.port}/api/auth/login`, `login ${username}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return answer.accessToken;
  }

  /** Intake of a hardship case; returns the case id and its first task. */
  async intake(idNumber: string): Promise<{ caseId: string; taskId: string }> {
    const c = await this.send<{ id: string; openTasks: { id: string; step: string }[] }>('POST', '/api/cases', 'township.yushan', {
      caseType: 'hardship-allowance',
      regionCode: BENCH_VILLAGE,
      applicant: { idNumber, name: '压测老人' },
    });
    const task = c.openTasks.find((t) => t.step === 'acceptance');
    if (!task) throw new Error(`intake answered without the acceptance task: ${JSON.stringify(c.openTasks)}`);
    return { caseId: c.id, taskId: task.id };
  }

  /** One human step; returns the next task the answer carries (if any). */
  async step(username: string, taskId: string, step: string, outcome: string, data?: Record<string, unknown>): Promise<string | null> {
    const r = await this.send<{ case: { openTasks: { taskId: string; step: string }[] } }>(
      'POST',
      `/api/tasks/${taskId}/complete`,
      username,
      {
        step,
        outcome,
        ...(data ? { data } : {}),
      },
    );
    return r.case.openTasks[0]?.taskId ?? null;
  }

  /** A whole case: intake, acceptance, review with a home visit, county approval. */
  async wholeCase(idNumber: string): Promise<string> {
    const { caseId, taskId } = await this.intake(idNumber);
    const review = await this.step('township.yushan', taskId, 'acceptance', 'accept');
    const homeVisit = { homeVisit: { visitedOn: shanghaiDateOf(Date.now()), staffCount: 2, findings: '入户核查,情况属实' } };
    const approval = await this.step('township.yushan', review!, 'review', 'pass', homeVisit);
    const after = await this.step('county.approver', approval!, 'approval', 'approve');
    if (after !== null) throw new Error('an approved case still has an open task');
    return caseId;
  }
}
