import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems, type WatchedPage } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

let manager: string;
const LAST_NAME = 'Quintero-Vale';
let first: { id: string; phone: string; email: string };
let second: { id: string; phone: string; email: string };
let stores: { treez: string; flowhub: string };

const suite = consoleSuite('console-merge', async () => {
  manager = await suite.demo.signIn('manager');
  const list = await suite.demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', manager);
  const storeId = (name: string) => list.body.items.find((s) => s.name === name)!.id;
  stores = { treez: storeId('Treez Store'), flowhub: storeId('Flowhub Store') };
  const create = async (n: number, homeStoreId: string) => {
    const res = await suite.demo.api<{ id: string; phone: string; email: string }>('POST', '/customers', manager, {
      firstName: 'Marisol',
      lastName: LAST_NAME,
      dateOfBirth: '1985-07-14',
      phone: `(702) 555-880${n}`,
      email: `marisol.${n}@example.com`,
      customerType: 'adult',
      address: { line1: `${n} Desert Inn Rd`, city: 'Las Vegas', state: 'NV', postalCode: '89109', country: 'US' },
      homeStoreId,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  first = await create(1, stores.treez);
  second = await create(2, stores.flowhub);
  for (const [customer, store] of [
    [first, stores.treez],
    [second, stores.flowhub],
  ] as const) {
    const link = await suite.demo.api('POST', `/customers/${customer.id}/stores/${store}/link`, manager);
    expect([200, 202], JSON.stringify(link.body)).toContain(link.status);
  }
  const duplicates = await suite.demo.api<{ items: { customerIds: string[]; reason: string }[] }>(
    'GET',
    '/duplicates?limit=200',
    manager,
  );
  const pair = [first.id, second.id].sort().join();
  expect(duplicates.body.items.find((d) => [...d.customerIds].sort().join() === pair)?.reason).toBe(
    'same_name_and_birthday',
  );
});

const { shot } = suite;
/** The radios of a differing field's row (one per record), or the one showing `value`. */
const choice = (watched: WatchedPage, field: string, value?: string) =>
  watched.page
    .getByRole('row')
    .filter({ has: watched.page.getByRole('rowheader', { name: new RegExp(`^${field}\\b`) }) })
    .getByRole('radio', value === undefined ? {} : { name: value });
const ourGroup = (watched: WatchedPage) => watched.page.locator('section', { hasText: LAST_NAME });

/** The demo's sync keeps raising newer groups: page on ("Show more") until ours is shown. */
async function showOurGroup(watched: WatchedPage): Promise<void> {
  const { page } = watched;
  await page.getByText(/groups?, newest first/).waitFor();
  for (let round = 0; round < 40; round++) {
    if ((await ourGroup(watched).count()) > 0) return;
    await expect.poll(() => page.getByText('Loading…', { exact: true }).count()).toBe(0);
    if ((await ourGroup(watched).count()) > 0) return;
    await page.getByRole('button', { name: /^Show \d+ more$/ }).click();
  }
  throw new Error('our group was not listed');
}

describe('suspected duplicates', () => {
  it('lists the pair as a group with its reason and the people, on a 1920x1080 monitor', async () => {
    const watched = await suite.open('manager', {
      path: '/data-quality/duplicates',
      screen: 'desktop',
    });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Suspected duplicates' }).waitFor();
    await showOurGroup(watched);
    const group = ourGroup(watched);
    await expect.poll(() => group.getByRole('rowheader').count()).toBe(2);
    expect(await group.textContent()).toContain('Same name and date of birth');
    expect(await group.textContent()).toContain('+17025558801');
    expect(await group.textContent()).toContain('marisol.2@example.com');
    expect(await page.getByRole('link', { name: 'Duplicates' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page, 'duplicates list');
    await shot(watched, 'duplicates-desktop');
    expectNoPageProblems(watched);
  });

  it('compares the two side by side on a tablet, differing rows with a choice, and a preview', async () => {
    const watched = await suite.open('manager', {
      path: '/data-quality/duplicates',
      screen: 'tablet',
    });
    const { page } = watched;
    await showOurGroup(watched);
    await ourGroup(watched).getByRole('button', { name: 'Compare and merge' }).click();
    await page.getByRole('heading', { name: 'Merge duplicates' }).waitFor();
    await choice(watched, 'Email').first().waitFor();
    expect(await choice(watched, 'Email').count()).toBe(2);
    expect(await choice(watched, 'Home store').count()).toBe(2);
    expect(await choice(watched, 'Date of birth').count()).toBe(0);
    await page.getByRole('table', { name: 'POS links after the merge' }).waitFor();
    expect(await page.getByRole('table', { name: 'POS links after the merge' }).textContent()).toContain(
      'moves to the survivor',
    );
    await expectAccessible(page, 'merge, tablet');
    await shot(watched, 'compare-tablet');
    expectNoPageProblems(watched);
  });
});

describe('a manager merges two duplicates choosing fields', () => {
  it('takes the source email and the survivor phone, and the survivor shows both stores links', {
    timeout: 90_000,
  }, async () => {
    const watched = await suite.open('manager', { path: '/data-quality/duplicates' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Suspected duplicates' }).waitFor();
    await expectAccessible(page, 'duplicates list, laptop');
    await shot(watched, 'duplicates-laptop');
    await showOurGroup(watched);
    await ourGroup(watched).getByRole('button', { name: 'Compare and merge' }).click();
    await choice(watched, 'Email').first().waitFor();
    // The older record survives by default (the two are equally complete).
    expect(await page.getByRole('combobox', { name: 'Survivor (keeps its id)' }).textContent()).toContain('Marisol');
    await choice(watched, 'Email', second.email).click();
    await choice(watched, 'Phone', first.phone).click();
    await choice(watched, 'Home store', 'Treez Store').click();
    // One radio per record's column, each under its header.
    // One radio per record, in that record's column: the merged-in record's value sits under "Merged into it".
    const cellIndex = (radio: ReturnType<typeof choice>) =>
      radio.evaluate((input) => (input.closest('td') as { cellIndex: number } | null)?.cellIndex);
    expect(await cellIndex(choice(watched, 'Email', second.email))).toBe(2);
    expect(await cellIndex(choice(watched, 'Phone', first.phone))).toBe(1);
    const preview = page.getByRole('region', { name: 'Preview of the merged record' });
    expect(await preview.textContent()).toContain(second.email);
    expect(await preview.textContent()).toContain(first.phone);
    await expectAccessible(page, 'merge, laptop');
    await shot(watched, 'compare-laptop');

    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Merge these two records?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('email');
    await expectAccessible(page, 'merge confirmation');
    await shot(watched, 'confirm');
    await dialog.getByRole('button', { name: 'Merge' }).click();

    await page.getByRole('heading', { name: 'Merged' }).waitFor();
    const links = page.getByRole('region', { name: "The survivor's POS links" });
    await expect
      .poll(async () => (await links.locator('tbody tr').allTextContents()).length, { timeout: 20_000 })
      .toBe(2);
    expect(await links.textContent()).toContain('Treez Store');
    expect(await links.textContent()).toContain('Flowhub Store');
    expect(await page.getByRole('link', { name: /Open Marisol/ }).getAttribute('href')).toBe(`/customers/${first.id}`);
    await expectAccessible(page, 'merged');
    await shot(watched, 'merged');

    const survivor = await suite.demo.api<{ email: string; phone: string; homeStoreId: string }>(
      'GET',
      `/customers/${first.id}`,
      manager,
    );
    expect(survivor.body.email).toBe(second.email);
    expect(survivor.body.phone).toBe(first.phone);
    expect(survivor.body.homeStoreId).toBe(stores.treez);
    const sync = await suite.demo.api<{ items: { storeId: string }[] }>('GET', `/customers/${first.id}/sync`, manager);
    expect(sync.body.items.map((l) => l.storeId).sort()).toEqual([stores.treez, stores.flowhub].sort());
    expect((await suite.demo.api('GET', `/customers/${second.id}`, manager)).status).toBe(404);
    expectNoPageProblems(watched);
  });
});

describe('staff', () => {
  it('are not offered the page and cannot reach it', async () => {
    const watched = await suite.open('staff', { path: '/data-quality/duplicates' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expect(await page.getByRole('link', { name: 'Duplicates' }).count()).toBe(0);
    await expectAccessible(page, 'duplicates, staff');
    await shot(watched, 'staff-refused');
    expectNoPageProblems(watched);
  });
});
