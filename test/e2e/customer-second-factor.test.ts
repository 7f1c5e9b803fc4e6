/**
 * A customer token (phone and date of birth at a kiosk) no longer exports, erases or changes the
 * identity of a customer on its own (issue 12, points 5 and 6): each waits for the one-time code
 * mailed to the email on file, or for staff; the export goes by email or through staff, never to
 * the kiosk, and names staff by role only. A medical customer renews an expired card the same way
 * (issue 15): checked at once, held until staff have seen the card.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../../src/customers/tables.ts';
import { runInOrg } from '../../src/db/org-scope.ts';
import { customerPorts } from '../../src/http/customer-ports.ts';
import { privacyPorts } from '../../src/http/privacy-ports.ts';
import { openRequest } from '../../src/kiosk/second-factor/customer-requests.ts';
import { customerRequests } from '../../src/kiosk/tables.ts';
import type { MailMessage } from '../../src/mail/mailer.ts';
import { UnconfiguredMailer } from '../../src/mail/unconfigured-mailer.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let n = 0;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Person {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string;
  email: string;
}

function person(overrides: Partial<Record<keyof Person, string | undefined>> = {}): Person {
  n += 1;
  return {
    firstName: 'Second',
    lastName: `factor${n}`,
    dateOfBirth: `1981-03-${String((n % 27) + 1).padStart(2, '0')}`,
    phone: `(702) 555-${String(6000 + n).padStart(4, '0')}`,
    email: `second.factor${n}@example.com`,
    ...overrides,
  } as Person;
}

async function signUp(body: Person = person()) {
  const res = await t.request('POST', '/api/v1/kiosk/signup', t.tokens.kiosk, body);
  expect(res.statusCode, res.body).toBe(201);
  return { ...(res.json() as { customerToken: string; customer: { id: string; version: number } }), body };
}

/** The six digits of the last code mailed to `email`. */
function lastCode(email: string): string {
  const mail = t.mailer
    .to(email)
    .filter((m) => /code/i.test(m.subject))
    .at(-1);
  expect(mail, `a code mailed to ${email}`).toBeDefined();
  return /\b(\d{6})\b/.exec(mail!.text)![1]!;
}

