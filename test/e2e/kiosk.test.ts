/**
 * The kiosk end to end: identification by phone and date of birth, signup, the customer token and
 * what it may do on /me, the limits against enumeration, and attaching a customer to a kiosk order
 * with the POS id from the Treez simulator behind the kiosk's store.
 */
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvents } from '../../src/customers/tables.ts';
import { ADULT_USE_MINIMUM_AGE, MEDICAL_MINIMUM_AGE } from '../../src/domain/age.ts';
import { consentWording } from '../../src/domain/consent-wording.ts';
import { orders as kioskOrders } from '../../src/orders/tables.ts';
import { auditEvents } from '../../src/privacy/tables.ts';
import { dispatchOutbox, type PushTarget } from '../../src/sync/outbound/dispatcher.ts';
import { runPush } from '../../src/sync/outbound/push.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { createSyncHarness, type HarnessSimulator, type SyncHarness } from '../support/sync-harness.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let h: SyncHarness;
let sim: HarnessSimulator;
let kioskStore: string;
let n = 0;

beforeAll(async () => {
  // The bearer cache is on, as in production, so revocations are seen to evict it.
  h = await createSyncHarness({ authCacheMs: 60_000, linkWaitMs: 8_000 });
  kioskStore = h.demo.storeIds.Treez;
  sim = await h.startSimulator({ customers: 0 });
  await h.connect(kioskStore, sim);
});
afterAll(() => h.close());

function person(overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    firstName: 'Kiosk',
    lastName: `walker${n}`,
    dateOfBirth: `1984-02-0${(n % 9) + 1}`,
    phone: `(702) 555-${String(4000 + n).padStart(4, '0')}`,
    ...overrides,
  };
}

async function signUp(t: TestApp, body: Record<string, unknown> = person()) {
  const res = await t.request('POST', '/api/v1/kiosk/signup', t.tokens.kiosk, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { customerToken: string; customer: { id: string; version: number } };
}

/** Gives the one-time code last mailed to `email` for the request: what the customer would type at the kiosk. */
async function verifyByMailedCode(t: TestApp, customerToken: string, email: string, requestId: string) {
  const mail = t.mailer
    .to(email)
    .filter((m) => /code/i.test(m.subject))
    .at(-1);
  const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1] ?? 'no code mailed';
  const res = await t.request('POST', `/api/v1/me/requests/${requestId}/verify`, customerToken, { code });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { status: 'done'; sentTo?: string; erasureId?: string };
}

const withoutRequestId = (body: Record<string, unknown>) => {
  const { requestId: _ignored, ...rest } = body;
  return rest;
};

