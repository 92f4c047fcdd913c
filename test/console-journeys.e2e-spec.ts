import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@app/persistence';
import { confirmDialog, screenshot } from './support/browser';
import { journeySystem, type JourneyRegion } from './support/journey';
import { addRosterSpell, eventually, fakeIdNumber, installPolicy, seconds } from './support/system';

/**
 * The officers' console in Chromium against the real system (API serving the built console,
 * worker, Temporal, PostgreSQL), in a region tree of its own so no other spec's counts move:
 * a township with two villages, a second township, and one user per role. Its policies shorten
 * the public notice to 3 seconds and, in the overdue village, the acceptance deadline to 2 seconds.
 */
const COUNTY = '379910';
const TOWNSHIP = '379910001';
const OTHER_TOWNSHIP = '379910002';
const VILLAGE = '379910001001';
const OVERDUE_VILLAGE = '379910001002';
const REGIONS: JourneyRegion[] = [
  [COUNTY, '工作台测试县', 'county', null],
  [TOWNSHIP, '工作台测试镇', 'township', COUNTY],
  [OTHER_TOWNSHIP, '工作台邻镇', 'township', COUNTY],
  [VILLAGE, '工作台一村', 'village', TOWNSHIP],
  [OVERDUE_VILLAGE, '工作台逾期村', 'village', TOWNSHIP],
];
const OFFICER = 'con.officer';
const OTHER = 'con.other';
const COUNTY_OFFICER = 'con.county';
const ASSESSOR = 'con.assessor';
const SUPERVISOR = 'con.supervisor';

