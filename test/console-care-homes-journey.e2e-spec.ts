import { animationsEnded, confirmDialog, pickOption, screenshot } from './support/browser';
import { journeySystem, type JourneyRegion } from './support/journey';

/**
 * A county administrator manages care homes and beds in Chromium against the real system, in a
 * region tree of its own: registers a home, adds beds, sees them, takes one out of service and
 * back (with confirmation), and reads a refusal in Chinese beside the field.
 */
const COUNTY = '379960';
const TOWNSHIP = '379960001';
const REGIONS: JourneyRegion[] = [
  [COUNTY, '机构管理测试县', 'county', null],
  [TOWNSHIP, '机构管理测试镇', 'township', COUNTY],
];
const ADMIN = 'homes.ui.admin';

describe('officers’ console: an admin manages care homes and beds in a real browser', () => {
  const journey = journeySystem({ regions: REGIONS, users: [[ADMIN, 'admin', COUNTY]] });
  const { checkA11y } = journey;

  it('creates a home, adds a bed, sees it, takes it out of service and back', async () => {
    const home = `机构测试敬老院${Date.now().toString(36)}`;
    const page = await journey.ui.loginAs(ADMIN, '/console/care-homes');
    await page.getByRole('heading', { name: '养老机构与床位' }).waitFor();
    await checkA11y(page, 'care-homes');

    await page.getByRole('button', { name: '新增机构' }).click();
    const dialog = page.getByRole('dialog', { name: '新增机构' });
    // Required fields are refused in Chinese before anything is sent. Saved once the dialog has
    // opened, as a person would (on a loaded CI machine the errors twice failed to appear, or the
    // region list to open, after clicks made while the dialog or its messages were still moving).
    await dialog.waitFor();
    await animationsEnded(page);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.locator('.ant-form-item-explain-error').filter({ hasText: '必填' }).first().waitFor();
    await pickOption(page, dialog, '所属区划', '机构管理测试镇');
    await dialog.getByLabel('机构名称').fill(home);
    await dialog.getByLabel('地址').fill('机构管理测试镇府前街 1 号');
    await dialog.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await checkA11y(page, 'care-homes-create');
    await screenshot(page, 'homes-01-create');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('tr').filter({ hasText: home });
    await row.filter({ hasText: '机构管理测试镇府前街 1 号' }).filter({ hasText: '0(空闲 0 / 预留 0 / 在住 0)' }).waitFor();
    await row.getByRole('button', { name: /展开/ }).click();
    const beds = page.getByRole('table', { name: `${home} 的床位` });
    const addBed = page.getByRole('form', { name: '新增床位' });
    await addBed.getByLabel('床位号').fill('A-101');
    await addBed.getByRole('button', { name: '新增床位' }).click();
    await beds.locator('tr').filter({ hasText: 'A-101' }).filter({ hasText: '空闲' }).waitFor();
    await row.filter({ hasText: '1(空闲 1 / 预留 0 / 在住 0)' }).waitFor();

    // The same label again: the server's 409 is shown on the field, in Chinese.
    await addBed.getByLabel('床位号').fill('A-101');
    await addBed.getByRole('button', { name: '新增床位' }).click();
    await addBed.locator('.ant-form-item-explain-error').filter({ hasText: '已被占用' }).waitFor();
    await screenshot(page, 'homes-02-duplicate-bed');
    await addBed.getByLabel('床位号').fill('A-102');
    await addBed.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await checkA11y(page, 'care-homes-beds');

    // Out of service only after confirming.
    await beds.locator('tr').filter({ hasText: 'A-101' }).getByRole('button', { name: '停用床位' }).click();
    await confirmDialog(page, page.getByRole('tooltip').filter({ hasText: '确定停用床位 A-101' }));
    await beds.locator('tr').filter({ hasText: 'A-101' }).filter({ hasText: '停用' }).getByRole('button', { name: '恢复使用' }).waitFor();
    await row.filter({ hasText: '1(空闲 0 / 预留 0 / 在住 0 / 停用 1)' }).waitFor();
    await screenshot(page, 'homes-03-out-of-service');
    await beds.locator('tr').filter({ hasText: 'A-101' }).getByRole('button', { name: '恢复使用' }).click();
    await confirmDialog(page, page.getByRole('tooltip').filter({ hasText: '确定恢复使用床位 A-101' }));
    await beds.locator('tr').filter({ hasText: 'A-101' }).getByRole('button', { name: '停用床位' }).waitFor();

    const [{ n }]: { n: number }[] = await journey.sys.db.query(
      `SELECT count(*) AS n FROM audit_log WHERE action IN ('care_home_created','bed_added','bed_out_of_service','bed_in_service') AND region_code = $1`,
      [TOWNSHIP],
    );
    expect(Number(n)).toBeGreaterThanOrEqual(4);
    await page.context().close();
  }, 120000);

  it('has no serious or critical accessibility violations on the pages this journey visits', () => {
    journey.expectAccessible(['care-homes', 'care-homes-beds', 'care-homes-create']);
  });
});