describe('the kiosk store', () => {
  it("answers the kiosk's store with its consent wording and the domain's age rules", async () => {
    const res = await h.request('GET', '/api/v1/kiosk/store', h.tokens.kiosk);
    expect(res.statusCode, res.body).toBe(200);
    const store = (await h.request('GET', `/api/v1/stores/${kioskStore}`, h.tokens.staff)).json();
    expect(res.json()).toEqual({
      store: { id: kioskStore, name: store.name, state: store.address.state, timezone: store.timezone },
      consentWording: consentWording(store.name),
      ageRules: { adultMinimumAge: ADULT_USE_MINIMUM_AGE, medicalMinimumAge: MEDICAL_MINIMUM_AGE },
    });
    expect(res.json().consentWording.sms).toContain(store.name);
  });

  it('answers a state of null for a store without an address', async () => {
    const created = await h.request('POST', '/api/v1/stores', h.tokens.admin, {
      name: `Kiosk Popup ${n}`,
      timezone: 'America/Denver',
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = await h.request('POST', '/api/v1/api-keys', h.tokens.admin, {
      name: `Popup kiosk ${n}`,
      role: 'kiosk',
      storeId: created.json().id,
    });
    expect(key.statusCode, key.body).toBe(201);
    const res = await h.request('GET', '/api/v1/kiosk/store', key.json().key);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().store).toEqual({
      id: created.json().id,
      name: `Kiosk Popup ${n}`,
      state: null,
      timezone: 'America/Denver',
    });
  });

  it('tells a kiosk at setup that its key does not work (401), and refuses callers that are not kiosks (403)', async () => {
    expect((await h.request('GET', '/api/v1/kiosk/store', 'pk_not-a-real-key')).statusCode).toBe(401);
    expect((await h.request('GET', '/api/v1/kiosk/store', undefined)).statusCode).toBe(401);
    expect((await h.request('GET', '/api/v1/kiosk/store', h.tokens.staff)).statusCode).toBe(403);
    expect((await h.request('GET', '/api/v1/kiosk/store', h.tokens.integration)).statusCode).toBe(403);
  });

  it('keeps the wording it gave verbatim in the consent ledger, at signup and when opting in later on /me', async () => {
    const { consentWording: wording } = (await h.request('GET', '/api/v1/kiosk/store', h.tokens.kiosk)).json();
    const { customer, customerToken } = await signUp(
      h,
      person({ consents: { sms: { granted: true, wording: wording.sms } } }),
    );
    const optIn = await h.request('PATCH', '/api/v1/me', customerToken, {
      consents: { email: { granted: true, wording: wording.email } },
    });
    expect(optIn.statusCode, optIn.body).toBe(200);
    const ledger = await h.request('GET', `/api/v1/customers/${customer.id}/consents`, h.tokens.staff);
    expect(ledger.statusCode, ledger.body).toBe(200);
    expect(ledger.json().items).toEqual([
      expect.objectContaining({ channel: 'email', granted: true, source: 'customer', wording: wording.email }),
      expect.objectContaining({ channel: 'sms', granted: true, source: 'kiosk', wording: wording.sms }),
    ]);
  });
});

describe('kiosk identification', () => {
  it('finds a customer by phone and date of birth and answers a customer token with a greeting only', async () => {
    const body = person();
    const { customer } = await signUp(h, body);
    const res = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: `702.555.${body.phone.slice(-4)}`,
      dateOfBirth: body.dateOfBirth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      customerToken: expect.stringMatching(/^pct_/),
      expiresAt: expect.any(String),
      customer: { id: customer.id, firstName: 'Kiosk', lastInitial: 'W' },
    });
    expect(new Date(res.json().expiresAt).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it('answers the same 404 for an unknown phone and for a wrong date of birth', async () => {
    const body = person();
    await signUp(h, body);
    const unknown = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: '(702) 555-3999',
      dateOfBirth: body.dateOfBirth,
    });
    const wrongDate = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: body.phone,
      dateOfBirth: '1984-03-30',
    });
    expect(unknown.statusCode).toBe(404);
    expect(wrongDate.statusCode).toBe(404);
    expect(withoutRequestId(unknown.json())).toEqual(withoutRequestId(wrongDate.json()));
    expect(unknown.headers['content-type']).toBe(wrongDate.headers['content-type']);
  });

  it('audits each attempt without the phone or the date, naming the customer only when found', async () => {
    const body = person();
    const { customer } = await signUp(h, body);
    await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: body.phone,
      dateOfBirth: body.dateOfBirth,
    });
    await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, { phone: body.phone, dateOfBirth: '1999-09-09' });
    const rows = await h.database.ownerDb
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, h.demo.orgId), eq(auditEvents.action, 'identify')));
    const found = rows.filter((r) => r.customerId === customer.id);
    expect(found).toHaveLength(1);
    expect(rows.some((r) => r.customerId === null)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(`+1702555${body.phone.slice(-4)}`);
    expect(JSON.stringify(rows)).not.toContain(body.dateOfBirth);
  });

  it('refuses a phone that is not a number (422), and callers that are not kiosks (403)', async () => {
    const bad = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: 'call me',
      dateOfBirth: '1980-01-01',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ path: 'phone', message: expect.any(String) }]);
    const noDate = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, { phone: '(702) 555-0100' });
    expect(noDate.statusCode).toBe(422);
    for (const token of [h.tokens.staff, h.tokens.admin, h.tokens.integration]) {
      const res = await h.request('POST', '/api/v1/kiosk/identify', token, {
        phone: '(702) 555-0100',
        dateOfBirth: '1980-01-01',
      });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('kiosk signup', () => {
  it("signs a customer up at the kiosk's store with consents sourced kiosk and their wording in the ledger", async () => {
    const wording = 'Texts about offers from Demo Dispensary; reply STOP to end.';
    const { customer, customerToken } = await signUp(h, person({ consents: { sms: { granted: true, wording } } }));
    expect(customerToken).toMatch(/^pct_/);
    expect(customer).toMatchObject({
      homeStoreId: kioskStore,
      consents: { sms: { granted: true, source: 'kiosk' }, email: { granted: false } },
    });
    const ledger = await h.database.ownerDb
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.customerId, customer.id));
    expect(ledger).toEqual([expect.objectContaining({ channel: 'sms', granted: true, source: 'kiosk', wording })]);
  });

  it('then identifies the new customer by the same phone and date of birth', async () => {
    const body = person();
    const { customer } = await signUp(h, body);
    const res = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: body.phone,
      dateOfBirth: body.dateOfBirth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.id).toBe(customer.id);
  });

  it('refuses a granted consent without the wording shown, and an adult-use signup under 21', async () => {
    const noWording = await h.request(
      'POST',
      '/api/v1/kiosk/signup',
      h.tokens.kiosk,
      person({ consents: { email: { granted: true } } }),
    );
    expect(noWording.statusCode).toBe(422);
    expect(noWording.json().errors).toEqual([{ path: 'consents.email.wording', message: expect.any(String) }]);
    const young = new Date().getUTCFullYear() - 19;
    const minor = await h.request(
      'POST',
      '/api/v1/kiosk/signup',
      h.tokens.kiosk,
      person({ dateOfBirth: `${young}-01-01` }),
    );
    expect(minor.statusCode).toBe(422);
  });

  it('answers a duplicate identity with 409 without naming the record already held', async () => {
    const body = person();
    await signUp(h, body);
    const again = await h.request('POST', '/api/v1/kiosk/signup', h.tokens.kiosk, { ...body, firstName: 'Other' });
    expect(again.statusCode).toBe(409);
    expect(again.json().duplicateOf).toBeUndefined();
  });

  it('serves a kiosk key on POST /customers as a signup: at its store, and a duplicate without duplicateOf', async () => {
    const body = person();
    const created = await h.request('POST', '/api/v1/customers', h.tokens.kiosk, { ...body, homeStoreId: null });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().homeStoreId).toBe(kioskStore);
    const again = await h.request('POST', '/api/v1/customers', h.tokens.kiosk, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().duplicateOf).toBeUndefined();
    // Staff still learn which record holds the identity.
    const byStaff = await h.request('POST', '/api/v1/customers', h.tokens.staff, body);
    expect(byStaff.json().duplicateOf).toBe(created.json().id);
  });

  it('refuses tags and notes at a kiosk signup with 422 by field, and stores nobody', async () => {
    const body = person();
    const res = await h.request('POST', '/api/v1/kiosk/signup', h.tokens.kiosk, {
      ...body,
      tags: ['vip', 'staff-discount'],
      notes: 'ID checked by the manager',
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { path: 'tags', message: 'A kiosk cannot set tags: staff set it on the record' },
      { path: 'notes', message: 'A kiosk cannot set notes: staff set it on the record' },
    ]);
    // Nothing was stored: the same person signs up afterwards without those fields (no 409).
    const { customer } = await signUp(h, body);
    const byStaff = (await h.request('GET', `/api/v1/customers/${customer.id}`, h.tokens.staff)).json();
    expect(byStaff).toMatchObject({ tags: [], notes: null });
  });

  it('refuses tags, notes and another home store on POST /customers with a kiosk key; its own store is fine', async () => {
    const otherStore = h.demo.storeIds.Flowhub;
    const refused = await h.request('POST', '/api/v1/customers', h.tokens.kiosk, {
      ...person(),
      tags: ['vip'],
      notes: 'x',
      homeStoreId: otherStore,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['tags', 'notes', 'homeStoreId']);
    const own = await h.request('POST', '/api/v1/customers', h.tokens.kiosk, { ...person(), homeStoreId: kioskStore });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().homeStoreId).toBe(kioskStore);
    const stored = (await h.request('GET', `/api/v1/customers/${own.json().id}`, h.tokens.staff)).json();
    expect(stored).toMatchObject({ homeStoreId: kioskStore, tags: [], notes: null });
    // Staff still set them on a new customer.
    const byStaff = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
      ...person(),
      tags: ['vip'],
      notes: 'Regular',
    });
    expect(byStaff.statusCode, byStaff.body).toBe(201);
    expect(byStaff.json()).toMatchObject({ tags: ['vip'], notes: 'Regular' });
  });
});

