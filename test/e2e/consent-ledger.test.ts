/**
 * The consent ledger cannot be forged (issue 12, point 2), end to end: the server dates and sources
 * every statement, on every route that takes one, so a customer token cannot date a grant ahead of
 * later withdrawals, claim another source, or keep staff from undoing their grant.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvents } from '../../src/customers/tables.ts';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function person(overrides: Record<string, unknown> = {}) {
  n += 1;
  return adultBody(700 + n, overrides);
}

async function signUp(): Promise<{ id: string; customerToken: string }> {
  const res = await t.request('POST', '/api/v1/kiosk/signup', t.tokens.kiosk, person());
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().customer.id, customerToken: res.json().customerToken };
}

async function ledgerOf(id: string) {
  return t.database.ownerDb.select().from(consentEvents).where(eq(consentEvents.customerId, id));
}

const FUTURE = '2030-01-01T00:00:00Z';
const paths = (res: { json(): { errors?: { path: string }[] } }) => (res.json().errors ?? []).map((e) => e.path);

describe('a customer token', () => {
  it('cannot date a consent statement: PATCH /me with `at` answers 422 and records nothing', async () => {
    const { id, customerToken } = await signUp();
    const res = await t.request('PATCH', '/api/v1/me', customerToken, {
      consents: { email: { granted: true, at: FUTURE } },
    });
    expect(res.statusCode).toBe(422);
    expect(paths(res)).toEqual(['consents.email.at']);
    expect(res.json().errors[0].message).toMatch(/set by the server/);
    expect(await ledgerOf(id)).toEqual([]);
  });

  it('cannot name a source: PATCH /me with `source` answers 422; its own statement is sourced `customer` and dated now', async () => {
    const { id, customerToken } = await signUp();
    const forged = await t.request('PATCH', '/api/v1/me', customerToken, {
      consents: { email: { granted: true, source: 'forged-source' } },
    });
    expect(forged.statusCode).toBe(422);
    expect(paths(forged)).toEqual(['consents.email.source']);
    const kiosk = await t.request('PATCH', `/api/v1/customers/${id}`, customerToken, {
      consents: { email: { granted: true, source: 'kiosk' } },
    });
    expect(kiosk.statusCode).toBe(422);

    const before = Date.now();
    const own = await t.request('PATCH', '/api/v1/me', customerToken, { consents: { email: { granted: true } } });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().consents.email).toMatchObject({ granted: true, source: 'customer' });
    const [entry] = await ledgerOf(id);
    expect(entry).toMatchObject({ channel: 'email', granted: true, source: 'customer', recordedBy: `customer:${id}` });
    expect(entry!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(entry!.at.getTime()).toBeLessThanOrEqual(entry!.recordedAt.getTime());
  });

  it("cannot keep staff from undoing their grant: a staff withdrawal after the customer's grant wins", async () => {
    const { id, customerToken } = await signUp();
    const forged = await t.request('PATCH', '/api/v1/me', customerToken, {
      consents: { email: { granted: true, source: 'customer', at: FUTURE } },
    });
    expect(forged.statusCode).toBe(422);
    const granted = await t.request('PATCH', '/api/v1/me', customerToken, { consents: { email: { granted: true } } });
    expect(granted.statusCode, granted.body).toBe(200);

    const withdrawn = await t.request('POST', `/api/v1/customers/${id}/consents`, t.tokens.staff, {
      channel: 'email',
      granted: false,
      wording: 'Customer asked at the counter to stop emails',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    expect(withdrawn.json()).toMatchObject({ granted: false, source: 'staff' });
    const customer = (await t.request('GET', `/api/v1/customers/${id}`, t.tokens.staff)).json();
    expect(customer.consents.email).toMatchObject({ granted: false, source: 'staff' });
  });

  it('needs the wording agreed to for an SMS grant', async () => {
    const { customerToken } = await signUp();
    const res = await t.request('PATCH', '/api/v1/me', customerToken, { consents: { sms: { granted: true } } });
    expect(res.statusCode).toBe(422);
    expect(paths(res)).toEqual(['consents.sms.wording']);
  });
});

describe('every route that takes a consent statement', () => {
  it('refuses `at` and `source` from a kiosk, on POST /kiosk/signup and POST /customers', async () => {
    const signup = await t.request(
      'POST',
      '/api/v1/kiosk/signup',
      t.tokens.kiosk,
      person({ consents: { email: { granted: true, wording: 'Emails ok', at: FUTURE, source: 'staff' } } }),
    );
    expect(signup.statusCode).toBe(422);
    expect(paths(signup)).toEqual(['consents.email.at', 'consents.email.source']);
    const viaCustomers = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.kiosk,
      person({ consents: { email: { granted: true, wording: 'Emails ok', source: 'kiosk' } } }),
    );
    expect(viaCustomers.statusCode).toBe(422);
    expect(paths(viaCustomers)).toEqual(['consents.email.source']);
  });

  it('refuses `at` from staff and a source that is not theirs, with every problem at once', async () => {
    const res = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.staff,
      person({
        firstName: '',
        consents: { email: { granted: true, at: FUTURE }, sms: { granted: false, source: 'pos' } },
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(paths(res).sort()).toEqual(['consents.email.at', 'consents.sms.source', 'firstName']);

    const created = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.staff,
      person({ consents: { email: { granted: true, source: 'staff', wording: 'Emails ok' } } }),
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().consents.email).toMatchObject({ granted: true, source: 'staff' });
    const patched = await t.request('PATCH', `/api/v1/customers/${created.json().id}`, t.tokens.staff, {
      consents: { email: { granted: false, at: '2020-01-01T00:00:00Z' } },
    });
    expect(patched.statusCode).toBe(422);
    expect(paths(patched)).toEqual(['consents.email.at']);
  });

  it('takes POST /customers/{id}/consents from staff only with their own source, and an SMS grant only with its wording', async () => {
    const { id } = await signUp();
    const url = `/api/v1/customers/${id}/consents`;
    const pos = await t.request('POST', url, t.tokens.staff, { channel: 'email', granted: false, source: 'pos' });
    expect(pos.statusCode).toBe(422);
    expect(paths(pos)).toEqual(['source']);
    const dated = await t.request('POST', url, t.tokens.staff, { channel: 'email', granted: false, at: FUTURE });
    expect(dated.statusCode).toBe(422);
    const unworded = await t.request('POST', url, t.tokens.staff, { channel: 'sms', granted: true });
    expect(unworded.statusCode).toBe(422);
    expect(paths(unworded)).toEqual(['wording']);
    const own = await t.request('POST', url, t.tokens.staff, {
      channel: 'sms',
      granted: true,
      source: 'staff',
      wording: 'Texts about offers; reply STOP to end',
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ source: 'staff', recordedBy: expect.stringMatching(/^user:/) });
  });
});
