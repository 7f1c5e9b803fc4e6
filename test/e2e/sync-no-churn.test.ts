/**
 * Sync must not churn (issue 11, point 1): a customer linked to all five stores (one per vendor,
 * real simulators, real PostgreSQL), edited once by staff, then pulled again and again from every
 * store. The POSes read back exactly what Patron holds, so the pulls change nothing: the version
 * (the ETag a staff member holds), the audit trail, the consent ledger and the outbox stay as they
 * were, and a webhook subscriber of `customer.updated` is told nothing. Loyalty is per store: a
 * balance read at one POS is held for that store and is no edit of the customer.
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvents, customers, syncOutbox } from '../../src/customers/tables.ts';
import { loyaltyBalances } from '../../src/loyalty/tables.ts';
import { auditEvents } from '../../src/privacy/tables.ts';
import { inputOf } from '../../src/sync/outbound/creates.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { webhookChangeConsumer } from '../../src/webhooks/delivery.ts';
import { webhookDeliveries } from '../../src/webhooks/tables.ts';
import { type FiveStores, startFiveStores } from '../support/five-store-sync.ts';

const ROUNDS = 4;

let f: FiveStores;
let customerId: string;
let subscriptionId: string;

beforeAll(async () => {
  // The dispatcher writes a delivery row per subscribed event, as the worker's hook does; no job
  // runs them here, the rows are what is counted.
  f = await startFiveStores({ customersPerStore: 3, outboxHook: webhookChangeConsumer(async () => undefined) });
  await f.settle();
  const created = await f.request('POST', '/api/v1/customers', f.tokens.staff, {
    firstName: 'Steady',
    lastName: 'Everywhere',
    dateOfBirth: '1985-03-14',
    phone: '+17025550177',
    email: 'steady.everywhere@example.com',
    // Flowhub refuses a customer without a state [REFERENCE 2.4].
    address: { line1: '5 Quiet Lane', city: 'Reno', state: 'NV', postalCode: '89501' },
  });
  expect(created.statusCode, created.body).toBe(201);
  customerId = created.json().id;
  for (const store of f.stores) {
    const link = await f.request(
      'POST',
      `/api/v1/customers/${customerId}/stores/${store.storeId}/link`,
      f.tokens.staff,
    );
    expect(link.statusCode, link.body).toBe(202);
  }
  await f.settle();
  const links = await f.database.ownerDb
    .select({ storeId: customerLinks.storeId, externalId: customerLinks.externalId, status: customerLinks.status })
    .from(customerLinks)
    .where(eq(customerLinks.customerId, customerId));
  expect(links.filter((l) => l.externalId !== null && l.status === 'synced').length, JSON.stringify(links)).toBe(5);
}, 90_000);
afterAll(() => f?.close());

/** The customer's trail of changes (views and searches are reads, not changes). */
async function changeTrail(id: string) {
  return f.database.ownerDb
    .select({ id: auditEvents.id, action: auditEvents.action, fields: auditEvents.fields })
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, id), sql`${auditEvents.action} NOT IN ('view', 'search')`))
    .orderBy(auditEvents.id);
}

async function countOf(table: typeof consentEvents | typeof syncOutbox, id: string) {
  const [row] = await f.database.ownerDb
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(eq(table.customerId, id));
  return row!.n;
}

async function basesOf(id: string) {
  return f.database.ownerDb
    .select({ storeId: customerLinks.storeId, base: customerLinks.posBaseEnc })
    .from(customerLinks)
    .where(eq(customerLinks.customerId, id))
    .orderBy(customerLinks.storeId);
}

async function deliveriesOf(subscription: string) {
  return f.database.ownerDb
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, subscription))
    .orderBy(webhookDeliveries.id);
}

async function pullEveryStore(rounds: number) {
  for (let round = 0; round < rounds; round += 1) {
    for (const store of f.stores) {
      const run = await f.pull(store);
      expect(run.status, `${store.name}: ${run.error}`).toBe('succeeded');
    }
    await f.drain();
  }
}

