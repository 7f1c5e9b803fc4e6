/**
 * Unset is not "no" (issue 11, point 2), per vendor against its simulator: a customer who never
 * stated a marketing preference, linked to a store and pulled back, gets no consent ledger entry
 * from that POS, whatever the POS's flags hold by default (Cova's `DoNotContact` defaults to true
 * [REFERENCE 3.4, 3.8]). An opt-in, then an opt-out, made at the POS afterwards is each exactly one
 * ledger entry with that POS as source.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvents } from '../../src/customers/tables.ts';
import { inputOf } from '../../src/sync/outbound/creates.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { type FiveStores, type StoreUnderTest, startFiveStores } from '../support/five-store-sync.ts';

let f: FiveStores;
beforeAll(async () => {
  f = await startFiveStores({ customersPerStore: 2 });
  await f.settle();
}, 60_000);
afterAll(() => f?.close());

let n = 0;

/** A customer created in Patron without any consent, linked to `store` and synced both ways. */
async function unstatedCustomerAt(store: StoreUnderTest): Promise<{ id: string; externalId: string }> {
  n += 1;
  const created = await f.request('POST', '/api/v1/customers', f.tokens.staff, {
    firstName: 'Quiet',
    lastName: `Unasked${n}`,
    dateOfBirth: `1979-0${n}-1${n}`,
    phone: `+1702555${String(4300 + n).padStart(4, '0')}`,
    email: `quiet.unasked${n}@example.com`,
    address: { line1: `${n} Still St`, city: 'Reno', state: 'NV', postalCode: '89501' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  expect(created.json().consents).toEqual({
    sms: { granted: false, at: null, source: null },
    email: { granted: false, at: null, source: null },
  });
  const link = await f.request('POST', `/api/v1/customers/${id}/stores/${store.storeId}/link`, f.tokens.staff);
  expect(link.statusCode, link.body).toBe(202);
  await f.settle();
  // A pull that reads the record back (the create changed it a moment ago), twice.
  await f.pull(store);
  await f.pull(store);
  const [row] = await f.database.ownerDb
    .select({ externalId: customerLinks.externalId })
    .from(customerLinks)
    .where(and(eq(customerLinks.customerId, id), eq(customerLinks.storeId, store.storeId)));
  expect(row?.externalId, `${store.name} link`).toBeTruthy();
  return { id, externalId: row!.externalId! };
}

async function ledgerOf(customerId: string) {
  return f.database.ownerDb
    .select({
      channel: consentEvents.channel,
      granted: consentEvents.granted,
      source: consentEvents.source,
      wording: consentEvents.wording,
    })
    .from(consentEvents)
    .where(eq(consentEvents.customerId, customerId))
    .orderBy(asc(consentEvents.recordedAt), asc(consentEvents.at));
}

async function setSmsAtPos(store: StoreUnderTest, externalId: string, granted: boolean) {
  const pos = await store.client.get(externalId);
  await store.client.update(externalId, { ...inputOf(pos), consents: { ...pos.consents, sms: granted } });
  const run = await f.pull(store);
  expect(run.status, run.error ?? '').toBe('succeeded');
  await f.drain();
}

describe.each(['treez', 'flowhub', 'cova', 'dutchie', 'blaze'])('consent read from %s', (vendor) => {
  it('writes no ledger entry for a customer with no stated preference, linked and pulled', async () => {
    const store = f.stores.find((s) => s.vendor === vendor)!;
    const { id } = await unstatedCustomerAt(store);
    expect(await ledgerOf(id)).toEqual([]);
    const res = await f.request('GET', `/api/v1/customers/${id}`, f.tokens.staff);
    expect(res.json().consents).toEqual({
      sms: { granted: false, at: null, source: null },
      email: { granted: false, at: null, source: null },
    });
  });

  it('records an opt-in, then an opt-out, at the POS as one ledger entry each with that POS as source', async () => {
    const store = f.stores.find((s) => s.vendor === vendor)!;
    if (!store.fields.includes('consents.sms')) {
      // Dutchie keeps no consent on the customer [REFERENCE 4.4]: nothing to opt into there.
      expect(vendor).toBe('dutchie');
      return;
    }
    const { id, externalId } = await unstatedCustomerAt(store);
    const wording = `${vendor} POS marketing preference`;

    await setSmsAtPos(store, externalId, true);
    expect(await ledgerOf(id)).toEqual([{ channel: 'sms', granted: true, source: 'pos', wording }]);
    // Read again unchanged: nothing more.
    await f.pull(store);
    expect((await ledgerOf(id)).length).toBe(1);

    await setSmsAtPos(store, externalId, false);
    expect(await ledgerOf(id)).toEqual([
      { channel: 'sms', granted: true, source: 'pos', wording },
      { channel: 'sms', granted: false, source: 'pos', wording },
    ]);
    const res = await f.request('GET', `/api/v1/customers/${id}`, f.tokens.staff);
    expect(res.json().consents.sms).toMatchObject({ granted: false, source: 'pos' });
  });
});
