/**
 * The console's segments (issue 17) in Chromium against the whole demo: a manager lists the prebuilt
 * segments and the organization's with their live counts, opens one and sees its members, and
 * deletes a saved one after confirming; staff are not offered the page. axe on every screen,
 * screenshots under test-results/screens/console-segments/.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

interface Segment {
  id: string;
  name: string;
  count: number;
  prebuilt: boolean;
}

// The demo's customers arrive by its first sync: wait for some medical ones before the tests.
const suite = consoleSuite('console-segments', async (demo) => {
  const token = await demo.signIn('manager');
  for (let attempt = 0; attempt < 60; attempt++) {
    const found = await demo.api<{ items: unknown[] }>('GET', '/customers?customerType=medical&limit=5', token);
    if ((found.body.items ?? []).length >= 5) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the demo has no medical customers after 30 s');
});
const { shot } = suite;

describe('segments in the console', () => {
  it('lists the segments with their counts, opens one with its members, and deletes a saved one', async () => {
    const token = await suite.demo.signIn('manager');
    const name = `Medical regulars ${Date.now().toString(36)}`;
    const made = await suite.demo.api<Segment>('POST', '/segments', token, {
      name,
      filter: { customerType: 'medical' },
    });
    expect(made.status).toBe(201);
    // The demo's sync keeps adding customers: the count shown must lie between the API's counts read
    // just before and just after the page shows it.
    const countOf = async (segmentName: string) =>
      (await suite.demo.api<{ items: Segment[] }>('GET', '/segments?limit=200', token)).body.items.find(
        (s) => s.name === segmentName,
      )!.count;
    const shownCount = async (row: ReturnType<typeof table.getByRole>) =>
      Number((await row.getByRole('cell').last().textContent())!.replace(/,/g, ''));

    const before = await countOf('SMS-reachable');
    const watched = await suite.open('manager', { path: '/segments' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Segments' }).waitFor();
    const table = page.getByRole('table', { name: 'Segments' });
    const smsRow = table.getByRole('row').filter({ hasText: 'SMS-reachable' });
    await smsRow.waitFor();
    const shown = await shownCount(smsRow);
    const after = await countOf('SMS-reachable');
    expect(shown).toBeGreaterThanOrEqual(before);
    expect(shown).toBeLessThanOrEqual(after);
    expect(await smsRow.textContent()).toContain('Prebuilt');
    const ours = table.getByRole('row').filter({ hasText: name });
    expect(await ours.textContent()).toContain('Type: Medical');
    expect(await shownCount(ours)).toBeGreaterThan(0);
    await expectAccessible(page, 'segments');
    await shot(watched, 'segments-1280');

    await ours.getByRole('link', { name }).click();
    await page.getByRole('heading', { name }).waitFor();
    const members = page.getByRole('table', { name: `Customers in ${name}` });
    await members.getByRole('row').nth(1).waitFor();
    // Every member shown is medical, as the segment says.
    const types = await members.locator('tbody tr td:first-of-type').allTextContents();
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types)).toEqual(new Set(['Medical']));
    await expectAccessible(page, 'segment');
    await shot(watched, 'segment-1280');

    await page.getByRole('button', { name: 'Delete segment' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete “${name}”?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete segment' }).click();
    await page.waitForURL(/\/segments$/);
    await table.getByRole('row').filter({ hasText: 'SMS-reachable' }).waitFor();
    await expect.poll(() => table.getByRole('row').filter({ hasText: name }).count(), { timeout: 10_000 }).toBe(0);
    expect((await suite.demo.api('GET', `/segments/${made.body.id}`, token)).status).toBe(404);
    expectNoPageProblems(watched);
  }, 120_000);

  it('a prebuilt segment shows what it holds and offers no delete', async () => {
    const watched = await suite.open('manager', { path: '/segments' });
    const { page } = watched;
    await page.getByRole('link', { name: 'Birthdays this month' }).click();
    await page.getByRole('heading', { name: 'Birthdays this month' }).waitFor();
    await page.getByText(/^Born in [A-Z][a-z]+$/).waitFor();
    expect(await page.getByRole('button', { name: 'Delete segment' }).count()).toBe(0);
    await expectAccessible(page, 'prebuilt segment');
    await shot(watched, 'prebuilt-1280');
    expectNoPageProblems(watched);
  }, 60_000);

  it('is not offered to staff', async () => {
    const watched = await suite.open('staff');
    await watched.page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    expect(await watched.page.getByRole('link', { name: 'Segments' }).count()).toBe(0);
  }, 60_000);
});
