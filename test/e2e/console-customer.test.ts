/**
 * The console's customer page in Chromium against the whole demo: staff edits an email (and an
 * invalid one is refused next to the field), two browsers edit one customer and the second keeps
 * its unsaved input after "Changed by someone else", card and ID numbers masked for staff and whole
 * for a manager, the POS links and "Create in this store", and a manager's audit trail and erasure
 * with its per-store result. axe on every screen, screenshots under test-results/screens/console-customer/.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

let managerToken: string;

const suite = consoleSuite('console-customer', async () => {
  managerToken = await suite.demo.signIn('manager');
});

const { shot } = suite;

interface Customer {
  id: string;
  lastName: string;
  email: string | null;
  medical: { cardNumber: string } | null;
  idDocument: { number: string } | null;
}

/** A customer of this test's own (no POS link yet: no home store), so tests do not disturb each other. */
async function newCustomer(lastName: string): Promise<Customer> {
  const tag = randomUUID().slice(0, 8);
  const answer = await suite.demo.api<Customer>('POST', '/customers', managerToken, {
    firstName: 'Robin',
    lastName,
    dateOfBirth: '1984-05-06',
    email: `robin.${tag}@example.com`,
    address: { line1: '1 Main St', city: 'Las Vegas', state: 'NV', postalCode: '89101', country: 'US' },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function open(role: 'staff' | 'manager', customerId: string, screen?: 'tablet') {
  const watched = await suite.open(role, { path: `/customers/${customerId}`, screen });
  return watched;
}

describe('editing a customer', () => {
  it('lets staff change the email, and shows an invalid email refused next to the field', async () => {
    const customer = await newCustomer('Fairweather');
    const watched = await open('staff', customer.id);
    const { page } = watched;
    await page.getByRole('heading', { name: 'Robin Fairweather' }).waitFor();
    await shot(watched, 'staff-profile');
    await expectAccessible(page, 'customer page, staff');

    await page.getByRole('button', { name: 'Edit' }).click();
    const email = page.getByLabel('Email', { exact: true });
    await email.fill('not-an-email');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const message = await page.locator(`[id="${await email.getAttribute('aria-describedby')}"]`).textContent();
    expect(message).toMatch(/email/i);
    await expectAccessible(page, 'edit form, invalid email');
    await shot(watched, 'edit-invalid-email');

    await email.fill('Robin.New@Example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('robin.new@example.com').waitFor();
    const saved = await suite.demo.api<Customer>('GET', `/customers/${customer.id}`, managerToken);
    expect(saved.body.email).toBe('robin.new@example.com');
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  }, 90_000);

  it('tells the second of two editors "Changed by someone else", shows what changed and keeps its input', async () => {
    const customer = await newCustomer('Ashdown');
    const [first, second] = await Promise.all([open('staff', customer.id), open('manager', customer.id)]);
    for (const { page } of [first, second]) {
      await page.getByRole('heading', { name: 'Robin Ashdown' }).waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
    }
    await second.page.getByLabel('Notes').fill('Prefers to be called in the morning');
    await first.page.getByLabel('Preferred name').fill('Rob');
    await first.page.getByRole('button', { name: 'Save' }).click();
    await first.page.getByRole('heading', { name: 'Profile' }).waitFor();

    await second.page.getByRole('button', { name: 'Save' }).click();
    const alert = second.page.getByRole('alert').filter({ hasText: 'Changed by someone else' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('They changed: Preferred name');
    expect(await second.page.getByLabel('Notes').inputValue()).toBe('Prefers to be called in the morning');
    expect(await second.page.getByLabel('Preferred name').inputValue()).toBe('Rob');
    await expectAccessible(second.page, 'edit form, changed by someone else');
    await shot(second, 'changed-by-someone-else');

    await second.page.getByRole('button', { name: 'Save' }).click();
    await second.page.getByRole('heading', { name: 'Profile' }).waitFor();
    const saved = await suite.demo.api<Customer & { preferredName: string; notes: string }>(
      'GET',
      `/customers/${customer.id}`,
      managerToken,
    );
    expect(saved.body.preferredName).toBe('Rob');
    expect(saved.body.notes).toBe('Prefers to be called in the morning');
    expectNoPageProblems(first);
    expectNoPageProblems(second, { expectedStatuses: [412] });
  }, 90_000);
});

describe('editing the whole record', () => {
  it('edits the address and ID document, puts a nested refusal on its field, and never sends a masked number back', async () => {
    const customer = await newCustomer('Marchbank');
    const watched = await open('staff', customer.id);
    const { page } = watched;
    await page.getByRole('heading', { name: 'Robin Marchbank' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();

    await page.getByLabel('City').fill('Henderson');
    await page.getByLabel('Document type').selectOption('drivers_license');
    await page.getByLabel('Document number').fill('D1234567');
    await page.getByRole('button', { name: 'Save' }).click();
    // A driver's license is issued by a state: the API names `idDocument.state`, the form its field.
    const idState = page.getByLabel('Issuing state');
    await expect.poll(() => idState.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement?.id')).toBe(await idState.getAttribute('id'));
    await expectAccessible(page, 'edit form, ID document refused');
    await shot(watched, 'edit-id-state-refused');

    await idState.fill('NV');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    type Held = Customer & { address: { city: string; line1: string } };
    const saved = await suite.demo.api<Held>('GET', `/customers/${customer.id}`, managerToken);
    expect(saved.body.address.city).toBe('Henderson');
    expect(saved.body.idDocument?.number).toBe('D1234567');

    // Staff sees the number masked; editing the street only must leave the number as it is.
    await page.getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('Document number').inputValue()).not.toBe('D1234567');
    await page.getByLabel('Street address').fill('2 Oak Ave');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    const after = await suite.demo.api<Held>('GET', `/customers/${customer.id}`, managerToken);
    expect(after.body.address.line1).toBe('2 Oak Ave');
    expect(after.body.idDocument?.number).toBe('D1234567');
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  }, 90_000);

  it("records a consent at the counter with the store's wording, and the history shows it", async () => {
    const customer = await newCustomer('Pendleton');
    const stores = await suite.demo.api<{ items: { id: string; name: string; consentWording: { sms: string } }[] }>(
      'GET',
      '/stores?limit=200',
      managerToken,
    );
    const store = stores.body.items[0];
    if (!store) throw new Error('the demo has no store');
    const watched = await open('staff', customer.id);
    const { page } = watched;
    await page.getByRole('heading', { name: 'Robin Pendleton' }).waitFor();
    await page.getByRole('button', { name: 'Record a consent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a consent' });
    await dialog.getByLabel('Wording shown at').selectOption(store.id);
    await dialog.getByText(store.consentWording.sms).waitFor();
    await expectAccessible(page, 'record a consent');
    await shot(watched, 'record-consent');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Consent history' }).getByText('Granted').waitFor();

    const ledger = await suite.demo.api<{
      items: { channel: string; granted: boolean; source: string; wording: string }[];
    }>('GET', `/customers/${customer.id}/consents`, managerToken);
    expect(ledger.body.items[0]).toMatchObject({
      channel: 'sms',
      granted: true,
      source: 'staff',
      wording: store.consentWording.sms,
    });
    expectNoPageProblems(watched);
  }, 90_000);
});

describe('what each role sees', () => {
  it('masks card and ID numbers for staff, and shows them whole to a manager', async () => {
    // The demo's first pull may still be running: wait for a medical customer with an ID document.
    let medical: Customer | undefined;
    await expect
      .poll(
        async () => {
          const list = await suite.demo.api<{ items: Customer[] }>(
            'GET',
            '/customers?customerType=medical&limit=200',
            managerToken,
          );
          medical = list.body.items.find((item) => item.medical && item.idDocument);
          return medical !== undefined;
        },
        { timeout: 45_000, interval: 1000 },
      )
      .toBe(true);
    const full = medical as Customer;

    const staff = await open('staff', full.id);
    const staffCard = await staff.page.getByTestId('medical-card-number').textContent();
    const staffId = await staff.page.getByTestId('id-document-number').textContent();
    expect(staffCard).not.toBe(full.medical?.cardNumber);
    expect(staffCard?.endsWith(full.medical?.cardNumber.slice(-4) ?? '?')).toBe(true);
    expect(staffId).not.toBe(full.idDocument?.number);
    expect(staffId?.endsWith(full.idDocument?.number.slice(-4) ?? '?')).toBe(true);
    await expectAccessible(staff.page, 'medical customer, staff');
    await shot(staff, 'medical-staff-masked');

    const manager = await open('manager', full.id);
    await expect
      .poll(() => manager.page.getByTestId('medical-card-number').textContent())
      .toBe(full.medical?.cardNumber);
    expect(await manager.page.getByTestId('id-document-number').textContent()).toBe(full.idDocument?.number);
    await shot(manager, 'medical-manager-full');
    expectNoPageProblems(staff);
    expectNoPageProblems(manager);
  }, 90_000);

  it('answers an unknown customer with "not found"', async () => {
    const watched = await open('staff', randomUUID());
    await watched.page.getByText('This customer was not found. They may have been merged or erased.').waitFor();
    await expectAccessible(watched.page, 'customer not found');
    expectNoPageProblems(watched, { expectedStatuses: [404] });
  }, 90_000);
});

describe('POS links', () => {
  it('shows a synced demo customer\'s links, and "Create in this store" makes a link', async () => {
    // Run alone, this test may start before the demo's first pull has brought anyone in.
    let first: Customer | undefined;
    await expect
      .poll(
        async () => {
          const list = await suite.demo.api<{ items: Customer[] }>('GET', '/customers?limit=1', managerToken);
          first = list.body.items[0];
          return first !== undefined;
        },
        { timeout: 45_000, interval: 1000 },
      )
      .toBe(true);
    const synced = await open('staff', (first as Customer).id, 'tablet');
    const links = synced.page.getByRole('table', { name: 'POS links per store' });
    await links.getByRole('row').nth(5).waitFor();
    await expect.poll(() => links.getByText('synced').count()).toBeGreaterThan(0);
    await expectAccessible(synced.page, 'customer page, tablet');
    await shot(synced, 'tablet-sync-panel');

    const customer = await newCustomer('Linklater');
    const watched = await open('staff', customer.id);
    const table = watched.page.getByRole('table', { name: 'POS links per store' });
    await table.getByRole('button', { name: 'Create in this store (Treez Store)' }).click();
    await expect
      .poll(() => table.getByRole('row', { name: /Treez Store/ }).textContent(), { timeout: 20_000 })
      .toMatch(/synced|pending/);
    await shot(watched, 'created-in-store');
    const state = await suite.demo.api<{ items: { storeId: string; status: string }[] }>(
      'GET',
      `/customers/${customer.id}/sync`,
      managerToken,
    );
    expect(state.body.items.length).toBe(1);
    expectNoPageProblems(watched);
    expectNoPageProblems(synced);
  }, 90_000);
});

describe('push now', () => {
  it('shows the fields a POS refused under the last error, and "Push now" queues the push again', async () => {
    // A walk-in typed at the Treez POS with a phone Treez itself no longer accepts, pulled in as it came.
    const admin = await suite.demo.signIn('admin');
    const treez = await storeId('Treez Store');
    const integration = await suite.demo.api<{ baseUrl: string }>('GET', `/stores/${treez}/integration`, admin);
    const lastName = `Refusal${randomUUID().slice(0, 6)}`;
    const added = await fetch(`${new URL(integration.body.baseUrl).origin}/_sim/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ last_name: lastName, phone: '555-12', email: null }),
    });
    expect(added.status).toBe(201);
    expect((await suite.demo.api('POST', `/stores/${treez}/sync`, admin, { mode: 'incremental' })).status).toBe(202);
    let id = '';
    await expect
      .poll(
        async () => {
          const found = await suite.demo.api<{ items: Customer[] }>('GET', `/customers?q=${lastName}`, managerToken);
          id = found.body.items[0]?.id ?? '';
          return id;
        },
        { timeout: 45_000, interval: 500 },
      )
      .not.toBe('');
    // Staff correct the name here; the push of it is refused for the phone.
    expect(
      (await suite.demo.api('PATCH', `/customers/${id}`, managerToken, { notes: 'asked at the counter' })).status,
    ).toBe(200);
    const treezLink = async () =>
      (
        await suite.demo.api<{ items: { storeId: string; status: string }[] }>(
          'GET',
          `/customers/${id}/sync`,
          managerToken,
        )
      ).body.items.find((item) => item.storeId === treez)?.status;
    await expect.poll(treezLink, { timeout: 30_000, interval: 500 }).toBe('error');

    const watched = await open('staff', id);
    const { page } = watched;
    const refused = page.getByRole('list', { name: 'Fields the Treez Store POS refused' });
    await refused.getByText('phone', { exact: true }).waitFor();
    expect(await refused.textContent()).not.toContain('555-12');
    await expectAccessible(page, 'POS link with refused fields');
    await shot(watched, 'refused-fields');

    await page.getByRole('button', { name: 'Push now (Treez Store)' }).click();
    await page.getByRole('status').filter({ hasText: 'Push queued' }).waitFor();
    // Refused again (the phone is as it was): the row comes back to "error" with the same field.
    await expect.poll(treezLink, { timeout: 30_000, interval: 500 }).toBe('error');
    const row = page.getByRole('table', { name: 'POS links per store' }).getByRole('row', { name: /Treez Store/ });
    await row.getByText('error', { exact: true }).waitFor({ timeout: 10_000 });
    await refused.getByText('phone', { exact: true }).waitFor();
    await expectAccessible(page, 'push now queued');
    await shot(watched, 'push-now-queued');
    expectNoPageProblems(watched);
  }, 120_000);
});

describe('orders', () => {
  it('shows an order placed through the API in the Orders card, with its store and channel', async () => {
    const customer = await newCustomer('Orderly');
    const orderRef = `WEB-${randomUUID().slice(0, 6)}`;
    const placed = await suite.demo.api('POST', '/orders', managerToken, {
      orderRef,
      customerId: customer.id,
      storeId: await storeId('Treez Store'),
    });
    expect([200, 202]).toContain(placed.status);
    const watched = await open('staff', customer.id);
    const orders = watched.page.getByRole('table', { name: 'Orders' });
    const row = orders.getByRole('row', { name: new RegExp(orderRef) });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Treez Store.*Counter/);
    await expectAccessible(watched.page, 'customer page with orders');
    await row.scrollIntoViewIfNeeded();
    await shot(watched, 'orders-card');
    expectNoPageProblems(watched);
  }, 90_000);
});

describe('a manager', () => {
  it('sees the audit trail, erases a customer with a typed confirmation, and sees the per-store result', async () => {
    const customer = await newCustomer('Erasmus');
    const link = await suite.demo.api(
      'POST',
      `/customers/${customer.id}/stores/${await storeId('Flowhub Store')}/link`,
      managerToken,
    );
    expect([200, 202], JSON.stringify(link.body)).toContain(link.status);
    const watched = await open('manager', customer.id);
    const { page } = watched;
    const audit = page.getByRole('table', { name: 'Audit trail' });
    await audit.getByRole('row').nth(1).waitFor();
    await shot(watched, 'manager-audit');

    await page.getByRole('button', { name: 'Erase customer…' }).click();
    const erase = page
      .getByRole('group', { name: 'Erase this customer?' })
      .getByRole('button', { name: 'Erase', exact: true });
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Confirmation').fill('Erasmus');
    await expectAccessible(page, 'erase confirmation');
    await shot(watched, 'erase-confirmation');
    await erase.click();
    await page.getByRole('heading', { name: 'Customer erased' }).waitFor();
    const result = page.getByRole('table', { name: 'Erasure per store' });
    await expect
      .poll(() => result.getByRole('row', { name: /Flowhub Store/ }).textContent(), { timeout: 30_000 })
      .toMatch(/done|failed|unsupported/);
    await page.getByText('Every store has answered.').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'erasure result');
    await shot(watched, 'erasure-result');
    expect((await suite.demo.api('GET', `/customers/${customer.id}`, managerToken)).status).toBe(404);
    expectNoPageProblems(watched);
  }, 90_000);
});

async function storeId(name: string): Promise<string> {
  const stores = await suite.demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', managerToken);
  const store = stores.body.items.find((item) => item.name === name);
  if (!store) throw new Error(`no store ${name}`);
  return store.id;
}
