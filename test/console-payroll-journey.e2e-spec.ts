import type { Page } from 'playwright-core';
import { payrollWorkflowId } from '@app/contracts';
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
  let county = '';
  /**
   * The run's status shows `label`. If it does not within a minute, the failure says what the
   * officer saw (the address, any message) and where the run stood: its row and its workflow.
   */
  const statusIs = async (page: Page, label: string) => {
    try {
      await page.getByTestId('run-status').filter({ hasText: label }).waitFor({ timeout: 60000 });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${await whereTheRunStands(page)}`);
    }
  };
  const whereTheRunStands = async (page: Page) => {
    const shown = await page
      .locator('[data-testid="run-status"], .ant-message-notice, .ant-alert')
      .allInnerTexts()
      .catch((e: Error) => [`(page unreadable: ${e.message})`]);
    const runs: unknown[] = await journey.sys.db.query(
      'SELECT status, pages_done, workflow_id, created_at, updated_at FROM payroll_runs WHERE county_code = $1 AND month = $2',
      [county, M],
    );
    const workflow = await journey.sys.client.workflow
      .getHandle(payrollWorkflowId(county, M))
      .describe()
      .then((d) => ({
        status: d.status.name,
        historyLength: d.historyLength,
        pending: (d.raw.pendingActivities ?? []).map((a) => ({
          type: a.activityType?.name,
          attempt: a.attempt,
          lastFailure: a.lastFailure?.message,
        })),
      }))
      .catch((e: Error) => `(no workflow: ${e.message})`);
    return `page ${page.url()} shows ${JSON.stringify(shown)}; run rows ${JSON.stringify(runs)}; workflow ${JSON.stringify(workflow)}`;
  };

  it('runs the month through review and release in the browser', async () => {
    const fixture = await payrollCounty(journey.sys.db, { firstPayrollMonth: M });
    const { township, policyIds } = fixture;
    county = fixture.county;
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
