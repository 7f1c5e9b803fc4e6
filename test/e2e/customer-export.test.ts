/** GET /customers/{id}/export: everything held on one person, nobody else's, for managers, audited. */

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loyaltyBalances } from '../../src/loyalty/tables.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { adultBody, medicalBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function create(body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, body);
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe('customer export', () => {
  it('holds the profile with full numbers, the consent ledger, tags, POS links, merged records and the audit trail', async () => {
    const person = await create(
      medicalBody(1, {
        idDocument: { type: 'drivers_license', number: 'D12-345-678', state: 'NV', expiresOn: '2031-01-01' },
        consents: { sms: { granted: true, wording: 'Texts about deals, reply STOP to end' } },
      }),
    );
    await t.request('POST', `/api/v1/customers/${person.id}/consents`, t.tokens.staff, {
      channel: 'sms',
      granted: false,
      source: 'staff',
      wording: 'Customer asked to stop texts',
    });
    await t.request('PUT', `/api/v1/customers/${person.id}/tags`, t.tokens.staff, { tags: ['vip'] });
    await t.database.ownerDb.insert(customerLinks).values({
      orgId: t.demo.orgId,
      customerId: person.id,
      storeId: t.demo.storeIds.Treez,
      externalId: 'TREEZ-77',
    });
    const duplicate = await create(adultBody(2, { firstName: 'Kathy', email: 'kathy.second@example.com' }));
    const merged = await t.request('POST', `/api/v1/customers/${person.id}/merge`, t.tokens.manager, {
      sourceId: duplicate.id,
    });
    expect(merged.statusCode).toBe(200);

    const res = await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.manager);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.customer).toMatchObject({
      id: person.id,
      medical: { cardNumber: 'MED-100001' },
      idDocument: { number: 'D12-345-678' },
      tags: ['vip'],
    });
    expect(body.consents.map((c: { granted: boolean; wording: string }) => [c.granted, c.wording])).toEqual([
      [false, 'Customer asked to stop texts'],
      [true, 'Texts about deals, reply STOP to end'],
    ]);
    expect(body.links).toEqual([
      expect.objectContaining({ storeId: t.demo.storeIds.Treez, externalId: 'TREEZ-77', status: 'synced' }),
    ]);
    expect(body.mergedRecords).toEqual([
      expect.objectContaining({ id: duplicate.id, firstName: 'Kathy', email: 'kathy.second@example.com' }),
    ]);
    const actions = body.audit.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'consent', 'tags', 'merge', 'merged_into']));
    expect(Array.isArray(body.syncHistory)).toBe(true);
  });

  it("holds the customer's loyalty balance of each store, and an erasure deletes them", async () => {
    const person = await create(adultBody(40));
    await t.database.ownerDb.insert(loyaltyBalances).values([
      {
        orgId: t.demo.orgId,
        customerId: person.id,
        storeId: t.demo.storeIds.Treez,
        vendor: 'treez',
        points: 40,
        readAt: new Date('2026-01-02T03:04:05.000Z'),
      },
      {
        orgId: t.demo.orgId,
        customerId: person.id,
        storeId: t.demo.storeIds.Blaze,
        vendor: 'blaze',
        points: 7,
        readAt: new Date('2026-01-03T00:00:00.000Z'),
      },
    ]);
    const res = await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.manager);
    expect(res.statusCode).toBe(200);
    const byStore = res.json().customer.loyaltyByStore as unknown[];
    expect(byStore).toHaveLength(2);
    expect(byStore).toEqual(
      expect.arrayContaining([
        { storeId: t.demo.storeIds.Treez, vendor: 'treez', points: 40, readAt: '2026-01-02T03:04:05.000Z' },
        { storeId: t.demo.storeIds.Blaze, vendor: 'blaze', points: 7, readAt: '2026-01-03T00:00:00.000Z' },
      ]),
    );
    expect(res.json().customer.loyalty).toEqual({ points: 47, source: 'pos' });

    expect((await t.request('DELETE', `/api/v1/customers/${person.id}`, t.tokens.manager)).statusCode).toBe(202);
    const left = await t.database.ownerDb
      .select()
      .from(loyaltyBalances)
      .where(eq(loyaltyBalances.customerId, person.id));
    expect(left).toEqual([]);
  });

  it('records who exported whom, and the next export shows it', async () => {
    const person = await create(adultBody(3));
    await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.admin);
    const audit = (await t.request('GET', `/api/v1/customers/${person.id}/audit`, t.tokens.manager)).json().items;
    expect(audit[0]).toMatchObject({ action: 'export', actor: expect.stringMatching(/^user:/) });
    const again = (await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.manager)).json();
    expect(again.audit.filter((a: { action: string }) => a.action === 'export')).toHaveLength(1);
  });

  it("holds nothing of another customer, even one with the same phone and birthday's neighbour", async () => {
    const person = await create(adultBody(4));
    const neighbour = await create(
      adultBody(5, {
        phone: adultBody(4).phone,
        dateOfBirth: '1990-01-01',
        firstName: 'Neighbour',
        idDocument: { type: 'passport', number: 'X99887766' },
      }),
    );
    const text = (await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.manager)).body;
    expect(text).not.toContain(neighbour.id);
    expect(text).not.toContain('Neighbour');
    expect(text).not.toContain('X99887766');
    expect(text).not.toContain('kathleen5@example.com');
  });

  it('answers 404 for another organization, an erased customer or an unknown id, and 403 to staff', async () => {
    const person = await create(adultBody(6));
    expect((await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.otherAdmin)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.staff)).statusCode).toBe(403);
    await t.request('DELETE', `/api/v1/customers/${person.id}`, t.tokens.manager);
    expect((await t.request('GET', `/api/v1/customers/${person.id}/export`, t.tokens.manager)).statusCode).toBe(404);
    expect((await t.request('GET', '/api/v1/customers/not-a-uuid/export', t.tokens.manager)).statusCode).toBe(404);
  });
});
