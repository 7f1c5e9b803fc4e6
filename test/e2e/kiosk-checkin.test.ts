/**
 * The kiosk at /kiosk in Chromium against the whole demo (`patron start`: the five POS simulators,
 * the demo organization, the built web app): staff set a kiosk up with its key, a returning customer
 * checks in to an order by phone and date of birth (the order carries them, the Treez POS knows
 * them), the uniform "not found", "Too many tries", the retry over a lost network, the idle timeout
 * that leaves nothing of the person in the page, and the staff exit. Both orientations of the lobby
 * screen, with screenshots under test-results/screens/ and axe on every screen.
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
import { DEMO_PASSWORD, type DemoServer, startDemoServer } from '../support/demo-server.ts';

let demo: DemoServer;
let browser: Browser;
let staffToken: string;
let managerToken: string;
let treezStoreId: string;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  staffToken = await demo.signIn('staff');
  managerToken = await demo.signIn('manager');
  const stores = await demo.api<{ items: { id: string; name: string }[] }>('GET', '/stores', managerToken);
  treezStoreId = stores.body.items.find((store) => store.name === 'Treez Store')!.id;
}, 180_000);
afterAll(async () => {
  await Promise.all(opened.map((watched) => watched.close().catch(() => undefined)));
  await browser?.close();
  await demo?.stop();
});

const KEY_STORAGE = 'patron.kiosk.key';

/** A kiosk page; `setUp` puts the demo kiosk key on the device first, as staff setup would have. */
async function openKiosk(
  orientation: Orientation,
  { setUp = true, fakeClock = false, key = demo.kioskKey } = {},
): Promise<{ watched: WatchedPage; page: Page }> {
  const watched = await newKioskPage(browser, demo.url, { orientation });
  opened.push(watched);
  if (setUp) {
    await watched.context.addInitScript(
      ([name, key]) => {
        if (!localStorage.getItem(name)) localStorage.setItem(name, key);
      },
      [KEY_STORAGE, key] as const,
    );
  }
  if (fakeClock) await watched.page.clock.install();
  await watched.page.goto('/kiosk');
  return { watched, page: watched.page };
}

