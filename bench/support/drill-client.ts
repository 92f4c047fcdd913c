/**
 * What the failover drill (bench/cluster-failover.bench.ts) and the crash suite (bench/crash/)
 * share: officers acting through the HTTP API as a client with retries would, every wait recorded
 * as a pause with the phase it happened in, and the drill policy that makes a case finish in seconds.
 */
import type { Pool } from 'pg';
import { DEFAULT_POLICIES } from '@app/domain/policy';
import { percentile } from '../latency';

export interface Pause {
  phase: string;
  what: string;
  ms: number;
  detail?: string;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  attempts: number;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nearest-rank percentile of unsorted values; 0 when there are none (a phase nobody waited in). */
export function percentileOf(values: number[], p: number): number {
  return values.length === 0
    ? 0
    : percentile(
        [...values].sort((a, b) => a - b),
        p,
      );
}

export class DrillClient {
  /** Every wait a user sat through, tagged with the phase it started in. */
  readonly pauses: Pause[] = [];
  /**
   * Answers an officer should not have had, each a finding to report: a decision answered 202
   * DECISION_PENDING that the workflow had not applied a minute later (sent again), a 409
   * CASE_FINISHED for a case still in progress (sent again), any other 409 for a task that is still
   * open (sent again: the case is not abandoned).
   */
  readonly anomalies = { pendingDecisionLost: 0, caseFinishedWhileRunning: 0, conflictWhileOpen: 0 };
  /** The wrong 409s, for the report: code and step. */
  readonly conflicts: string[] = [];
  phase = 'baseline';
  private next = 0;

  /** `bases`: API processes (`http://host:port`), tried in turn, as a proxy in front of them would. */
  constructor(
    private readonly bases: string[],
    private readonly giveUpMs = 120_000,
  ) {}

  /**
   * One user action: on a refused or reset connection or a 5xx it tries again (the next process,
   * if there are several) until `giveUpMs`. 4xx answers are returned to the caller.
   */
  async call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    what = `${method} ${path}`,
    headers: Record<string, string> = {},
  ) {
    const started = Date.now();
    const phase = this.phase;
    let last = '';
    const trail: string[] = [];
    const first = this.next++;
    for (let attempt = 0; ; attempt++) {
      const base = this.bases[(first + attempt) % this.bases.length];
      const sent = Date.now();
      try {
        const res = await fetch(`${base}/api${path}`, {
          method,
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        trail.push(`${base.slice(-4)} ${res.status} in ${Date.now() - sent} ms`);
        if (res.status < 500) {
          this.pauses.push({ phase, what, ms: Date.now() - started, detail: trail.join(', ') });
          return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown>, attempts: attempt + 1 } as Answer;
        }
        last = `${res.status} ${text.slice(0, 200)}`;
      } catch (err) {
        last = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        trail.push(`${base.slice(-4)} ${last} after ${Date.now() - sent} ms`);
      }
      if (Date.now() - started > this.giveUpMs) throw new Error(`${what}: gave up after ${attempt + 1} attempts: ${last}`);
      await sleep(Math.min(200 * (attempt + 1), 1000));
    }
  }

  /** Polls until `probe` answers; the time past `allowanceMs` (a wait the policy makes) is a pause. */
  async waitFor<T>(what: string, probe: () => Promise<T | undefined>, allowanceMs = 0, timeoutMs = 180_000): Promise<T> {
    const started = Date.now();
    const phase = this.phase;
    for (;;) {
      const v = await probe();
      if (v !== undefined) {
        this.pauses.push({ phase, what, ms: Math.max(0, Date.now() - started - allowanceMs) });
        return v;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${what}`);
      await sleep(100);
    }
  }

  async login(username: string, password: string): Promise<string> {
    const r = await this.call('POST', '/auth/login', undefined, { username, password }, 'login');
    if (r.status !== 200 && r.status !== 201) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken as string;
  }

  async openTask(token: string, caseId: string, step: string) {
    const r = await this.call('GET', `/cases/${caseId}`, token, undefined, 'poll case');
    return (r.body.openTasks as { id: string; step: string }[] | undefined)?.find((t) => t.step === step);
  }

  /**
   * Waits for the step's task and decides it, as an officer would: a retry that finds the step
   * already taken made the same decision; a pending decision whose task is still open after a
   * minute, or a "case finished" answer for a case still in progress, is sent again (and counted).
   */
  async decide(token: string, caseId: string, step: string, outcome: string, extra: Record<string, unknown> = {}, allowanceMs = 0) {
    const task = await this.waitFor(`${step} task appears`, () => this.openTask(token, caseId, step), allowanceMs);
    for (let sent = 0; sent < 5; sent++) {
      const res = await this.call('POST', `/tasks/${task.id}/complete`, token, { step, outcome, ...extra }, `complete ${step}`);
      if (res.status === 200) return;
      if (res.status === 202) {
        const applied = await this.waitFor(
          `pending ${step} decision applied`,
          async () => ((await this.openTask(token, caseId, step))?.id === task.id ? undefined : true),
          0,
          60_000,
        ).catch(() => false);
        if (applied) return;
        this.anomalies.pendingDecisionLost += 1;
        continue;
      }
      if (res.status === 409 && (await this.openTask(token, caseId, step))?.id !== task.id) return;
      if (res.status === 409 && res.body.code === 'CASE_FINISHED') {
        const c = await this.call('GET', `/cases/${caseId}`, token, undefined, 'poll case');
        if (!['rejected', 'withdrawn', 'closed'].includes(c.body.status as string)) {
          this.anomalies.caseFinishedWhileRunning += 1;
          await sleep(1000);
          continue;
        }
      }
      if (res.status === 409 && res.body.code !== 'CASE_FINISHED') {
        // The task is still open, yet the decision was refused as a conflict: wrong, counted.
        this.anomalies.conflictWhileOpen += 1;
        this.conflicts.push(`${String(res.body.code)} on ${step}`);
        await sleep(1000);
        continue;
      }
      throw new Error(`complete ${step}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    throw new Error(`complete ${step}: not applied after 5 attempts`);
  }

  async untilActive(token: string, caseId: string): Promise<void> {
    await this.waitFor('case becomes active', async () => {
      const r = await this.call('GET', `/cases/${caseId}`, token, undefined, 'poll case');
      return r.body.status === 'active' ? true : undefined;
    });
  }
}

/** A village's hardship policy with a public notice of `seconds` (a drill unit: test data, written straight to the table). */
export async function installDrillNoticePolicy(pg: Pool, village: string, seconds: number, note: string): Promise<void> {
  const policy = structuredClone(DEFAULT_POLICIES['hardship-allowance']);
  policy.chain = policy.chain.map((s) => (s.kind === 'notice' ? { ...s, period: { unit: 'seconds', amount: seconds } } : s));
  await pg.query(
    `INSERT INTO policies (case_type, region_code, version, effective_from, body, note)
     SELECT 'hardship-allowance', $1::varchar, COALESCE(MAX(version), 0) + 1, '2000-01-01', $2::jsonb, $3::text
       FROM policies WHERE case_type = 'hardship-allowance' AND region_code = $1::varchar`,
    [village, JSON.stringify(policy), note],
  );
}
