import type { Page } from 'playwright-core';
import { screenshot, seriousA11yViolations, startConsole, type ConsoleHarness } from './browser';
import { CaseDriver } from './case-driver';
import { ensureRegions, ensureUser, startSystem, type TestSystem } from './system';

/** A region of a journey's own test tree: code, name, level, parent code. */
export type JourneyRegion = readonly [code: string, name: string, level: 'county' | 'township' | 'village', parent: string | null];

/** A user of a journey: username, role, region code. */
export type JourneyUser = readonly [username: string, role: string, regionCode: string];

export interface JourneySetup {
  /** The journey's own regions (codes no other spec file uses), inserted if missing. */
  regions?: readonly JourneyRegion[];
  users?: readonly JourneyUser[];
  /** Anything else the journey needs before the browser starts (policies, fixtures). */
  prepare?: (sys: TestSystem) => Promise<unknown>;
  /** Undoes what `prepare` changed outside the journey's own regions. */
  cleanup?: (sys: TestSystem) => Promise<unknown>;
}

/**
 * What every browser journey shares: the real system, Chromium serving the console, a case driver
 * for what happens through the API, and axe findings collected per page. Set in `beforeAll`.
 */
export interface Journey {
  readonly sys: TestSystem;
  readonly ui: ConsoleHarness;
  readonly drive: CaseDriver;
  /** Serious or critical axe violations of each checked page, by the page's name. */
  readonly a11y: Record<string, unknown[]>;
  /** axe-core on the page as it is now, recorded under `name`. */
  readonly checkA11y: (page: Page, name: string) => Promise<void>;
  /** Exactly `names` were checked, and none has a serious or critical violation. */
  readonly expectAccessible: (names: readonly string[]) => void;
}

/**
 * Registers the journey's `beforeAll` (system, regions, users, `prepare`, Chromium) and `afterAll`
 * (`cleanup`, browser, system); call it once inside the journey's `describe`.
 */
export function journeySystem(setup: JourneySetup = {}): Journey {
  const a11y: Record<string, unknown[]> = {};
  let started: { sys: TestSystem; ui: ConsoleHarness; drive: CaseDriver } | null = null;
  let sys: TestSystem | undefined;
  let ui: ConsoleHarness | undefined;
  const ready = () => {
    if (!started) throw new Error('journeySystem: used before its beforeAll ran');
    return started;
  };

  beforeAll(async () => {
    sys = await startSystem();
    await ensureRegions(sys.db, setup.regions ?? []);
    for (const [username, role, region] of setup.users ?? []) await ensureUser(sys.db, username, role, region);
    await setup.prepare?.(sys);
    ui = await startConsole(sys);
    started = { sys, ui, drive: new CaseDriver(sys) };
  });

  // A failed journey leaves a picture of every page still open (test-results/console/failed-*.png):
  // what the officer would have seen when the step broke or timed out.
  afterEach(async () => {
    if (!(globalThis as { __testFailed?: boolean }).__testFailed || !ui) return;
    const name = `failed-${(expect.getState().currentTestName ?? 'journey').replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}`;
    const pages = ui.browser.contexts().flatMap((c) => c.pages());
    for (const [i, page] of pages.entries()) await screenshot(page, `${name}-${i + 1}`).catch(() => undefined);
  });

  afterAll(async () => {
    if (sys) await setup.cleanup?.(sys);
    await ui?.close();
    await sys?.close();
  });

  return {
    get sys() {
      return ready().sys;
    },
    get ui() {
      return ready().ui;
    },
    get drive() {
      return ready().drive;
    },
    a11y,
    checkA11y: async (page, name) => {
      a11y[name] = await seriousA11yViolations(page);
    },
    expectAccessible: (names) => {
      expect(Object.keys(a11y).sort()).toEqual([...names].sort());
      expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    },
  };
}