let serial = 0;
/** A returning customer, created at the counter by staff (POST /customers). */
async function returningCustomer(firstName: string, lastName: string) {
  serial += 1;
  const last4 = String(140 + serial).padStart(4, '0');
  const body = {
    firstName,
    lastName,
    dateOfBirth: '1988-04-02',
    phone: `(702) 555-${last4}`,
    email: `${firstName.toLowerCase()}.${serial}@example.com`,
  };
  const created = await demo.api<{ id: string }>('POST', '/customers', staffToken, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return {
    id: created.body.id,
    firstName,
    lastName,
    digits: `702555${last4}`,
    formattedPhone: `(702) 555-${last4}`,
    dobDigits: '04021988',
  };
}

const heading = (page: Page) => page.locator('main h1');

async function press(page: Page, digits: string) {
  for (const digit of digits) await page.getByRole('button', { name: digit, exact: true }).click();
}

/** Phone, "Next", date of birth, "Find me": what a customer taps. */
async function identifyAs(page: Page, phoneDigits: string, dobDigits: string) {
  await expect.poll(() => heading(page).textContent()).toBe('Check in');
  await press(page, phoneDigits);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect.poll(() => heading(page).textContent()).toBe('Your date of birth');
  await press(page, dobDigits);
  await page.getByRole('button', { name: 'Find me' }).click();
  await leftBirthDate(page);
}

/** Waits for identify's answer to move the kiosk on (the demo's first answers can take seconds). */
async function leftBirthDate(page: Page) {
  await expect
    .poll(() => heading(page).textContent(), { timeout: 20_000 })
    .not.toBe('Your date of birth')
    .catch(async (error) => {
      await saveScreenshot(page, `kiosk-checkin/failed-identify-${Date.now()}`);
      throw error;
    });
}

/**
 * Everything a person could read or a script could pick up in the page: all text (hidden included),
 * every field's value and every attribute (aria-labels carry what a screen reader says).
 */
const PAGE_CONTENTS = `[
  document.body.textContent,
  ...Array.from(document.querySelectorAll('input, textarea'), (field) => field.value),
  ...Array.from(document.body.querySelectorAll('*'), (el) => Array.from(el.attributes, (a) => a.value).join(' ')),
].join('\\n')`;
const allTextAndValues = (page: Page) => page.evaluate<string>(PAGE_CONTENTS);

/**
 * The page's problems, less the answers the kiosk expects and shows as a screen: Chromium logs every
 * 4xx as a console error, and identify answers "not found" with a 404 by design (API.md).
 */
function expectNoProblemsBut404FromIdentify(watched: WatchedPage) {
  watched.consoleErrors = watched.consoleErrors.filter(
    (line) => !/status of 404 .*\/api\/v1\/kiosk\/identify/.test(line),
  );
  expectNoPageProblems(watched);
}

async function shot(page: Page, name: string) {
  await saveScreenshot(page, `kiosk-checkin/${name}`);
  await expectAccessible(page, name);
}

describe('setting the kiosk up', () => {
  it.each(['portrait', 'landscape'] as const)(
    'a kiosk without a key shows "This kiosk is not set up" (%s)',
    async (orientation) => {
      const { watched, page } = await openKiosk(orientation, { setUp: false });
      await expect.poll(() => heading(page).textContent()).toBe('This kiosk is not set up');
      await expect.poll(() => page.getByRole('button', { name: 'Set up (staff)' }).isVisible()).toBe(true);
      await shot(page, `${orientation}-not-set-up`);
      expectNoPageProblems(watched);
    },
  );

  it('a key revoked while the kiosk runs sends it back to "not set up" at its next call, saying why', async () => {
    const adminToken = await demo.signIn('admin');
    const created = await demo.api<{ id: string; key: string }>('POST', '/api-keys', adminToken, {
      name: 'Lobby kiosk, revoked in the test',
      role: 'kiosk',
      storeId: treezStoreId,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const who = await returningCustomer('Avery', 'Lane');
    const { watched, page } = await openKiosk('portrait', { key: created.body.key });
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
    expect((await demo.api('DELETE', `/api-keys/${created.body.id}`, adminToken)).status).toBe(204);

    await identifyAs(page, who.digits, who.dobDigits);
    await expect.poll(() => heading(page).textContent()).toBe('This kiosk is not set up');
    await expect.poll(() => page.getByText('Its kiosk key no longer works').isVisible()).toBe(true);
    expect(await allTextAndValues(page)).not.toContain(who.lastName);
    await shot(page, 'portrait-key-revoked');
    expectNoPageProblems(watched, { expectedStatuses: [401] });
  }, 60_000);

  it('staff sign in (wrong password refused clearly), a key that is not a kiosk key is refused, the demo kiosk key sets it up and the staff session is signed out', async () => {
    const { page } = await openKiosk('portrait', { setUp: false });
    await page.getByRole('button', { name: 'Set up (staff)' }).click();
    await page.getByLabel('Staff email').fill('staff@demo.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await shot(page, 'portrait-setup-sign-in-refused');

    const login = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const session = ((await (await login).json()) as { token: string }).token;
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Kiosk key');

    // A staff session token is not a kiosk key: GET /kiosk/store refuses it.
    await page.getByRole('textbox', { name: 'Kiosk key' }).fill(session);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^That is not a kiosk key/);
    await shot(page, 'portrait-setup-key-refused');

    await page.getByRole('textbox', { name: 'Kiosk key' }).fill(demo.kioskKey);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
    expect(await page.evaluate((name) => localStorage.getItem(name), KEY_STORAGE)).toBe(demo.kioskKey);
    await expect.poll(async () => (await demo.api('GET', '/me', session)).status).toBe(401);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await allTextAndValues(page)).not.toContain(session);
  }, 60_000);
});

describe('a returning customer checks in', () => {
  it.each(['portrait', 'landscape'] as const)(
    'identifies by phone and date of birth and checks in to an order that carries them, and the Treez POS has them (%s)',
    async (orientation) => {
      const who = await returningCustomer('Kathleen', orientation === 'portrait' ? 'Scott' : 'Stone');
      const { watched, page } = await openKiosk(orientation);
      await expect.poll(() => heading(page).textContent()).toBe('Check in');
      await shot(page, `${orientation}-1-phone-empty`);
      await press(page, who.digits);
      await expect.poll(() => page.getByLabel('Phone number').textContent()).toBe(who.formattedPhone);
      await shot(page, `${orientation}-2-phone-typed`);
      await page.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => heading(page).textContent()).toBe('Your date of birth');
      await press(page, who.dobDigits);
      await shot(page, `${orientation}-3-birth-date`);
      await page.getByRole('button', { name: 'Find me' }).click();

      await expect
        .poll(() => heading(page).textContent(), { timeout: 15_000 })
        .toBe('Is this you? Kathleen S.')
        .catch(async (error) => {
          await saveScreenshot(page, `kiosk-checkin/${orientation}-failed-identify`);
          throw error;
        });
      await shot(page, `${orientation}-4-confirm`);
      await page.getByRole('button', { name: "Yes, that's me" }).click();
      await expect.poll(() => heading(page).textContent()).toBe('Hi, Kathleen');
      await shot(page, `${orientation}-5-welcome`);
      await page.getByRole('button', { name: 'Check in for my order' }).click();

      await expect.poll(() => heading(page).textContent()).toBe("You're checked in");
      expect(await page.locator('.call-name').textContent()).toBe('Kathleen S.');
      await shot(page, `${orientation}-6-checked-in`);
      const orderRef = /Order (KIOSK-[0-9A-F]{8})/.exec((await page.locator('.order-ref').textContent()) ?? '')?.[1];
      expect(orderRef).toBeDefined();

      await page.getByRole('button', { name: 'Done' }).click();
      await expect.poll(() => heading(page).textContent()).toBe('Check in');
      const left = await allTextAndValues(page);
      for (const personal of ['Kathleen', who.digits, who.formattedPhone, who.formattedPhone.slice(-8)]) {
        expect(left).not.toContain(personal);
      }

      // The order carries the customer (GET /customers/{id}/orders is not built: the export lists kiosk orders).
      const exported = await demo.api<{ kioskOrders: { orderRef: string; storeId: string; posCustomerId: string }[] }>(
        'GET',
        `/customers/${who.id}/export`,
        managerToken,
      );
      expect(exported.status).toBe(200);
      const order = exported.body.kioskOrders.find((entry) => entry.orderRef === orderRef);
      expect(order?.storeId).toBe(treezStoreId);
      // …and the store's POS knows them: the Treez link is synced, under the id the order gave.
      await expect
        .poll(
          async () => {
            const links = await demo.api<{ items: { storeId: string; status: string; externalId: string }[] }>(
              'GET',
              `/customers/${who.id}/sync`,
              staffToken,
            );
            return links.body.items.find((link) => link.storeId === treezStoreId);
          },
          { timeout: 15_000 },
        )
        .toMatchObject({ status: 'synced', externalId: order?.posCustomerId });

      expectNoPageProblems(watched);
    },
    90_000,
  );

  it('a wrong date of birth shows exactly the screen an unknown phone shows', async () => {
    const who = await returningCustomer('Dana', 'Reyes');
    const { watched, page } = await openKiosk('portrait');
    await identifyAs(page, who.digits, '04031988');
    await expect.poll(() => heading(page).textContent()).toBe("We couldn't find you");
    const wrongBirthday = await page.locator('main').textContent();
    await shot(page, 'portrait-not-found');

    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await press(page, '7025550999');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Clear' }).click();
    await press(page, who.dobDigits);
    await page.getByRole('button', { name: 'Find me' }).click();
    await expect.poll(() => heading(page).textContent()).toBe("We couldn't find you");
    expect(await page.locator('main').textContent()).toBe(wrongBirthday);
    expect(wrongBirthday).not.toMatch(/\d{3}/); // the number is not repeated on screen
    expectNoProblemsBut404FromIdentify(watched);
  }, 60_000);

  it('repeated identification of one phone ends on "Too many tries, please ask a staff member" with no count-down', async () => {
    const who = await returningCustomer('Riley', 'Moss');
    const { page } = await openKiosk('landscape');
    await identifyAs(page, who.digits, '01011990');
    // The demo allows 5 identifications per phone in 15 minutes; the 6th is refused.
    for (let attempt = 2; attempt <= 6; attempt += 1) {
      await expect.poll(() => heading(page).textContent()).toBe("We couldn't find you");
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Find me' }).click();
    }
    await expect.poll(() => heading(page).textContent()).toBe('Too many tries, please ask a staff member');
    const text = await page.locator('main').textContent();
    expect(text).not.toMatch(/\d/); // no minutes, seconds or tries left
    await shot(page, 'landscape-too-many-tries');
    await page.waitForTimeout(1_500);
    expect(await page.locator('main').textContent()).toBe(text); // and nothing counts down
    await page.getByRole('button', { name: 'Back to start' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
  }, 60_000);

  it('a lost network shows the retry screen over the date of birth, which keeps it, and "Try again" goes on once back', async () => {
    const who = await returningCustomer('Morgan', 'Lee');
    const { watched, page } = await openKiosk('portrait');
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
    await press(page, who.digits);
    await page.getByRole('button', { name: 'Next' }).click();
    await press(page, who.dobDigits);
    await watched.context.setOffline(true);
    await page.getByRole('button', { name: 'Find me' }).click();
    const overlay = page.getByRole('alertdialog', { name: 'Connection lost' });
    await expect.poll(() => overlay.isVisible()).toBe(true);
    expect(await page.getByLabel(/^Date of birth:/).getAttribute('aria-label')).toBe('Date of birth: 04 02 1988');
    await shot(page, 'portrait-offline');
    await watched.context.setOffline(false);
    await overlay.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('Is this you? Morgan L.');
    expect(await overlay.count()).toBe(0);
  }, 60_000);
});

describe('the idle timeout', () => {
  it('warns after 60 s, "I\'m still here" keeps the visit, and 80 s without a touch clears everything personal', async () => {
    const who = await returningCustomer('Avery', 'Quinn');
    const { watched, page } = await openKiosk('portrait', { fakeClock: true });
    await identifyAs(page, who.digits, who.dobDigits);
    await expect.poll(() => heading(page).textContent()).toBe('Is this you? Avery Q.');

    await page.clock.fastForward(59_000);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.clock.fastForward(1_500);
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' });
    await expect.poll(() => warning.isVisible()).toBe(true);
    const secondsLeft = Number(/clears in (\d+) seconds/.exec((await warning.textContent()) ?? '')?.[1]);
    expect(secondsLeft).toBeGreaterThanOrEqual(18);
    expect(secondsLeft).toBeLessThanOrEqual(20);
    await shot(page, 'portrait-idle-warning');
    await warning.getByRole('button', { name: "I'm still here" }).click();
    await expect.poll(() => warning.count()).toBe(0);
    expect(await heading(page).textContent()).toBe('Is this you? Avery Q.');

    await page.clock.fastForward(60_500);
    await expect.poll(() => warning.isVisible()).toBe(true);
    await page.clock.fastForward(20_500);
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
    expect(await warning.count()).toBe(0);
    const left = await allTextAndValues(page);
    for (const personal of [
      who.firstName,
      who.lastName,
      who.digits,
      who.formattedPhone,
      who.formattedPhone.slice(-8),
    ]) {
      expect(left).not.toContain(personal);
    }
    expect(left).not.toMatch(/1988/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([KEY_STORAGE]);
    await shot(page, 'portrait-after-idle');
    expectNoPageProblems(watched);
  }, 60_000);
});

describe('the staff exit', () => {
  it('a 3 s press on the store name opens the staff sign-in; "Back to kiosk" keeps the kiosk and signs staff out', async () => {
    const { page } = await openKiosk('landscape');
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
    const storeName = page.locator('.kiosk-store');
    await storeName.hover();
    await page.mouse.down();
    await page.waitForTimeout(1_000);
    await page.mouse.up();
    expect(await page.getByRole('dialog', { name: 'Staff' }).count()).toBe(0); // a short press does nothing
    await page.mouse.down();
    await page.waitForTimeout(3_300);
    await page.mouse.up();
    const dialog = page.getByRole('dialog', { name: 'Staff' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await shot(page, 'landscape-staff-sign-in');

    const login = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
    await dialog.getByLabel('Staff email').fill('staff@demo.test');
    await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    const session = ((await (await login).json()) as { token: string }).token;
    await expect.poll(() => dialog.getByRole('button', { name: 'Leave kiosk mode' }).isVisible()).toBe(true);
    await shot(page, 'landscape-staff-choice');
    await dialog.getByRole('button', { name: 'Back to kiosk' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await heading(page).textContent()).toBe('Check in');
    await expect.poll(async () => (await demo.api('GET', '/me', session)).status).toBe(401);
  }, 60_000);

  it('the labelled "Staff" button (keyboard, screen reader) leads to the same sign-in, and "Leave kiosk mode" forgets the key', async () => {
    const { page } = await openKiosk('portrait');
    await expect.poll(() => heading(page).textContent()).toBe('Check in');
    await page.getByRole('button', { name: 'Staff: leave kiosk mode' }).click();
    const dialog = page.getByRole('dialog', { name: 'Staff' });
    await dialog.getByLabel('Staff email').fill('staff@demo.test');
    await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Leave kiosk mode' }).click();
    await expect.poll(() => heading(page).textContent()).toBe('This kiosk is not set up');
    expect(await page.evaluate((name) => localStorage.getItem(name), KEY_STORAGE)).toBeNull();
  }, 60_000);
});
