/**
 * The console's search page in Chromium against the whole demo: a misspelled name and the last 4
 * digits of a phone find real demo customers, ↑/↓/Enter opens one, `/` and Ctrl+K, filters as chips
 * with the count, and the search term never in the URL or history. axe on every screen, screenshots
 * under test-results/screens/console-search/ at 1280x800, 1920x1080 and the 768 px tablet.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

interface Found {
  id: string;
  firstName: string;
  lastName: string;
  phone: string | null;
}

let someone: Found;
let withPhone: Found;

const suite = consoleSuite('console-search', async () => {
  const token = await suite.demo.signIn('staff');
  // Real demo customers, read through the API (the sync fills the demo in the first seconds).
  let items: Found[] = [];
  for (let attempt = 0; attempt < 60 && items.length < 20; attempt++) {
    items = (await suite.demo.api<{ items: Found[] }>('GET', '/customers?limit=200', token)).body.items ?? [];
    if (items.length < 20) await new Promise((r) => setTimeout(r, 500));
  }
  someone = items.find((c) => /^[a-z]{6,}$/i.test(c.lastName) && /^[a-z]{3,}$/i.test(c.firstName))!;
  // Someone else: were it the same person, their row would already show from the name search and the
  // keys below could land before the digits' search replaced the list.
  withPhone = items.find((c) => c.phone?.startsWith('+1') && c.id !== someone?.id)!;
  expect(someone).toBeDefined();
  expect(withPhone).toBeDefined();
});

const { shot } = suite;
const searchBox = (page: Page) => page.getByRole('combobox', { name: 'Search customers' });
/** Adds the "Type" filter chip through the Add filter menu, as a person does. */
async function addTypeChip(page: Page, label: 'Medical' | 'Adult use'): Promise<void> {
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByRole('menuitem', { name: 'Type' }).click();
  await page.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: label }).click();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText(`Type: ${label}`).waitFor();
}
const row = (page: Page, c: Found) => page.getByRole('option', { name: new RegExp(`${c.firstName} ${c.lastName}`) });

/** One letter of the last name changed (a typo), e.g. Johnson → Johnzon. */
function misspelled(name: string): string {
  const at = Math.floor(name.length / 2);
  const swap = name[at]!.toLowerCase() === 'x' ? 'z' : 'x';
  return name.slice(0, at) + swap + name.slice(at + 1);
}

describe('finding a customer', () => {
  it('finds someone by a misspelled name and by the last 4 digits of a phone; ↑/↓/Enter opens them', async () => {
    const watched = await suite.open('staff');
    const { page } = watched;
    await page.getByRole('heading', { name: 'Find a customer' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    expect(await page.evaluate('document.activeElement?.id')).toBe('search-box');
    await expectAccessible(page, 'search, empty');
    await shot(watched, 'start-1280');

    const typo = `${someone.firstName} ${misspelled(someone.lastName)}`;
    await searchBox(page).fill(typo);
    await row(page, someone).first().waitFor();
    expect(page.url()).not.toContain(encodeURIComponent(someone.firstName));
    await expectAccessible(page, 'search, misspelled name');
    await shot(watched, 'misspelled-name-1280');

    const last4 = withPhone.phone!.slice(-4);
    const digitsAnswered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === last4);
    await searchBox(page).fill(last4);
    await digitsAnswered;
    await row(page, withPhone).first().waitFor();
    await shot(watched, 'last-4-digits-1280');

    // ↓ twice, ↑ once: the first row is active, then Enter opens it.
    await searchBox(page).press('ArrowDown');
    await searchBox(page).press('ArrowDown');
    await searchBox(page).press('ArrowUp');
    const activeId = await searchBox(page).getAttribute('aria-activedescendant');
    expect(activeId).toBeTruthy();
    const first = page.getByRole('option').first();
    expect(await first.getAttribute('id')).toBe(activeId);
    expect(await first.getAttribute('aria-selected')).toBe('true');
    await searchBox(page).press('Enter');
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);

    // Back: the same search, kept in memory, never in the URL or the history.
    await page.goBack();
    await searchBox(page).waitFor();
    expect(await searchBox(page).inputValue()).toBe(last4);
    const href = String(await page.evaluate('location.href'));
    expect(href).not.toContain(last4);
    expect(String(await page.evaluate('JSON.stringify({ ...localStorage })'))).not.toContain(last4);
    expectNoPageProblems(watched);
  }, 90_000);

  it('says plainly when no one matches', async () => {
    const watched = await suite.open('staff', { screen: 'tablet' });
    const { page } = watched;
    await searchBox(page).fill('Zzyzxqv Qwpflrk');
    await page.getByText('No one matches “Zzyzxqv Qwpflrk”').waitFor();
    // A short page on the tablet leaves the top bar its own height (it once stretched to fill the screen).
    const heading = await page.getByRole('heading', { name: 'Find a customer' }).boundingBox();
    expect(heading?.y).toBeLessThan(200);
    await expectAccessible(page, 'search, no match');
    await shot(watched, 'no-match-tablet');
    expectNoPageProblems(watched);
  }, 90_000);
});

