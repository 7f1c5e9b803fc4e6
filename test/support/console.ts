/**
 * The console in Chromium as a person uses it: a demo user signs in through the form, as at the
 * counter. Pages are watched (browser.ts) from their first load.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type ConsoleScreen, launchBrowser, newConsolePage, saveScreenshot, type WatchedPage } from './browser.ts';
import { DEMO_PASSWORD, type DemoServer, startDemoServer } from './demo-server.ts';

/**
 * The demo for console tests: every sign-in counts against the address (sessions.ts, 30 per window
 * by default), and a browser test signs in through the form many times from 127.0.0.1.
 */
export const CONSOLE_DEMO_ENV: Record<string, string> = { PATRON_LOGIN_ADDRESS_LIMIT: '1000' };

export type DemoRole = 'staff' | 'manager' | 'admin';

export const DEMO_EMAILS: Record<DemoRole, string> = {
  staff: 'staff@demo.test',
  manager: 'manager@demo.test',
  admin: 'admin@demo.test',
};

/** Fills and sends the sign-in form on the page showing it. */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A new console page signed in as the demo `role`, showing `path` (default: the start page).
 * Waits until the shell shows who is signed in.
 */
export async function openConsoleAs(
  browser: Browser,
  demo: DemoServer,
  role: DemoRole,
  options: { path?: string; screen?: ConsoleScreen } = {},
): Promise<WatchedPage> {
  const watched = await newConsolePage(browser, demo.url, { screen: options.screen });
  const { page } = watched;
  await page.goto(options.path ?? '/');
  await fillSignIn(page, DEMO_EMAILS[role], DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return watched;
}

/** The session token the console holds for this tab (to act on it from outside, e.g. revoke it). */
export async function consoleSessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem('patron.console.session'));
  if (!raw) throw new Error('the console holds no session');
  return (JSON.parse(raw) as { token: string }).token;
}

/**
 * One console browser file's shared part: a demo server and a Chromium started before its tests
 * (with `setup` run after both are up), every page opened through it closed after them.
 * Screenshots go to test-results/screens/<folder>/.
 */
export interface ConsoleSuite {
  readonly demo: DemoServer;
  readonly browser: Browser;
  /** A page signed in as `role` (openConsoleAs), closed with the suite. */
  open(role: DemoRole, options?: { path?: string; screen?: ConsoleScreen }): Promise<WatchedPage>;
  /** A page opened some other way, closed with the suite. */
  track(watched: WatchedPage): WatchedPage;
  shot(watched: WatchedPage, name: string): Promise<string>;
}

export function consoleSuite(folder: string, setup?: (demo: DemoServer) => Promise<void>): ConsoleSuite {
  let demo: DemoServer | undefined;
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];
  beforeAll(async () => {
    [demo, browser] = await Promise.all([startDemoServer(CONSOLE_DEMO_ENV), launchBrowser()]);
    await setup?.(demo);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(opened.map((watched) => watched.close().catch(() => undefined)));
    await browser?.close();
    await demo?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console suite has not started (use it inside a test)');
    return value;
  };
  const suite: ConsoleSuite = {
    get demo() {
      return started(demo);
    },
    get browser() {
      return started(browser);
    },
    async open(role, options = {}) {
      return suite.track(await openConsoleAs(suite.browser, suite.demo, role, options));
    },
    track(watched) {
      opened.push(watched);
      return watched;
    },
    shot: (watched, name) => saveScreenshot(watched.page, `${folder}/${name}`),
  };
  return suite;
}
