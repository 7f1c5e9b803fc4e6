import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems, type WatchedPage } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

let storeIds: Record<string, string>;

const suite = consoleSuite('console-create-quality', async () => {
  const staff = await suite.demo.signIn('staff');
  const stores = await suite.demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', staff);
  storeIds = Object.fromEntries(stores.body.items.map((s) => [s.name, s.id]));
});

const { shot } = suite;
/** Phone digits no seeded customer holds with these birthdays. */
const unique = () => String(Date.now() % 10_000).padStart(4, '0');

async function chooseHomeStore(watched: WatchedPage, name: string) {
  await watched.page.getByRole('combobox', { name: 'Home store' }).selectOption({ label: name });
}

describe('creating a customer (staff)', () => {
  it("marks the home store's POS requirements, shows a 422 next to its field, then creates and opens the customer", async () => {
    const watched = await suite.open('staff', { path: '/customers/new' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'New customer', level: 1 }).waitFor();
    const sidebar = page.getByRole('navigation', { name: 'Console' });
    expect(await sidebar.getByRole('link', { name: 'New customer' }).getAttribute('aria-current')).toBe('page');
    // No home store yet: nothing is marked, and consent waits for the store's wording.
    expect(await page.getByText(/^Required by /).count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: /Marketing texts/ }).isDisabled()).toBe(true);

    await chooseHomeStore(watched, 'Treez Store');
    // Treez needs first name, last name and date of birth to create a customer (src/pos/treez/requirements.ts).
    await expect.poll(() => page.getByText('Required by Treez', { exact: true }).count()).toBe(3);
    await page.getByText('Treez Store syncs with Treez').waitFor();

    const digits = unique();
    await page.getByLabel('First name', { exact: true }).fill('Marisol');
    await page.getByLabel('Last name', { exact: true }).fill('Okafor');
    // Too young for adult use: the server's rule, answered as a 422 on dateOfBirth.
    await page.getByLabel('Date of birth', { exact: true }).fill('2015-06-01');
    await page.getByLabel('Phone', { exact: true }).fill(`(702) 555-${digits}`);
    await page.getByLabel('Email', { exact: true }).fill(`marisol.${digits}@example.com`);
    await page.getByRole('checkbox', { name: /Marketing texts/ }).click();
    await page.getByLabel('Tags', { exact: true }).fill('vip, first visit');
    await page.getByRole('button', { name: 'Create customer' }).click();

    const message = page.locator('#new-customer-dateOfBirth-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/21 or older/);
    // The message is the field's description, and focus went to the field.
    const dob = page.getByLabel('Date of birth', { exact: true });
    expect(await dob.getAttribute('aria-invalid')).toBe('true');
    expect(await dob.getAttribute('aria-describedby')).toContain('new-customer-dateOfBirth-message');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('new-customer-dateOfBirth');
    await page.getByText('One field needs a change: see the message next to it.').waitFor();
    await shot(watched, 'create-422-next-to-field');
    await expectAccessible(page, 'create customer, 422');

    await dob.fill('1991-06-01');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await expect
      .poll(async () => {
        const alerts = await page.getByRole('alert').allTextContents();
        return `${new URL(page.url()).pathname} ${alerts.join(' | ')}`;
      })
      .toMatch(/^\/customers\/[0-9a-f-]{36} $/);
    const id = new URL(page.url()).pathname.split('/')[2]!;
    const created = await suite.demo.api<Record<string, unknown>>(
      'GET',
      `/customers/${id}`,
      await suite.demo.signIn('manager'),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      firstName: 'Marisol',
      lastName: 'Okafor',
      dateOfBirth: '1991-06-01',
      phone: `+1702555${digits}`,
      homeStoreId: storeIds['Treez Store'],
      tags: ['vip', 'first-visit'],
      consents: { sms: { granted: true, source: 'staff' }, email: { granted: false } },
    });
    // The words granted are the store's, as the ledger keeps them.
    const ledger = await suite.demo.api<{ items: { channel: string; wording: string }[] }>(
      'GET',
      `/customers/${id}/consents`,
      await suite.demo.signIn('staff'),
    );
    expect(ledger.body.items.find((e) => e.channel === 'sms')?.wording).toMatch(
      /^I agree to receive recurring automated marketing text messages from Treez Store/,
    );
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  });

  it('answers a duplicate with "This person is already here" and a link to the person held', async () => {
    const staff = await suite.demo.signIn('staff');
    const digits = unique();
    const existing = await suite.demo.api<{ id: string }>('POST', '/customers', staff, {
      firstName: 'Theodora',
      lastName: 'Vance',
      dateOfBirth: '1979-11-23',
      phone: `(725) 555-${digits}`,
    });
    expect(existing.status).toBe(201);

    const watched = await suite.open('staff', { path: '/customers/new' });
    const { page } = watched;
    await page.getByLabel('First name', { exact: true }).fill('Teddy');
    await page.getByLabel('Last name', { exact: true }).fill('Vance');
    await page.getByLabel('Date of birth', { exact: true }).fill('1979-11-23');
    await page.getByLabel('Phone', { exact: true }).fill(`725-555-${digits}`);
    await page.getByRole('button', { name: 'Create customer' }).click();

    await page.getByText('This person is already here.').waitFor();
    const link = page.getByRole('link', { name: 'Theodora Vance' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/customers/${existing.body.id}`);
    expect(new URL(page.url()).pathname).toBe('/customers/new');
    // axe once the notice has settled (its name placeholder replaced by the link).
    await page.waitForTimeout(500);
    await shot(watched, 'create-duplicate');
    await expectAccessible(page, 'create customer, duplicate');
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/customers/${existing.body.id}`);
    expectNoPageProblems(watched, { expectedStatuses: [409] });
  });

  it("shows the card fields for a medical patient, with the Dutchie store's requirements marked (tablet)", async () => {
    const watched = await suite.open('staff', { path: '/customers/new', screen: 'tablet' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'New customer', level: 1 }).waitFor();
    expect(await page.getByLabel('Medical card number', { exact: true }).count()).toBe(0);
    await chooseHomeStore(watched, 'Dutchie Store');
    // Adult use at Dutchie: first, last, date of birth and phone.
    await expect.poll(() => page.getByText('Required by Dutchie', { exact: true }).count()).toBe(4);

    await page.getByRole('radio', { name: /Medical patient/ }).click();
    await page.getByLabel('Medical card number', { exact: true }).waitFor();
    await page.getByLabel('Card state', { exact: true }).waitFor();
    await page.getByLabel('Card expires on', { exact: true }).waitFor();
    // Dutchie also needs the card's number and expiry for a medical patient.
    await expect.poll(() => page.getByText('Required by Dutchie', { exact: true }).count()).toBe(6);
    await shot(watched, 'create-medical-tablet');
    await expectAccessible(page, 'create customer, medical, tablet');

    // A card already expired: the server's message lands on the expiry field.
    await page.getByLabel('First name', { exact: true }).fill('Ana');
    await page.getByLabel('Last name', { exact: true }).fill('Lindqvist');
    await page.getByLabel('Date of birth', { exact: true }).fill('1990-02-14');
    await page.getByLabel('Phone', { exact: true }).fill(`(702) 555-${unique()}`);
    await page.getByLabel('Medical card number', { exact: true }).fill('MED-884422');
    await page.getByLabel('Card state', { exact: true }).fill('NV');
    await page.getByLabel('Card expires on', { exact: true }).fill('2020-01-31');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.locator('#new-customer-cardExpiresOn-message').waitFor();
    expect(await page.getByLabel('Card expires on', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot(watched, 'create-medical-expired-card-tablet');
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  });
});

/**
 * A real conflict: a Dutchie-linked customer's date of birth changed at the Dutchie simulator (its
 * own API: sparse update by customerId, HTTP Basic with the location key), then a pull. Patron keeps
 * its date and the POS's side by side for a manager (src/sync/links/conflicts.ts).
 */
async function provokeConflict(): Promise<{ customerId: string; posDate: string }> {
  const admin = await suite.demo.signIn('admin');
  const store = storeIds['Dutchie Store']!;
  const integration = await suite.demo.api<{ baseUrl: string }>('GET', `/stores/${store}/integration`, admin);
  expect(integration.status).toBe(200);
  let linked: { customerId: string; externalId: string; dateOfBirth: string } | null = null;
  for (let attempt = 0; attempt < 60 && !linked; attempt++) {
    const list = await suite.demo.api<{ items: { id: string; dateOfBirth: string }[] }>(
      'GET',
      `/customers?storeId=${store}&limit=5`,
      admin,
    );
    for (const customer of list.body.items ?? []) {
      const sync = await suite.demo.api<{ items: { storeId: string; externalId: string | null; status: string }[] }>(
        'GET',
        `/customers/${customer.id}/sync`,
        admin,
      );
      const link = sync.body.items.find((l) => l.storeId === store && l.externalId && l.status === 'synced');
      if (link) {
        linked = { customerId: customer.id, externalId: link.externalId!, dateOfBirth: customer.dateOfBirth };
        break;
      }
    }
    if (!linked) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (!linked) throw new Error('no Dutchie-linked customer in the demo');
  const posDate = linked.dateOfBirth === '1984-07-09' ? '1984-07-10' : '1984-07-09';
  const edit = await fetch(`${integration.body.baseUrl}/customer/customer`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('patron-sim-dutchie-location-key:').toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ customerId: Number(linked.externalId), dateOfBirth: posDate }),
  });
  expect(edit.ok, await edit.clone().text()).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1100)); // the vendor's clock has seconds
  const manager = await suite.demo.signIn('manager');
  for (let attempt = 0; attempt < 60; attempt++) {
    const run = await suite.demo.api('POST', `/stores/${store}/sync`, admin, { mode: 'incremental' });
    expect([202, 409]).toContain(run.status);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const conflicts = await suite.demo.api<{ items: { customerId: string }[] }>('GET', '/sync-conflicts', manager);
    if (conflicts.body.items.some((c) => c.customerId === linked.customerId)) return { ...linked, posDate };
  }
  throw new Error('the POS edit did not turn into a sync conflict');
}

