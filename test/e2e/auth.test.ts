import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../support/invite-user.ts';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ loginPolicy: { accountLimit: 3, addressLimit: 1000, windowMs: 60_000 } });
});
afterAll(() => t.close());

/** A login attempt from a given client address. */
function loginFrom(address: string, email: string, password: string, app: TestApp = t) {
  return app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: address,
  });
}

describe('login', () => {
  it('answers a token, its expiry and the user for the right password', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', undefined, {
      email: 'manager@demo.test',
      password: DEMO_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^pst_/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(body.user).toEqual({
      id: expect.any(String),
      email: 'manager@demo.test',
      name: 'Morgan Manager',
      role: 'manager',
      orgId: t.demo.orgId,
    });
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', undefined, {
      email: '  Staff@Demo.TEST ',
      password: DEMO_PASSWORD,
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 alike for a wrong password and an unknown email', async () => {
    const wrong = await t.request('POST', '/api/v1/auth/login', undefined, {
      email: 'admin@demo.test',
      password: 'not-the-password',
    });
    const unknown = await t.request('POST', '/api/v1/auth/login', undefined, {
      email: 'nobody@demo.test',
      password: 'whatever1',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('locks out the address that failed an account repeatedly, even with the right password, with Retry-After', async () => {
    const email = 'locked@demo.test';
    await inviteUser(t, { email, name: 'Lock Test', role: 'staff', password: 'right-password' });
    for (let i = 0; i < 3; i++) {
      const res = await t.request('POST', '/api/v1/auth/login', undefined, { email, password: 'wrong-password' });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.request('POST', '/api/v1/auth/login', undefined, { email, password: 'right-password' });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Other accounts are not affected.
    expect(
      (await t.request('POST', '/api/v1/auth/login', undefined, { email: 'staff@demo.test', password: DEMO_PASSWORD }))
        .statusCode,
    ).toBe(200);
  });

  it('lets the real user log in from their own address while an attacker address is locked out', async () => {
    const email = 'targeted.manager@demo.test';
    await inviteUser(t, { email, name: 'Targeted Manager', role: 'manager', password: 'managers-password' });
    const attacker = '203.0.113.66';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await loginFrom(attacker, email, `guess-${i}`)).statusCode);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual(Array(7).fill(429));
    const own = await loginFrom('198.51.100.20', email, 'managers-password');
    expect(own.statusCode, own.body).toBe(200);
    // The attacker address stays locked out of this account, even with the right password.
    expect((await loginFrom(attacker, email, 'managers-password')).statusCode).toBe(429);
  });

  it('throttles one address that tries many accounts', async () => {
    const strict = await createTestApp({ loginPolicy: { accountLimit: 100, addressLimit: 4, windowMs: 60_000 } });
    try {
      // createTestApp itself logged in four times from this address.
      const res = await strict.request('POST', '/api/v1/auth/login', undefined, {
        email: 'someone@demo.test',
        password: 'whatever1',
      });
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await strict.close();
    }
  });
});

describe('growing delays for one account from one address', () => {
  let d: TestApp;
  beforeAll(async () => {
    d = await createTestApp({ loginPolicy: { accountLimit: 10, addressLimit: 1000, windowMs: 600_000 } });
    await inviteUser(d, { email: 'slowed@demo.test', name: 'Slowed Down', role: 'staff', password: 'right-password' });
  });
  afterAll(() => d.close());

  /** Moves every throttle's last attempt into the past, as if that much time had gone by. */
  const wait = (seconds: number) =>
    d.database.pool.query(`UPDATE rate_limit_counters SET window_start = window_start - interval '${seconds} seconds'`);
  const attempt = (password: string) => loginFrom('192.0.2.44', 'slowed@demo.test', password, d);

  it('answers 429 with a Retry-After that doubles after each further failure, and a readable detail', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('wrong-password')).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await attempt('right-password');
      expect(refused.statusCode).toBe(429);
      waits.push(Number(refused.headers['retry-after']));
      if (i === 0) expect(refused.json().detail).toMatch(/try again in 1 second\b/);
      await wait(waits[i]!);
      expect((await attempt('wrong-password')).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4]);
    const next = await attempt('right-password');
    expect(Number(next.headers['retry-after'])).toBe(8);
    // Once the delay has passed, the right password logs in and the pair starts afresh.
    await wait(8);
    expect((await attempt('right-password')).statusCode).toBe(200);
    expect((await attempt('wrong-password')).statusCode).toBe(401);
    expect((await attempt('right-password')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('GET /me answers the logged-in user', async () => {
    const res = await t.request('GET', '/api/v1/me', t.tokens.staff);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'staff@demo.test', role: 'staff', orgId: t.demo.orgId });
  });

  it('logout ends the session: the token then answers 401', async () => {
    const token = await t.login('staff@demo.test');
    expect((await t.request('POST', '/api/v1/auth/logout', token)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
  });

  it('rejects an unknown token and a malformed Authorization header with 401', async () => {
    expect((await t.request('GET', '/api/v1/me', 'pst_made-up')).statusCode).toBe(401);
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(res.statusCode).toBe(401);
  });

  it('rejects an expired session', async () => {
    const token = await t.login('manager@demo.test');
    await t.database.pool.query("UPDATE sessions SET expires_at = now() - interval '1 second'");
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
    // Restore the shared tokens for the remaining tests.
    await t.database.pool.query("UPDATE sessions SET expires_at = now() + interval '1 hour' WHERE revoked_at IS NULL");
  });

  it('stores session tokens only as digests', async () => {
    const token = await t.login('manager@demo.test');
    const found = await t.database.pool.query('SELECT count(*)::int AS n FROM sessions WHERE token_hash = $1', [token]);
    expect(found.rows[0].n).toBe(0);
  });

  it("ends a user's sessions when an admin changes their password", async () => {
    const created = await inviteUser(t, {
      email: 'rotate@demo.test',
      name: 'Rotate Me',
      role: 'staff',
      password: 'first-password',
    });
    const token = await t.login('rotate@demo.test', 'first-password');
    await t.request('PATCH', `/api/v1/users/${created.id}`, t.tokens.admin, { password: 'second-password' });
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
    expect(await t.login('rotate@demo.test', 'second-password')).toMatch(/^pst_/);
  });
});

describe('API keys', () => {
  it('shows a new key once, stores only its digest, and the key authenticates as its role', async () => {
    const res = await t.request('POST', '/api/v1/api-keys', t.tokens.admin, {
      name: 'Front kiosk',
      role: 'kiosk',
      storeId: t.demo.storeIds.Flowhub,
    });
    expect(res.statusCode).toBe(201);
    const { key, id, prefix } = res.json();
    expect(key).toMatch(/^pk_/);
    expect(key.startsWith(prefix)).toBe(true);
    const list = await t.request('GET', '/api/v1/api-keys', t.tokens.admin);
    const listed = list.json().items.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({ name: 'Front kiosk', role: 'kiosk', storeId: t.demo.storeIds.Flowhub });
    expect(listed.key).toBeUndefined();
    const stored = await t.database.pool.query(
      'SELECT count(*)::int AS n FROM api_keys WHERE key_hash = $1 OR key_prefix = $1',
      [key],
    );
    expect(stored.rows[0].n).toBe(0);
    // A kiosk key is recognised (and refused where kiosks have no business).
    expect((await t.request('GET', '/api/v1/users', key)).statusCode).toBe(403);
  });

  it('requires a store for a kiosk key', async () => {
    const res = await t.request('POST', '/api/v1/api-keys', t.tokens.admin, { name: 'Loose kiosk', role: 'kiosk' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'storeId', message: expect.stringContaining('required') }]);
  });

  it('refuses a store of another organization', async () => {
    const other = await t.request('GET', '/api/v1/stores', t.tokens.otherAdmin);
    const res = await t.request('POST', '/api/v1/api-keys', t.tokens.admin, {
      name: 'Sneaky',
      role: 'kiosk',
      storeId: other.json().items[0].id,
    });
    expect(res.statusCode).toBe(422);
  });

  it('a revoked key answers 401 at once', async () => {
    const created = (
      await t.request('POST', '/api/v1/api-keys', t.tokens.admin, { name: 'Short-lived', role: 'integration' })
    ).json();
    expect((await t.request('GET', '/api/v1/stores', created.key)).statusCode).toBe(403);
    expect((await t.request('DELETE', `/api/v1/api-keys/${created.id}`, t.tokens.admin)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/stores', created.key)).statusCode).toBe(401);
    expect((await t.request('DELETE', `/api/v1/api-keys/${created.id}`, t.tokens.admin)).statusCode).toBe(404);
  });

  it('an expired key answers 401', async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const created = (
      await t.request('POST', '/api/v1/api-keys', t.tokens.admin, { name: 'Expiring', role: 'integration', expiresAt })
    ).json();
    await t.database.pool.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [
      created.id,
    ]);
    expect((await t.request('GET', '/api/v1/stores', created.key)).statusCode).toBe(401);
  });
});
