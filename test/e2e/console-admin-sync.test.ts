import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

const suite = consoleSuite('console-admin-sync');

const { shot } = suite;

/** The demo's Dutchie simulator, as its store's integration shows it (the port changes per start). */
async function dutchieSimulatorUrl(): Promise<string> {
  const token = await suite.demo.signIn('admin');
  const stores = await suite.demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', token);
  const dutchie = stores.body.items.find((store) => store.name === 'Dutchie Store');
  if (!dutchie) throw new Error('the demo has no Dutchie Store');
  const integration = await suite.demo.api<{ baseUrl: string }>('GET', `/stores/${dutchie.id}/integration`, token);
  return integration.body.baseUrl;
}

describe('an admin and a store’s POS', () => {
  it('creates a store, configures its integration against a simulator, tests it, runs a sync and sees it done', async () => {
    const simulatorUrl = await dutchieSimulatorUrl();
    const watched = await suite.open('admin', { path: '/admin' });
    const { page } = watched;

    // /admin goes to the stores, with each store's POS and sync health.
    await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/stores');
    await page.getByRole('link', { name: 'Dutchie Store' }).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: 'dutchie', exact: true }).count()).toBe(1);
    await expectAccessible(page, 'stores');
    await shot(watched, 'stores');

    await page.getByRole('button', { name: 'New store' }).click();
    await page.getByRole('heading', { name: 'New store' }).waitFor();
    await page.getByLabel('Name').fill('Console Test Store');
    await page.getByLabel('Time zone').selectOption('America/Denver');
    await expectAccessible(page, 'new store');
    await page.getByRole('button', { name: 'Create store' }).click();

    await page.getByRole('heading', { name: 'Console Test Store' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/stores\/[0-9a-f-]{36}$/);
    await page.getByText('Not configured').first().waitFor();

    // The vendor's credentials form; a base URL that is no URL is refused next to its field.
    await page.getByLabel('Vendor').selectOption('dutchie');
    await page.getByLabel('Base URL').fill('not a url');
    await page.getByLabel('API key').fill('patron-sim-dutchie-location-key');
    await page.getByLabel('Poll interval (seconds)').fill('60');
    await page.getByRole('button', { name: 'Save integration' }).click();
    const baseUrlMessage = page.locator('[id$="-cred-baseUrl-message"]');
    await expect.poll(() => baseUrlMessage.textContent()).not.toBe('');
    await expectAccessible(page, 'integration, bad base URL');
    await shot(watched, 'integration-bad-base-url');

    await page.getByLabel('Base URL').fill(simulatorUrl);
    await page.getByLabel('API key').fill('patron-sim-dutchie-location-key');
    await page.getByRole('button', { name: 'Save integration' }).click();
    await page.getByText('Integration saved.').waitFor();
    await expect.poll(() => baseUrlMessage.textContent()).toBe('');
    // Write-only: the base URL and "configured" come back, the key never does.
    await page.getByText('Configured (dutchie)').waitFor();
    await page.getByText(simulatorUrl, { exact: true }).waitFor();
    expect(await page.getByLabel('API key').inputValue()).toBe('');
    expect(await page.content()).not.toContain('patron-sim-dutchie-location-key');
    // The webhook key was generated: shown once, with a copy button.
    await page.getByRole('button', { name: 'Copy the webhook key' }).waitFor();

    await page.getByRole('button', { name: 'Test connection' }).click();
    const test = page.getByRole('status', { name: 'Connection test' });
    await expect.poll(() => test.textContent(), { timeout: 15_000 }).toMatch(/^Connected\. /);
    await expectAccessible(page, 'store with integration');
    await shot(watched, 'store-integration-tested');

    await page.getByRole('radio', { name: 'Full resync' }).click();
    await page.getByRole('button', { name: 'Run sync now' }).click();
    await page.getByRole('heading', { name: 'Sync run' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/sync\/[0-9a-f-]{36}$/);
    const status = page.getByTestId('run-status');
    const fetched = page.locator('[data-stat="fetched"]');
    // The counts are polled in place: the cell keeps its size while the number moves.
    const boxBefore = await fetched.boundingBox();
    await expect.poll(() => status.textContent(), { timeout: 60_000, interval: 250 }).toBe('Done');
    const boxAfter = await fetched.boundingBox();
    expect(boxAfter?.y).toBe(boxBefore?.y);
    expect(boxAfter?.height).toBe(boxBefore?.height);
    expect(Number(await fetched.textContent())).toBeGreaterThan(0);
    // The simulator's customers are the Dutchie Store's too, so Patron matches them rather than creating them all.
    const count = async (stat: string) => Number(await page.locator(`[data-stat="${stat}"]`).textContent());
    const matched =
      (await count('created')) + (await count('updated')) + (await count('unchanged')) + (await count('linked'));
    expect(matched).toBeGreaterThan(0);
    await expectAccessible(page, 'sync run done');
    await shot(watched, 'sync-run-done');

    await page.getByRole('link', { name: 'All runs' }).click();
    await page.getByRole('table', { name: 'Sync health per store' }).waitFor();
    await page.getByRole('table', { name: 'Sync runs' }).waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: 'Sync health per store' })
          .getByRole('link', { name: 'Console Test Store' })
          .count(),
      )
      .toBe(1);
    await expectAccessible(page, 'sync runs');
    await shot(watched, 'sync-runs');
    expectNoPageProblems(watched, { expectedStatuses: [404, 422] });
  }, 150_000);

  it("lists a run's quarantined records on its page, and says so when a run has none", async () => {
    const admin = await suite.demo.signIn('admin');
    const stores = await suite.demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', admin);
    const blaze = stores.body.items.find((store) => store.name === 'Blaze Store')!.id;
    const integration = await suite.demo.api<{ baseUrl: string }>('GET', `/stores/${blaze}/integration`, admin);
    const faults = `${new URL(integration.body.baseUrl).origin}/_sim/faults`;
    const setMalformed = (malformedRate: number) =>
      fetch(faults, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ malformedRate }),
      });
    const syncedRun = async (mode: 'full' | 'incremental') => {
      const run = await suite.demo.api<{ runId: string }>('POST', `/stores/${blaze}/sync`, admin, { mode });
      expect(run.status).toBe(202);
      await expect
        .poll(
          async () =>
            (await suite.demo.api<{ status: string }>('GET', `/sync-runs/${run.body.runId}`, admin)).body.status,
          { timeout: 60_000, interval: 500 },
        )
        .toBe('succeeded');
      return run.body.runId;
    };
    // The POS serves some records broken during one full resync.
    expect((await setMalformed(0.05)).status).toBe(200);
    let faulted: string;
    try {
      faulted = await syncedRun('full');
    } finally {
      await setMalformed(0);
    }
    const watched = await suite.open('admin', { path: `/admin/sync/${faulted}` });
    const { page } = watched;
    const errors = page.getByRole('table', { name: 'Errors in this run' });
    await errors.getByRole('row').nth(1).waitFor();
    expect(await errors.getByText('Record quarantined').count()).toBeGreaterThan(0);
    expect(Number(await page.locator('[data-stat="quarantined"]').textContent())).toBeGreaterThan(0);
    await expectAccessible(page, 'sync run with errors');
    await shot(watched, 'sync-run-errors');

    const clean = await syncedRun('incremental');
    await page.goto(`/admin/sync/${clean}`);
    await page.getByText('No errors in this run').waitFor();
    await expectAccessible(page, 'sync run without errors');
    await shot(watched, 'sync-run-no-errors');
    expectNoPageProblems(watched);
  }, 150_000);

  it('shows the store page and the runs on the tablet', async () => {
    const watched = await suite.open('admin', { path: '/admin/sync', screen: 'tablet' });
    const { page } = watched;
    await page.getByRole('table', { name: 'Sync health per store' }).waitFor();
    await expectAccessible(page, 'sync runs, tablet');
    await shot(watched, 'sync-runs-tablet');
    await page.getByRole('table', { name: 'Sync health per store' }).getByRole('link', { name: 'Treez Store' }).click();
    await page.getByText('Configured (treez)').waitFor();
    await expectAccessible(page, 'store, tablet');
    await shot(watched, 'store-tablet');
    expectNoPageProblems(watched);
  }, 90_000);

  it('refuses /admin to the manager, and the sidebar offers no admin pages', async () => {
    const watched = await suite.open('manager', { path: '/admin/stores' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    const sidebar = page.getByRole('navigation', { name: 'Console' });
    expect(await sidebar.getByRole('link', { name: 'Stores' }).count()).toBe(0);
    await page.goto('/admin/sync');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await expectAccessible(page, 'manager on admin');
    await shot(watched, 'manager-refused');
    expectNoPageProblems(watched);
  }, 60_000);
});
