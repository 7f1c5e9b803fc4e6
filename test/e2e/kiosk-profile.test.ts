/**
 * The kiosk's profile and expired-card screens in Chromium against the whole demo (`patron start`):
 * a returning customer identifies, changes their email (held until staff confirm it at the counter),
 * turns consents on and off (the ledger keeps the store's exact wording), gets a copy of their data
 * by the mailed one-time code (sent, never shown), deletes their profile after a clear question, and
 * a medical customer whose card expired is asked for the new expiry. Every screen is checked with axe
 * and photographed, in portrait and landscape.
 */

import pg from 'pg';
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
let manager: string;
let wording: { sms: string; email: string };
let n = 0;
// Each test walks the kiosk in a real browser against the whole demo: well past the default 30 s.
const WALK_MS = 120_000;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  staff = await demo.signIn('staff');
  manager = await demo.signIn('manager');
  const store = await demo.api<{ consentWording: typeof wording }>('GET', '/kiosk/store', demo.kioskKey);
  wording = store.body.consentWording;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

interface Person {
  firstName: string;
  lastName: string;
  /** As typed on the keypad: MMDDYYYY. */
  birthDigits: string;
  dateOfBirth: string;
  phoneDigits: string;
  email: string;
}

function person(): Person {
  n += 1;
  const day = String(n + 10).padStart(2, '0');
  return {
    firstName: 'Profile',
    lastName: `Walker${n}`,
    birthDigits: `0${(n % 9) + 1}${day}1985`,
    dateOfBirth: `1985-0${(n % 9) + 1}-${day}`,
    phoneDigits: `702555${String(7100 + n)}`,
    email: `profile.walker${n}@example.com`,
  };
}

