import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { payrollWorkflowId } from '@app/contracts';
import { PayrollRepository } from '@app/persistence';
import { buildRunFiles, previewPayroll } from '../activities/payroll.activities';
import { startChildWorker, type ChildWorker } from './support/child-worker';
import { entitlement, payrollCounty, person } from './support/payroll-fixtures';
import { auth, ensureUser, eventually, startSystem, type TestSystem } from './support/system';
import { monthFromNow } from './support/today';

/**
 * The payroll's worker killed with SIGKILL — no graceful shutdown, the activity in flight simply
 * gone — once while it pages through entitlements and once in the middle of the release, then
 * replaced: the run resumes and ends with the ledger an uninterrupted computation writes, and the
 * bank files an uninterrupted release writes, byte for byte, each payment once.
 */
describe('payroll with its worker killed', () => {
  let sys: TestSystem;
  let repo: PayrollRepository;
  let worker: ChildWorker | null = null;
  // The killed worker serves only this queue: the suite's in-process worker never takes these tasks.
  const taskQueue = `payroll-killed-${randomUUID()}`;
  const M = monthFromNow(0);

  beforeAll(async () => {
    sys = await startSystem();
    repo = new PayrollRepository(sys.db);
  });
  afterAll(async () => {
    await worker?.kill();
    await sys.close();
  });

  /**
   * Locks `table` against writes (after the writes in flight finish), optionally starts something,
   * waits until a statement writing `statement…` waits on that lock, runs `whileBlocked`, then
   * releases the lock. A condition, not a sleep: the kill lands while a write is held.
   */
  async function withTableLocked<T>(table: string, statement: string, whileBlocked: () => Promise<T>, start?: () => void): Promise<T> {
    const locker = new PgClient({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
      start?.();
      await eventually(
        async () => {
          const rows: unknown[] = await sys.db.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'
                AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_stat_activity%'`,
            [statement],
          );
          return rows.length > 0 ? true : undefined;
        },
        90000,
        `a statement waiting to ${statement}`,
      );
      return await whileBlocked();
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  }

  const columns = (l: Record<string, unknown>) =>
    JSON.stringify([
      l.source_kind,
      l.source_id,
      l.person_id,
      l.region_code,
      l.period_month,
      l.kind,
      l.amount_fen,
      l.settlement,
      l.rule,
      l.policy_id,
      l.policy_version,
      l.corrects_line_id,
      l.bank_account_id,
      l.flags,
      l.why,
    ]);

  it('resumes mid-run and mid-release: the ledger of an uninterrupted computation and the files of an uninterrupted release, byte for byte', async () => {
    const { county, township, policyIds } = await payrollCounty(sys.db, { firstPayrollMonth: M, pageSize: 4 });
    await ensureUser(sys.db, `pay.maker.${county}`, 'county_officer', county);
    await ensureUser(sys.db, `pay.checker.${county}`, 'county_officer', county);
    const maker = await sys.token(`pay.maker.${county}`);
    const checker = await sys.token(`pay.checker.${county}`);
    // 240 entitlements in pages of 4: about 60 pages, more than one workflow run's 50 (continue-as-new).
    for (let i = 0; i < 240; i++) {
      const p = await person(sys.db, township, `19${20 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`);
      await entitlement(sys.db, {
        personId: p,
        regionCode: township,
        kind: 'hardship-allowance',
        policyId: policyIds['hardship-allowance'],
        segments: [{ from: M, to: null, rule: 'hardship.age-band-60', fen: 8000 }],
      });
      await repo.setBankAccount(p, `62170000${String(100000 + i).padStart(11, '0')}`, '测试农商银行', null);
    }

    worker = startChildWorker(taskQueue);
    const workflowId = payrollWorkflowId(county, M);
    await sys.client.workflow.start('payrollWorkflow', {
      workflowId,
      taskQueue,
      args: [{ countyCode: county, month: M, startedBy: null }],
    });
    const opened = await eventually(() => repo.liveRun(county, M).then((r) => r ?? undefined), 90000, 'the run opened');
    await eventually(async () => ((await repo.run(opened.id))!.pages_done >= 3 ? true : undefined), 60000, 'three pages');
    // Hold the next pages at their write, then kill the worker while they wait: a crash mid-page.
    const partial = await withTableLocked('payroll_ledger', 'INSERT INTO payroll_ledger', async () => {
      await worker!.kill();
      return (await repo.ledgerDump(opened.id)).length;
    });
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(240);

    // A new worker: the pages in flight time out on their heartbeat and run again; the rest follow.
    worker = startChildWorker(taskQueue);
    const drafted = await eventually(
      async () => ((await repo.run(opened.id))!.status === 'draft' ? (await repo.run(opened.id))! : undefined),
      150000,
      'the run drafted',
    );
    expect(drafted.pages_done).toBeGreaterThan(50);
    const d = await sys.client.workflow.getHandle(workflowId).describe();
    expect(d.runId).not.toBe(d.raw.workflowExecutionInfo?.firstRunId);

    const ledger = await repo.ledgerDump(opened.id);
    expect(ledger).toHaveLength(240);
    expect(new Set(ledger.map((l) => l.source_id)).size).toBe(240);
    const uninterrupted: string[] = [];
    await previewPayroll(sys.db, county, M, (page) =>
      uninterrupted.push(...page.map((l) => columns(l as unknown as Record<string, unknown>))),
    );
    expect(ledger.map(columns).sort()).toEqual(uninterrupted.sort());

    await sys
      .http()
      .post(`/api/payroll/runs/${opened.id}/submit`)
      .set(...auth(maker))
      .send({})
      .expect(200);
    await sys
      .http()
      .post(`/api/payroll/runs/${opened.id}/approve`)
      .set(...auth(checker))
      .send({})
      .expect(200);

    // Hold the release inside its transaction (payments built, the first file waiting on a lock) and kill the worker there.
    let releasing: Promise<number> | null = null;
    await withTableLocked(
      'payroll_files',
      'INSERT INTO payroll_files',
      async () => {
        await worker!.kill();
      },
      () => {
        releasing = sys
          .http()
          .post(`/api/payroll/runs/${opened.id}/release`)
          .set(...auth(maker))
          .send({})
          .then((res) => res.status);
      },
    );
    // The killed release left nothing behind: its transaction never committed.
    expect((await repo.run(opened.id))!.status).toBe('approved');
    expect(await repo.files(opened.id)).toEqual([]);
    expect((await sys.db.query('SELECT count(*)::int AS n FROM payroll_payments WHERE run_id = $1', [opened.id]))[0].n).toBe(0);
    worker = startChildWorker(taskQueue);
    // 200 once the resumed release answers within the API's deadline, 202 (pending) otherwise.
    expect([200, 202]).toContain(await releasing!);
    await eventually(async () => ((await repo.run(opened.id))!.status === 'released' ? true : undefined), 120000, 'released');

    expect((await sys.db.query('SELECT count(*)::int AS n FROM payroll_payments WHERE run_id = $1', [opened.id]))[0].n).toBe(240);
    const stored = await repo.files(opened.id);
    expect(stored.map((f) => f.format).sort()).toEqual(['csv-gbk', 'csv-utf8', 'xlsx']);
    const rebuilt = await buildRunFiles(repo, opened.id);
    for (const f of stored) {
      const content = (await repo.file(opened.id, f.townshipCode, f.format))!.content;
      const again = rebuilt.find((r) => r.townshipCode === f.townshipCode && r.format === f.format)!;
      expect(content.equals(again.content)).toBe(true);
      expect(f.sha256).toBe(again.sha256);
      expect(f.rows).toBe(240);
    }
    const released: unknown[] = await sys.db.query(`SELECT 1 FROM audit_log WHERE action = 'payroll_release' AND after->>'runId' = $1`, [
      opened.id,
    ]);
    expect(released).toHaveLength(1);
    // The ledger is as it was: the release appends nothing to it.
    expect((await repo.ledgerDump(opened.id)).map(columns)).toEqual(ledger.map(columns));
  }, 480000);
});