describe('data quality (manager)', () => {
  it('shows the overview with counts, settles a sync conflict, and shows the quarantine and expired cards', async () => {
    const { customerId, posDate } = await provokeConflict();
    const watched = await suite.open('manager');
    const { page } = watched;
    // g d goes to data quality.
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.waitForTimeout(300);
    if (new URL(page.url()).pathname !== '/data-quality') {
      // The go-to shortcuts belong to the search helper's branch; the sidebar link is the way here.
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Overview' }).click();
    }
    await page.getByRole('heading', { name: 'Data quality', level: 1 }).waitFor();
    for (const title of [
      'Suspected duplicates',
      'Sync conflicts',
      'Quarantined POS records',
      'Expired medical cards',
    ]) {
      await page.getByRole('heading', { name: title, level: 2 }).waitFor();
    }
    expect(await page.locator('a.data-quality-card', { hasText: 'Suspected duplicates' }).getAttribute('href')).toBe(
      '/data-quality/duplicates',
    );
    await expect
      .poll(() =>
        page
          .getByRole('link', { name: /Sync conflicts/ })
          .getByText(/^\d+\+?$/)
          .textContent(),
      )
      .not.toBe('0');
    await expectAccessible(page, 'data quality overview');
    await shot(watched, 'data-quality-overview');

    await page.locator('a.data-quality-card', { hasText: 'Sync conflicts' }).click();
    await page.getByRole('heading', { name: 'Sync conflicts', level: 1 }).waitFor();
    const card = page
      .getByRole('region', { name: /Date of birth at Dutchie Store/ })
      .filter({ hasText: posDate })
      .first();
    await card.waitFor();
    await expectAccessible(page, 'sync conflicts');
    await shot(watched, 'conflicts');
    await card.getByRole('button', { name: "Keep the POS's" }).click();
    await card.getByText(`Kept Dutchie Store's value (${posDate})`).waitFor();
    await card.getByText('Resolved').waitFor();
    const customer = await suite.demo.api<{ dateOfBirth: string }>(
      'GET',
      `/customers/${customerId}`,
      await suite.demo.signIn('manager'),
    );
    expect(customer.body.dateOfBirth).toBe(posDate);
    await shot(watched, 'conflict-resolved');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Quarantined records' }).click();
    await page.getByRole('heading', { name: 'Quarantined POS records', level: 1 }).waitFor();
    // The demo's simulators send well-formed records: the page says what it is for.
    await page
      .getByText(/No quarantined POS records\.|POS record id/)
      .first()
      .waitFor();
    await expectAccessible(page, 'quarantine');
    await shot(watched, 'quarantine');

    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Expired medical cards' })
      .click();
    await page.getByRole('heading', { name: 'Expired medical cards', level: 1 }).waitFor();
    await page
      .getByText(/No expired medical cards flagged\.|Flagged/)
      .first()
      .waitFor();
    await expectAccessible(page, 'expired cards');
    await shot(watched, 'expired-cards');
    expectNoPageProblems(watched);
  });

  it('keeps staff out of data quality: no sidebar entry, and the page answers "not available to your role"', async () => {
    const watched = await suite.open('staff', { path: '/data-quality' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    const sidebar = page.getByRole('navigation', { name: 'Console' });
    expect(await sidebar.getByText('Data quality', { exact: true }).count()).toBe(0);
    await page.goto('/data-quality/conflicts');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await shot(watched, 'staff-on-data-quality');
    expectNoPageProblems(watched);
  });
});
