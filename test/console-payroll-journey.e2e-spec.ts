import type { Page } from 'playwright-core';
import { entitlement, payrollCounty, person } from './support/payroll-fixtures';
import { screenshot } from './support/browser';
import { journeySystem } from './support/journey';
import { auth, ensureUser } from './support/system';
import { birthDateTurning, monthFromNow } from './support/today';

/**
 * The payroll pages in Chromium against the real system: a preparer computes this month's run and
 * submits it, cannot approve it herself (the refusal is shown in Chinese), and a second county
 * officer approves and releases it and downloads a township's bank file.
 */
describe('payroll in the console: maker computes and submits, checker approves, releases and downloads', () => {
  const journey = journeySystem();
  const { checkA11y } = journey;
  const M = monthFromNow(0);

  const confirmIn = async (page: Page, name: string) => {
    await page.getByRole('button', { name, exact: true }).first().click();
    await page.getByRole('dialog').getByRole('button', { name, exact: true }).click();
  };
  const statusIs = (page: Page, label: string) => page.getByTestId('run-status').filter({ hasText: label }).waitFor({ timeout: 60000 });

  it('runs the month through review and release in the browser', async () => {
    const { county, township, policyIds } = await payrollCounty(journey.sys.db, { firstPayrollMonth: M });
    const maker = `pay.ui.maker.${county}`;
    const checker = `pay.ui.checker.${county}`;
    await ensureUser(journey.sys.db, maker, 'county_officer', county);
    await ensureUser(journey.sys.db, checker, 'county_officer', county);
    const elder = await person(journey.sys.db, township, birthDateTurning(75, 0, 10));
    await entitlement(journey.sys.db, {
      personId: elder,
      regionCode: township,
      kind: 'hardship-allowance',
      policyId: policyIds['hardship-allowance'],
      segments: [{ from: M, to: null, rule: 'hardship.age-band-60', fen: 8050 }],
    });
    await journey.sys
      .http()
      .put(`/api/persons/${elder}/bank-account`)
      .set(...auth(await journey.sys.token(maker)))
      .send({ accountNo: '6217001234567890123', bankName: '测试农村商业银行' })
      .expect(200);

    // The preparer: computes the run (its progress shows while it computes) and submits it.
    const p = await journey.ui.loginAs(maker, '/console/payroll');
    await p.locator('#payroll-month').waitFor();
    await checkA11y(p, 'payroll-runs');
    await p.locator('#payroll-month').click();
    await p.locator('#payroll-month').fill(M);
    await p.keyboard.press('Enter');
    // The month's preview (nothing written) before the run is computed.
    await p.getByRole('button', { name: '预览', exact: true }).click();
    await p.getByTestId('payroll-preview').waitFor({ timeout: 60000 });
    await checkA11y(p, 'payroll-preview');
    await confirmIn(p, '生成发放批次');
    await statusIs(p, '草稿');
    // The amount is the policy's for the month, in yuan with fen precision.
    expect(await p.getByTestId('run-amount').textContent()).toMatch(/^[1-9][\d,]*\.\d{2} 元$/);
    await checkA11y(p, 'payroll-run-draft');
    await screenshot(p, 'payroll-1-draft');
    await confirmIn(p, '提交审核');
    await statusIs(p, '已提交审核');
    // Maker ≠ checker: the preparer's own approval is refused, in Chinese.
    await confirmIn(p, '审核通过');
    await p.getByTestId('payroll-action-error').filter({ hasText: '审核人不能是提交该批次的经办人' }).waitFor();
    await checkA11y(p, 'payroll-run-refused');
    await screenshot(p, 'payroll-2-same-person-refused');
    const runPath = new URL(p.url()).pathname;

    // The checker: approves, releases, downloads the township's bank file.
    const c = await journey.ui.loginAs(checker, runPath);
    await statusIs(c, '已提交审核');
    // The preparer by name (the API returns names with the ids).
    await c.getByText(`${maker}(测试)`).first().waitFor();
    // Returning asks for a reason first (checked, then cancelled).
    await c.getByRole('button', { name: '退回修改', exact: true }).click();
    const reason = c.getByRole('dialog').filter({ has: c.getByLabel('理由') });
    await reason.waitFor();
    await checkA11y(c, 'payroll-run-return-reason');
    await reason.getByRole('button', { name: '取消' }).click();
    await reason.waitFor({ state: 'hidden' });
    await confirmIn(c, '审核通过');
    await statusIs(c, '已审核');
    await confirmIn(c, '确认发放');
    await statusIs(c, '已发放');
    const files = c.getByTestId('payroll-files');
    await files.waitFor();
    const [download] = await Promise.all([c.waitForEvent('download'), files.getByRole('button', { name: /Excel/ }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await checkA11y(c, 'payroll-run-released');
    await screenshot(c, 'payroll-3-released');
  }, 180000);

  it('has no serious or critical accessibility violations on the payroll pages', () => {
    journey.expectAccessible([
      'payroll-preview',
      'payroll-run-draft',
      'payroll-run-refused',
      'payroll-run-released',
      'payroll-run-return-reason',
      'payroll-runs',
    ]);
  });
});
