/**
 * The console's frame in Chromium against the whole demo: signing in (a wrong password, the
 * throttle's wait in words), what each role's sidebar offers, a page not for the role, signing out,
 * and an ended session that comes back to the page it was on. axe on every screen, screenshots
 * under test-results/screens/console-shell/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems, newConsolePage, SCREENSHOT_DIR } from '../support/browser.ts';
import { consoleSessionToken, consoleSuite, fillSignIn } from '../support/console.ts';
import { DEMO_PASSWORD } from '../support/demo-server.ts';

const suite = consoleSuite('console-shell');

const { shot } = suite;

describe('signing in to the console', () => {
  it('shows the sign-in form at / with the email field focused, and says a wrong password plainly', async () => {
    const watched = await newConsolePage(suite.browser, suite.demo.url);
    suite.track(watched);
    const { page } = watched;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Patron' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.evaluate("document.activeElement?.getAttribute('type')")).toBe('email');
    await expectAccessible(page, 'sign-in');
    await shot(watched, 'sign-in');

    await fillSignIn(page, 'staff@demo.test', 'not-the-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await expectAccessible(page, 'sign-in, wrong password');
    await shot(watched, 'sign-in-wrong-password');
    expectNoPageProblems(watched, { expectedStatuses: [401] });
  });

  it('tells how long to wait once the throttle holds the account, in the words of Retry-After', async () => {
    const watched = await newConsolePage(suite.browser, suite.demo.url);
    suite.track(watched);
    const { page } = watched;
    await page.goto('/sign-in');
    // An account of its own, so the demo users are not held up for the other tests.
    let message = '';
    for (let attempt = 0; attempt < 8 && !message.startsWith('Too many'); attempt++) {
      await fillSignIn(page, 'nobody-here@demo.test', 'wrong-password');
      await page.getByRole('alert').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
      message = (await page.getByRole('alert').textContent()) ?? '';
    }
    expect(message).toMatch(/^Too many attempts, try again in \d+ (second|minute)s?\.$/);
    await shot(watched, 'sign-in-throttled');
    expectNoPageProblems(watched, { expectedStatuses: [401, 429] });
  });
});

describe('what each role sees', () => {
  it('offers staff the customer pages only, and a page for admins answers "not available to your role"', async () => {
    const watched = await suite.open('staff');
    const { page } = watched;
    const sidebar = page.getByRole('navigation', { name: 'Console' });
    await expect.poll(() => sidebar.getByRole('link').allTextContents()).not.toContain('Stores');
    expect(await sidebar.getByText('Admin', { exact: true }).count()).toBe(0);
    expect(await sidebar.getByText('Data quality', { exact: true }).count()).toBe(0);
    await expect.poll(() => sidebar.getByText('Staff', { exact: true }).count()).toBe(1);

    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await expectAccessible(page, 'not available to your role');
    await shot(watched, 'staff-on-admin-page');
    expectNoPageProblems(watched);
  });

  it('answers an unknown console address with a page-not-found inside the shell', async () => {
    const watched = await suite.open('manager');
    await watched.page.goto('/customers/not/a/page');
    await watched.page.getByRole('heading', { name: 'Page not found' }).waitFor();
    expectNoPageProblems(watched);
  });
});

describe('leaving and coming back', () => {
  it('signs out to the sign-in form, and a reload does not sign back in', async () => {
    const watched = await suite.open('staff');
    const { page } = watched;
    const token = await consoleSessionToken(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Patron' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('patron.console.session'))).toBeNull();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Patron' }).waitFor();
    // The server forgot the session too.
    await expect.poll(async () => (await suite.demo.api('GET', '/me', token)).status).toBe(401);
    expectNoPageProblems(watched);
  });

  it('after the session ends, says so at sign-in and goes back to the page it was on', async () => {
    const watched = await suite.open('staff', { path: '/admin/users' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    // The session ends elsewhere (revoked, expired): the next call the console makes gets a 401.
    const token = await consoleSessionToken(page);
    expect((await suite.demo.api('POST', '/auth/logout', token)).status).toBe(204);
    await page.reload();
    await page.getByText('Your session ended. Sign in again to carry on where you were.').waitFor();
    await shot(watched, 'session-ended');
    await fillSignIn(page, 'staff@demo.test', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expectNoPageProblems(watched, { expectedStatuses: [401] });
  });
});

describe('the first screen', () => {
  // The figure is what the issue asks to measure (< 1 s); the bound asserted is loose, as a shared,
  // loaded CI machine is not a benchmark: the figure is printed and kept in test-results/.
  it('is interactive soon after navigation on the demo (the sign-in form accepts typing)', async () => {
    const watched = await newConsolePage(suite.browser, suite.demo.url);
    suite.track(watched);
    const { page } = watched;
    await page.goto('/sign-in');
    await page.getByLabel('Email').waitFor();
    await page.getByLabel('Email').fill('x');
    // From the navigation's start to the form being usable, as the browser measured it.
    const readyMs = await page.evaluate(() => performance.now());
    console.info(`console sign-in interactive after ${Math.round(readyMs)} ms`);
    await mkdir(path.join(SCREENSHOT_DIR, 'console-shell'), { recursive: true });
    await writeFile(
      path.join(SCREENSHOT_DIR, 'console-shell', 'first-screen-timing.json'),
      JSON.stringify({ interactiveMs: Math.round(readyMs), at: new Date().toISOString() }),
    );
    expect(readyMs).toBeLessThan(5000);
  });
});
