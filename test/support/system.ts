import 'reflect-metadata';
import { randomInt, randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { CaseType } from '@app/contracts';
import { buildResidentId } from '@app/domain/identity';
import { DEFAULT_POLICIES, type CasePolicy } from '@app/domain/policy';
import { createDataSource, DEMO_PASSWORD } from '@app/persistence';
import { configureLogging, hashPassword, JsonLogger, loadConfig, TrackedGrpcRetries, yiyangDataConverter } from '@app/runtime';
import { createApiApp } from '../../apps/api/src/create-app';
import { WorkerModule } from '../../apps/worker/src/worker.module';

export interface TestSystem {
  api: INestApplication;
  worker: INestApplicationContext | null;
  /** Stops the worker (as a crash or deploy would); cases wait on the server meanwhile. */
  stopWorker(): Promise<void>;
  /** Starts a fresh worker on the same task queue. */
  startWorker(): Promise<void>;
  db: DataSource;
  client: Client;
  taskQueue: string;
  http(): ReturnType<typeof request>;
  token(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real system in-process: the worker app (Temporal Worker + activities on PostgreSQL) and the
 * API app, against the servers global-setup started. Each test file gets its own task queue.
 */
let runtimeInstalled = false;

export async function startSystem(): Promise<TestSystem> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    Runtime.install({ logger: new DefaultLogger((process.env.TEST_TEMPORAL_LOG_LEVEL as 'WARN' | undefined) ?? 'ERROR') });
  }
  const taskQueue = `test-${randomUUID()}`;
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  const url = process.env.DATABASE_URL!;
  const config = loadConfig();
  // The suite's logs go to one file (global setup), which global teardown scans for personal data.
  configureLogging({ level: config.logLevel, file: config.logFile });
  const logs = config.logFile !== undefined;
  const newWorker = async () => {
    const w = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, url), {
      logger: logs ? new JsonLogger('worker') : false,
    });
    await w.init();
    return w;
  };
  const api = await createApiApp(url, logs ? {} : { logger: false });
  await api.init();
  const db = createDataSource(url);
  await db.initialize();
  // Failed logins are shared through PostgreSQL; each spec file starts without the locks an
  // earlier one provoked from this same address (127.0.0.1), as a fresh process used to.
  await db.query('DELETE FROM login_failures');
  const retries = new TrackedGrpcRetries();
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS!, interceptors: retries.interceptors });
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: yiyangDataConverter(config.payloadKeys) });
  const tokens = new Map<string, string>();
  const http = () => request(api.getHttpServer());
  const sys: TestSystem = {
    api,
    worker: await newWorker(),
    async stopWorker() {
      await sys.worker?.close();
      sys.worker = null;
    },
    async startWorker() {
      sys.worker ??= await newWorker();
    },
    db,
    client,
    taskQueue,
    http,
    async token(username: string) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
      tokens.set(username, res.body.accessToken);
      return res.body.accessToken as string;
    },
    async close() {
      await api.close();
      await sys.worker?.close();
      await retries.settled();
      await connection.close();
      await db.destroy();
    },
  };
  return sys;
}

/**
 * Spec files share one database, and since persons belong to the region that serves them, two files
 * drawing the same number for the same birth date would collide (PERSON_SERVED_ELSEWHERE). Each file
 * draws its own address code (3701xx) and sequence start: ~99,000 numbers per birth date.
 */
const addressCode = `3701${String(randomInt(1, 100)).padStart(2, '0')}`;
let seq = randomInt(1, 999);
/** A checksum-valid, fictitious resident ID number (a 3701xx county) for a birth date. */
export function fakeIdNumber(birthDate: string): string {
  seq = (seq % 998) + 1;
  return buildResidentId(addressCode, birthDate, seq);
}

/**
 * Installs a newer policy version for one region (more specific than the county's), with the
 * given changes; tests use it to shorten deadlines and the notice period to seconds.
 */
export async function installPolicy(
  db: DataSource,
  caseType: CaseType,
  regionCode: string,
  change: (p: CasePolicy) => CasePolicy,
): Promise<string> {
  const body = change(structuredClone(DEFAULT_POLICIES[caseType]));
  const rows: { id: string }[] = await db.query(
    `INSERT INTO policies (case_type, region_code, version, effective_from, body, note)
     SELECT $1::varchar, $2::varchar, COALESCE(MAX(version), 0) + 1, '2000-01-01', $3::jsonb, 'test policy' FROM policies WHERE case_type = $1::varchar AND region_code = $2::varchar
     RETURNING id`,
    [caseType, regionCode, JSON.stringify(body)],
  );
  return rows[0].id;
}

export const seconds = (amount: number) => ({ unit: 'seconds', amount }) as const;

/** Polls until `probe` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20000, what = 'condition'): Promise<T> {
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
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function auth(token: string): [string, string] {
  return ['Authorization', `Bearer ${token}`];
}

let demoHash: Promise<string> | null = null;
/** A user of the given role and region with the demo password (tests that need their own township). */
/** Demo regions a spec file needs (code, name, level, parent), added once. */
export async function ensureRegions(db: DataSource, regions: readonly (readonly [string, string, string, string | null])[]): Promise<void> {
  for (const [code, name, level, parent] of regions) {
    await db.query(`INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1,$2,$3,$4,true) ON CONFLICT DO NOTHING`, [
      code,
      name,
      level,
      parent,
    ]);
  }
}

export async function ensureUser(db: DataSource, username: string, role: string, regionCode: string): Promise<void> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  await db.query(
    `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (username) DO NOTHING`,
    [username, await demoHash, `${username}(测试)`, role, regionCode],
  );
}

/** Puts a person on the hardship roster (低保/特困/低收入) from a date. */
export async function addRosterSpell(
  db: DataSource,
  idNumber: string,
  category: 'dibao' | 'tekun' | 'dishouru',
  regionCode: string,
  from: string,
  to: string | null = null,
) {
  await db.query(
    `INSERT INTO hardship_roster (id_number, name, category, region_code, entered_on, left_on, source) VALUES ($1,'测试',$2,$3,$4,$5,'test') ON CONFLICT DO NOTHING`,
    [idNumber, category, regionCode, from, to],
  );
}
