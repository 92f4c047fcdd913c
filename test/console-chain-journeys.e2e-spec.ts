import type { Page } from 'playwright-core';
import { HOME_VISIT } from './support/case-driver';
import { confirmDialog, screenshot } from './support/browser';
import { journeySystem, type JourneyRegion } from './support/journey';
import { eventually, installPolicy, seconds } from './support/system';

/**
 * The rest of the approval chain in Chromium against the real system: 公示 objections (upheld and
 * dismissed), a return for missing materials (补正) and its supplement, and a rejection whose
 * written reason the form insists on. A region tree of its own; its hardship policy shortens the
 * public notice to 30 seconds, long enough to register an objection in the browser while it runs.
 */
const COUNTY = '379920';
const TOWNSHIP = '379920001';
const VILLAGE = '379920001001';
const REGIONS: JourneyRegion[] = [
  [COUNTY, '环节测试县', 'county', null],
  [TOWNSHIP, '环节测试镇', 'township', COUNTY],
  [VILLAGE, '环节一村', 'village', TOWNSHIP],
];
const OFFICER = 'chain.officer';
const COUNTY_OFFICER = 'chain.county';
const NOTICE_SECONDS = 30;

describe('officers’ console: objections, 补正 and rejections in a real browser', () => {
  const journey = journeySystem({
    regions: REGIONS,
    users: [
      [OFFICER, 'township_officer', TOWNSHIP],
      [COUNTY_OFFICER, 'county_officer', COUNTY],
    ],
    prepare: (sys) =>
      installPolicy(sys.db, 'hardship-allowance', COUNTY, (p) => ({
        ...p,
        chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(NOTICE_SECONDS) } : s)),
      })),
  });
  const { checkA11y } = journey;

  const stepIs = (page: Page, label: string, timeout = 30000) =>
    page.getByTestId('current-step').filter({ hasText: label }).waitFor({ timeout });
  const statusIs = (page: Page, label: string | RegExp, timeout = 30000) =>
    page.getByTestId('case-status').filter({ hasText: label }).waitFor({ timeout });
  const timelineShows = (page: Page, text: string | RegExp, timeout = 30000) =>
    page.getByTestId('timeline').getByText(text).first().waitFor({ timeout });
  /** The error antd shows under the form item whose control has `label`. */
  const fieldError = (page: Page, label: string, text: string) =>
    page
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error')
      .filter({ hasText: text });

  /** A hardship case of the test village driven through the API into its public notice. */
  const caseInNotice = async (birthDate: string) => {
    const c = await journey.drive.create(OFFICER, { caseType: 'hardship-allowance', regionCode: VILLAGE, birthDate });
    await journey.drive.decide(OFFICER, c.id, 'acceptance', 'accept');
    await journey.drive.decide(OFFICER, c.id, 'review', 'pass', { data: HOME_VISIT });
    await eventually(
      async () => ((await journey.drive.get(OFFICER, c.id)).currentStep === 'notice' ? true : undefined),
      20000,
      'the notice',
    );
    return c;
  };

  const registerObjection = async (page: Page, summary: string) => {
    await stepIs(page, '公示');
    await page.getByRole('button', { name: '登记公示异议' }).click();
    const dialog = page.getByRole('dialog', { name: '登记公示异议' });
    await dialog.getByLabel('异议内容').fill(summary);
    await checkA11y(page, 'objection-dialog');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The case pauses while the objection is open, and the officer's objection task appears.
    await statusIs(page, '暂停(异议处理中)');
    await page.getByTestId('task-panel').filter({ hasText: '公示异议处理' }).waitFor({ timeout: 30000 });
  };

  /**
   * The written decision (书面决定) of a refusal is the county's: it issues it and the case ends
   * refused, its cause and reason shown on the case and in the timeline.
   */
  const issueRefusal = async (caseId: string, reason: string, ending: string, shot: string) => {
    const county = await journey.ui.loginAs(COUNTY_OFFICER, `/console/cases/${caseId}`);
    await stepIs(county, '书面决定');
    const panel = county.getByTestId('task-panel').filter({ hasText: '书面决定' });
    await panel.getByText('已送达', { exact: true }).click();
    await panel.getByLabel('决定书文号').fill('环节民救〔2026〕7号');
    await panel.getByRole('button', { name: '提交' }).click();
    await confirmDialog(county, county.getByRole('dialog').filter({ hasText: '此决定提交后不可撤销' }));
    await statusIs(county, /^不予批准$/);
    // The entry that ends the case names the cause, in Chinese.
    await timelineShows(county, ending);
    await county.getByTestId('task-panel').waitFor({ state: 'detached' });
    // The plan preview was for the decision; a refused case shows none.
    await county.getByText('待遇测算(审批前预览)').waitFor({ state: 'detached' });
    await county.getByText(reason).first().waitFor();
    await timelineShows(county, reason);
    if (!journey.a11y['refused-case']) await checkA11y(county, 'refused-case');
    await screenshot(county, shot);
    const kase = await journey.drive.get(COUNTY_OFFICER, caseId);
    expect(kase.status).toBe('rejected');
    expect(kase.outcomeReason).toBe(reason);
    await county.context().close();
  };

  it('an objection registered during the notice and dismissed: the case goes on to county approval', async () => {
    const c = await caseInNotice('1949-04-12');
    const page = await journey.ui.loginAs(OFFICER, `/console/cases/${c.id}`);
    await registerObjection(page, '村民反映申请人家庭收入与申报不符');
    await timelineShows(page, '登记异议');
    await screenshot(page, 'chain-01-objection-registered');

    const panel = page.getByTestId('task-panel').filter({ hasText: '公示异议处理' });
    await panel.getByText('异议不成立', { exact: true }).click();
    await panel.getByLabel('办理意见').fill('经复核,申请人收入情况属实,异议不成立');
    await checkA11y(page, 'objection-task');
    await panel.getByRole('button', { name: '提交' }).click();
    await timelineShows(page, '异议处理');
    // Once the notice period has run, the case leaves 公示 for the county's approval.
    await stepIs(page, '县级审批', (NOTICE_SECONDS + 30) * 1000);
    await statusIs(page, '办理中');
    await timelineShows(page, '公示期满');
    await screenshot(page, 'chain-02-objection-dismissed');
    expect((await journey.drive.get(OFFICER, c.id)).status).toBe('in_progress');
    await page.context().close();
  }, 180000);

  it('an objection upheld: the case is refused with the objection’s reason', async () => {
    const c = await caseInNotice('1949-05-13');
    const page = await journey.ui.loginAs(OFFICER, `/console/cases/${c.id}`);
    await registerObjection(page, '申请人子女有赡养能力且已购置商品房');

    const panel = page.getByTestId('task-panel').filter({ hasText: '公示异议处理' });
    await panel.getByText('异议成立', { exact: true }).click();
    await panel.getByLabel('办理意见').fill('经核实异议属实,申请人不符合条件');
    await panel.getByRole('button', { name: '提交' }).click();
    // Irreversible: confirmed first.
    await confirmDialog(page, page.getByRole('dialog').filter({ hasText: '此决定提交后不可撤销' }));
    await timelineShows(page, '异议处理');
    await timelineShows(page, '经核实异议属实,申请人不符合条件');
    // The refusal goes to the county for its written decision; once issued the case is refused.
    await statusIs(page, '待出具不予批准决定');
    await stepIs(page, '书面决定');
    await screenshot(page, 'chain-03-objection-upheld');
    await page.context().close();
    await issueRefusal(c.id, '经核实异议属实,申请人不符合条件', '公示异议成立,不予批准', 'chain-04-objection-refusal-issued');
  }, 180000);

  it('补正: returned for missing materials, the supplement received, and the case continues', async () => {
    const c = await journey.drive.create(OFFICER, { caseType: 'hardship-allowance', regionCode: VILLAGE, birthDate: '1950-07-21' });
    const page = await journey.ui.loginAs(OFFICER, `/console/cases/${c.id}`);
    await stepIs(page, '受理');
    await page.getByText('退回补正', { exact: true }).click();
    await page.getByLabel('办理意见').fill('缺少户口簿复印件和低保证明');
    await page.getByRole('button', { name: '提交' }).click();

    await statusIs(page, '退回补正');
    await stepIs(page, '补正材料');
    await timelineShows(page, '缺少户口簿复印件和低保证明');
    const panel = page.getByTestId('task-panel').filter({ hasText: '补正材料' });
    await panel.waitFor();
    await checkA11y(page, 'supplement-task');
    await screenshot(page, 'chain-05-returned-for-materials');

    // The applicant brings the missing papers: the officer records them and acceptance comes back.
    await panel.getByText('材料已补齐', { exact: true }).click();
    await panel.getByLabel('办理意见').fill('申请人已补交户口簿复印件和低保证明');
    await panel.getByRole('button', { name: '提交' }).click();
    await stepIs(page, '受理');
    await statusIs(page, '办理中');
    await page.getByText('予以受理', { exact: true }).click();
    await page.getByRole('button', { name: '提交' }).click();
    await stepIs(page, '乡镇审核');
    await screenshot(page, 'chain-06-supplement-accepted');
    const actions = (await journey.drive.timeline(OFFICER, c.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['returned_for_materials', 'accepted']));
    expect(actions.indexOf('returned_for_materials')).toBeLessThan(actions.indexOf('accepted'));
    await page.context().close();
  }, 180000);

  it('a rejection needs a written reason: refused on the field without one, then the case ends with it', async () => {
    const c = await journey.drive.create(OFFICER, { caseType: 'hardship-allowance', regionCode: VILLAGE, birthDate: '1951-08-30' });
    await journey.drive.decide(OFFICER, c.id, 'acceptance', 'accept');
    const page = await journey.ui.loginAs(OFFICER, `/console/cases/${c.id}`);
    await stepIs(page, '乡镇审核');
    await page.getByText('不予通过', { exact: true }).click();
    await page.getByRole('button', { name: '提交' }).click();
    // The form refuses: the error is on the reason field, in Chinese, and nothing is sent.
    await fieldError(page, '办理意见', '此结果须填写书面理由').waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await checkA11y(page, 'rejection-reason-required');
    await screenshot(page, 'chain-07-reason-required');
    expect((await journey.drive.task(OFFICER, c.id, 'review')).step).toBe('review');

    // Whitespace is no reason either.
    await page.getByLabel('办理意见').fill('   ');
    await page.getByRole('button', { name: '提交' }).click();
    await fieldError(page, '办理意见', '此结果须填写书面理由').waitFor();

    await page.getByLabel('办理意见').fill('入户调查发现申请人名下有营运车辆,不符合条件');
    await fieldError(page, '办理意见', '此结果须填写书面理由').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '提交' }).click();
    await confirmDialog(page, page.getByRole('dialog').filter({ hasText: '此决定提交后不可撤销' }));
    await timelineShows(page, '入户调查发现申请人名下有营运车辆,不符合条件');
    await stepIs(page, '书面决定');
    await page.context().close();
    await issueRefusal(c.id, '入户调查发现申请人名下有营运车辆,不符合条件', '审核不予通过', 'chain-08-rejected-with-reason');
  }, 180000);

  it('a decision the system has not applied yet: the task says so instead of inviting a second decision', async () => {
    const c = await journey.drive.create(OFFICER, { caseType: 'hardship-allowance', regionCode: VILLAGE, birthDate: '1952-02-11' });
    const task = await journey.drive.task(OFFICER, c.id, 'acceptance');
    await journey.sys.stopWorker();
    let page: Page;
    try {
      const sent = await journey.drive.complete(OFFICER, task.id, { step: 'acceptance', outcome: 'accept', comment: '材料齐全' });
      expect(sent.body.code).toBe('DECISION_PENDING');
      page = await journey.ui.loginAs(OFFICER, `/console/cases/${c.id}`);
      await page.getByTestId('task-panel').filter({ hasText: '决定已提交,等待系统处理' }).waitFor();
      expect(await page.getByRole('button', { name: '提交' }).count()).toBe(0);
      await checkA11y(page, 'decision-pending');
      await screenshot(page, 'chain-09-decision-pending');
    } finally {
      await journey.sys.startWorker();
    }
    // Once the worker applies it, the page moves on to the next step by itself.
    await stepIs(page, '乡镇审核', 60000);
    await page.getByTestId('task-panel').filter({ hasText: '决定已提交' }).waitFor({ state: 'detached' });
    await page.context().close();
  }, 180000);

  it('has no serious or critical accessibility violations on the pages these journeys visit', () => {
    journey.expectAccessible([
      'decision-pending',
      'objection-dialog',
      'objection-task',
      'refused-case',
      'rejection-reason-required',
      'supplement-task',
    ]);
  });
});
