/**
 * Sync under vendor faults, five stores on loopback and a real PostgreSQL: 429 storms, 5xx bursts,
 * dropped connections and expired tokens injected at every simulator while pulls and pushes run.
 * Pulls and pushes are retried as the job queue retries them (a pull resumes its run from the last
 * committed page); afterwards everything has converged, and the counts show nothing lost and
 * nothing applied or created twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunView } from '../../src/sync/jobs/sync-runs.ts';
import { inputOf } from '../../src/sync/outbound/creates.ts';
import {
  addWalkIn,
  cursorOf,
  type FiveStores,
  linkCounts,
  liveCustomerCount,
  posRecordsAgainstLinks,
  type StoreUnderTest,
  startFiveStores,
} from '../support/five-store-sync.ts';

const SEEDED = 15;

let f: FiveStores;
beforeAll(async () => {
  f = await startFiveStores({ customersPerStore: SEEDED });
}, 60_000);
afterAll(() => f?.close());

/** A storm at every simulator: connections dropped, then 429s, then 5xx, and every token revoked. */
function storm(store: StoreUnderTest, size: { resets: number; rateLimited: number; serverErrors: number }) {
  store.simulator.faults.set({
    resetBurst: size.resets,
    rateLimitBurst: size.rateLimited,
    serverErrorBurst: size.serverErrors,
    retryAfterSeconds: 0,
  });
  store.simulator.tokens.expireAll();
}

function faultsLeft(store: StoreUnderTest): number {
  const s = store.simulator.faults.settings;
  return s.resetBurst + s.rateLimitBurst + s.serverErrorBurst;
}

