/**
 * Signing up at the kiosk in Chromium, against the whole demo product (the POS simulators syncing):
 * a new customer signs up on the on-screen keyboard with SMS consent and checks in, and then exists
 * for staff with the exact words shown in the consent ledger and a link to the store's POS; an
 * under-age adult-use signup is refused with nothing stored; a signup of someone already signed up
 * identifies them instead of failing. Every screen shown is checked with axe and photographed.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  expectNoPageProblems,
  launchBrowser,
  newKioskPage,
  type Orientation,
  saveScreenshot,
  type WatchedPage,
} from '../support/browser.ts';
import { type DemoServer, startDemoServer } from '../support/demo-server.ts';

let demo: DemoServer;
let browser: Browser;
let staff: string;
const pages: WatchedPage[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  staff = await demo.signIn('staff');
}, 180_000);

afterAll(async () => {
  for (const watched of pages) await watched.close().catch(() => {});
  await browser?.close();
  await demo?.stop();
});

/** A phone no other test uses (the demo's seeded customers use 555-01xx numbers). */
function freshPhone(): string {
  return `702${String(2_000_000 + Math.floor(Math.random() * 7_000_000))}`;
}

async function openKiosk(orientation: Orientation): Promise<WatchedPage> {
  const watched = await newKioskPage(browser, demo.url, { orientation });
  pages.push(watched);
  await watched.context.addInitScript((key) => localStorage.setItem('patron.kiosk.key', key), demo.kioskKey);
  await watched.page.goto('/kiosk');
  await heading(watched.page, 'Check in').waitFor();
  return watched;
}

function heading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { level: 1, name });
}

/** Axe and a screenshot of the screen as it is now. */
async function look(page: Page, name: string) {
  await expectAccessible(page, name);
  await saveScreenshot(page, name);
}

async function tapKeypad(page: Page, digits: string) {
  for (const digit of digits) await page.locator('.keypad').getByRole('button', { name: digit, exact: true }).click();
}

const KEY_NAMES: Record<string, string> = {
  ' ': 'space',
  '@': 'at sign',
  '-': 'hyphen',
  "'": 'apostrophe',
};

/** Types on the on-screen keyboard only, key by key, as a finger would (shift for a capital mid-word). */
async function typeOnScreen(page: Page, text: string) {
  const keyboard = page.locator('.osk');
  for (const ch of text) {
    if (/[A-Z]/.test(ch) && (await keyboard.getByRole('button', { name: ch, exact: true }).count()) === 0) {
      await keyboard.getByRole('button', { name: 'Shift', exact: true }).click();
    }
    const name =
      KEY_NAMES[ch] ??
      (ch === '.' ? ((await keyboard.getByRole('button', { name: 'dot' }).count()) ? 'dot' : 'period') : ch);
    await keyboard.getByRole('button', { name, exact: true }).click();
  }
}

/** Taps a field (by its label) and types into it on the on-screen keyboard. */
async function fill(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: false }).first().click();
  await typeOnScreen(page, text);
}

