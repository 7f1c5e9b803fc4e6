/**
 * Orders end to end (src/orders/): POST /orders for staff and integration keys with the kiosk's rules
 * (the same reference and customer answer the same, another customer's reference 409, the store's POS
 * learns the customer), store-bound integration keys, and GET /customers/{id}/orders with every channel.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey } from '../../src/auth/api-keys.ts';
import { runPush } from '../../src/sync/outbound/push.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.ts';

let h: SyncHarness;
let posStore: string;
/** A store without a POS integration: an order there is attached locally, posCustomerId null. */
let plainStore: string;
let n = 0;

beforeAll(async () => {
  h = await createSyncHarness({ linkWaitMs: 8_000 });
  posStore = h.demo.storeIds.Treez;
  plainStore = h.demo.storeIds.Dutchie;
  const sim = await h.startSimulator({ customers: 0 });
  await h.connect(posStore, sim);
});
afterAll(() => h.close());

async function newCustomer(): Promise<string> {
  n += 1;
  const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
    firstName: 'Order',
    lastName: `Placer${n}`,
    dateOfBirth: '1982-03-04',
    phone: `+1702555${String(6000 + n).padStart(4, '0')}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function linkRow(customerId: string) {
  const [row] = await h.database.ownerDb
    .select()
    .from(customerLinks)
    .where(and(eq(customerLinks.customerId, customerId), eq(customerLinks.storeId, posStore)));
  return row;
}

/** Places the order while pushing the pending link in-process, as a worker would (none runs here). */
async function placeWithPush(token: string, body: { orderRef: string; customerId: string; storeId: string }) {
  const answer = Promise.resolve(h.request('POST', '/api/v1/orders', token, body));
  let link = await linkRow(body.customerId);
  for (let i = 0; !link && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    link = await linkRow(body.customerId);
  }
  await runPush(h.deps, { orgId: h.demo.orgId, storeId: posStore, customerId: body.customerId });
  return answer;
}

describe('POST /orders', () => {
  it("attaches a staff order to the customer and answers the store POS's id; again the same; another customer 409", async () => {
    const customerId = await newCustomer();
    const body = { orderRef: `S-${n}`, customerId, storeId: posStore };
    const res = await placeWithPush(h.tokens.staff, body);
    expect(res.statusCode, res.body).toBe(200);
    const posCustomerId = (await linkRow(customerId))!.externalId!;
    expect(res.json()).toEqual({ orderRef: body.orderRef, customerId, posCustomerId });

    const again = await h.request('POST', '/api/v1/orders', h.tokens.staff, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(res.json());

    const other = await newCustomer();
    const taken = await h.request('POST', '/api/v1/orders', h.tokens.staff, { ...body, customerId: other });
    expect(taken.statusCode).toBe(409);
    expect(taken.headers['content-type']).toContain('application/problem+json');
  });

  it('takes orders from an integration key, and a store-bound key at its own store only (403 elsewhere)', async () => {
    const customerId = await newCustomer();
    const res = await h.request('POST', '/api/v1/orders', h.tokens.integration, {
      orderRef: `I-${n}`,
      customerId,
      storeId: plainStore,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ orderRef: `I-${n}`, customerId, posCustomerId: null });

    const bound = await insertApiKey(h.database.db, h.demo.orgId, {
      name: 'Bound order system',
      role: 'integration',
      storeId: plainStore,
    });
    const elsewhere = await h.request('POST', '/api/v1/orders', bound.key, {
      orderRef: `B-${n}`,
      customerId,
      storeId: posStore,
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(403);
    const own = await h.request('POST', '/api/v1/orders', bound.key, {
      orderRef: `B-${n}`,
      customerId,
      storeId: plainStore,
    });
    expect(own.statusCode, own.body).toBe(200);
  });

  it('answers 422 for a malformed order and 404 for an unknown customer or store', async () => {
    const customerId = await newCustomer();
    for (const body of [
      { orderRef: '', customerId, storeId: plainStore },
      { orderRef: 'X', customerId },
      { orderRef: 'X', customerId: 'not-a-uuid', storeId: plainStore },
      { orderRef: 'X', customerId, storeId: plainStore, extra: true },
    ]) {
      const res = await h.request('POST', '/api/v1/orders', h.tokens.staff, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
    }
    const unknown = '00000000-0000-4000-8000-000000000000';
    const noCustomer = await h.request('POST', '/api/v1/orders', h.tokens.staff, {
      orderRef: 'X',
      customerId: unknown,
      storeId: plainStore,
    });
    expect(noCustomer.statusCode).toBe(404);
    const noStore = await h.request('POST', '/api/v1/orders', h.tokens.staff, {
      orderRef: 'X',
      customerId,
      storeId: unknown,
    });
    expect(noStore.statusCode).toBe(404);
  });
});

describe('GET /customers/{id}/orders', () => {
  it('lists kiosk and staff orders with their channel and store, newest first, page by page', async () => {
    const customerId = await newCustomer();
    const kiosk = await placeKioskOrder(customerId, `K-${n}`);
    expect(kiosk.statusCode, kiosk.body).toBe(200);
    const staff = await h.request('POST', '/api/v1/orders', h.tokens.staff, {
      orderRef: `C-${n}`,
      customerId,
      storeId: plainStore,
    });
    expect(staff.statusCode, staff.body).toBe(200);

    const res = await h.request('GET', `/api/v1/customers/${customerId}/orders`, h.tokens.staff);
    expect(res.statusCode, res.body).toBe(200);
    const storeName = async (id: string) =>
      (await h.request('GET', `/api/v1/stores/${id}`, h.tokens.staff)).json().name;
    expect(res.json()).toEqual({
      items: [
        {
          orderRef: `C-${n}`,
          storeId: plainStore,
          storeName: await storeName(plainStore),
          channel: 'staff',
          posCustomerId: null,
          createdAt: expect.any(String),
        },
        {
          orderRef: `K-${n}`,
          storeId: posStore,
          storeName: await storeName(posStore),
          channel: 'kiosk',
          posCustomerId: kiosk.json().posCustomerId,
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });

    const first = await h.request('GET', `/api/v1/customers/${customerId}/orders?limit=1`, h.tokens.staff);
    expect(first.json().items.map((o: { orderRef: string }) => o.orderRef)).toEqual([`C-${n}`]);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    const second = await h.request(
      'GET',
      `/api/v1/customers/${customerId}/orders?limit=1&cursor=${encodeURIComponent(first.json().nextCursor)}`,
      h.tokens.staff,
    );
    expect(second.json().items.map((o: { orderRef: string }) => o.orderRef)).toEqual([`K-${n}`]);
    expect(second.json().nextCursor).toBeNull();
  });

  it('answers 404 for an unknown customer and for a customer of another organization, 422 for a bad page', async () => {
    const unknown = await h.request(
      'GET',
      '/api/v1/customers/00000000-0000-4000-8000-000000000000/orders',
      h.tokens.staff,
    );
    expect(unknown.statusCode).toBe(404);
    const customerId = await newCustomer();
    const foreign = await h.request('GET', `/api/v1/customers/${customerId}/orders`, h.tokens.otherAdmin);
    expect(foreign.statusCode).toBe(404);
    const foreignOrder = await h.request('POST', '/api/v1/orders', h.tokens.otherAdmin, {
      orderRef: 'F-1',
      customerId,
      storeId: plainStore,
    });
    expect(foreignOrder.statusCode).toBe(404);
    const badLimit = await h.request('GET', `/api/v1/customers/${customerId}/orders?limit=0`, h.tokens.staff);
    expect(badLimit.statusCode).toBe(422);
    const badCursor = await h.request('GET', `/api/v1/customers/${customerId}/orders?cursor=nonsense`, h.tokens.staff);
    expect(badCursor.statusCode).toBe(422);
  });
});

/** A kiosk order at the kiosk's store (Treez, with a POS), pushing the link in-process. */
async function placeKioskOrder(customerId: string, orderRef: string) {
  const answer = Promise.resolve(h.request('POST', '/api/v1/kiosk/orders', h.tokens.kiosk, { orderRef, customerId }));
  let link = await linkRow(customerId);
  for (let i = 0; !link && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    link = await linkRow(customerId);
  }
  await runPush(h.deps, { orgId: h.demo.orgId, storeId: posStore, customerId });
  return answer;
}