describe('a customer linked to all five stores', () => {
  it('keeps its version, audit trail and ledgers, and tells webhook subscribers nothing, over repeated pulls', async () => {
    // A staff save of a field every vendor holds, pushed to all five POSes: each then holds a record
    // changed a moment ago, which the next incremental pulls read back.
    const saved = await f.request('PATCH', `/api/v1/customers/${customerId}`, f.tokens.staff, {
      email: 'steady.saved@example.com',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const etag = saved.headers.etag as string;
    const version = saved.json().version as number;
    expect(etag).toBe(`"${version}"`);
    await f.drain();

    const sub = await f.request('POST', '/api/v1/webhook-subscriptions', f.tokens.admin, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['customer.updated'],
      secret: 'a-secret-of-sixteen-or-more',
    });
    expect(sub.statusCode, sub.body).toBe(201);
    subscriptionId = sub.json().id;

    const trail = await changeTrail(customerId);
    const consents = await countOf(consentEvents, customerId);
    const outbox = await countOf(syncOutbox, customerId);
    const [rowBefore] = await f.database.ownerDb.select().from(customers).where(eq(customers.id, customerId));
    const basesBefore = await basesOf(customerId);

    await pullEveryStore(ROUNDS);

    const [rowAfter] = await f.database.ownerDb.select().from(customers).where(eq(customers.id, customerId));
    expect(rowAfter!.version).toBe(version);
    expect(rowAfter!.updatedAt).toEqual(rowBefore!.updatedAt);
    expect(rowAfter!.fieldChangedAt).toEqual(rowBefore!.fieldChangedAt);
    expect(await changeTrail(customerId)).toEqual(trail);
    expect(await countOf(consentEvents, customerId)).toBe(consents);
    expect(await countOf(syncOutbox, customerId)).toBe(outbox);
    // The links' bases (what each POS holds, sealed) are not rewritten for a record read back as it was.
    expect(await basesOf(customerId)).toEqual(basesBefore);
    expect(await deliveriesOf(subscriptionId)).toEqual([]);

    // The staff member's next save, with the ETag of their own save before the pulls, goes through.
    const next = await f.app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${customerId}`,
      headers: { authorization: `Bearer ${f.tokens.staff}`, 'if-match': etag },
      payload: { email: 'steady.next@example.com' },
    });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().version).toBe(version + 1);
    await f.drain();
  }, 120_000);

  it('holds one loyalty balance per store, and a balance changed at one POS is no edit of the customer', async () => {
    const flowhub = f.stores.find((s) => s.vendor === 'flowhub')!;
    const treez = f.stores.find((s) => s.vendor === 'treez')!;
    await pullEveryStore(1);
    const before = (await f.request('GET', `/api/v1/customers/${customerId}`, f.tokens.staff)).json();
    const trail = await changeTrail(customerId);
    const outbox = await countOf(syncOutbox, customerId);
    const deliveriesBefore = await deliveriesOf(subscriptionId);

    const linkAt = async (storeId: string) =>
      (
        await f.database.ownerDb
          .select({ externalId: customerLinks.externalId })
          .from(customerLinks)
          .where(and(eq(customerLinks.customerId, customerId), eq(customerLinks.storeId, storeId)))
      )[0]!.externalId!;
    for (const [store, points] of [
      [flowhub, 120],
      [treez, 35],
    ] as const) {
      const externalId = await linkAt(store.storeId);
      const pos = await store.client.get(externalId);
      await store.client.update(externalId, { ...inputOf(pos), loyaltyPoints: points });
    }
    const readFrom = new Date();
    await pullEveryStore(2);

    const after = await f.request('GET', `/api/v1/customers/${customerId}`, f.tokens.staff);
    const body = after.json();
    expect(body.version).toBe(before.version);
    expect(after.headers.etag).toBe(`"${before.version}"`);
    const byStore = new Map(
      (body.loyaltyByStore as { storeId: string; vendor: string; points: number }[]).map((b) => [b.storeId, b]),
    );
    expect(byStore.get(flowhub.storeId)).toMatchObject({ vendor: 'flowhub', points: 120 });
    expect(byStore.get(treez.storeId)).toMatchObject({ vendor: 'treez', points: 35 });
    const others = [...byStore.values()].filter((b) => b.storeId !== flowhub.storeId && b.storeId !== treez.storeId);
    // The other stores' POSes hold no points for this new customer (0, or no balance reported).
    expect(others.every((b) => b.points === 0)).toBe(true);
    expect(body.loyalty.points).toBe(155);
    expect(await changeTrail(customerId)).toEqual(trail);
    expect(await countOf(syncOutbox, customerId)).toBe(outbox);

    // Each balance was written once, by the pull that read it; the second round wrote nothing.
    const rows = await f.database.ownerDb
      .select({ storeId: loyaltyBalances.storeId, readAt: loyaltyBalances.readAt })
      .from(loyaltyBalances)
      .where(
        and(
          eq(loyaltyBalances.customerId, customerId),
          inArray(loyaltyBalances.storeId, [flowhub.storeId, treez.storeId]),
          gt(loyaltyBalances.readAt, readFrom),
        ),
      );
    expect(rows.length).toBe(2);
    const readAt = new Map(rows.map((r) => [r.storeId, r.readAt.toISOString()]));
    await pullEveryStore(1);
    const again = (await f.request('GET', `/api/v1/customers/${customerId}`, f.tokens.staff)).json();
    for (const b of again.loyaltyByStore as { storeId: string; readAt: string }[]) {
      if (readAt.has(b.storeId)) expect(b.readAt).toBe(readAt.get(b.storeId));
    }
    expect(await deliveriesOf(subscriptionId)).toEqual(deliveriesBefore);
  }, 120_000);
});
