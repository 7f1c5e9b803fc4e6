/**
 * Adding a user by invitation (issue 12, point 8): an admin learns nothing about other organizations'
 * users from the answer, the address's owner is told by mail, and an address keeps one account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, invitationCodeFor, inviteUser } from '../support/invite-user.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const invite = (email: string, token = t.tokens.admin) =>
  t.request('POST', '/api/v1/users', token, { email, name: 'Invited Person', role: 'staff' });

const accountsWith = async (email: string) =>
  (await t.database.pool.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email])).rows[0].n;

describe('inviting an address', () => {
  it("answers the same for a free address and for another organization's user: status, headers and body", async () => {
    const free = await invite('free.person@example.com');
    const elsewhere = await invite('admin@other.test');
    for (const res of [free, elsewhere]) {
      expect(res.statusCode).toBe(202);
      expect(res.headers.location).toBe(`/api/v1/invitations/${res.json().id}`);
    }
    const shape = (body: Record<string, unknown>) => Object.keys(body).sort();
    expect(shape(elsewhere.json())).toEqual(shape(free.json()));
    expect(elsewhere.json()).toEqual({
      ...free.json(),
      id: expect.any(String),
      email: 'admin@other.test',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(elsewhere.json().status).toBe('invited');
    const days = (res: typeof free) =>
      (Date.parse(res.json().expiresAt) - Date.parse(res.json().createdAt)) / 86_400_000;
    expect(days(free)).toBeCloseTo(7, 3);
    expect(days(elsewhere)).toBeCloseTo(7, 3);
    // The list of invitations tells them apart no better.
    const listed = (await t.request('GET', '/api/v1/invitations', t.tokens.admin)).json().items;
    const statusOf = (email: string) => listed.find((i: { email: string }) => i.email === email)?.status;
    expect([statusOf('free.person@example.com'), statusOf('admin@other.test')]).toEqual(['invited', 'invited']);
  });

  it("answers 409 only for this organization's own users, which the admin already sees", async () => {
    expect((await invite('staff@demo.test')).statusCode).toBe(409);
    expect((await invite('staff@demo.test', t.tokens.otherAdmin)).statusCode).toBe(202);
  });

  it('tells the owner of an address that has an account so by mail, with no code, and makes no second account', async () => {
    await invite('manager@demo.test', t.tokens.otherAdmin);
    const [notice] = t.mailer.to('manager@demo.test');
    expect(notice?.text).toContain('already have a Patron account');
    expect(notice?.text).toContain('Other Dispensary');
    expect(notice?.text).not.toContain('Demo Dispensary');
    expect(invitationCodeFor(t, 'manager@demo.test')).toBeUndefined();
    expect(await accountsWith('manager@demo.test')).toBe(1);
  });

  it('keeps one account per address when two organizations invite it and both codes are used', async () => {
    const email = 'wanted@example.com';
    await invite(email);
    const demoCode = invitationCodeFor(t, email)!;
    await invite(email, t.tokens.otherAdmin);
    const otherCode = invitationCodeFor(t, email)!;
    expect((await acceptInvitation(t, demoCode, 'wanted-password')).statusCode).toBe(201);
    const second = await acceptInvitation(t, otherCode, 'wanted-password');
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toContain('already has a Patron account');
    expect(await accountsWith(email)).toBe(1);
  });

  it('answers 429 with Retry-After to the sixth invitation of one address in a day, whoever holds it', async () => {
    const elsewhere = 'often.elsewhere@other.test';
    await inviteUser(
      t,
      { email: elsewhere, name: 'Often Elsewhere', role: 'staff', password: 'elsewhere-pw' },
      t.tokens.otherAdmin,
    );
    for (const email of ['often@example.com', elsewhere]) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await invite(email)).statusCode);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }
    const refused = await invite('often@example.com');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3600);
    // Another organization's invitations of the address are counted apart.
    expect((await invite('often@example.com', t.tokens.otherAdmin)).statusCode).toBe(202);
  });

  it('refuses a password chosen by the admin, since the invited person chooses it', async () => {
    const res = await t.request('POST', '/api/v1/users', t.tokens.admin, {
      email: 'chosen@example.com',
      name: 'Chosen',
      role: 'staff',
      password: 'admin-chosen-password',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'password', message: expect.stringContaining('invited person') }]);
  });
});

describe('accepting an invitation', () => {
  it('creates a user of the inviting organization who is logged in and can log in again', async () => {
    const invited = await t.request('POST', '/api/v1/users', t.tokens.admin, {
      email: 'new.manager@example.com',
      name: 'New Manager',
      role: 'manager',
    });
    const code = invitationCodeFor(t, 'new.manager@example.com')!;
    expect(code).toMatch(/^piv_/);
    const accepted = await acceptInvitation(t, code, 'new-manager-password', 'Nia Manager');
    expect(accepted.statusCode, accepted.body).toBe(201);
    const session = accepted.json();
    expect(session.user).toMatchObject({ email: 'new.manager@example.com', name: 'Nia Manager', role: 'manager' });
    expect(accepted.headers.location).toBe(`/api/v1/users/${session.user.id}`);
    const me = (await t.request('GET', '/api/v1/me', session.token)).json();
    expect(me).toMatchObject({ orgId: t.demo.orgId, role: 'manager' });
    expect(await t.login('new.manager@example.com', 'new-manager-password')).toMatch(/^pst_/);
    const status = (await t.request('GET', `/api/v1/invitations/${invited.json().id}`, t.tokens.admin)).json().status;
    expect(status).toBe('accepted');
    // A code works once.
    const again = await acceptInvitation(t, code, 'another-password');
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0].path).toBe('token');
  });

  it('stores only the digest of the code', async () => {
    await invite('digest@example.com');
    const code = invitationCodeFor(t, 'digest@example.com')!;
    const held = await t.database.pool.query('SELECT count(*)::int AS n FROM invitations WHERE token_hash = $1', [
      code,
    ]);
    expect(held.rows[0].n).toBe(0);
  });

  it('refuses an expired, a withdrawn and a replaced code alike', async () => {
    const expired = await invite('late@example.com');
    await t.database.pool.query("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1", [
      expired.json().id,
    ]);
    const lateCode = invitationCodeFor(t, 'late@example.com')!;

    const withdrawn = await invite('withdrawn@example.com');
    const withdrawnCode = invitationCodeFor(t, 'withdrawn@example.com')!;
    expect((await t.request('DELETE', `/api/v1/invitations/${withdrawn.json().id}`, t.tokens.admin)).statusCode).toBe(
      204,
    );

    await invite('twice@example.com');
    const replacedCode = invitationCodeFor(t, 'twice@example.com')!;
    await invite('twice@example.com');

    const answers = await Promise.all(
      [lateCode, withdrawnCode, replacedCode].map((code) => acceptInvitation(t, code, 'some-password')),
    );
    expect(answers.map((a) => a.statusCode)).toEqual([422, 422, 422]);
    expect(new Set(answers.map((a) => a.json().detail)).size).toBe(1);
    expect((await t.request('GET', `/api/v1/invitations/${expired.json().id}`, t.tokens.admin)).json().status).toBe(
      'expired',
    );
    // The newest invitation of the address still works.
    expect((await acceptInvitation(t, invitationCodeFor(t, 'twice@example.com')!, 'twice-password')).statusCode).toBe(
      201,
    );
  });
});

describe("changing a user's email", () => {
  it("answers alike for a free address and another organization's user: the new address is invited instead", async () => {
    const user = await inviteUser(t, {
      email: 'mover@demo.test',
      name: 'Mo Mover',
      role: 'staff',
      password: 'mover-password',
    });
    const toElsewhere = await t.request('PATCH', `/api/v1/users/${user.id}`, t.tokens.admin, {
      email: 'admin@other.test',
    });
    const toFree = await t.request('PATCH', `/api/v1/users/${user.id}`, t.tokens.admin, {
      email: 'moved@example.com',
    });
    expect([toElsewhere.statusCode, toFree.statusCode]).toEqual([422, 422]);
    expect(toElsewhere.json().errors).toEqual(toFree.json().errors);
    // A change of case only is no move.
    expect(
      (await t.request('PATCH', `/api/v1/users/${user.id}`, t.tokens.admin, { email: 'Mover@Demo.test' })).statusCode,
    ).toBe(200);
  });
});
