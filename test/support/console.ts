/**
 * The console in Chromium as a person uses it: a demo user signs in through the form, as at the
 * counter. Pages are watched (browser.ts) from their first load.
 */
import type { Browser, Page } from 'playwright-core';
import { type ConsoleScreen, newConsolePage, type WatchedPage } from './browser.ts';
import { DEMO_PASSWORD, type DemoServer } from './demo-server.ts';

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