/** Signs the person up through the kiosk API (as a returning customer would have, on an earlier visit). */
async function signedUp(who: Person, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await demo.api<{ customer: { id: string } }>('POST', '/kiosk/signup', demo.kioskKey, {
    firstName: who.firstName,
    lastName: who.lastName,
    dateOfBirth: who.dateOfBirth,
    phone: who.phoneDigits,
    email: who.email,
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.customer.id;
}

async function kioskPage(orientation: Orientation): Promise<WatchedPage> {
  const watched = await newKioskPage(browser, demo.url, { orientation });
  await watched.context.addInitScript((key) => localStorage.setItem('patron.kiosk.key', key), demo.kioskKey);
  return watched;
}

async function tapDigits(page: Page, keypad: string, digits: string): Promise<void> {
  const pad = page.getByRole('group', { name: `Keypad for the ${keypad}` });
  for (const digit of digits) await pad.getByRole('button', { name: digit, exact: true }).click();
}

async function heading(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}

/** Phone, birthday, "Yes, that's me": on the screen after it (welcome, or the expired card). */
async function identify(page: Page, who: Person): Promise<void> {
  await page.goto('/kiosk');
  await heading(page, 'Check in');
  await tapDigits(page, 'phone number', who.phoneDigits);
  await page.getByRole('button', { name: 'Next' }).click();
  await heading(page, 'Your date of birth');
  await tapDigits(page, 'date of birth', who.birthDigits);
  await page.getByRole('button', { name: 'Find me' }).click();
  await heading(page, /^Is this you\?/);
  await page.getByRole('button', { name: "Yes, that's me" }).click();
}

async function openProfile(page: Page, who: Person): Promise<void> {
  await identify(page, who);
  await heading(page, `Hi, ${who.firstName}`);
  await page.getByRole('button', { name: 'My profile' }).click();
  await heading(page, 'Your profile');
}

/** axe, then a screenshot to look at. */
async function checkScreen(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await saveScreenshot(page, `kiosk-profile/${name}`);
}

/** The six digits of the newest code the demo mailed to `email` (read as staff, like the counter could). */
async function mailedCode(email: string): Promise<string> {
  const box = await demo.api<{ items: { to: string[]; subject: string; text: string }[] }>(
    'GET',
    '/demo/mailbox?limit=50',
    staff,
  );
  const mail = box.body.items.find((m) => m.to.includes(email) && /code/i.test(m.subject));
  expect(mail, `a code mailed to ${email}`).toBeDefined();
  return /\b(\d{6})\b/.exec(mail!.subject + mail!.text)![1]!;
}

describe('the kiosk profile', () => {
  it(
    'a new email is held until staff confirm it at the counter, then it is the customer’s email',
    async () => {
      const who = person();
      const id = await signedUp(who);
      const watched = await kioskPage('portrait');
      const { page } = watched;
      await openProfile(page, who);
      await expect(page.getByText(who.email).isVisible()).resolves.toBe(true);
      await checkScreen(page, 'profile-portrait');

      await page.getByRole('button', { name: 'Change email' }).click();
      await heading(page, 'Change your email');
      const keyboard = page.getByRole('group', { name: 'Keyboard for the new email address' });
      const spoken: Record<string, string> = { '@': 'at sign', '.': 'dot' };
      for (const key of 'new.walker@example') {
        await keyboard.getByRole('button', { name: spoken[key] ?? key, exact: true }).click();
      }
      await keyboard.getByRole('button', { name: '.com', exact: true }).click();
      await expect(page.getByRole('status', { name: 'New email address' }).textContent()).resolves.toBe(
        'new.walker@example.com',
      );
      await checkScreen(page, 'profile-email-edit');
      await page.getByRole('button', { name: 'Save email' }).click();
      await heading(page, 'A staff member will confirm this change with you');
      await checkScreen(page, 'profile-email-held');

      // Nothing changed yet: the request waits at the counter.
      const before = await demo.api<{ email: string }>('GET', `/customers/${id}`, staff);
      expect(before.body.email).toBe(who.email);
      const open = await demo.api<{ items: { id: string; kind: string; customer: { id: string } }[] }>(
        'GET',
        '/customer-requests',
        staff,
      );
      const request = open.body.items.find((r) => r.customer.id === id && r.kind === 'identity_change');
      expect(request, 'the held email change').toBeDefined();
      const confirmed = await demo.api('POST', `/customer-requests/${request!.id}/confirm`, staff);
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      const after = await demo.api<{ email: string }>('GET', `/customers/${id}`, staff);
      expect(after.body.email).toBe('new.walker@example.com');

      expectNoPageProblems(watched);
      await watched.close();
    },
    WALK_MS,
  );

  it(
    'consent switches land in the ledger with the store’s exact wording, on and off',
    async () => {
      const who = person();
      const id = await signedUp(who);
      const watched = await kioskPage('landscape');
      const { page } = watched;
      await openProfile(page, who);
      await checkScreen(page, 'profile-landscape');

      const sms = page.getByRole('switch', { name: 'Text messages' });
      const email = page.getByRole('switch', { name: 'Emails' });
      await expect(sms.getAttribute('aria-checked')).resolves.toBe('false');
      await sms.click();
      await page.getByText('Text messages turned on.').waitFor();
      await expect(sms.getAttribute('aria-checked')).resolves.toBe('true');
      await email.click();
      await page.getByText('Emails turned on.').waitFor();
      await email.click();
      await page.getByText('Emails turned off.').waitFor();
      await expect(email.getAttribute('aria-checked')).resolves.toBe('false');
      await checkScreen(page, 'profile-consents-landscape');

      const ledger = await demo.api<{
        items: { channel: string; granted: boolean; wording: string | null; source: string }[];
      }>('GET', `/customers/${id}/consents`, staff);
      expect(ledger.body.items.slice(0, 3)).toEqual([
        expect.objectContaining({ channel: 'email', granted: false }),
        expect.objectContaining({ channel: 'email', granted: true, wording: wording.email }),
        expect.objectContaining({ channel: 'sms', granted: true, wording: wording.sms }),
      ]);
      const now = await demo.api<{ consents: Record<'sms' | 'email', { granted: boolean }> }>(
        'GET',
        `/customers/${id}`,
        staff,
      );
      expect(now.body.consents.sms.granted).toBe(true);
      expect(now.body.consents.email.granted).toBe(false);

      expectNoPageProblems(watched);
      await watched.close();
    },
    WALK_MS,
  );

  it(
    'a copy of the data, confirmed with the mailed code, is sent to the email on file and never shown',
    async () => {
      const who = person();
      const id = await signedUp(who);
      const watched = await kioskPage('portrait');
      const { page } = watched;
      await openProfile(page, who);

      await page.getByRole('button', { name: 'Email me a copy' }).click();
      await page.getByRole('alertdialog', { name: 'Email you a copy of your data?' }).waitFor();
      await checkScreen(page, 'profile-copy-question');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Email me a copy' }).click();
      await heading(page, 'Confirm your copy');
      const masked = `${who.email[0]}•••@example.com`;
      await page.getByText(masked).waitFor();
      await checkScreen(page, 'profile-copy-code');

      await tapDigits(page, 'code', await mailedCode(who.email));
      await page.getByRole('button', { name: 'Send my copy' }).click();
      await heading(page, 'Your copy is on its way');
      await page.getByText(`Sent to ${masked}.`).waitFor();
      await checkScreen(page, 'profile-copy-sent');

      // The export went by mail, and nothing of it reached the page.
      const box = await demo.api<{ items: { to: string[]; attachments: { content: string }[] }[] }>(
        'GET',
        '/demo/mailbox?limit=50',
        staff,
      );
      const sent = box.body.items.find((m) => m.to.includes(who.email) && m.attachments.length > 0);
      expect(sent?.attachments[0]?.content).toContain(id);
      const html = await page.content();
      expect(html).not.toContain(id);
      expect(html).not.toContain(who.dateOfBirth);
      expect(html).not.toContain(who.email);

      expectNoPageProblems(watched);
      await watched.close();
    },
    WALK_MS,
  );

  it(
    'deleting asks first ("Keep my profile" keeps it), then erases with the mailed code and starts over',
    async () => {
      const who = person();
      const id = await signedUp(who);
      const watched = await kioskPage('landscape');
      const { page } = watched;
      await openProfile(page, who);

      await page.getByRole('button', { name: 'Delete my profile' }).click();
      const question = page.getByRole('alertdialog', { name: 'Delete your profile?' });
      await question.waitFor();
      await checkScreen(page, 'profile-delete-question-landscape');
      await question.getByRole('button', { name: 'Keep my profile' }).click();
      await expect(question.count()).resolves.toBe(0);
      expect((await demo.api('GET', `/customers/${id}`, staff)).status).toBe(200);

      await page.getByRole('button', { name: 'Delete my profile' }).click();
      await question.getByRole('button', { name: 'Delete my profile' }).click();
      await heading(page, 'Confirm the deletion');
      await tapDigits(page, 'code', await mailedCode(who.email));
      await page.getByRole('button', { name: 'Delete my profile' }).click();
      await heading(page, 'Your profile is deleted');
      await checkScreen(page, 'profile-deleted-landscape');
      expect((await demo.api('GET', `/customers/${id}`, manager)).status).toBe(404);
      await page.getByRole('button', { name: 'Done' }).click();
      await heading(page, 'Check in');

      expectNoPageProblems(watched);
      await watched.close();
    },
    WALK_MS,
  );
});

describe('an expired medical card', () => {
  it(
    'is asked for its new expiry after "Yes, that\'s me", sent for staff to confirm after seeing the card',
    async () => {
      const who = person();
      const year = new Date().getFullYear();
      const id = await signedUp(who, {
        customerType: 'medical',
        medical: { cardNumber: `MED-${7100 + n}-2290`, state: 'NV', expiresOn: `${year + 1}-06-30` },
      });
      // A card recorded while valid that has since expired: no API may record a past expiry.
      const db = new pg.Client({ connectionString: demo.databaseUrl });
      await db.connect();
      await db.query('UPDATE customers SET medical_expires_on = $1 WHERE id = $2', [`${year - 1}-06-30`, id]);
      await db.end();

      const watched = await kioskPage('portrait');
      const { page } = watched;
      await identify(page, who);
      await heading(page, `Your medical card expired on 06/30/${year - 1}`);
      await checkScreen(page, 'renew-card-portrait');

      // A date already past is refused next to the date, before anything is sent.
      await tapDigits(page, 'new expiry date', `0101${year - 1}`);
      await page.getByRole('button', { name: 'Send new date' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('passed');
      await expect(
        page.getByRole('status', { name: /^New expiry date/ }).getAttribute('aria-describedby'),
      ).resolves.toBe('card-expiry-message');
      await checkScreen(page, 'renew-card-message');

      await page.getByRole('button', { name: 'Clear' }).click();
      await tapDigits(page, 'new expiry date', `0630${year + 2}`);
      await page.getByRole('button', { name: 'Send new date' }).click();
      await heading(page, `Hi, ${who.firstName}`);
      await page.getByText('A staff member will check your new card at the counter.').waitFor();
      await checkScreen(page, 'renew-card-sent');

      const open = await demo.api<{ items: { id: string; kind: string; customer: { id: string } }[] }>(
        'GET',
        '/customer-requests',
        staff,
      );
      const request = open.body.items.find((r) => r.customer.id === id && r.kind === 'medical_card_renewal');
      expect(request, 'the held card renewal').toBeDefined();
      expect((await demo.api('POST', `/customer-requests/${request!.id}/confirm`, staff)).status).toBe(200);
      const renewed = await demo.api<{ medical: { expiresOn: string } }>('GET', `/customers/${id}`, staff);
      expect(renewed.body.medical.expiresOn).toBe(`${year + 2}-06-30`);

      expectNoPageProblems(watched);
      await watched.close();
    },
    WALK_MS,
  );
});
