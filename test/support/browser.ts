import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@app/persistence';
import type { TestSystem } from './system';
import { CHROMIUM_ARGS } from './chromium-args';

const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'console');

/**
 * The console as `npm run build` makes it; built here when a spec runs on its own before any build.
 * Built for production: under jest NODE_ENV is `test`, and a console built with it is another app
 * (React's and antd's development code; rc-component's `useId` gives every dialog the id `test-id`).
 */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'console', 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', '-c', 'apps/console/vite.config.mts', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** Debian's chromium and the CJK fonts (without them Chinese renders as boxes), installed when missing. */
function ensureChromium(): string {
  execFileSync(
    'bash',
    ['scripts/ensure-apt.sh', 'chromium:chromium', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  return '/usr/bin/chromium';
}

export interface ConsoleHarness {
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own session storage) logged in as `username`, on `path`. */
  loginAs(username: string, path?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Serves the in-process API (and the console with it) on a real port, and starts Chromium. */
export async function startConsole(sys: TestSystem): Promise<ConsoleHarness> {
  ensureConsoleBuilt();
  const executablePath = ensureChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await sys.api.listen(0, '127.0.0.1');
  const { port } = sys.api.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  return {
    baseUrl,
    browser,
    async loginAs(username, path = '/console/') {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/console/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page
        .getByRole('button', { name: '登 录' })
        .or(page.getByRole('button', { name: '登录' }))
        .click();
      await page.getByTestId('current-user').waitFor();
      if (path !== '/console/') await page.goto(`${baseUrl}${path}`);
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Waits for the page's running finite animations (a dialog zooming in, a picker fading in) to end,
 * as a person does before acting on what they bring.
 */
export async function animationsEnded(page: Page): Promise<void> {
  await page.evaluate(
    `Promise.all(document.getAnimations()
       .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
       .map((a) => a.finished.catch(() => undefined)))`,
  );
}

/**
 * Picks `text` in the select labelled `label` within `scope` (a dialog, a form), as a person does:
 * once what moves the fields (a dialog zooming in, error messages growing or fading) has stopped,
 * so the click lands on the select and not where it was a frame earlier; then waits for the select
 * to show the choice. (On a loaded CI machine a click made mid-animation once opened no list.)
 */
export async function pickOption(page: Page, scope: Locator, label: string, text: string): Promise<void> {
  await animationsEnded(page);
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  await scope.locator('.ant-select').filter({ hasText: text }).first().waitFor();
}

/**
 * Answers a confirmation (a dialog, or a pop-up confirm beside its button) with its OK button
 * (确定), as a person does: once it has zoomed in, so the click lands on the button and not where
 * it was a frame earlier (on a loaded CI machine a click made mid-zoom once missed it, and the
 * dialog stayed open); then waits for it to close. `dialog` narrows to the one meant (by its text).
 */
export async function confirmDialog(page: Page, dialog: Locator, timeout = 15000): Promise<void> {
  await dialog.waitFor({ timeout });
  await animationsEnded(page);
  await dialog.getByRole('button', { name: '确定' }).click({ timeout });
  await dialog.waitFor({ state: 'hidden', timeout });
}

/** Serious or critical accessibility violations on the page as it is now (axe-core). */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string | null | undefined; nodes: string[] }[]> {
  // Contrast is read from the rendered colours: a dialog or picker still fading in reads as too pale
  // (the admin journeys saw this on a loaded machine).
  await animationsEnded(page);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}