describe('the customer token', () => {
  it('reads and edits its own customer on /me, audited with the customer as the actor', async () => {
    const { customer, customerToken } = await signUp(h);
    const me = await h.request('GET', '/api/v1/me', customerToken);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: customer.id, firstName: 'Kiosk' });
    expect(me.headers.etag).toBe(`"${customer.version}"`);

    // A new phone or email waits for staff (customer-second-factor.test.ts); names and consents apply at once.
    const patched = await h.request('PATCH', '/api/v1/me', customerToken, {
      preferredName: 'Kay',
      consents: { email: { granted: true, wording: 'Emails about offers' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      preferredName: 'Kay',
      consents: { email: { granted: true, source: 'customer' } },
    });
    const trail = await h.request('GET', `/api/v1/customers/${customer.id}/audit`, h.tokens.manager);
    expect(trail.json().items).toContainEqual(
      expect.objectContaining({
        actor: `customer:${customer.id}`,
        action: 'update',
        fields: ['preferredName', 'consents'],
      }),
    );
  });

  it('shows the customer only their own side: no staff notes or tags on /me, all of it in the export', async () => {
    const email = `own.side${n}@example.com`;
    const { customer, customerToken } = await signUp(h, person({ email }));
    const url = `/api/v1/customers/${customer.id}`;
    expect((await h.request('PATCH', url, h.tokens.staff, { notes: 'Asked twice for a refund' })).statusCode).toBe(200);
    expect((await h.request('PUT', `${url}/tags`, h.tokens.staff, { tags: ['watch-list'] })).statusCode).toBe(200);
    const visible = [
      'address',
      'consents',
      'dateOfBirth',
      'email',
      'firstName',
      'homeStoreId',
      'id',
      'lastName',
      'loyalty',
      'loyaltyByStore',
      'medical',
      'phone',
      'preferredName',
      'version',
    ];
    const me = await h.request('GET', '/api/v1/me', customerToken);
    expect(Object.keys(me.json()).sort()).toEqual(visible);
    expect(me.json().medical).toBeNull(); // an adult-use customer has no card
    const patched = await h.request('PATCH', '/api/v1/me', customerToken, { preferredName: 'Kay' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(Object.keys(patched.json()).sort()).toEqual(visible);
    expect(patched.json().preferredName).toBe('Kay');
    const direct = await h.request('GET', url, customerToken);
    expect(Object.keys(direct.json()).sort()).toEqual(visible);
    expect(JSON.stringify([me.json(), patched.json(), direct.json()])).not.toMatch(/refund|watch-list/);
    // Staff still see them; the data-subject export holds everything, notes included.
    expect((await h.request('GET', url, h.tokens.staff)).json()).toMatchObject({
      notes: 'Asked twice for a refund',
      tags: ['watch-list'],
    });
    const opened = await h.request('POST', '/api/v1/me/export', customerToken);
    expect(opened.body).not.toMatch(/refund|watch-list/);
    await verifyByMailedCode(h, customerToken, email, opened.json().requestId);
    const exported = JSON.parse(h.mailer.to(email).at(-1)!.attachments![0]!.content);
    expect(exported.customer).toMatchObject({ notes: 'Asked twice for a refund', tags: ['watch-list'] });
  });

  it("refuses fields staff keep (notes, birthday) and the domain's rules still apply", async () => {
    const { customer, customerToken } = await signUp(h);
    const notes = await h.request('PATCH', '/api/v1/me', customerToken, { notes: 'VIP', dateOfBirth: '1970-01-01' });
    expect(notes.statusCode).toBe(422);
    expect(notes.json().errors.map((e: { path: string }) => e.path)).toEqual(['notes', 'dateOfBirth']);
    const noContact = await h.request('PATCH', '/api/v1/me', customerToken, { phone: null });
    expect(noContact.statusCode).toBe(422);
    // The same rule through the customers route, where the token may reach its own record only.
    const direct = await h.request('PATCH', `/api/v1/customers/${customer.id}`, customerToken, { tags: ['vip'] });
    expect(direct.statusCode).toBe(422);
    expect(direct.json().errors).toEqual([{ path: 'tags', message: expect.any(String) }]);
  });

  it('may not read another customer, list customers, nor call any staff or kiosk route', async () => {
    const other = await signUp(h);
    const { customerToken } = await signUp(h);
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/v1/customers/${other.customer.id}`],
      ['PATCH', `/api/v1/customers/${other.customer.id}`, { notes: 'x' }],
      ['GET', `/api/v1/customers/${other.customer.id}/export`],
      ['DELETE', `/api/v1/customers/${other.customer.id}`],
      ['GET', '/api/v1/customers'],
      ['POST', '/api/v1/customers', person()],
      ['GET', '/api/v1/stores'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/kiosk/identify', { phone: '(702) 555-0100', dateOfBirth: '1980-01-01' }],
      ['POST', '/api/v1/kiosk/orders', { orderRef: 'self-service', customerId: other.customer.id }],
    ];
    for (const [method, url, body] of calls) {
      const res = await h.request(method, url, customerToken, body);
      expect([method, url, res.statusCode]).toEqual([method, url, 403]);
    }
    // The other customer is untouched.
    const still = await h.request('GET', `/api/v1/customers/${other.customer.id}`, h.tokens.staff);
    expect(still.json().notes).toBeNull();
  });

  it('exports everything held on the customer by email once the code is given, and the export is audited', async () => {
    const email = `exported${n}@example.com`;
    const { customer, customerToken } = await signUp(h, person({ email }));
    const res = await h.request('POST', '/api/v1/me/export', customerToken);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ kind: 'export', status: 'awaiting_verification' });
    expect(res.json().customer).toBeUndefined();
    expect(await verifyByMailedCode(h, customerToken, email, res.json().requestId)).toMatchObject({ status: 'done' });
    const trail = await h.request('GET', `/api/v1/customers/${customer.id}/audit`, h.tokens.manager);
    expect(trail.json().items).toContainEqual(
      expect.objectContaining({ actor: `customer:${customer.id}`, action: 'export' }),
    );
    const attachment = JSON.parse(h.mailer.to(email).at(-1)!.attachments![0]!.content);
    expect(attachment).toMatchObject({ customer: { id: customer.id }, consents: [], mergedRecords: [] });
  });

  it('erases the customer with DELETE /me and the code: the token stops working and the customer is gone', async () => {
    const email = `erased${n + 1}@example.com`;
    const body = person({ email });
    const { customer, customerToken } = await signUp(h, body);
    expect((await h.request('GET', '/api/v1/me', customerToken)).statusCode).toBe(200); // now cached
    const res = await h.request('DELETE', '/api/v1/me', customerToken);
    expect(res.statusCode).toBe(202);
    expect((await h.request('GET', '/api/v1/me', customerToken)).statusCode).toBe(200); // not yet
    const done = await verifyByMailedCode(h, customerToken, email, res.json().requestId);
    expect(done).toMatchObject({ status: 'done', erasureId: expect.any(String) });
    expect((await h.request('GET', '/api/v1/me', customerToken)).statusCode).toBe(401);
    expect((await h.request('GET', `/api/v1/customers/${customer.id}`, h.tokens.staff)).statusCode).toBe(404);
    const identify = await h.request('POST', '/api/v1/kiosk/identify', h.tokens.kiosk, {
      phone: body.phone,
      dateOfBirth: body.dateOfBirth,
    });
    expect(identify.statusCode).toBe(404);
  });

  it('ends when a manager erases the customer, when the customer logs out, or when the kiosk key is revoked', async () => {
    const erased = await signUp(h);
    await h.request('GET', '/api/v1/me', erased.customerToken);
    await h.request('DELETE', `/api/v1/customers/${erased.customer.id}`, h.tokens.manager);
    expect((await h.request('GET', '/api/v1/me', erased.customerToken)).statusCode).toBe(401);

    const done = await signUp(h);
    expect((await h.request('POST', '/api/v1/auth/logout', done.customerToken)).statusCode).toBe(204);
    expect((await h.request('GET', '/api/v1/me', done.customerToken)).statusCode).toBe(401);

    const key = await h.request('POST', '/api/v1/api-keys', h.tokens.admin, {
      name: `Kiosk ${n}`,
      role: 'kiosk',
      storeId: kioskStore,
    });
    const body = person();
    const signed = await h.request('POST', '/api/v1/kiosk/signup', key.json().key, body);
    const token = signed.json().customerToken as string;
    expect((await h.request('GET', '/api/v1/me', token)).statusCode).toBe(200);
    await h.request('DELETE', `/api/v1/api-keys/${key.json().id}`, h.tokens.admin);
    expect((await h.request('GET', '/api/v1/me', token)).statusCode).toBe(401);
  });
});

describe('kiosk orders', () => {
  async function linkRow(customerId: string) {
    const [row] = await h.database.ownerDb
      .select()
      .from(customerLinks)
      .where(and(eq(customerLinks.customerId, customerId), eq(customerLinks.storeId, kioskStore)));
    return row;
  }

  /** Attaches at the kiosk while pushing the pending link in-process, as a worker would (none runs here). */
  async function attachWithPush(customerId: string, orderRef: string) {
    // Started now (inject is lazy until awaited), answered once the POS knows the customer.
    const answer = Promise.resolve(h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, { orderRef, customerId }));
    let link = await linkRow(customerId);
    for (let i = 0; !link && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      link = await linkRow(customerId);
    }
    await runPush(h.deps, { orgId: h.demo.orgId, storeId: kioskStore, customerId });
    return answer;
  }

  it("attaches the customer to the order and answers the POS id from the kiosk store's simulator", async () => {
    const { customer } = await signUp(h);
    const res = await attachWithPush(customer.id, `A-${n}`);
    expect(res.statusCode, res.body).toBe(200);
    const posCustomerId = (await linkRow(customer.id))!.externalId!;
    expect(res.json()).toEqual({ orderRef: `A-${n}`, customerId: customer.id, posCustomerId });
    expect(sim.customerOf(posCustomerId)).toMatchObject({ lastName: expect.stringMatching(/walker/i) });

    const again = await h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, {
      orderRef: `A-${n}`,
      customerId: customer.id,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(res.json());
    const rows = await h.database.ownerDb
      .select()
      .from(kioskOrders)
      .where(eq(kioskOrders.orderRef, `A-${n}`));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ storeId: kioskStore, customerId: customer.id, posCustomerId });
  });

  it('lists the order in the data-subject export, and a merge carries it to the surviving record', async () => {
    const { customer } = await signUp(h);
    const orderRef = `X-${n}`;
    const posCustomerId = (await attachWithPush(customer.id, orderRef)).json().posCustomerId as string;
    const exported = await h.request('GET', `/api/v1/customers/${customer.id}/export`, h.tokens.manager);
    expect(exported.json().kioskOrders).toEqual([
      { storeId: kioskStore, orderRef, posCustomerId, createdAt: expect.any(String) },
    ]);

    const survivor = await h.request('POST', '/api/v1/customers', h.tokens.staff, person());
    const merged = await h.request('POST', `/api/v1/customers/${survivor.json().id}/merge`, h.tokens.manager, {
      sourceId: customer.id,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const [row] = await h.database.ownerDb.select().from(kioskOrders).where(eq(kioskOrders.orderRef, orderRef));
    expect(row!.customerId).toBe(survivor.json().id);
  });

  it('asks the POS of the order to forget the customer who erases themselves with DELETE /me', async () => {
    const email = `forgotten${n}@example.com`;
    const { customer, customerToken } = await signUp(h, person({ email }));
    const posCustomerId = (await attachWithPush(customer.id, `E-${n}`)).json().posCustomerId as string;
    const erased = await h.request('DELETE', '/api/v1/me', customerToken);
    expect(erased.statusCode).toBe(202);
    const { erasureId } = (await verifyByMailedCode(h, customerToken, email, erased.json().requestId)) as {
      erasureId: string;
    };
    expect(erasureId).toMatch(/^[0-9a-f-]{36}$/);
    const targets: PushTarget[] = [];
    while ((await dispatchOutbox(h.database.db, async (target) => void targets.push(target))) > 0) {
      // until the outbox is empty
    }
    for (const target of targets) await runPush(h.deps, target);
    // Blanked and, through the Treez status [REFERENCE 1.4], deactivated (as for DELETE /customers/{id}).
    expect(sim.customerOf(posCustomerId)).toMatchObject({
      firstName: 'Erased',
      phone: null,
      email: null,
      status: 'deactivated',
    });
    // A manager reads how the erasure went at the store of the order.
    const status = await h.request('GET', `/api/v1/erasures/${erasureId}`, h.tokens.manager);
    expect(status.statusCode).toBe(200);
    expect(status.json()).toMatchObject({
      id: erasureId,
      customerId: customer.id,
      stores: [{ storeId: h.demo.storeIds.Treez, vendor: 'treez', status: 'done' }],
    });
  });

  it('refuses an order reference already attached to another customer (409)', async () => {
    const first = await signUp(h);
    const second = await signUp(h);
    const ref = `B-${n}`;
    // The first attachment waits for a push that never runs here; it is attached all the same.
    const pending = await h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, {
      orderRef: ref,
      customerId: first.customer.id,
    });
    expect(pending.statusCode).toBe(202);
    expect(pending.json().posCustomerId).toBeNull();
    const taken = await h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, {
      orderRef: ref,
      customerId: second.customer.id,
    });
    expect(taken.statusCode).toBe(409);
  }, 20_000);

  it('answers 404 for a customer of another organization and 422 for a malformed id, attaching nothing', async () => {
    const other = await h.request('POST', '/api/v1/customers', h.tokens.otherAdmin, person({ email: 'x@example.com' }));
    const res = await h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, {
      orderRef: `C-${n}`,
      customerId: other.json().id,
    });
    expect(res.statusCode).toBe(404);
    const malformed = await h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, {
      orderRef: `C-${n}`,
      customerId: 'not-an-id',
    });
    expect(malformed.statusCode).toBe(422);
    expect(
      await h.database.ownerDb
        .select()
        .from(kioskOrders)
        .where(eq(kioskOrders.orderRef, `C-${n}`)),
    ).toEqual([]);
  });
});

describe('kiosk endpoints under random input', () => {
  const wild = fc.oneof(
    fc.constantFrom('', ' ', '\u0000', '😀', 'N/A', '1900-01-01', '2000-02-30', '+17025550100', 'x'.repeat(3_000)),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -2, max: 100_000 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom('granted', 'wording', 'source', 'line1'), fc.string({ maxLength: 6 }), {
      maxKeys: 2,
    }),
  );
  const bodyOf = (keys: string[]) =>
    fc.oneof(
      fc.dictionary(fc.constantFrom(...keys, 'unknownField'), wild, { maxKeys: 5 }),
      wild,
      fc.constant(undefined),
    );

  it('never answers 5xx and answers every refusal as problem+json', async () => {
    const { customerToken, customer } = await signUp(h);
    const routes: [string, string, string, string[]][] = [
      ['POST', '/api/v1/kiosk/identify', h.tokens.kiosk, ['phone', 'dateOfBirth']],
      ['POST', '/api/v1/kiosk/signup', h.tokens.kiosk, ['firstName', 'lastName', 'dateOfBirth', 'phone', 'consents']],
      ['POST', '/api/v1/kiosk/orders', h.tokens.kiosk, ['orderRef', 'customerId']],
      ['PATCH', '/api/v1/me', customerToken, ['firstName', 'phone', 'email', 'address', 'consents', 'notes']],
    ];
    for (const [method, url, token, keys] of routes) {
      await fc.assert(
        fc.asyncProperty(bodyOf(keys), fc.constantFrom(customer.id, 'not-a-uuid'), async (body, id) => {
          const sent = url.endsWith('orders') && body && typeof body === 'object' ? { ...body, customerId: id } : body;
          const res = await h.request(method, url, token, sent);
          expect(res.statusCode, `${method} ${url} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: 25 },
      );
    }
  }, 120_000);

  it('describes the kiosk and /me routes in the OpenAPI document', () => {
    const paths = (h.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    expect(Object.keys(paths['/api/v1/kiosk/identify'] ?? {})).toEqual(['post']);
    expect(Object.keys(paths['/api/v1/kiosk/store'] ?? {})).toEqual(['get']);
    expect(Object.keys(paths['/api/v1/me'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(paths['/api/v1/me/export'] ?? {})).toEqual(['post']);
  });
});

describe('kiosk limits', () => {
  // The limits' windows and the tokens' expiry run on this clock, moved by the tests, never waited for.
  const WINDOW_MS = 60_000;
  const TOKEN_TTL_MS = 10 * 60_000;
  let clock = Date.now();
  /** Moves the kiosk's clock on, by a whole window unless told otherwise. */
  const advance = (ms = WINDOW_MS) => {
    clock += ms;
  };
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({
      kiosk: {
        identifyKeyLimit: 6,
        identifyPhoneLimit: 2,
        identifyWindowMs: WINDOW_MS,
        identifyMinMs: 150,
        customerTokenTtlMs: TOKEN_TTL_MS,
        now: () => new Date(clock),
      },
    });
  });
  afterAll(() => strict.close());

  const identify = (phone: string, dateOfBirth = '1970-07-07') =>
    strict.request('POST', '/api/v1/kiosk/identify', strict.tokens.kiosk, { phone, dateOfBirth });

  it('answers unknown phones and wrong dates no sooner than the configured minimum', async () => {
    advance();
    const body = person();
    await signUp(strict, body);
    for (const attempt of [{ phone: '(702) 555-1999' }, { phone: body.phone, dateOfBirth: '1970-01-02' }]) {
      // The minimum is real time (what a caller could measure), not the kiosk's clock.
      const started = performance.now();
      const res = await identify(attempt.phone, attempt.dateOfBirth);
      expect(res.statusCode).toBe(404);
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    }
  });

  it('limits attempts per phone, found or not, with 429 and Retry-After, and lets them again after the window', async () => {
    advance();
    const body = person();
    await signUp(strict, body); // counts once against the phone, and opens the window
    advance(15_000);
    expect((await identify(body.phone)).statusCode).toBe(404);
    const limited = await identify(body.phone, body.dateOfBirth);
    expect(limited.statusCode).toBe(429);
    // The window opened 15 s ago on the kiosk's clock: 45 s are left.
    expect(limited.headers['retry-after']).toBe('45');
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    // An unknown phone is limited the same way: the limit tells nothing of who exists.
    await identify('(702) 555-1888');
    await identify('(702) 555-1888');
    expect((await identify('(702) 555-1888')).statusCode).toBe(429);

    // One millisecond before the window ends it still holds; at its end a new one starts.
    advance(WINDOW_MS - 15_000 - 1);
    expect((await identify(body.phone, body.dateOfBirth)).statusCode).toBe(429);
    advance(1);
    expect((await identify(body.phone, body.dateOfBirth)).statusCode).toBe(200);
  });

  it('limits attempts per kiosk key with 429 and Retry-After, whatever the phone', async () => {
    advance();
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) answers.push((await identify(`(702) 555-17${String(i).padStart(2, '0')}`)).statusCode);
    expect(answers).toEqual([404, 404, 404, 404, 404, 404, 429]);
    advance(20_000);
    const limited = await identify('(702) 555-1799');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('40');
    advance(40_000);
    expect((await identify('(702) 555-1798')).statusCode).toBe(404);
  });

  it('counts creations through POST /customers against the per-phone limit like signups', async () => {
    advance();
    const body = person();
    const create = () => strict.request('POST', '/api/v1/customers', strict.tokens.kiosk, body);
    expect((await create()).statusCode).toBe(201);
    expect((await create()).statusCode).toBe(409);
    const limited = await create();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
  });

  it('issues a customer token that lasts the configured time from the kiosk clock, and refuses it once expired', async () => {
    advance();
    const fresh = await strict.request('POST', '/api/v1/kiosk/signup', strict.tokens.kiosk, person());
    expect(fresh.statusCode, fresh.body).toBe(201);
    expect(new Date(fresh.json().expiresAt).getTime()).toBe(clock + TOKEN_TTL_MS);
    expect((await strict.request('GET', '/api/v1/me', fresh.json().customerToken)).statusCode).toBe(200);
    // A kiosk whose clock said one TTL and a second ago issues a token that has already ended.
    const saved = clock;
    clock = Date.now() - TOKEN_TTL_MS - 1_000;
    const old = await strict.request('POST', '/api/v1/kiosk/signup', strict.tokens.kiosk, person());
    clock = saved;
    expect(old.statusCode, old.body).toBe(201);
    expect((await strict.request('GET', '/api/v1/me', old.json().customerToken)).statusCode).toBe(401);
  });

  it('attaches an order without a POS id at a store that has no POS integration', async () => {
    const { customer } = await signUp(strict);
    const res = await strict.request('POST', '/api/v1/kiosk/orders', strict.tokens.kiosk, {
      orderRef: 'no-pos-1',
      customerId: customer.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ orderRef: 'no-pos-1', customerId: customer.id, posCustomerId: null });
  });
});
