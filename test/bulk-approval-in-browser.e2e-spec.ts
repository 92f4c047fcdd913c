import type { Page } from 'playwright-core';
import { addRosterSpell, ensureUser, fakeIdNumber, installPolicy, seconds, startSystem, type TestSystem } from './support/system';
import { CaseDriver, HOME_VISIT } from './support/case-driver';
import { screenshot, seriousA11yViolations, startConsole, type ConsoleHarness } from './support/browser';

/**
 * A county approver selects cases in the inbox and approves them at once: each case gets its own
 * result, and one approved meanwhile by someone else is reported without stopping the others.
 */
describe('bulk approval in the console', () => {
  let sys: TestSystem;
  let drive: CaseDriver;
  let ui: ConsoleHarness;
  const township = '370124103'; // 洪范池镇
  const village = '370124103001'; // 洪范村: no other spec file uses it
  const officer = 'township.hongfan.bulkui';
  const county = 'county.approver';

  beforeAll(async () => {
    sys = await startSystem();
    drive = new CaseDriver(sys);
    await ensureUser(sys.db, officer, 'township_officer', township);
    await installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
      ...p,
      chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(2) } : s)),
    }));
    ui = await startConsole(sys);
  });
  afterAll(async () => {
    await ui?.close();
    await sys?.close();
  });

  const atApproval = async () => {
    const idNumber = fakeIdNumber('1950-05-15');
    await addRosterSpell(sys.db, idNumber, 'dibao', village, '2021-01-01');
    const c = await drive.create(officer, { caseType: 'hardship-allowance', regionCode: village, birthDate: '1950-05-15', idNumber });
    await drive.decide(officer, c.id, 'acceptance', 'accept');
    await drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await drive.task(county, c.id, 'approval');
    return c;
  };
  const row = (page: Page, caseNo: string) => page.getByRole('checkbox', { name: caseNo });

  it('approves the selected cases with a result per case; one already approved is refused, the rest go through', async () => {
    const cases = await Promise.all([atApproval(), atApproval(), atApproval()]);
    const page = await ui.loginAs(county, '/console/inbox');
    await page.getByLabel('区划', { exact: true }).click();
    await page.keyboard.type('洪范池镇');
    await page.locator('.ant-select-item-option').filter({ hasText: '洪范池镇' }).first().waitFor();
    await page.keyboard.press('Enter');
    for (const c of cases) await row(page, c.caseNo).waitFor();
    for (const c of cases) await row(page, c.caseNo).check();

    // Someone approves the second case (with a comment of their own: another decision) while the list is on screen.
    await drive.decide(county, cases[1].id, 'approval', 'approve', { comment: '已先行审批' });

    await page.getByRole('button', { name: '批量审批' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    const result = page.getByRole('dialog', { name: '批量审批结果' });
    await result.getByText('已办理 3/3').waitFor({ timeout: 60000 });
    const resultRow = (caseNo: string) => result.getByRole('row').filter({ hasText: caseNo });
    await resultRow(cases[0].caseNo).getByText('已批准').waitFor();
    await resultRow(cases[2].caseNo).getByText('已批准').waitFor();
    await resultRow(cases[1].caseNo).getByText('未批准:该任务已办结。').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'bulk-approval-result');

    for (const c of [cases[0], cases[2]]) await drive.status(officer, c.id, 'active');
  });
});
