import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody, medicalBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const create = (body: unknown, token = t.tokens.staff) => t.request('POST', '/api/v1/customers', token, body);

describe('creating a customer', () => {
  it('answers 201 with Location and ETag, phone in E.164 and email lower-cased', async () => {
    const res = await create(adultBody(1, { email: '  Kathleen.Scott@Example.COM ', phone: '702.555.0123' }));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/api/v1/customers/${body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(body).toMatchObject({
      version: 1,
      firstName: 'Kathleen',
      phone: '+17025550123',
      email: 'kathleen.scott@example.com',
      customerType: 'adult',
      medical: null,
      consents: { sms: { granted: false }, email: { granted: false } },
      loyalty: { points: 0, source: null },
    });
  });

  it('shows card and ID numbers to managers, and only their last 4 characters to staff', async () => {
    const res = await create(
      medicalBody(2, {
        idDocument: { type: 'drivers_license', number: 'D1234-5678', state: 'NV', expiresOn: '2031-01-01' },
      }),
      t.tokens.manager,
    );
    const id = res.json().id;
    expect(res.json().medical.cardNumber).toBe('MED-100002');
    expect(res.json().idDocument.number).toBe('D1234-5678');
    const asStaff = (await t.request('GET', `/api/v1/customers/${id}`, t.tokens.staff)).json();
    expect(asStaff.medical.cardNumber).toBe('••••0002');
    expect(asStaff.idDocument.number).toBe('••••5678');
  });

  it('never stores card or ID numbers in plain text', async () => {
    const res = await create(
      medicalBody(3, { idDocument: { type: 'passport', number: 'X99887766' } }),
      t.tokens.manager,
    );
    const row = await t.database.pool.query('SELECT row_to_json(c)::text AS json FROM customers c WHERE id = $1', [
      res.json().id,
    ]);
    expect(row.rows[0].json).not.toContain('X99887766');
    expect(row.rows[0].json).not.toContain('MED-100003');
  });

  it('answers 409 with duplicateOf for the same phone and birthday, however the phone is written', async () => {
    const first = (await create(adultBody(4, { phone: '(702) 555-7777' }))).json();
    const again = await create(adultBody(5, { phone: '+1 702 555 7777', email: 'other5@example.com' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().duplicateOf).toBe(first.id);
  });

  it('answers 409 for the same email and birthday, and for the same ID number', async () => {
    const first = (
      await create(adultBody(6, { idDocument: { type: 'state_id', number: 'nv-445566', state: 'NV' } }))
    ).json();
    const sameEmail = await create(adultBody(7, { email: 'KATHLEEN6@example.com', phone: null }));
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.json().duplicateOf).toBe(first.id);
    const sameId = await create(
      adultBody(8, {
        dateOfBirth: '1970-01-01',
        idDocument: { type: 'drivers_license', number: 'NV 445566', state: 'NV' },
      }),
    );
    expect(sameId.statusCode).toBe(409);
    expect(sameId.json().duplicateOf).toBe(first.id);
  });

  it('allows partners who share a phone, and lists them under suspected duplicates', async () => {
    const a = (await create(adultBody(9, { phone: '702-555-3131' }))).json();
    const b = await create(adultBody(10, { phone: '702-555-3131', firstName: 'Kevin', dateOfBirth: '1985-09-09' }));
    expect(b.statusCode).toBe(201);
    const dups = (await t.request('GET', '/api/v1/duplicates', t.tokens.manager)).json();
    expect(dups.items).toContainEqual(
      expect.objectContaining({ customerIds: [a.id, b.json().id].sort(), reason: 'same_phone' }),
    );
  });

  it('of two simultaneous creates of one person, exactly one succeeds and the other answers 409', async () => {
    const body = adultBody(11, { phone: '702-555-4242' });
    const results = await Promise.all(Array.from({ length: 6 }, () => create(body)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    const winner = results.find((r) => r.statusCode === 201)!.json().id;
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().duplicateOf).toBe(winner);
  });

  it('refuses an adult-use customer under 21 and a medical patient under 18', async () => {
    const adult = await create(
      adultBody(12, { dateOfBirth: new Date(Date.now() - 20 * 365.25 * 86400000).toISOString().slice(0, 10) }),
    );
    expect(adult.statusCode).toBe(422);
    expect(adult.json().errors).toEqual([{ path: 'dateOfBirth', message: expect.stringMatching(/21 or older/) }]);
    const medical = await create(
      medicalBody(13, { dateOfBirth: new Date(Date.now() - 17 * 365.25 * 86400000).toISOString().slice(0, 10) }),
    );
    expect(medical.statusCode).toBe(422);
    expect(medical.json().errors[0].message).toMatch(/18 or older/);
  });

  it('refuses a medical patient without a card or with an expired one', async () => {
    const none = await create(adultBody(14, { customerType: 'medical' }));
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].path).toBe('medical');
    const expired = await create(
      medicalBody(15, { medical: { cardNumber: 'MED-1', state: 'NV', expiresOn: '2020-01-01' } }),
    );
    expect(expired.statusCode).toBe(422);
    expect(expired.json().errors[0].path).toBe('medical.expiresOn');
  });

  it('names every bad field, including unknown ones, in one 422', async () => {
    const res = await create({
      firstName: '',
      lastName: 'X',
      dateOfBirth: '2999-01-01',
      phone: '12',
      email: 'nope',
      favouriteColour: 'green',
    });
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['firstName', 'phone', 'email', 'favouriteColour']));
  });

  it('requires a phone or an email', async () => {
    const res = await create(adultBody(16, { phone: null, email: null }));
    expect(res.statusCode).toBe(422);
  });

  it('stores names with quotes, emoji and right-to-left script as given', async () => {
    const res = await create(adultBody(17, { firstName: "O'Brien'); DROP TABLE customers;--", lastName: 'مريم 🌿' }));
    expect(res.statusCode).toBe(201);
    const got = (await t.request('GET', `/api/v1/customers/${res.json().id}`, t.tokens.staff)).json();
    expect(got.firstName).toBe("O'Brien'); DROP TABLE customers;--");
    expect(got.lastName).toBe('مريم 🌿');
  });

  it('refuses the NUL character in any field or query with 422, naming the field', async () => {
    const res = await create(
      adultBody(21, {
        notes: 'a\u0000b',
        address: { line1: '1 Main', city: 'Reno', state: 'NV', postalCode: '89501' },
      }),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'notes', message: 'must not contain the NUL character' }]);
    expect((await t.request('GET', '/api/v1/customers?q=a%00b', t.tokens.staff)).statusCode).toBe(422);
  });

  it('refuses a 10,000-character name with 422, not 500', async () => {
    const res = await create(adultBody(18, { lastName: 'x'.repeat(10_000) }));
    expect(res.statusCode).toBe(422);
  });

  it('lets a kiosk sign a customer up at its own store', async () => {
    const res = await create(adultBody(19), t.tokens.kiosk);
    expect(res.statusCode).toBe(201);
    expect(res.json().homeStoreId).toBe(t.demo.storeIds.Treez);
  });

  it('records consent given at signup in the ledger with its source (who is speaking) and wording', async () => {
    const res = await create(
      adultBody(20, { consents: { sms: { granted: true, wording: 'Text me deals. Reply STOP to end.' } } }),
    );
    const customer = res.json();
    expect(customer.consents.sms).toMatchObject({ granted: true, source: 'staff' });
    const ledger = (await t.request('GET', `/api/v1/customers/${customer.id}/consents`, t.tokens.staff)).json().items;
    expect(ledger).toEqual([
      expect.objectContaining({ channel: 'sms', granted: true, wording: 'Text me deals. Reply STOP to end.' }),
    ]);
  });
});

