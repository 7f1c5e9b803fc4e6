import { describe, expect, it } from 'vitest';
import { expectAccessible, expectNoPageProblems } from '../support/browser.ts';
import { consoleSuite } from '../support/console.ts';

const suite = consoleSuite('console-admin-people');

const { shot } = suite;

interface MailboxMessage {
  to: string[];
  text: string;
}

describe('users', () => {
  it('invites a user, who accepts; the admin changes their role; the last admin cannot be deactivated', async () => {
    const watched = await suite.open('admin', { path: '/admin/users' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('cell', { name: 'admin@demo.test' }).waitFor();

    // The last admin: both actions disabled, with the API's own reason.
    const reason = 'This is the last admin of the organization; make another admin first.';
    await page.getByText(reason, { exact: false }).waitFor();
    const adminRow = page.getByRole('row').filter({ hasText: 'admin@demo.test' });
    expect(await adminRow.getByRole('button', { name: 'Deactivate' }).isDisabled()).toBe(true);
    expect(await adminRow.getByRole('combobox').isDisabled()).toBe(true);
    // The API says the same to whoever tries anyway.
    const adminToken = await suite.demo.signIn('admin');
    const me = await suite.demo.api<{ id: string }>('GET', '/me', adminToken);
    const refused = await suite.demo.api<{ detail: string }>('DELETE', `/users/${me.body.id}`, adminToken);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(reason);
    await expectAccessible(page, 'users');
    await shot(watched, 'users');

    // Invite: a bad address is refused next to its field.
    await page.getByRole('button', { name: 'Invite a user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite a user' });
    await dialog.getByLabel('Name').fill('Robin Vega');
    await dialog.getByLabel('Email').fill('robin-at-example');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.locator('#invite-email-message').waitFor();
    await expectAccessible(page, 'invite, invalid email');
    await shot(watched, 'invite-invalid-email');
    await dialog.getByLabel('Email').fill('robin.vega@demo.test');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Invitation mailed to').waitFor();
    await page.getByText('local SMTP sink').waitFor();
    await page.getByRole('cell', { name: 'robin.vega@demo.test' }).waitFor();
    await expectAccessible(page, 'invitation sent');
    await shot(watched, 'invitation-sent');

    // They accept with the code from the demo mailbox.
    const mailbox = await suite.demo.api<{ items: MailboxMessage[] }>('GET', '/demo/mailbox', adminToken);
    const code = mailbox.body.items
      .find((m) => m.to.includes('robin.vega@demo.test'))
      ?.text.match(/piv_[A-Za-z0-9_-]+/)?.[0];
    expect(code).toBeTruthy();
    const accepted = await suite.demo.api('POST', '/auth/invitations/accept', undefined, {
      token: code,
      password: 'robin-vega-password',
    });
    expect(accepted.status).toBe(201);

    await page.reload();
    const robinRow = page.getByRole('row').filter({ hasText: 'robin.vega@demo.test' }).filter({ hasText: 'Active' });
    await robinRow.waitFor();
    await robinRow.getByRole('combobox', { name: 'Role of Robin Vega' }).click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await expect
      .poll(async () => {
        const users = await suite.demo.api<{ items: { email: string; role: string }[] }>('GET', '/users', adminToken);
        return users.body.items.find((u) => u.email === 'robin.vega@demo.test')?.role;
      })
      .toBe('manager');
    await expect.poll(() => robinRow.getByRole('combobox').textContent()).toBe('Manager');
    await shot(watched, 'role-changed');

    // Deactivating someone else asks first.
    await robinRow.getByRole('button', { name: 'Deactivate Robin Vega' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Deactivate Robin Vega?' });
    await confirm.waitFor();
    await expectAccessible(page, 'deactivate confirmation');
    await shot(watched, 'deactivate-confirm');
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await confirm.waitFor({ state: 'detached' }); // the page behind an open dialog is hidden from role lookups
    await page.getByRole('cell', { name: 'robin.vega@demo.test' }).waitFor({ state: 'detached' });
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  });
});

describe('invitations', () => {
  it('withdraws an open invitation after asking, and its code stops working', async () => {
    const adminToken = await suite.demo.signIn('admin');
    const invited = await suite.demo.api<{ id: string }>('POST', '/users', adminToken, {
      email: 'sky.ortiz@demo.test',
      name: 'Sky Ortiz',
      role: 'staff',
    });
    expect(invited.status).toBe(202);
    const watched = await suite.open('admin', { path: '/admin/users' });
    const { page } = watched;
    await page.getByRole('cell', { name: 'sky.ortiz@demo.test' }).waitFor();
    await page.getByRole('button', { name: "Withdraw Sky Ortiz's invitation" }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Withdraw the invitation to Sky Ortiz?' });
    await confirm.waitFor();
    await expectAccessible(page, 'withdraw invitation confirmation');
    await shot(watched, 'withdraw-invitation');
    await confirm.getByRole('button', { name: 'Withdraw invitation' }).click();
    // While the dialog is open the page behind it is hidden from the accessibility tree, so the
    // cell's role lookup finds nothing: wait for the dialog to close before looking for the row.
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('sky.ortiz@demo.test').waitFor({ state: 'detached' });
    const after = await suite.demo.api<{ status: string }>('GET', `/invitations/${invited.body.id}`, adminToken);
    expect(after.body.status).toBe('revoked');
    expectNoPageProblems(watched);
  });
});

describe('API keys', () => {
  it('creates a kiosk key shown once with a copy button, and revokes it: the key is then refused', async () => {
    const watched = await suite.open('admin', { path: '/admin/api-keys' });
    const { page } = watched;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.demo.url });
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('table').waitFor();
    await expectAccessible(page, 'api keys');
    await shot(watched, 'api-keys');

    await page.getByRole('button', { name: 'Create a key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Browser test kiosk');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    // A kiosk key without a store: the API's message under the store.
    await dialog.locator('#api-key-store-message').waitFor();
    await dialog.getByRole('combobox').click();
    await page.getByRole('option', { name: 'Flowhub Store' }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText('This key is shown only once').waitFor();
    const key = await dialog.getByLabel('API key').inputValue();
    expect(key).toMatch(/^pk_/);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key);
    expect((await suite.demo.api('GET', '/kiosk/store', key)).status).toBe(200);
    await expectAccessible(page, 'key shown once');
    await shot(watched, 'api-key-shown-once');
    await dialog.getByRole('button', { name: "I've stored the key" }).click();
    await dialog.waitFor({ state: 'detached' });
    // Nothing of the key is left on the page.
    expect(await page.content()).not.toContain(key);

    const row = page.getByRole('row').filter({ hasText: 'Browser test kiosk' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Flowhub Store');
    await row.getByRole('button', { name: 'Revoke Browser test kiosk' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(async () => (await suite.demo.api('GET', '/kiosk/store', key)).status).toBe(401);
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  });
});

describe('webhooks', () => {
  it('creates a subscription with a generated secret and shows its deliveries (none yet: the empty state)', async () => {
    const watched = await suite.open('admin', { path: '/admin/webhooks' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByText('No webhook subscriptions').or(page.getByRole('table')).first().waitFor();
    await page.getByLabel('Address (URL)').fill('not a url');
    await page.getByRole('button', { name: 'Add subscription' }).click();
    await page.locator('#webhook-url-message').waitFor();
    await page.locator('#webhook-secret-message').waitFor();
    await shot(watched, 'webhook-invalid');
    await page.getByLabel('Address (URL)').fill('https://crm.example.com/patron-events');
    await page.getByRole('button', { name: 'Generate' }).click();
    expect(await page.getByLabel('Signing secret').inputValue()).toMatch(/^whsec_[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Add subscription' }).click();
    await page.getByRole('cell', { name: 'https://crm.example.com/patron-events' }).waitFor();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.getByText('No deliveries yet').waitFor();
    await expectAccessible(page, 'webhooks');
    await shot(watched, 'webhooks');

    // Deleting asks first, in the console's own dialog.
    await page.getByRole('button', { name: 'Delete subscription to https://crm.example.com/patron-events' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete this subscription?' });
    await confirm.waitFor();
    await expectAccessible(page, 'delete subscription confirmation');
    await confirm.getByRole('button', { name: 'Delete subscription' }).click();
    await confirm.waitFor({ state: 'detached' }); // the page behind an open dialog is hidden from role lookups
    await page.getByRole('cell', { name: 'https://crm.example.com/patron-events' }).waitFor({ state: 'detached' });
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  });
});

describe('data policy', () => {
  it('an admin edits the policy (delete asks first) and sees the preview', async () => {
    const watched = await suite.open('admin', { path: '/data-policy' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Data policy' }).waitFor();
    await page.getByRole('heading', { name: 'The next sweep' }).waitFor();
    await page.getByText('Inactive customers', { exact: true }).waitFor();
    const sweep = page.getByRole('switch', { name: 'Sweep customers who stopped coming' });
    if ((await sweep.getAttribute('aria-checked')) !== 'true') await sweep.click();
    await page.getByLabel('Inactive for (days)').fill('5');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.locator('#data-policy-days-message').waitFor();
    await shot(watched, 'data-policy-invalid');

    await page.getByLabel('Inactive for (days)').fill('30');
    await page.getByRole('radio', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Save policy' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete inactive customers?' });
    await confirm.waitFor();
    await expectAccessible(page, 'data policy delete confirmation');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('radio', { name: 'Anonymize' }).click();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Saved.').waitFor();
    const token = await suite.demo.signIn('admin');
    const saved = await suite.demo.api<{ inactiveRetentionDays: number; action: string }>(
      'GET',
      '/settings/data-policy',
      token,
    );
    expect(saved.body).toMatchObject({ inactiveRetentionDays: 30, action: 'anonymize' });
    await expect.poll(() => page.getByText(/to anonymize$/).count()).toBe(1);
    await expectAccessible(page, 'data policy');
    await shot(watched, 'data-policy');
    expectNoPageProblems(watched, { expectedStatuses: [422] });
  });

  it('a manager reaches the data policy but not users, on the tablet', async () => {
    const watched = await suite.open('manager', { path: '/data-policy', screen: 'tablet' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'The next sweep' }).waitFor();
    await page.getByRole('button', { name: 'Save policy' }).waitFor();
    await page.getByText('Inactive customers', { exact: true }).waitFor();
    await expectAccessible(page, 'data policy, manager, tablet');
    await shot(watched, 'data-policy-manager-tablet');
    const sidebar = page.getByRole('navigation', { name: 'Console' });
    const links = await sidebar.getByRole('link').allTextContents();
    expect(links).toContain('Data policy');
    expect(links).not.toContain('Users');
    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expectNoPageProblems(watched);
  });

  it('staff reach none of these pages', async () => {
    const watched = await suite.open('staff', { path: '/data-policy' });
    const { page } = watched;
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    const links = await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allTextContents();
    for (const hidden of ['Users', 'API keys', 'Webhooks', 'Data policy']) expect(links).not.toContain(hidden);
    for (const path of ['/admin/users', '/admin/api-keys', '/admin/webhooks']) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    }
    await shot(watched, 'staff-refused');
    expectNoPageProblems(watched);
  });
});