/** `04021988` → `04/02/1988`, as the fields show dates. */
function shownDate(digits: string) {
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/**
 * No page problems except the browser's own log line for an API answer the test expects (Chromium
 * logs every 4xx as a failed load; a 404 from identify is how "not found" is said), or for the
 * network loss a test causes (given as the error's text).
 */
function expectNoProblemsBut(watched: WatchedPage, expected: [number | string, string][]) {
  const isExpected = (line: string) =>
    expected.some(([status, path]) =>
      typeof status === 'string'
        ? line.includes(status)
        : line.includes(`status of ${status} `) && line.includes(`/api/v1${path}:`),
    );
  expectNoPageProblems({ ...watched, consoleErrors: watched.consoleErrors.filter((line) => !isExpected(line)) });
}

async function customersWithPhone(phone: string) {
  const found = await demo.api<{ items: { id: string }[] }>('GET', `/customers?phone=${phone}`, staff);
  expect(found.status).toBe(200);
  return found.body.items;
}

describe('signing up at the kiosk', () => {
  it('a new customer signs up on the on-screen keyboard with SMS consent, checks in, and exists for staff with the words shown and a POS link', async () => {
    const watched = await openKiosk('portrait');
    const { page } = watched;
    const phone = freshPhone();
    await tapKeypad(page, phone);
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Your date of birth').waitFor();
    await tapKeypad(page, '07141990');
    await page.getByRole('button', { name: 'Find me' }).click();
    await heading(page, "We couldn't find you").waitFor();
    await page.getByRole('button', { name: 'Sign up' }).click();

    await heading(page, 'Sign up: about you').waitFor();
    // What was typed at check-in is filled in.
    await expect.poll(() => page.getByLabel('Date of birth').inputValue()).toBe('07/14/1990');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByText('Enter your first name.').count()).toBe(1);
    const firstName = page.getByLabel('First name');
    expect(await firstName.getAttribute('aria-invalid')).toBe('true');
    expect(await firstName.getAttribute('aria-describedby')).toBe('signup-firstName-message');
    expect(await firstName.getAttribute('inputmode')).toBe('none');
    await look(page, 'signup-about-you-messages-portrait');

    await fill(page, 'First name', 'Maria-Jose');
    await fill(page, 'Last name', "O'Brien");
    expect(await page.getByLabel('First name').inputValue()).toBe('Maria-Jose');
    expect(await page.getByLabel('Last name').inputValue()).toBe("O'Brien");
    await page.getByText('Adult-use', { exact: true }).click();
    await look(page, 'signup-about-you-portrait');
    await page.getByRole('button', { name: 'Next' }).click();

    await heading(page, 'Sign up: how to reach you').waitFor();
    expect(await page.getByLabel('Mobile number').inputValue()).toBe(
      `(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}`,
    );
    await fill(page, 'Email', 'maria@example');
    await page.locator('.osk').getByRole('button', { name: '.com' }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe('maria@example.com');
    await look(page, 'signup-contact-portrait');
    await page.getByRole('button', { name: 'Next' }).click();

    await heading(page, 'Sign up: stay in touch?').waitFor();
    const sms = page.getByRole('checkbox', { name: /text messages/i });
    const email = page.getByRole('checkbox', { name: /emails/i });
    expect(await sms.isChecked()).toBe(false);
    expect(await email.isChecked()).toBe(false);
    const smsWording = (await page.locator('#signup-sms-consent ~ label .consent-wording').textContent()) ?? '';
    for (const part of ['Treez Store', 'not a condition', 'Msg & data rates may apply', 'STOP', 'HELP']) {
      expect(smsWording).toContain(part);
    }
    await look(page, 'signup-consents-portrait');
    await sms.check();
    await page.getByRole('button', { name: 'Sign up' }).click();

    await heading(page, 'Hi, Maria-Jose').waitFor();
    await expect.poll(() => page.getByText("You're signed up. Welcome!").count()).toBe(1);
    await look(page, 'signup-welcome-portrait');
    await page.getByRole('button', { name: 'Check in for my order' }).click();
    await heading(page, "You're checked in").waitFor();
    await expect.poll(() => page.getByText('Maria-Jose O.').count()).toBe(1);
    expectNoProblemsBut(watched, [[404, '/kiosk/identify']]);

    // As staff, through the API: the customer, the ledger with the exact words shown, the POS link.
    const [customer] = await customersWithPhone(phone);
    expect(customer).toBeDefined();
    const id = customer!.id;
    const record = await demo.api<Record<string, unknown>>('GET', `/customers/${id}`, staff);
    expect(record.body).toMatchObject({
      firstName: 'Maria-Jose',
      lastName: "O'Brien",
      dateOfBirth: '1990-07-14',
      phone: `+1${phone}`,
      email: 'maria@example.com',
      customerType: 'adult',
      consents: { sms: { granted: true, source: 'kiosk' }, email: { granted: false } },
    });
    const ledger = await demo.api<{ items: { channel: string; granted: boolean; wording: string | null }[] }>(
      'GET',
      `/customers/${id}/consents`,
      staff,
    );
    expect(ledger.body.items).toContainEqual(
      expect.objectContaining({ channel: 'sms', granted: true, source: 'kiosk', wording: smsWording }),
    );
    const stores = await demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', staff);
    const treez = stores.body.items.find((store) => store.name.startsWith('Treez'));
    expect(treez).toBeDefined();
    await expect
      .poll(
        async () => {
          const sync = await demo.api<{ items: { storeId: string; status: string; externalId: string | null }[] }>(
            'GET',
            `/customers/${id}/sync`,
            staff,
          );
          return sync.body.items.find((link) => link.storeId === treez!.id);
        },
        { timeout: 15_000, interval: 500 },
      )
      .toMatchObject({ status: 'synced', externalId: expect.any(String) });
  }, 120_000);

  it('refuses an under-age adult-use signup kindly, on the kiosk, with nothing stored', async () => {
    const watched = await openKiosk('landscape');
    const { page } = watched;
    const phone = freshPhone();
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/kiosk/signup')) sent.push(request.url());
    });
    await page.getByRole('button', { name: 'New here? Sign up' }).click();
    await heading(page, 'Sign up: about you').waitFor();
    await fill(page, 'First name', 'Young');
    await fill(page, 'Last name', 'Person');
    const nineteen = new Date().getFullYear() - 19;
    await fill(page, 'Date of birth', `0101${nineteen}`);
    await page.getByText('Adult-use', { exact: true }).click();
    await look(page, 'signup-about-you-landscape');
    await page.getByRole('button', { name: 'Next' }).click();

    await heading(page, "Sorry, we can't sign you up").waitFor();
    await expect.poll(() => page.getByText(/need to be 21 or older/).count()).toBe(1);
    await look(page, 'signup-underage-landscape');
    expect(sent).toEqual([]);
    expect(await customersWithPhone(phone)).toEqual([]);
    await page.getByRole('button', { name: 'Done' }).click();
    await heading(page, 'Check in').waitFor();
    expectNoPageProblems(watched);
  }, 120_000);

  it('a signup with a phone and birthday already signed up identifies the person instead of failing', async () => {
    const phone = freshPhone();
    const created = await demo.api('POST', '/customers', staff, {
      firstName: 'Kathleen',
      lastName: 'Scott',
      dateOfBirth: '1988-04-02',
      phone,
    });
    expect(created.status).toBe(201);

    const watched = await openKiosk('landscape');
    const { page } = watched;
    await page.getByRole('button', { name: 'New here? Sign up' }).click();
    await heading(page, 'Sign up: about you').waitFor();
    await fill(page, 'First name', 'Kathy');
    await fill(page, 'Last name', 'Scott');
    await fill(page, 'Date of birth', '04021988');
    expect(await page.getByLabel('Date of birth').inputValue()).toBe(shownDate('04021988'));
    await page.getByText('Adult-use', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Sign up: how to reach you').waitFor();
    await fill(page, 'Mobile number', phone);
    await look(page, 'signup-contact-landscape');
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Sign up: stay in touch?').waitFor();
    await look(page, 'signup-consents-landscape');
    // The network drops as they tap Sign up: the retry screen, and "Try again" sends what they typed.
    await page.route('**/api/v1/kiosk/signup', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: "We can't reach the store's system" }).waitFor();
    await look(page, 'signup-connection-lost-landscape');
    await page.unroute('**/api/v1/kiosk/signup');
    await page.getByRole('button', { name: 'Try again' }).click();

    await heading(page, 'Hi, Kathleen').waitFor();
    await expect.poll(() => page.getByText("You're already signed up, so we found your profile.").count()).toBe(1);
    await look(page, 'signup-already-signed-up-landscape');
    expect(await customersWithPhone(phone)).toHaveLength(1);
    expectNoProblemsBut(watched, [
      [409, '/kiosk/signup'],
      ['net::ERR_INTERNET_DISCONNECTED', ''],
    ]);
  }, 120_000);

  it('a medical patient is asked for the card, and an expired card gets its message next to the field', async () => {
    for (const orientation of ['portrait', 'landscape'] as const) {
      const watched = await openKiosk(orientation);
      const { page } = watched;
      await page.getByRole('button', { name: 'New here? Sign up' }).click();
      await fill(page, 'First name', 'Pat');
      await fill(page, 'Last name', 'Lee');
      await fill(page, 'Date of birth', '03151985');
      await page.getByText('Medical patient', { exact: true }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await heading(page, 'Sign up: your medical card').waitFor();
      await page.getByLabel('Medical card number').click();
      await page.locator('.osk').getByRole('button', { name: 'ABC letters' }).click();
      await typeOnScreen(page, 'MED');
      await page.locator('.osk').getByRole('button', { name: '123 digits' }).click();
      await typeOnScreen(page, '4471');
      expect(await page.getByLabel('Medical card number').inputValue()).toBe('MED4471');
      await fill(page, 'Card expiry date', '01012020');
      await page.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => page.getByText('This card has expired. A staff member can help.').count()).toBe(1);
      expect(await page.getByLabel('Card expiry date').getAttribute('aria-describedby')).toContain(
        'signup-cardExpiryDigits-message',
      );
      await look(page, `signup-medical-card-${orientation}`);
      expectNoPageProblems(watched);
    }
  }, 120_000);
  it("shows the API's refusal of a field next to that field, back on its step, with nothing stored", async () => {
    const watched = await openKiosk('portrait');
    const { page } = watched;
    const phone = freshPhone();
    await page.getByRole('button', { name: 'New here? Sign up' }).click();
    await fill(page, 'First name', 'Pat');
    await fill(page, 'Last name', 'Lee');
    await fill(page, 'Date of birth', '03151985');
    await page.getByText('Medical patient', { exact: true }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Sign up: your medical card').waitFor();
    await page.getByLabel('Medical card number').click();
    await page.locator('.osk').getByRole('button', { name: 'ABC letters' }).click();
    await typeOnScreen(page, 'MED');
    await page.locator('.osk').getByRole('button', { name: '123 digits' }).click();
    await typeOnScreen(page, '4471');
    // Two letters pass the kiosk's own check; only the server knows XX is no state.
    await page.getByLabel('State that issued the card').click();
    const backspace = page.locator('.osk').getByRole('button', { name: 'Delete last character' });
    await backspace.click();
    await backspace.click();
    await typeOnScreen(page, 'XX');
    await fill(page, 'Card expiry date', '12312030');
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Sign up: how to reach you').waitFor();
    await fill(page, 'Mobile number', phone);
    await page.getByRole('button', { name: 'Next' }).click();
    await heading(page, 'Sign up: stay in touch?').waitFor();
    await page.getByRole('button', { name: 'Sign up' }).click();

    await heading(page, 'Sign up: your medical card').waitFor();
    const state = page.getByLabel('State that issued the card');
    await expect.poll(() => state.getAttribute('aria-describedby')).toBe('signup-cardState-message');
    expect(await page.locator('#signup-cardState-message').textContent()).toMatch(/two-letter US state code/);
    expect(await state.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Medical card number').inputValue()).toBe('MED4471');
    await look(page, 'signup-api-message-portrait');
    expect(await customersWithPhone(phone)).toEqual([]);
    expectNoProblemsBut(watched, [[422, '/kiosk/signup']]);
  }, 120_000);
});
