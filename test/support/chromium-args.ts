/**
 * Chromium's command line for the browser journeys (test/support/browser.ts) and the console's
 * cold loads (bench/console.bench.ts).
 *
 * Chromium 156 (Debian's, which the journeys and the benchmark drive) opens every new window with
 * a "WebUI Top Renderer" for the omnibox's popup (chrome://omnibox-popup.top-chrome: the AI-mode
 * search box), preloaded whether or not anyone types in the address bar. Each cold load is a fresh context,
 * so a fresh window: that renderer then parsed and ran about 2 s of the browser's own JavaScript
 * on the same two CPUs during every load (a Chromium trace of one load: 2.7 s busy in that process,
 * against 2.1 s in the page's). An officer's browser starts that UI once, when it opens, not each
 * time the console is loaded. These features are switched off so a load measures the page, and a
 * journey on a loaded CI machine does not share its CPUs with a renderer nobody looks at.
 *
 * Chromium reads only the last `--disable-features`, so the list repeats the one Playwright passes
 * (playwright-core's chromiumSwitches, at the version in package-lock.json) and adds these.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];
const BROWSER_UI_PRELOADS = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_PRELOADS].join(',')}`,
];