const verify = (token: string, requestId: string, code: string) =>
  t.request('POST', `/api/v1/me/requests/${requestId}/verify`, token, { code });

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('DELETE /me', () => {
  it('erases nothing at once: 202 awaiting verification, a code mailed to the email on file', async () => {
    const { customer, customerToken, body } = await signUp();
    const res = await t.request('DELETE', '/api/v1/me', customerToken);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({
      requestId: expect.any(String),
      kind: 'erasure',
      status: 'awaiting_verification',
      codeSentTo: `s•••@example.com`,
      confirmWith: ['code', 'staff'],
      expiresAt: expect.any(String),
    });
    expect(lastCode(body.email)).toMatch(/^\d{6}$/);
    expect((await t.request('GET', '/api/v1/me', customerToken)).statusCode).toBe(200);
    expect((await t.request('GET', `/api/v1/customers/${customer.id}`, t.tokens.staff)).statusCode).toBe(200);
  });

  it('keeps the code only as a keyed hash', async () => {
    const { customerToken, body } = await signUp();
    const { requestId } = (await t.request('DELETE', '/api/v1/me', customerToken)).json();
    const [row] = await t.database.ownerDb.select().from(customerRequests).where(eq(customerRequests.id, requestId));
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(lastCode(body.email));
  });

  it('erases with the right code: the token ends and the customer is gone', async () => {
    const { customer, customerToken, body } = await signUp();
    const { requestId } = (await t.request('DELETE', '/api/v1/me', customerToken)).json();
    const res = await verify(customerToken, requestId, lastCode(body.email));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ requestId, kind: 'erasure', status: 'done', erasureId: expect.any(String) });
    expect((await t.request('GET', '/api/v1/me', customerToken)).statusCode).toBe(401);
    expect((await t.request('GET', `/api/v1/customers/${customer.id}`, t.tokens.staff)).statusCode).toBe(404);
  });

  it('voids the request after 5 wrong codes: the right code then erases nothing', async () => {
    const { customer, customerToken, body } = await signUp();
    const { requestId } = (await t.request('DELETE', '/api/v1/me', customerToken)).json();
    const code = lastCode(body.email);
    for (let i = 1; i <= 5; i++) {
      const res = await verify(customerToken, requestId, wrongCode(code));
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0].path).toBe('code');
      if (i < 5) expect(res.json().errors[0].message).toContain(`${5 - i} tr`);
    }
    const late = await verify(customerToken, requestId, code);
    expect(late.statusCode).toBe(409);
    expect((await t.request('GET', `/api/v1/customers/${customer.id}`, t.tokens.staff)).statusCode).toBe(200);
    const audit = (await t.request('GET', `/api/v1/customers/${customer.id}/audit`, t.tokens.manager)).json().items;
    expect(audit.filter((a: { action: string }) => a.action === 'second_factor_verify')).toHaveLength(5);
  });

  it('sends no more codes after 3 requests voided by wrong codes within the hour: staff only then', async () => {
    const { customerToken, body } = await signUp();
    for (let burnt = 0; burnt < 3; burnt++) {
      const opened = (await t.request('DELETE', '/api/v1/me', customerToken)).json();
      expect(opened.codeSentTo).not.toBeNull();
      const code = lastCode(body.email);
      for (let i = 0; i < 5; i++) await verify(customerToken, opened.requestId, wrongCode(code));
    }
    const next = await t.request('DELETE', '/api/v1/me', customerToken);
    expect(next.json()).toMatchObject({ codeSentTo: null, confirmWith: ['staff'] });
  });

  it('mails at most 5 codes to one customer within the hour, however many requests a token opens: staff only then', async () => {
    const { customerToken, body } = await signUp();
    for (let i = 0; i < 5; i++) {
      const opened = (await t.request('POST', '/api/v1/me/export', customerToken)).json();
      expect(opened.codeSentTo).not.toBeNull();
    }
    const sixth = await t.request('POST', '/api/v1/me/export', customerToken);
    expect(sixth.statusCode).toBe(202);
    expect(sixth.json()).toMatchObject({ codeSentTo: null, confirmWith: ['staff'] });
    expect(t.mailer.to(body.email)).toHaveLength(5);
  });

  it("is not reached around: DELETE /customers/{own id} and another customer's request id are refused", async () => {
    const { customer, customerToken } = await signUp();
    const other = await signUp();
    expect((await t.request('DELETE', `/api/v1/customers/${customer.id}`, customerToken)).statusCode).toBe(403);
    const theirs = (await t.request('DELETE', '/api/v1/me', other.customerToken)).json();
    expect((await verify(customerToken, theirs.requestId, lastCode(other.body.email))).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${other.customer.id}`, t.tokens.staff)).statusCode).toBe(200);
  });

  it('without an email on file, only staff can confirm; a manager confirms and the customer is erased', async () => {
    const { customer, customerToken } = await signUp(person({ email: undefined }));
    const opened = await t.request('DELETE', '/api/v1/me', customerToken);
    expect(opened.json()).toMatchObject({ codeSentTo: null, confirmWith: ['staff'] });
    const { requestId } = opened.json();
    expect((await verify(customerToken, requestId, '123456')).statusCode).toBe(409);
    const listed = (await t.request('GET', '/api/v1/customer-requests', t.tokens.staff)).json();
    expect(listed.items).toContainEqual(
      expect.objectContaining({
        id: requestId,
        kind: 'erasure',
        customer: { id: customer.id, firstName: 'Second', lastInitial: 'F' },
      }),
    );
    // Staff may not erase customers, so they may not confirm an erasure either.
    expect((await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.staff)).statusCode).toBe(
      403,
    );
    const done = await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.manager);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ kind: 'erasure', status: 'done', erasureId: expect.any(String) });
    expect((await t.request('GET', '/api/v1/me', customerToken)).statusCode).toBe(401);
    const again = await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.manager);
    expect(again.statusCode).toBe(404);
  });
});

describe('POST /me/export', () => {
  async function staffTouched(customerId: string) {
    const res = await t.request('PATCH', `/api/v1/customers/${customerId}`, t.tokens.staff, { notes: 'Asked for it' });
    expect(res.statusCode).toBe(200);
  }

  it('answers no export, only the request; with the code the export is mailed as an attachment', async () => {
    const { customer, customerToken, body } = await signUp();
    await staffTouched(customer.id);
    const opened = await t.request('POST', '/api/v1/me/export', customerToken);
    expect(opened.statusCode, opened.body).toBe(202);
    expect(Object.keys(opened.json()).sort()).toEqual([
      'codeSentTo',
      'confirmWith',
      'expiresAt',
      'kind',
      'requestId',
      'status',
    ]);
    const res = await verify(customerToken, opened.json().requestId, lastCode(body.email));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      requestId: opened.json().requestId,
      kind: 'export',
      status: 'done',
      sentTo: 's•••@example.com',
    });
    expect(res.body).not.toContain('customer');
    const mail = t.mailer.to(body.email).at(-1) as MailMessage;
    expect(mail.attachments).toEqual([
      expect.objectContaining({ filename: expect.stringMatching(/\.json$/), contentType: 'application/json' }),
    ]);
    const exported = JSON.parse(mail.attachments![0]!.content);
    expect(exported.customer).toMatchObject({ id: customer.id, email: body.email, notes: 'Asked for it' });
  });

  it("names staff by role and time only in the customer's export", async () => {
    const { customer, customerToken, body } = await signUp();
    await staffTouched(customer.id);
    await t.request('GET', `/api/v1/customers/${customer.id}`, t.tokens.manager);
    const opened = (await t.request('POST', '/api/v1/me/export', customerToken)).json();
    await verify(customerToken, opened.requestId, lastCode(body.email));
    const attachment = t.mailer.to(body.email).at(-1)!.attachments![0]!.content;
    const exported = JSON.parse(attachment);
    expect(exported.audit.map((a: { actor: string }) => a.actor)).toEqual(
      expect.arrayContaining(['kiosk', 'staff', 'manager', 'customer']),
    );
    for (const entry of exported.audit) {
      expect(entry.actor).toMatch(/^(customer|staff|manager|admin|kiosk|integration|system)$/);
      expect(entry.origin).toBeNull();
    }
    expect(attachment).not.toMatch(/user:|key:|@demo\.test/);
    // A manager's export of the same person still names who did what.
    const full = (await t.request('GET', `/api/v1/customers/${customer.id}/export`, t.tokens.manager)).json();
    expect(full.audit.some((a: { actor: string }) => a.actor.startsWith('user:'))).toBe(true);
  });

  it("is not reached around: GET /customers/{own id}/export with the customer's token is refused", async () => {
    const { customer, customerToken } = await signUp();
    expect((await t.request('GET', `/api/v1/customers/${customer.id}/export`, customerToken)).statusCode).toBe(403);
  });

  it('confirmed by a manager, answers the customer-version export for staff to hand over', async () => {
    const { customer, customerToken } = await signUp(person({ email: undefined }));
    await staffTouched(customer.id);
    const { requestId } = (await t.request('POST', '/api/v1/me/export', customerToken)).json();
    expect((await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.staff)).statusCode).toBe(
      403,
    );
    const res = await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.manager);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'export', status: 'done', export: { customer: { id: customer.id } } });
    expect(JSON.stringify(res.json().export.audit)).not.toContain('user:');
    const audit = (await t.request('GET', `/api/v1/customers/${customer.id}/audit`, t.tokens.manager)).json().items;
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['second_factor_request', 'second_factor_confirm', 'export']),
    );
  });
});

describe('PATCH /me with a new phone or email', () => {
  it('is not applied until staff confirm it, and no code can apply it at a kiosk', async () => {
    const { customer, customerToken, body } = await signUp();
    const res = await t.request('PATCH', '/api/v1/me', customerToken, { phone: '(702) 555-0199' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ kind: 'identity_change', codeSentTo: null, confirmWith: ['staff'] });
    const me = (await t.request('GET', '/api/v1/me', customerToken)).json();
    expect(me.phone).toBe(`+1702555${body.phone.slice(-4)}`);
    expect((await verify(customerToken, res.json().requestId, '000000')).statusCode).toBe(409);

    const listed = (await t.request('GET', '/api/v1/customer-requests', t.tokens.staff)).json();
    expect(listed.items).toContainEqual(
      expect.objectContaining({ id: res.json().requestId, kind: 'identity_change', fields: ['phone'] }),
    );
    expect(JSON.stringify(listed)).not.toContain('+17025550199');
    const done = await t.request('POST', `/api/v1/customer-requests/${res.json().requestId}/confirm`, t.tokens.staff);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().customer).toMatchObject({ id: customer.id, phone: '+17025550199' });
    expect((await t.request('GET', '/api/v1/me', customerToken)).json().phone).toBe('+17025550199');
  });

  it("cannot take over another customer's number: the owner still identifies with it", async () => {
    const owner = await signUp();
    const taker = await signUp(person({ dateOfBirth: owner.body.dateOfBirth }));
    const res = await t.request('PATCH', '/api/v1/me', taker.customerToken, { phone: owner.body.phone });
    expect(res.statusCode).toBe(202);
    const identify = await t.request('POST', '/api/v1/kiosk/identify', t.tokens.kiosk, {
      phone: owner.body.phone,
      dateOfBirth: owner.body.dateOfBirth,
    });
    expect(identify.statusCode).toBe(200);
    expect(identify.json().customer.id).toBe(owner.customer.id);
    // Staff confirming it would give one person's identity to another: refused as a duplicate.
    const confirmed = await t.request(
      'POST',
      `/api/v1/customer-requests/${res.json().requestId}/confirm`,
      t.tokens.staff,
    );
    expect(confirmed.statusCode).toBe(409);
  });

  it('refuses phone or email mixed with other fields, and through PATCH /customers/{own id}', async () => {
    const { customer, customerToken } = await signUp();
    const mixed = await t.request('PATCH', '/api/v1/me', customerToken, { phone: '(702) 555-0198', firstName: 'X' });
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().errors.map((e: { path: string }) => e.path)).toEqual(['phone']);
    const direct = await t.request('PATCH', `/api/v1/customers/${customer.id}`, customerToken, {
      email: 'taken@example.com',
    });
    expect(direct.statusCode).toBe(422);
    expect(direct.json().errors).toEqual([{ path: 'email', message: expect.any(String) }]);
  });
});

describe('PATCH /me renewing an expired medical card', () => {
  const nextYear = `${new Date().getUTCFullYear() + 1}-06-30`;
  const lastYear = `${new Date().getUTCFullYear() - 1}-06-30`;

  /** A medical customer signed up at the kiosk whose card has since expired (as a card held for a year does). */
  async function medicalWithExpiredCard(cardNumber = `MED-${4000 + n}-7781`) {
    const signed = await signUp({
      ...person(),
      customerType: 'medical',
      medical: { cardNumber, state: 'NV', expiresOn: nextYear },
    } as Person);
    await t.database.ownerDb
      .update(customers)
      .set({ medicalExpiresOn: lastYear })
      .where(eq(customers.id, signed.customer.id));
    return { ...signed, cardNumber };
  }

  it('shows the customer their card state and expiry on GET /me, never its number', async () => {
    const { customerToken, cardNumber } = await medicalWithExpiredCard();
    const me = await t.request('GET', '/api/v1/me', customerToken);
    expect(me.statusCode).toBe(200);
    expect(me.json().medical).toEqual({ state: 'NV', expiresOn: lastYear });
    expect(me.body).not.toContain(cardNumber.slice(-4));
  });

  it('opens a request staff confirm (202), mails no code, and changes nothing until then', async () => {
    const { customer, customerToken, body } = await medicalWithExpiredCard();
    const res = await t.request('PATCH', '/api/v1/me', customerToken, { medical: { expiresOn: nextYear } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({
      requestId: expect.any(String),
      kind: 'medical_card_renewal',
      status: 'awaiting_verification',
      codeSentTo: null,
      confirmWith: ['staff'],
      expiresAt: expect.any(String),
    });
    expect(t.mailer.to(body.email)).toHaveLength(0);
    expect((await verify(customerToken, res.json().requestId, '000000')).statusCode).toBe(409);
    expect((await t.request('GET', '/api/v1/me', customerToken)).json().medical.expiresOn).toBe(lastYear);
    const byStaff = (await t.request('GET', `/api/v1/customers/${customer.id}`, t.tokens.staff)).json();
    expect(byStaff.medical.expiresOn).toBe(lastYear);
  });

  it('is applied when staff confirm it at the counter: the new expiry and card number, seen on /me and by staff', async () => {
    const { customer, customerToken } = await medicalWithExpiredCard();
    const newNumber = `NEWCARD-${5000 + n}-2468`;
    const opened = await t.request('PATCH', '/api/v1/me', customerToken, {
      medical: { cardNumber: newNumber, expiresOn: nextYear },
    });
    expect(opened.statusCode, opened.body).toBe(202);
    const { requestId } = opened.json();

    const listed = (await t.request('GET', '/api/v1/customer-requests', t.tokens.staff)).json();
    expect(listed.items).toContainEqual(
      expect.objectContaining({ id: requestId, kind: 'medical_card_renewal', fields: ['medical'], codeSent: false }),
    );
    expect(JSON.stringify(listed)).not.toContain(newNumber);
    // The held card number is sealed, as on the record itself.
    const [row] = await t.database.ownerDb.select().from(customerRequests).where(eq(customerRequests.id, requestId));
    expect(row!.change).toEqual({
      medical: { cardNumberSealed: expect.any(String), state: 'NV', expiresOn: nextYear },
    });
    expect(JSON.stringify(row)).not.toContain(newNumber);
    expect(JSON.stringify(row)).not.toContain(newNumber.replaceAll('-', ''));

    const done = await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.staff);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      requestId,
      kind: 'medical_card_renewal',
      status: 'done',
      customer: { id: customer.id, medical: { state: 'NV', expiresOn: nextYear } },
    });
    expect(done.body).not.toContain(newNumber);
    expect((await t.request('GET', '/api/v1/me', customerToken)).json().medical).toEqual({
      state: 'NV',
      expiresOn: nextYear,
    });
    const byManager = (await t.request('GET', `/api/v1/customers/${customer.id}`, t.tokens.manager)).json();
    expect(byManager.medical).toEqual({ cardNumber: newNumber, state: 'NV', expiresOn: nextYear });
    const audit = (await t.request('GET', `/api/v1/customers/${customer.id}/audit`, t.tokens.manager)).json().items;
    expect(audit).toContainEqual(expect.objectContaining({ action: 'update', fields: ['medical'] }));
    expect(audit.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['second_factor_request', 'second_factor_confirm']),
    );
    const again = await t.request('POST', `/api/v1/customer-requests/${requestId}/confirm`, t.tokens.staff);
    expect(again.statusCode).toBe(409);
  });

  it('refuses an expiry already past with 422 on medical.expiresOn, saying so, and opens nothing', async () => {
    const { customer, customerToken } = await medicalWithExpiredCard();
    const res = await t.request('PATCH', '/api/v1/me', customerToken, { medical: { expiresOn: lastYear } });
    // The same date as held changes nothing: the record as it is, no request.
    expect(res.statusCode, res.body).toBe(200);
    const past = `${new Date().getUTCFullYear() - 1}-12-31`;
    const expired = await t.request('PATCH', '/api/v1/me', customerToken, { medical: { expiresOn: past } });
    expect(expired.statusCode, expired.body).toBe(422);
    expect(expired.json().errors).toEqual([
      { path: 'medical.expiresOn', message: `card has expired (${past}); medical customers need a current card` },
    ]);
    const malformed = await t.request('PATCH', '/api/v1/me', customerToken, { medical: { expiresOn: '2030-02-30' } });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json().errors.map((e: { path: string }) => e.path)).toEqual(['medical.expiresOn']);
    const listed = (await t.request('GET', '/api/v1/customer-requests', t.tokens.staff)).json();
    expect(listed.items.filter((r: { customer: { id: string } }) => r.customer.id === customer.id)).toEqual([]);
  });

  it('is for medical customers only, alone in its patch, never a removal, and never through PATCH /customers/{own id}', async () => {
    const adult = await signUp();
    const notMedical = await t.request('PATCH', '/api/v1/me', adult.customerToken, {
      medical: { cardNumber: 'MED-1000-2000', state: 'NV', expiresOn: nextYear },
    });
    expect(notMedical.statusCode).toBe(422);
    expect(notMedical.json().errors).toEqual([
      { path: 'medical', message: expect.stringContaining('only by a medical customer') },
    ]);

    const { customer, customerToken } = await medicalWithExpiredCard();
    const mixed = await t.request('PATCH', '/api/v1/me', customerToken, {
      medical: { expiresOn: nextYear },
      preferredName: 'Kay',
    });
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().errors.map((e: { path: string }) => e.path)).toEqual(['medical']);
    const removal = await t.request('PATCH', '/api/v1/me', customerToken, { medical: null });
    expect(removal.statusCode).toBe(422);
    expect(removal.json().errors.map((e: { path: string }) => e.path)).toEqual(['medical']);
    const direct = await t.request('PATCH', `/api/v1/customers/${customer.id}`, customerToken, {
      medical: { expiresOn: nextYear },
    });
    expect(direct.statusCode).toBe(422);
    expect(direct.json().errors).toEqual([
      { path: 'medical', message: expect.stringContaining('staff have seen the card') },
    ]);
    expect((await t.request('GET', '/api/v1/me', customerToken)).json().medical.expiresOn).toBe(lastYear);
  });

  it('leaves an open request for a new phone standing: each is its own request', async () => {
    const { customerToken } = await medicalWithExpiredCard();
    const phone = await t.request('PATCH', '/api/v1/me', customerToken, { phone: `(702) 555-${7000 + n}` });
    const card = await t.request('PATCH', '/api/v1/me', customerToken, { medical: { expiresOn: nextYear } });
    expect([phone.statusCode, card.statusCode]).toEqual([202, 202]);
    const open = (await t.request('GET', '/api/v1/customer-requests', t.tokens.staff))
      .json()
      .items.map((r: { id: string }) => r.id);
    expect(open).toEqual(expect.arrayContaining([phone.json().requestId, card.json().requestId]));
  });
});

describe('without email configured', () => {
  it('sends no code and offers staff confirmation only, though an email is on file', async () => {
    const { customer } = await signUp();
    const me = {
      kind: 'customer' as const,
      role: 'customer' as const,
      orgId: t.demo.orgId,
      customerId: customer.id,
      tokenId: randomUUID(),
      keyId: randomUUID(),
      storeId: t.demo.storeIds.Treez,
    };
    const deps = {
      db: t.database.db,
      protection: createFieldProtection(TEST_MASTER_KEY),
      mailer: new UnconfiguredMailer(),
      ports: customerPorts(undefined),
      privacy: privacyPorts(),
    };
    const opened = await runInOrg(t.demo.orgId, () => openRequest(deps, { actor: me, origin: 'test' }, me, 'erasure'));
    expect(opened).toMatchObject({ codeSentTo: null, confirmWith: ['staff'] });
    const [row] = await t.database.ownerDb
      .select()
      .from(customerRequests)
      .where(eq(customerRequests.id, opened.requestId));
    expect(row!.codeHash).toBeNull();
  });
});