describe('the keyboard', () => {
  it('/ focuses the search box, Ctrl+K opens the palette over customers and pages, g c goes to customers', async () => {
    const watched = await suite.open('staff', { screen: 'desktop' });
    const { page } = watched;
    await searchBox(page).waitFor();
    await page.locator('#console-main').focus();
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement?.id')).toBe('search-box');
    // Typing / in the box types it.
    await page.keyboard.type('a/');
    expect(await searchBox(page).inputValue()).toBe('a/');
    await searchBox(page).fill('');

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog');
    await palette.waitFor();
    await palette.getByRole('combobox').fill(someone.firstName);
    await palette
      .getByRole('option', { name: new RegExp(`${someone.firstName} ${someone.lastName}`) })
      .first()
      .waitFor();
    await palette.getByRole('combobox').fill('');
    await palette.getByRole('option', { name: /Find a customer/ }).waitFor();
    await palette.getByRole('option', { name: 'Sign out' }).waitFor();
    // A staff palette offers no admin page.
    expect(await palette.getByRole('option', { name: /Admin/ }).count()).toBe(0);
    await expectAccessible(page, 'command palette');
    await shot(watched, 'palette-1920');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'hidden' });

    // Away from the search (a page with no text field, so the keys are shortcuts, not typing).
    await page.goto('/customers/not/a/page');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/customers');
    await searchBox(page).waitFor();
    expectNoPageProblems(watched, { expectedStatuses: [404] });
  }, 90_000);
});

describe('filters', () => {
  it('adds filters as chips, counts the matches, and removes a chip', async () => {
    const watched = await suite.open('staff');
    const { page } = watched;
    await searchBox(page).waitFor();
    await addTypeChip(page, 'Adult use');
    await expect.poll(() => page.locator('.search-count').textContent()).toMatch(/^(About )?[\d,]+ customers? match/);
    await page.getByRole('option').first().waitFor();

    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Birthday' }).click();
    await page.getByRole('textbox', { name: 'Birthday' }).fill('4/2');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Enter a month and day as MM-DD').waitFor();
    await shot(watched, 'filter-refused-1280');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await expectAccessible(page, 'search, filters');
    await shot(watched, 'filters-1280');

    // With a term, the count is not given (the API counts filters only), and says so.
    await searchBox(page).fill(someone.firstName);
    await page.getByText('Count shown for filters only').waitFor();

    await page.getByRole('button', { name: 'Remove filter Type: Adult use' }).click();
    expect(await page.getByText('Type: Adult use').count()).toBe(0);
    expect(page.url()).toMatch(/\/customers$/);
    expectNoPageProblems(watched);
  }, 90_000);
});

describe('saved views and segments', () => {
  it('a manager saves the chips as a segment and is told how many it holds now; staff are not offered it', async () => {
    const name = `Medical ${Date.now().toString(36)}`;
    const manager = await suite.open('manager');
    const { page } = manager;
    await searchBox(page).waitFor();
    expect(await page.getByRole('button', { name: 'Save as segment' }).isDisabled()).toBe(true);
    await addTypeChip(page, 'Medical');

    await page.getByRole('button', { name: 'Save as segment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as segment' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await expectAccessible(page, 'search, save as segment');
    await shot(manager, 'save-segment-1280');
    await dialog.getByRole('button', { name: 'Save segment' }).click();
    await dialog.waitFor({ state: 'detached' });
    const said = page.getByRole('status').filter({ hasText: `Segment “${name}” saved` });
    await said.waitFor();

    // The count said is the API's count of medical customers, read independently.
    const token = await suite.demo.signIn('manager');
    const medical = await suite.demo.api<{ items: { id: string; name: string; count: number }[] }>(
      'GET',
      '/segments?limit=200',
      token,
    );
    const segment = medical.body.items.find((s) => s.name === name);
    expect(segment).toBeDefined();
    expect(await said.textContent()).toContain(`${segment!.count.toLocaleString('en-US')} customer`);
    await shot(manager, 'segment-saved-1280');
    expectNoPageProblems(manager);

    const staff = await suite.open('staff');
    await searchBox(staff.page).waitFor();
    expect(await staff.page.getByRole('button', { name: 'Save as segment' }).count()).toBe(0);
  }, 120_000);

  it('staff saves the chips as a shared view; a manager applies it from the Views menu and sees the chips', async () => {
    const name = `Adult regulars ${Date.now().toString(36)}`;
    const staff = await suite.open('staff');
    const { page } = staff;
    await searchBox(page).waitFor();
    expect(await page.getByRole('button', { name: 'Save as view' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitem', { name: 'Type' }).click();
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Adult use' }).click();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Type: Adult use').waitFor();

    await page.getByRole('button', { name: 'Save as view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as view' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('switch').click();
    await expectAccessible(page, 'search, save as view');
    await shot(staff, 'save-view-1280');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The same name again: the API's 409 is shown by the name.
    await page.getByRole('button', { name: 'Save as view' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.getByRole('alert').waitFor();
    await shot(staff, 'save-view-409-1280');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expectNoPageProblems(staff, { expectedStatuses: [409] });

    const manager = await suite.open('manager');
    const m = manager.page;
    await searchBox(m).waitFor();
    expect(await m.getByText('Type: Adult use').count()).toBe(0);
    await m.getByRole('button', { name: 'Views' }).click();
    await m.getByRole('menuitem', { name: `${name} · shared with you` }).waitFor();
    await shot(manager, 'views-menu-1280');
    await m.getByRole('menuitem', { name: `${name} · shared with you` }).click();
    await m.getByText('Type: Adult use').waitFor();
    await m.getByRole('option').first().waitFor();
    await expectAccessible(m, 'search, view applied');
    await shot(manager, 'view-applied-1280');
    expectNoPageProblems(manager);
  }, 120_000);
});
