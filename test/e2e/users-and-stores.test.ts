import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, invitationCodeFor, inviteUser } from '../support/invite-user.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('stores', () => {
  it('lists the five demo stores to staff, named after their vendors', async () => {
    const res = await t.request('GET', '/api/v1/stores', t.tokens.staff);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((s: { name: string }) => s.name)).toEqual([
      'Blaze Store',
      'Cova Store',
      'Dutchie Store',
      'Flowhub Store',
      'Treez Store',
    ]);
    expect(res.json().nextCursor).toBeNull();
  });

  it('pages with limit and cursor without repeating or skipping a store', async () => {
    const first = (await t.request('GET', '/api/v1/stores?limit=2', t.tokens.staff)).json();
    const second = (await t.request('GET', `/api/v1/stores?limit=2&cursor=${first.nextCursor}`, t.tokens.staff)).json();
    const third = (await t.request('GET', `/api/v1/stores?limit=2&cursor=${second.nextCursor}`, t.tokens.staff)).json();
    const names = [...first.items, ...second.items, ...third.items].map((s: { name: string }) => s.name);
    expect(new Set(names).size).toBe(5);
    expect(third.nextCursor).toBeNull();
  });

  it('rejects a cursor it did not issue', async () => {
    const res = await t.request('GET', '/api/v1/stores?cursor=garbage', t.tokens.staff);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toBe('cursor');
  });

  it('admins create and change a store; a duplicate name answers 409', async () => {
    const created = await t.request('POST', '/api/v1/stores', t.tokens.admin, {
      name: 'Summerlin',
      timezone: 'America/Los_Angeles',
      address: { line1: '1980 Festival Plaza Dr', city: 'Las Vegas', state: 'nv', postalCode: '89135' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/stores/${created.json().id}`);
    expect(created.json().address).toMatchObject({ state: 'NV', country: 'US', line2: null });
    const patched = await t.request('PATCH', `/api/v1/stores/${created.json().id}`, t.tokens.admin, {
      name: 'Summerlin West',
    });
    expect(patched.json().name).toBe('Summerlin West');
    const dup = await t.request('POST', '/api/v1/stores', t.tokens.admin, { name: 'Summerlin West', timezone: 'UTC' });
    expect(dup.statusCode).toBe(409);
  });

  it('creates customers at the POS on create by default; an admin sets onDemand, staff may not, other values answer 422', async () => {
    const created = await t.request('POST', '/api/v1/stores', t.tokens.admin, {
      name: 'Henderson',
      timezone: 'America/Los_Angeles',
    });
    expect(created.json()).toMatchObject({ createAtPos: 'onCreate', posRequires: [] });
    const url = `/api/v1/stores/${created.json().id}`;
    const staff = await t.request('PATCH', url, t.tokens.staff, { createAtPos: 'onDemand' });
    expect(staff.statusCode).toBe(403);
    const wrong = await t.request('PATCH', url, t.tokens.admin, { createAtPos: 'sometimes' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('createAtPos');
    const patched = await t.request('PATCH', url, t.tokens.admin, { createAtPos: 'onDemand' });
    expect(patched.statusCode).toBe(200);
    expect((await t.request('GET', url, t.tokens.staff)).json()).toMatchObject({ createAtPos: 'onDemand' });
  });

  it("another organization's store answers 404, not 403", async () => {
    const res = await t.request('GET', `/api/v1/stores/${t.demo.storeIds.Treez}`, t.tokens.otherAdmin);
    expect(res.statusCode).toBe(404);
    const patch = await t.request('PATCH', `/api/v1/stores/${t.demo.storeIds.Treez}`, t.tokens.otherAdmin, {
      name: 'Mine now',
    });
    expect(patch.statusCode).toBe(404);
  });

  it('each organization lists only its own stores', async () => {
    const other = (await t.request('GET', '/api/v1/stores', t.tokens.otherAdmin)).json();
    expect(other.items.map((s: { name: string }) => s.name)).toEqual(['Other Store']);
  });
});

describe('users', () => {
  it('admins invite a user who, once they accept, can log in; no answer carries a password hash', async () => {
    const invited = await t.request('POST', '/api/v1/users', t.tokens.admin, {
      email: 'Budtender@Demo.test',
      name: 'Bea Budtender',
      role: 'staff',
    });
    expect(invited.statusCode).toBe(202);
    expect(invited.json()).toMatchObject({ email: 'Budtender@Demo.test', role: 'staff', status: 'invited' });
    const accepted = await acceptInvitation(t, invitationCodeFor(t, 'budtender@demo.test')!, 'budtender-pass');
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).not.toHaveProperty('user.passwordHash');
    expect(await t.login('budtender@demo.test', 'budtender-pass')).toMatch(/^pst_/);
  });

  it('answers 409 to inviting an address that is already a user of this organization, in any case', async () => {
    await inviteUser(t, { email: 'dup@demo.test', name: 'Dup One', role: 'staff', password: 'dup-password' });
    const again = await t.request('POST', '/api/v1/users', t.tokens.admin, {
      email: 'DUP@demo.test',
      name: 'Dup Two',
      role: 'staff',
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses an admin-chosen password and an unknown role with readable messages; a short chosen password too', async () => {
    const res = await t.request('POST', '/api/v1/users', t.tokens.admin, {
      email: 'x@demo.test',
      name: 'X',
      role: 'owner',
      password: 'short',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { path: 'password', message: expect.stringContaining('chosen by the invited person') },
        { path: 'role', message: 'must be one of: staff, manager, admin' },
      ]),
    );
    await t.request('POST', '/api/v1/users', t.tokens.admin, { email: 'short@demo.test', name: 'S', role: 'staff' });
    const accepted = await acceptInvitation(t, invitationCodeFor(t, 'short@demo.test')!, 'short');
    expect(accepted.statusCode).toBe(422);
    expect(accepted.json().errors).toEqual([{ path: 'password', message: 'must be at least 8 characters' }]);
  });

  it('a deleted user can no longer log in, and their open sessions end', async () => {
    const created = await inviteUser(t, {
      email: 'leaver@demo.test',
      name: 'Lee Leaver',
      role: 'manager',
      password: 'leaver-pass',
    });
    const token = await t.login('leaver@demo.test', 'leaver-pass');
    expect((await t.request('DELETE', `/api/v1/users/${created.id}`, t.tokens.admin)).statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
    const again = await t.request('POST', '/api/v1/auth/login', undefined, {
      email: 'leaver@demo.test',
      password: 'leaver-pass',
    });
    expect(again.statusCode).toBe(401);
    expect((await t.request('GET', `/api/v1/users/${created.id}`, t.tokens.admin)).statusCode).toBe(404);
  });

  it('keeps the last admin of an organization: demoting or deleting them answers 409', async () => {
    const me = (await t.request('GET', '/api/v1/me', t.tokens.otherAdmin)).json();
    expect(
      (await t.request('PATCH', `/api/v1/users/${me.id}`, t.tokens.otherAdmin, { role: 'staff' })).statusCode,
    ).toBe(409);
    expect((await t.request('DELETE', `/api/v1/users/${me.id}`, t.tokens.otherAdmin)).statusCode).toBe(409);
  });

  it("another organization's user answers 404 to an admin", async () => {
    const demoUsers = (await t.request('GET', '/api/v1/users', t.tokens.admin)).json().items;
    const id = demoUsers[0].id;
    expect((await t.request('GET', `/api/v1/users/${id}`, t.tokens.otherAdmin)).statusCode).toBe(404);
    expect((await t.request('DELETE', `/api/v1/users/${id}`, t.tokens.otherAdmin)).statusCode).toBe(404);
    const otherList = (await t.request('GET', '/api/v1/users', t.tokens.otherAdmin)).json().items;
    expect(otherList.map((u: { email: string }) => u.email)).toEqual(['admin@other.test']);
  });
});
