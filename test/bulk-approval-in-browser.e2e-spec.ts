import type { Page } from 'playwright-core';
import { addRosterSpell, fakeIdNumber, installPolicy, seconds } from './support/system';
import { HOME_VISIT } from './support/case-driver';
import { confirmDialog, screenshot, seriousA11yViolations } from './support/browser';
import { journeySystem } from './support/journey';

/**
 * A county approver selects cases in the inbox and approves them at once: each case gets its own
 * result, and one approved meanwhile by someone else is reported without stopping the others.
 */
describe('bulk approval in the console', () => {
  const township = '370124103'; // 洪范池镇
  const village = '370124103001'; // 洪范村: no other spec file uses it
  const officer = 'township.hongfan.bulkui';
  const county = 'county.approver';
  const journey = journeySystem({
    users: [[officer, 'township_officer', township]],
    prepare: (sys) =>
      installPolicy(sys.db, 'hardship-allowance', village, (p) => ({
        ...p,
        chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(2) } : s)),
      })),
  });

  const atApproval = async () => {
    const idNumber = fakeIdNumber('1950-05-15');
    await addRosterSpell(journey.sys.db, idNumber, 'dibao', village, '2021-01-01');
    const c = await journey.drive.create(officer, {
      caseType: 'hardship-allowance',
      regionCode: village,
      birthDate: '1950-05-15',
      idNumber,
    });
    await journey.drive.decide(officer, c.id, 'acceptance', 'accept');
    await journey.drive.decide(officer, c.id, 'review', 'pass', { data: HOME_VISIT });
    await journey.drive.task(county, c.id, 'approval');
    return c;
  };
  const row = (page: Page, caseNo: string) => page.getByRole('checkbox', { name: caseNo });

  it('approves the selected cases with a result per case; one already approved is refused, the rest go through', async () => {
    const cases = await Promise.all([atApproval(), atApproval(), atApproval()]);
    const page = await journey.ui.loginAs(county, '/console/inbox');
    await page.getByLabel('区划', { exact: true }).click();
    await page.keyboard.type('洪范池镇');
    await page.locator('.ant-select-item-option').filter({ hasText: '洪范池镇' }).first().waitFor();
    await page.keyboard.press('Enter');
    for (const c of cases) await row(page, c.caseNo).waitFor();
    for (const c of cases) await row(page, c.caseNo).check();

    // Someone approves the second case (with a comment of their own: another decision) while the list is on screen.
    await journey.drive.decide(county, cases[1].id, 'approval', 'approve', { comment: '已先行审批' });

    await page.getByRole('button', { name: '批量审批' }).click();
    // Each wait below is bounded well inside the test's own limit, so a failure names the step it stopped at.
    await confirmDialog(page, page.getByRole('dialog').filter({ hasText: '确定批准选中的 3 件案件吗' }));
    const result = page.getByRole('dialog', { name: '批量审批结果' });
    await result.getByText('已办理 3/3').waitFor({ timeout: 30000 });
    const resultRow = (caseNo: string) => result.getByRole('row').filter({ hasText: caseNo });
    await resultRow(cases[0].caseNo).getByText('已批准').waitFor();
    await resultRow(cases[2].caseNo).getByText('已批准').waitFor();
    await resultRow(cases[1].caseNo).getByText('未批准:该任务已办结。').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'bulk-approval-result');

    for (const c of [cases[0], cases[2]]) await journey.drive.status(officer, c.id, 'active');
  }, 120000); // like the other console journeys: three cases driven to approval, then a browser session
});
