import { randomUUID } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from '@app/persistence';
import { createEntitlementActivities } from '../activities/entitlement.activities';
import { createTrialStayActivities } from '../activities/trial-stay.activities';
import { CaseDriver } from './support/case-driver';
import { addRosterSpell, eventually, fakeIdNumber, startSystem, type TestSystem } from './support/system';
import { birthDateTurning, today } from './support/today';

/**
 * Every transaction passes its own connection down: an activity that took a second connection from
 * the pool inside its transaction (as trial-stay's roster check once did) deadlocks once every
 * connection is held by such a transaction. Here the pool is held at its limit (all connections but
 * one checked out by the test) while grant, revise and trial-stay admission activities run at once
 * on the one left: each must finish on that one connection. A second acquisition would wait for a
 * connection that never comes; the pool's connect timeout turns that wait into a failure.
 */
const POOL = 3;
const YUSHAN_VILLAGE = '370124001001';
const DONGE_VILLAGE = '370124100001';

describe('the connection pool at its limit', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  let small: DataSource;

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    small = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { poolSize: POOL, connectTimeoutMS: 5_000 }));
    await small.initialize();
  });
  afterAll(async () => {
    await small.destroy();
    await sys.close();
  });

  /** A hardship-allowance case of an elder on the 低保 roster: its plan reads the roster inside the grant's transaction. */
  async function hardshipCase(): Promise<string> {
    const idNumber = fakeIdNumber(birthDateTurning(72, -14));
    await addRosterSpell(sys.db, idNumber, 'dibao', '370124001', '2019-01-01');
    const c = await drive.create('township.yushan', {
      caseType: 'hardship-allowance',
      regionCode: YUSHAN_VILLAGE,
      birthDate: '',
      idNumber,
    });
    return c.id;
  }

  /**
   * A trial stay holding a reserved bed, on the 特困 roster and with no dispersed support recorded:
   * admission then reads the roster spell inside its transaction.
   */
  async function trialStayWithBed(): Promise<string> {
    const idNumber = fakeIdNumber('1948-05-20');
    await addRosterSpell(sys.db, idNumber, 'tekun', '370124100', '2019-03-01');
    const [{ id: homeId }]: { id: string }[] = await sys.db.query(
      `INSERT INTO care_homes (name, region_code) VALUES ($1, '370124100') RETURNING id`,
      [`连接池测试敬老院-${randomUUID().slice(0, 8)}`],
    );
    await sys.db.query(`INSERT INTO beds (home_id, label) VALUES ($1, '1')`, [homeId]);
    const c = await drive.create('township.donge', {
      caseType: 'trial-stay',
      regionCode: DONGE_VILLAGE,
      birthDate: '',
      idNumber,
      details: { careHomeId: homeId, priorityCategory: 'self-care' },
    });
    await drive.decide('township.donge', c.id, 'acceptance', 'accept');
    await eventually(async () => {
      const beds: unknown[] = await sys.db.query(`SELECT 1 FROM beds WHERE case_id = $1 AND status = 'reserved'`, [c.id]);
      return beds.length > 0 ? true : undefined;
    });
    return c.id;
  }

  it('grant, revise and trial-stay admission run concurrently on the one connection left, and none deadlocks', async () => {
    const granted = [await hardshipCase(), await hardshipCase()];
    const toGrant = [await hardshipCase(), await hardshipCase()];
    const stays = [await trialStayWithBed(), await trialStayWithBed()];
    const entitlements = createEntitlementActivities({ db: small });
    const trialStays = createTrialStayActivities({ db: small });
    const at = new Date().toISOString();
    for (const caseId of granted) await entitlements.grantEntitlement({ caseId, revisionKey: `pool-grant:${caseId}`, reason: '测试', at });

    const held: QueryRunner[] = [];
    try {
      for (let i = 0; i < POOL - 1; i += 1) {
        const runner = small.createQueryRunner();
        await runner.connect();
        held.push(runner);
      }
      const results = await Promise.allSettled([
        ...toGrant.map((caseId) => entitlements.grantEntitlement({ caseId, revisionKey: `pool-grant:${caseId}`, reason: '测试', at })),
        ...granted.map((caseId) =>
          entitlements.reviseEntitlement({ caseId, revisionKey: `pool-revise:${caseId}`, reason: '测试:重新核算', at }),
        ),
        ...stays.map((caseId) =>
          trialStays.admitToCentralizedSupport({
            caseId,
            approvedOn: today(),
            at,
            actor: { userId: randomUUID(), role: 'county_officer', regionCode: '370124', displayName: '连接池测试' },
          }),
        ),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    } finally {
      for (const runner of held) await runner.release();
    }

    const rows: { case_id: string; current_revision: number }[] = await sys.db.query(
      'SELECT case_id, current_revision FROM entitlements WHERE case_id = ANY($1) ORDER BY case_id',
      [[...granted, ...toGrant]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.case_id, r.current_revision]))).toEqual(
      Object.fromEntries([...granted.map((id) => [id, 2]), ...toGrant.map((id) => [id, 1])]),
    );
    const support: { case_id: string; kind: string; from_month: string }[] = await sys.db.query(
      `SELECT sa.case_id, sa.kind, sa.from_month FROM support_arrangements sa WHERE sa.case_id = ANY($1) ORDER BY sa.case_id, sa.kind`,
      [stays],
    );
    // The roster spell, read on the transaction's own connection, dates the dispersed support that ends.
    expect(support.filter((s) => s.kind === 'dispersed').map((s) => s.from_month)).toEqual(['2019-03', '2019-03']);
    expect(support.filter((s) => s.kind === 'centralized')).toHaveLength(2);
  });
});
