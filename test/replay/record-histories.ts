import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { caseWorkflowId } from '@app/contracts';
import { addRosterSpell, auth, fakeIdNumber, installPolicy, seconds, startSystem, type TestSystem } from '../support/system';
import { CaseDriver, HOME_VISIT } from '../support/case-driver';

/**
 * Not part of the suite: run with `npm run record:histories` after a deliberate, versioned change
 * to workflow behaviour. Drives real cases through the paths the replay spec must keep replaying.
 */
jest.setTimeout(60000);

describe('record workflow histories', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  const village = '370124100001';
  const officer = 'township.donge';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(2) } : s)),
    }));
  });
  afterAll(async () => sys.close());

  async function save(name: string, caseId: string) {
    const history = await sys.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    // RECORD_PREFIX records a new generation beside the old ones (which must keep replaying), e.g. `one-transaction-`.
    writeFileSync(join(__dirname, 'histories', `${process.env.RECORD_PREFIX ?? ''}${name}.json`), historyToJSON(history));
  }

  it('hardship: objection dismissed, return for materials, approval, allowance paid', async () => {
    const idNumber = fakeIdNumber('1952-02-29');
    await addRosterSpell(sys.db, idNumber, 'tekun', village, '2018-03-01');
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1952-02-29', idNumber });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'return', { comment: '缺材料' });
    await drive.decide(officer, c.id, 'supplement', 'received');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    const token = await sys.token(officer);
    await sys
      .http()
      .post(`/api/cases/${c.id}/objections`)
      .set(...auth(token))
      .send({ summary: '异议' })
      .expect(200);
    await drive.decide(officer, c.id, 'objection', 'dismissed', { comment: '不成立' });
    await drive.decide('county.approver', c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    await save('hardship-active', c.id);
  });

  it('care: assessment, review, notice, approval; a reassessment starts the next period', async () => {
    const { ASSESSMENT_ITEMS } = await import('@app/domain/assessment');
    const form = (total: number) => {
      let left = total;
      const items: Record<string, number> = {};
      for (const item of ASSESSMENT_ITEMS) {
        items[item.code] = Math.min(item.max, left);
        left -= items[item.code];
      }
      return { items, coma: false, dementia: false, psychiatricDiagnosis: false, careRiskEvents30d: 0 };
    };
    await installPolicy(sys.db, 'care-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(2) } : s)),
    }));
    const c = await drive.create(officer, { caseType: 'care-allowance', regionCode: village, birthDate: '1941-12-31' });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide('assessor', c.id, 'assessment', 'submitted', { data: form(35) });
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.decide('county.approver', c.id, 'approval', 'approve');
    await drive.status(officer, c.id, 'active');
    await save('care-active', c.id);
    // After a reassessment the case continues as new; the new run's history is recorded too.
    const token = await sys.token(officer);
    await sys
      .http()
      .post(`/api/cases/${c.id}/reassessment`)
      .set(...auth(token))
      .send({ reason: '病情变化' })
      .expect(200);
    await drive.decide('assessor', c.id, 'reassessment', 'submitted', { data: form(50) });
    await drive.status(officer, c.id, 'active');
    await save('care-next-period', c.id);
  });

  it('hardship: waiting for the 60th birthday, then withdrawn', async () => {
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1968-05-31' });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.status(officer, c.id, 'waiting');
    const token = await sys.token(officer);
    await sys
      .http()
      .post(`/api/cases/${c.id}/withdraw`)
      .set(...auth(token))
      .send({ reason: '撤回' })
      .expect(200);
    await save('hardship-waiting-withdrawn', c.id);
  });
});
