/** With the bearer cache on (as in production), revocations in this process still act at once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../support/invite-user.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ authCacheMs: 60_000 });
});
afterAll(() => t.close());

describe('bearer cache', () => {
  it('answers a repeated request from the cache: a session revoked behind its back still works until it expires', async () => {
    const token = await t.login('staff@demo.test');
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(200);
    // Another process revoking the session directly in the database is noticed within the cache lifetime.
    await t.database.pool.query(
      'UPDATE sessions SET revoked_at = now() WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE email = $1)',
      ['staff@demo.test'],
    );
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(200);
  });

  it('logout in this process takes effect at once', async () => {
    const token = await t.login('manager@demo.test');
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(200);
    expect((await t.request('POST', '/api/v1/auth/logout', token)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
  });

  it('a revoked API key and a deleted user stop working at once', async () => {
    const key = (
      await t.request('POST', '/api/v1/api-keys', t.tokens.admin, {
        name: 'Cached',
        role: 'kiosk',
        storeId: t.demo.storeIds.Cova,
      })
    ).json();
    expect((await t.request('GET', '/api/v1/me', key.key)).statusCode).toBe(403);
    await t.request('DELETE', `/api/v1/api-keys/${key.id}`, t.tokens.admin);
    expect((await t.request('GET', '/api/v1/me', key.key)).statusCode).toBe(401);

    const user = await inviteUser(t, {
      email: 'cached@demo.test',
      name: 'Cached User',
      role: 'staff',
      password: 'cached-password',
    });
    const token = await t.login('cached@demo.test', 'cached-password');
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(200);
    await t.request('DELETE', `/api/v1/users/${user.id}`, t.tokens.admin);
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
  });
});