describe('sync under vendor faults', () => {
  const firstRuns = new Map<string, SyncRunView>();

  it('pulls every seeded customer exactly once through a fault storm, resuming runs where they stopped', async () => {
    for (const store of f.stores) storm(store, { resets: 2, rateLimited: 4, serverErrors: 3 });
    for (const store of f.stores) firstRuns.set(store.storeId, await f.pull(store));

    for (const store of f.stores) {
      const run = firstRuns.get(store.storeId)!;
      expect(faultsLeft(store), store.name).toBe(0);
      expect(run.status, store.name).toBe('succeeded');
      // Every record applied once: created, never counted again as updated or unchanged.
      expect(run.stats, store.name).toMatchObject({ fetched: SEEDED, created: SEEDED, errors: 0, quarantined: 0 });
      expect(run.stats.updated + run.stats.unchanged + run.stats.linked, store.name).toBe(0);
      const cursor = await cursorOf(f, store.storeId);
      expect(cursor.pass, store.name).toBeNull();
      expect(cursor.since, store.name).not.toBeNull();
      expect(
        [...(await linkCounts(f, store.storeId)).values()].every((n) => n === 1),
        store.name,
      ).toBe(true);
      expect((await linkCounts(f, store.storeId)).size, store.name).toBe(SEEDED);
    }
    // The storm was felt: attempts failed and were resumed.
    expect(f.retried.pulls).toBeGreaterThan(0);
    expect([...firstRuns.values()].some((r) => r.attempts > 1)).toBe(true);
  }, 40_000);

  it('pushes local creates and edits through a fault storm once each, and converges with POS-side changes', async () => {
    const linkRequests = new Map<string, number>();
    const posAdds = new Map<string, number>();
    // Local: three new customers, each asked for at two stores; edits of customers known at each store.
    for (let i = 0; i < 3; i += 1) {
      const res = await f.request('POST', '/api/v1/customers', f.tokens.staff, {
        firstName: 'Stormy',
        lastName: `Weather${i}`,
        dateOfBirth: `197${i}-04-0${i + 1}`,
        phone: `+1702555${7000 + i}`,
        email: `stormy.${i}@example.com`,
        address: { line1: `${i} Rain St`, city: 'Reno', state: 'NV', postalCode: '89501' },
      });
      expect(res.statusCode, res.body).toBe(201);
      for (const store of [f.stores[i]!, f.stores[(i + 2) % f.stores.length]!]) {
        await f.request('POST', `/api/v1/customers/${res.json().id}/stores/${store.storeId}/link`, f.tokens.staff);
        linkRequests.set(store.storeId, (linkRequests.get(store.storeId) ?? 0) + 1);
      }
    }
    let edits = 0;
    // Pushes the POS must refuse, from the seeded data: an edit sends the whole record back, and
    // Treez and Dutchie refuse a phone that is not a valid 10-digit US number [REFERENCE 1.4, 4.3]
    // (the seed holds a few, read back with a phone issue). The other vendors take it as it is.
    const mustRefuse: string[] = [];
    for (const store of f.stores) {
      // In POS id order, so the same seeded records are edited on every run.
      const links = (await f.linksOfStore(store.storeId)).sort((a, b) => a.externalId!.localeCompare(b.externalId!));
      for (const link of links.slice(0, 3)) {
        const res = await f.request('PATCH', `/api/v1/customers/${link.customerId}`, f.tokens.staff, {
          email: `edited.${store.vendor}.${link.externalId!.slice(0, 8)}@example.com`.toLowerCase(),
        });
        if (res.statusCode !== 200) continue;
        edits += 1;
        const held = await store.client.get(link.externalId!);
        const badPhone = held.issues.some((issue) => issue.field === 'phone');
        if (badPhone && (store.vendor === 'treez' || store.vendor === 'dutchie')) {
          mustRefuse.push(`${store.name} ${link.externalId}`);
        }
      }
    }
    expect(edits).toBeGreaterThan(5);

    for (const store of f.stores) storm(store, { resets: 1, rateLimited: 3, serverErrors: 2 });
    await f.drain();
    for (const store of f.stores) expect(faultsLeft(store), store.name).toBe(0);
    const pushRetries = f.retried.pushes;
    expect(pushRetries).toBeGreaterThan(0);

    // At the POS, during another storm: walk-ins and edits of linked customers.
    for (const [i, store] of f.stores.entries()) {
      addWalkIn(store, i);
      posAdds.set(store.storeId, 1);
      const [link] = (await f.linksOfStore(store.storeId)).slice(-1);
      const pos = await store.client.get(link!.externalId!);
      await store.client.update(link!.externalId!, { ...inputOf(pos), lastName: `Posedit${i}` });
      storm(store, { resets: 1, rateLimited: 2, serverErrors: 1 });
    }
    const cycles = await f.settle();
    expect(cycles).toBeLessThanOrEqual(8);

    expect(await f.divergences()).toEqual([]);
    // Exactly the pushes the seeded data makes the POS refuse, each recorded on its link by field,
    // without the values; every other link was compared above.
    const refusals = await f.refusals();
    expect(refusals.map((r) => r.split(':')[0]).sort(), refusals.join('\n')).toEqual(mustRefuse.sort());
    for (const refusal of refusals) {
      expect(refusal).toMatch(/the POS refused the customer's data: .*\(fields: phone\)$/);
    }
    for (const store of f.stores) {
      const refused = f.outcomes.get(store.storeId)!.filter((o) => o === 'refused').length;
      const expected = mustRefuse.filter((r) => r.startsWith(`${store.name} `)).length;
      // A refused link is pushed again on its next change (the POS-side edit may touch it): at least once each.
      if (expected === 0) expect(refused, store.name).toBe(0);
      else expect(refused, store.name).toBeGreaterThanOrEqual(expected);
    }
    for (const store of f.stores) {
      const created = f.outcomes.get(store.storeId)!.filter((o) => o === 'created').length;
      // Nothing created twice: the POS holds its seed, its walk-in and one record per link request.
      expect(created, store.name).toBe(linkRequests.get(store.storeId) ?? 0);
      expect(store.simulator.store.size, store.name).toBe(SEEDED + 1 + created);
      const { listed, notLinkedOnce, links } = await posRecordsAgainstLinks(f, store);
      expect(notLinkedOnce, store.name).toEqual([]);
      expect(links, store.name).toBe(listed.length);
    }
    expect(await liveCustomerCount(f)).toBe(f.stores.length * (SEEDED + 1) + 3);
  }, 60_000);
});