describe('reading and editing', () => {
  it("answers 404 for an unknown id, a malformed id and another organization's customer", async () => {
    const id = (await create(adultBody(30))).json().id;
    expect(
      (await t.request('GET', '/api/v1/customers/00000000-0000-4000-8000-000000000000', t.tokens.staff)).statusCode,
    ).toBe(404);
    expect((await t.request('GET', '/api/v1/customers/not-a-uuid', t.tokens.staff)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${id}`, t.tokens.otherAdmin)).statusCode).toBe(404);
    expect((await t.request('PATCH', `/api/v1/customers/${id}`, t.tokens.otherAdmin, { notes: 'x' })).statusCode).toBe(
      404,
    );
  });

  it('applies a merge patch: given fields change, null removes, others stay; the version goes up', async () => {
    const c = (await create(adultBody(31, { preferredName: 'Kat', notes: 'likes edibles' }))).json();
    const res = await t.request('PATCH', `/api/v1/customers/${c.id}`, t.tokens.staff, {
      preferredName: null,
      phone: '702 555 9191',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      preferredName: null,
      phone: '+17025559191',
      notes: 'likes edibles',
      version: 2,
    });
    expect(res.headers.etag).toBe('"2"');
  });

  it('answers 412 to an If-Match that is no longer current', async () => {
    const c = (await create(adultBody(32))).json();
    await t.request('PATCH', `/api/v1/customers/${c.id}`, t.tokens.staff, { notes: 'first' });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${c.id}`,
      headers: {
        authorization: `Bearer ${t.tokens.staff}`,
        'if-match': '"1"',
        'content-type': 'application/merge-patch+json',
      },
      payload: JSON.stringify({ notes: 'second' }),
    });
    expect(stale.statusCode).toBe(412);
    const fresh = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${c.id}`,
      headers: { authorization: `Bearer ${t.tokens.staff}`, 'if-match': '"2"' },
      payload: { notes: 'second' },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('loses no update when edits of different fields arrive at once', async () => {
    const c = (await create(adultBody(33))).json();
    const edits = [
      { notes: 'n' },
      { preferredName: 'Kay' },
      { address: { line1: '1 Main St', city: 'Reno', state: 'NV', postalCode: '89501' } },
      { email: 'kay33@example.com' },
    ];
    const results = await Promise.all(
      edits.map((e) => t.request('PATCH', `/api/v1/customers/${c.id}`, t.tokens.staff, e)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const after = (await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.staff)).json();
    expect(after).toMatchObject({ notes: 'n', preferredName: 'Kay', email: 'kay33@example.com', version: 5 });
    expect(after.address.city).toBe('Reno');
  });

  it('refuses an edit that breaks a rule, and changes nothing', async () => {
    const c = (await create(adultBody(34))).json();
    const res = await t.request('PATCH', `/api/v1/customers/${c.id}`, t.tokens.staff, { phone: null, email: null });
    expect(res.statusCode).toBe(422);
    const after = (await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.staff)).json();
    expect(after.version).toBe(1);
    expect(after.phone).toBe(c.phone);
  });

  it('answers 409 when an edit would make the customer another customer', async () => {
    const a = (await create(adultBody(35))).json();
    const b = (await create(adultBody(36))).json();
    const res = await t.request('PATCH', `/api/v1/customers/${b.id}`, t.tokens.staff, { phone: a.phone });
    expect(res.statusCode).toBe(409);
    expect(res.json().duplicateOf).toBe(a.id);
  });

  it('replaces tags with PUT, normalized and without repeats', async () => {
    const c = (await create(adultBody(37))).json();
    const res = await t.request('PUT', `/api/v1/customers/${c.id}/tags`, t.tokens.staff, {
      tags: ['VIP', 'vip', 'Edibles Fan'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().tags).toEqual(['vip', 'edibles-fan']);
  });

  it('derives consent from the ledger: a later withdrawal wins', async () => {
    const c = (await create(adultBody(38))).json();
    const grant = await t.request('POST', `/api/v1/customers/${c.id}/consents`, t.tokens.staff, {
      channel: 'email',
      granted: true,
      source: 'staff',
      wording: 'Email me offers',
    });
    expect(grant.statusCode).toBe(201);
    const withdrawal = await t.request('POST', `/api/v1/customers/${c.id}/consents`, t.tokens.manager, {
      channel: 'email',
      granted: false,
    });
    expect(withdrawal.statusCode).toBe(201);
    const after = (await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.staff)).json();
    expect(after.consents.email).toMatchObject({ granted: false, source: 'staff' });
    const ledger = (await t.request('GET', `/api/v1/customers/${c.id}/consents`, t.tokens.staff)).json().items;
    expect(ledger.map((e: { granted: boolean }) => e.granted)).toEqual([false, true]);
  });
});

describe('erasure, merge and audit', () => {
  it('erases a customer: 202 with an erasure id, then 404, personal data gone, audit kept', async () => {
    const c = (await create(medicalBody(40), t.tokens.manager)).json();
    const res = await t.request('DELETE', `/api/v1/customers/${c.id}`, t.tokens.manager);
    expect(res.statusCode).toBe(202);
    expect(res.json().erasureId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.manager)).statusCode).toBe(404);
    const row = (
      await t.database.pool.query('SELECT row_to_json(c)::text AS json FROM customers c WHERE id = $1', [c.id])
    ).rows[0].json;
    for (const value of ['Kathleen', c.phone, c.email, '2005-01-15']) expect(row).not.toContain(value);
    const audit = await t.database.pool.query('SELECT action FROM audit_events WHERE customer_id = $1 ORDER BY id', [
      c.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'erase']);
    // The same person may sign up again afterwards.
    expect((await create(medicalBody(40), t.tokens.manager)).statusCode).toBe(201);
  });

  it('refuses erasure to staff', async () => {
    const c = (await create(adultBody(41))).json();
    expect((await t.request('DELETE', `/api/v1/customers/${c.id}`, t.tokens.staff)).statusCode).toBe(403);
  });

  it('merges a duplicate: tags, consents and history move over, the source then answers 404', async () => {
    const target = (await create(adultBody(42, { tags: ['vip'] }))).json();
    const source = (
      await create(
        adultBody(43, {
          tags: ['edibles'],
          consents: { sms: { granted: true, wording: 'Texts ok' } },
        }),
      )
    ).json();
    await t.request('PATCH', `/api/v1/customers/${source.id}`, t.tokens.staff, { notes: 'from the source' });
    const res = await t.request('POST', `/api/v1/customers/${target.id}/merge`, t.tokens.manager, {
      sourceId: source.id,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().tags.sort()).toEqual(['edibles', 'vip']);
    expect(res.json().consents.sms.granted).toBe(true);
    expect((await t.request('GET', `/api/v1/customers/${source.id}`, t.tokens.manager)).statusCode).toBe(404);
    const audit = (await t.request('GET', `/api/v1/customers/${target.id}/audit`, t.tokens.manager)).json().items;
    const actions = audit.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['merge', 'merged_into', 'update', 'create']));
    expect(audit.find((e: { action: string }) => e.action === 'update').fields).toEqual(['notes']);
  });

  it('refuses merging a customer into itself, and merges to staff', async () => {
    const c = (await create(adultBody(44))).json();
    expect(
      (await t.request('POST', `/api/v1/customers/${c.id}/merge`, t.tokens.manager, { sourceId: c.id })).statusCode,
    ).toBe(422);
    const other = (await create(adultBody(45))).json();
    expect(
      (await t.request('POST', `/api/v1/customers/${c.id}/merge`, t.tokens.staff, { sourceId: other.id })).statusCode,
    ).toBe(403);
  });

  it('audits views and searches by who and what, never by value', async () => {
    const c = (await create(adultBody(46))).json();
    await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.staff);
    await t.request('GET', `/api/v1/customers?phone=${encodeURIComponent(c.phone)}`, t.tokens.staff);
    const trail = (await t.request('GET', `/api/v1/customers/${c.id}/audit`, t.tokens.manager)).json().items;
    expect(trail[0]).toMatchObject({ action: 'view', actor: expect.stringMatching(/^user:/) });
    const search = await t.database.pool.query(
      "SELECT fields::text FROM audit_events WHERE action = 'search' ORDER BY id DESC LIMIT 1",
    );
    expect(search.rows[0].fields).toBe('{phone}');
    const all = await t.database.pool.query("SELECT string_agg(row_to_json(a)::text, '') AS text FROM audit_events a");
    expect(all.rows[0].text).not.toContain(c.phone.slice(1));
    expect(all.rows[0].text).not.toContain(c.email);
  });

  it('keeps the audit trail append-only, even for the database user', async () => {
    await expect(t.database.pool.query('UPDATE audit_events SET action = $1', ['tampered'])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.pool.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
  });
});

describe('view records', () => {
  it('are written in batches shortly after the read, and before the trail is read', async () => {
    const c = (await create(adultBody(90))).json();
    for (let i = 0; i < 3; i++) await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.staff);
    const trail = (await t.request('GET', `/api/v1/customers/${c.id}/audit`, t.tokens.manager)).json().items;
    expect(trail.filter((e: { action: string }) => e.action === 'view')).toHaveLength(3);
    await t.request('GET', `/api/v1/customers/${c.id}`, t.tokens.staff);
    await new Promise((r) => setTimeout(r, 200));
    const rows = await t.database.pool.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE customer_id = $1 AND action = 'view'",
      [c.id],
    );
    expect(rows.rows[0].n).toBe(4);
  });
});