describe('officers’ console in a real browser', () => {
  const shortNotice = (p: Parameters<Parameters<typeof installPolicy>[3]>[0]) => ({
    ...p,
    chain: p.chain.map((s) => (s.kind === 'notice' ? { ...s, period: seconds(3) } : s)),
  });
  const journey = journeySystem({
    regions: REGIONS,
    users: [
      [OFFICER, 'township_officer', TOWNSHIP],
      [OTHER, 'township_officer', OTHER_TOWNSHIP],
      [COUNTY_OFFICER, 'county_officer', COUNTY],
      [ASSESSOR, 'assessor', COUNTY],
      [SUPERVISOR, 'supervisor', TOWNSHIP],
    ],
    prepare: async (sys) => {
      await installPolicy(sys.db, 'hardship-allowance', COUNTY, shortNotice);
      await installPolicy(sys.db, 'care-allowance', COUNTY, shortNotice);
      await installPolicy(sys.db, 'hardship-allowance', OVERDUE_VILLAGE, (p) => ({
        ...p,
        chain: p.chain.map((s) => (s.kind === 'task' && s.step === 'acceptance' ? { ...s, deadline: seconds(2) } : s)),
      }));
    },
  });
  const { checkA11y } = journey;

  const pick = async (page: Page, label: string, text: string) => {
    await page.getByLabel(label, { exact: true }).click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-item-option').filter({ hasText: text }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.ant-select').filter({ hasText: text }).first().waitFor();
  };
  const stepIs = (page: Page, label: string) => page.getByTestId('current-step').filter({ hasText: label }).waitFor({ timeout: 30000 });

  it('an officer takes a hardship application from intake to county approval and sees the entitlement', async () => {
    const idNumber = fakeIdNumber('1950-06-15');
    await addRosterSpell(journey.sys.db, idNumber, 'dibao', VILLAGE, '2021-01-01');

    const officer = await journey.ui.loginAs(OFFICER);
    // Role-aware layout: the officer's menu and region.
    await officer.getByTestId('current-region').filter({ hasText: '工作台测试镇' }).waitFor();
    await checkA11y(officer, 'inbox');
    await screenshot(officer, '01-officer-inbox');

    await officer.getByRole('menuitem', { name: '受理登记' }).click();
    await pick(officer, '户籍所在地(乡镇/村居)', '工作台一村');
    // Inline validation with the domain's check character: a wrong last character is refused on the field.
    await officer.getByLabel('身份证号').fill(idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'));
    await officer.getByLabel('姓名').fill('工作台老人');
    await officer.getByText('身份证号码校验码不符,请核对号码').waitFor();
    await officer.getByLabel('身份证号').fill(idNumber);
    await officer.getByText('身份证号码校验码不符,请核对号码').waitFor({ state: 'detached' });
    await checkA11y(officer, 'intake');
    await screenshot(officer, '02-intake');
    await officer.getByRole('button', { name: '登记并启动办理' }).click();

    await officer.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    const caseId = officer.url().split('/').pop()!;
    await stepIs(officer, '受理');
    await officer.getByText('予以受理', { exact: true }).click();
    await officer.getByRole('button', { name: '提交' }).click();

    await stepIs(officer, '乡镇审核');
    await officer.getByText('审核通过', { exact: true }).click();
    await officer.getByLabel('调查结论').fill('入户核查,家庭情况与申报一致');
    await checkA11y(officer, 'case-review');
    await screenshot(officer, '03-review-home-visit');
    await officer.getByRole('button', { name: '提交' }).click();
    await stepIs(officer, '公示');

    // The county approver finds it in the role inbox once the 3-second notice has run.
    const county = await journey.ui.loginAs(COUNTY_OFFICER);
    await journey.drive.task(COUNTY_OFFICER, caseId, 'approval', 30000);
    const caseNo = String((await journey.drive.get(OFFICER, caseId)).caseNo);
    await county.reload();
    await county.getByRole('tab', { name: '本岗待办' }).click();
    await county.locator('tr').filter({ hasText: caseNo }).getByRole('link', { name: caseNo }).click();
    await stepIs(county, '县级审批');
    // The plan, month by month with its rule, before approving.
    await county.getByTestId('plan').getByText('元').first().waitFor();
    await checkA11y(county, 'case-approval');
    await screenshot(county, '04-approval-with-plan');
    await county.getByText('批准', { exact: true }).click();
    await county.getByLabel('办理意见').fill('同意');
    await county.getByRole('button', { name: '提交' }).click();
    await confirmDialog(county, county.getByRole('dialog').filter({ hasText: '此决定提交后不可撤销' }));

    await county
      .getByTestId('case-status')
      .filter({ hasText: /享受|批准/ })
      .waitFor({ timeout: 30000 });
    await county
      .getByTestId('entitlement-segments')
      .getByText(/\d+\.\d{2} 元/)
      .first()
      .waitFor({ timeout: 30000 });
    await county.getByTestId('timeline').getByText('核定待遇').waitFor({ timeout: 30000 });
    await screenshot(county, '05-approved-entitlement');
    const segmentText = await county.getByTestId('entitlement-segments').innerText();
    expect(segmentText).toMatch(/\d{4}年\d{1,2}月/);
    expect(segmentText).toMatch(/hardship\./);

    // The other township's officer cannot see the case: the page says not found.
    const other = await journey.ui.loginAs(OTHER, `/console/cases/${caseId}`);
    await other.getByText('案件不存在,或不在您的辖区内。').waitFor();
    await screenshot(other, '06-other-township-not-found');
    await checkA11y(other, 'not-found');
    await Promise.all([officer.context().close(), county.context().close(), other.context().close()]);
  }, 240000);

  it('an assessor scores the 26 items and sees the total and level change live', async () => {
    const c = await journey.drive.create(OFFICER, { caseType: 'care-allowance', regionCode: VILLAGE, birthDate: '1945-03-10' });
    await journey.drive.decide(OFFICER, c.id, 'acceptance', 'accept');
    await journey.drive.task(ASSESSOR, c.id, 'assessment');

    const page = await journey.ui.loginAs(ASSESSOR, `/console/cases/${c.id}`);
    await stepIs(page, '能力评估');
    const level = page.getByTestId('assessment-level');
    await level.filter({ hasText: '尚有 26 项未评分' }).waitFor();
    const max: Record<string, number> = { stairs: 3, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, transport: 3 };
    for (const id of await page.locator('input[id^="item-"]').evaluateAll((els) => els.map((e) => e.id))) {
      const code = id.replace('item-', '');
      await page.locator(`#${id}`).fill(String(max[code] ?? 4));
    }
    await level.filter({ hasText: '0 级 能力完好' }).waitFor();
    await page.getByTestId('assessment-total').filter({ hasText: '90' }).waitFor();
    // One item lower: the total drops and the level changes as it is typed.
    await page.locator('#item-eating').fill('0');
    await level.filter({ hasText: '1 级 轻度失能' }).waitFor();
    await page.getByTestId('dementia').click();
    await level.filter({ hasText: '2 级 中度失能' }).waitFor();
    // A score outside the item's range is shown on the item.
    await page.locator('#item-stairs').fill('4');
    await page.getByText('超出范围0–3').waitFor();
    await checkA11y(page, 'assessment');
    await screenshot(page, '07-assessment-live');
    await page.locator('#item-stairs').fill('3');
    await level.filter({ hasText: '2 级 中度失能' }).waitFor();
    await page.getByRole('button', { name: '提交评估' }).click();
    await page.getByTestId('current-step').filter({ hasNotText: '能力评估' }).waitFor({ timeout: 30000 });
    const recorded = await eventually(async () => {
      const rows: { final_level: number }[] = await journey.sys.db.query('SELECT final_level FROM assessments WHERE case_id = $1', [c.id]);
      return rows[0];
    });
    expect(recorded.final_level).toBe(2);
    await page.context().close();
  }, 180000);

  it('a supervisor sees an overdue task on the dashboard, drills down and reassigns it', async () => {
    const c = await journey.drive.create(OFFICER, { caseType: 'hardship-allowance', regionCode: OVERDUE_VILLAGE, birthDate: '1948-02-02' });
    await eventually(
      async () => ((await journey.drive.get(OFFICER, c.id)).openTasks[0]?.overdue ? true : undefined),
      30000,
      'the task to be overdue',
    );

    const page = await journey.ui.loginAs(SUPERVISOR);
    await page.waitForURL(/\/console\/supervision$/);
    const row = page.getByTestId('summary-table').locator('tr').filter({ hasText: '工作台逾期村' });
    await row
      .getByText(/^[1-9]\d*$/)
      .first()
      .waitFor();
    await checkA11y(page, 'supervision');
    await screenshot(page, '08-supervision-dashboard');
    await row.getByRole('button', { name: /查看任务/ }).click();
    const list = page.getByTestId('overdue-list');
    await list.getByText('逾期任务:工作台逾期村').waitFor();
    const task = list.locator('tr').filter({ hasText: c.caseNo });
    await task.getByText(/已逾期 \d+ 天/).waitFor();
    await task.getByRole('button', { name: '改派' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('改派给').click();
    await page.keyboard.type(OFFICER);
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: `${OFFICER}(测试)` })
      .waitFor();
    await page.keyboard.press('Enter');
    await dialog
      .locator('.ant-select')
      .filter({ hasText: `${OFFICER}(测试)` })
      .waitFor();
    await dialog.getByLabel('改派原因').fill('原办理人不在岗,改由本人办理');
    await screenshot(page, '09-reassign');
    await dialog.getByRole('button', { name: '提交' }).click();
    await list
      .locator('tr')
      .filter({ hasText: c.caseNo })
      .filter({ hasText: `${OFFICER}(测试)` })
      .waitFor();
    const [assigned]: { username: string }[] = await journey.sys.db.query(
      `SELECT u.username FROM tasks t JOIN users u ON u.id = t.assignee_id WHERE t.case_id = $1 AND t.completed_at IS NULL`,
      [c.id],
    );
    expect(assigned.username).toBe(OFFICER);
    await page.context().close();
  }, 180000);

  it('login errors are Chinese; an expired session returns to login and keeps the intake draft', async () => {
    const context = await journey.ui.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${journey.ui.baseUrl}/console/login`);
    await page.getByLabel('用户名').fill(OFFICER);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误。' }).waitFor();
    await checkA11y(page, 'login');
    await context.close();

    const officer = await journey.ui.loginAs(OFFICER, '/console/intake');
    await officer.getByLabel('姓名').fill('未提交的申请人');
    // The server stops accepting the token (as when it expires): the next request is a 401.
    await officer.evaluate(
      `(() => { const s = JSON.parse(sessionStorage.getItem('yiyang.session')); sessionStorage.setItem('yiyang.session', JSON.stringify({ ...s, token: 'expired' })); })()`,
    );
    await officer.reload();
    await officer.getByText('登录已过期,请重新登录').waitFor();
    await officer.getByLabel('用户名').fill(OFFICER);
    await officer.getByLabel('密码').fill(DEMO_PASSWORD);
    await officer.getByRole('button', { name: '登录' }).click();
    await officer.waitForURL(/\/console\/intake$/);
    expect(await officer.getByLabel('姓名').inputValue()).toBe('未提交的申请人');
    // Logging out ends the session: the app returns to the login page.
    await officer.getByRole('button', { name: '退出登录' }).click();
    await officer.waitForURL(/\/console\/login$/);
    await officer.context().close();
  }, 120000);

  it('a reload of the inbox asks for its first page once, early; a refused session on it returns to login', async () => {
    const officer = await journey.ui.loginAs(OFFICER);
    await officer.waitForURL(/\/console\/inbox$/);
    const asked: string[] = [];
    officer.on('request', (r) => {
      if (r.url().includes('/api/tasks?')) asked.push(new URL(r.url()).search);
    });
    // The first page is asked for as the code starts to run (early-inbox.ts), and the page takes
    // that answer instead of asking again.
    await officer.reload();
    await officer.locator('.ant-table-row, .ant-table-placeholder').first().waitFor();
    await officer.getByRole('tab', { name: '本岗待办', selected: true }).waitFor();
    expect(asked).toEqual(['?scope=role&status=open&page=1&pageSize=20']);

    // The server refuses the token: the early request goes through the typed client like any
    // other, so its 401 sends the officer to the login page.
    await officer.evaluate(
      `(() => { const s = JSON.parse(sessionStorage.getItem('yiyang.session')); sessionStorage.setItem('yiyang.session', JSON.stringify({ ...s, token: 'expired' })); })()`,
    );
    await officer.reload();
    await officer.getByText('登录已过期,请重新登录').waitFor();
    await officer.context().close();
  }, 120000);

  it('has no serious or critical accessibility violations on the main pages', () => {
    journey.expectAccessible(['assessment', 'case-approval', 'case-review', 'inbox', 'intake', 'login', 'not-found', 'supervision']);
  });
});
