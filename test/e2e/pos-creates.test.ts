/**
 * The seed's creation flow and what a POS needs before it refuses (issue 11, points 3 and 4), against
 * real Flowhub, Dutchie and Treez simulators through the registry's clients: a customer created with
 * a home store is created in its POS through the outbox (link `pending`, then `synced` with the POS
 * id), unless the store says `onDemand`; a create or link the POS would refuse for a missing field
 * answers 422 before anything is sent; a refusal while a link request waits is its answer (422/409).
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertApiKey } from '../../src/auth/api-keys.ts';
import { customers } from '../../src/customers/tables.ts';
import type { RunningSimulator } from '../../src/pos/simulator-kit/simulator-types.ts';
import { startVendorSimulator } from '../../src/pos/simulators.ts';
import { dispatchOutbox, type PushTarget } from '../../src/sync/outbound/dispatcher.ts';
import { runPush } from '../../src/sync/outbound/push.ts';
import type { PushDeps } from '../../src/sync/outbound/types.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.ts';

let h: SyncHarness;
let deps: PushDeps;
const sims: Record<'flowhub' | 'dutchie' | 'treez', RunningSimulator<unknown>> = {} as never;
let flowhubStore: string;
let dutchieStore: string;
let treezStore: string;
let n = 0;

beforeAll(async () => {
  h = await createSyncHarness({ linkWaitMs: 8_000 });
  // Pushes with each store's own vendor client from the registry (the harness's `clientFor` is Treez-only).
  deps = { db: h.database.db, vault: h.deps.vault, protection: h.deps.protection, outbound: h.deps.outbound };
  flowhubStore = h.demo.storeIds.Flowhub;
  dutchieStore = h.demo.storeIds.Dutchie;
  treezStore = h.demo.storeIds.Treez;
  for (const [vendor, storeId] of [
    ['flowhub', flowhubStore],
    ['dutchie', dutchieStore],
    ['treez', treezStore],
  ] as const) {
    const started = await startVendorSimulator(vendor, { customers: 0 });
    sims[vendor] = started.simulator;
    const put = await h.request('PUT', `/api/v1/stores/${storeId}/integration`, h.tokens.admin, {
      vendor,
      credentials: started.credentials,
      pollIntervalSeconds: 300,
    });
    expect(put.statusCode, put.body).toBe(200);
  }
});
afterAll(async () => {
  await Promise.allSettled(Object.values(sims).map((s) => s.close()));
  await h.close();
});

/** What the simulator's admin surface says it received: calls of its API and customers held. */
async function seenBy(vendor: keyof typeof sims): Promise<{ calls: number; customers: number }> {
  const base = sims[vendor].url;
  const requests = (await (await fetch(`${base}/_sim/requests`)).json()) as { requests: unknown[] };
  const held = (await (await fetch(`${base}/_sim/customers`)).json()) as { total: number };
  return { calls: requests.requests.length, customers: held.total };
}

function person(extra: Record<string, unknown> = {}) {
  n += 1;
  return {
    firstName: 'Home',
    lastName: `Store${n}`,
    dateOfBirth: `1986-05-${String((n % 27) + 1).padStart(2, '0')}`,
    email: `home.store${n}@example.com`,
    ...extra,
  };
}

const ADDRESS = { line1: '1 Main St', city: 'Denver', state: 'CO', postalCode: '80202' };

/** Dispatches the outbox and runs the pushes it asked for, as the worker would. */
async function drain(): Promise<PushTarget[]> {
  const targets: PushTarget[] = [];
  while ((await dispatchOutbox(h.database.db, async (t) => void targets.push(t))) > 0) {
    // until empty
  }
  for (const target of targets) await runPush(deps, target);
  return targets;
}

async function syncState(customerId: string) {
  const res = await h.request('GET', `/api/v1/customers/${customerId}/sync`, h.tokens.staff);
  expect(res.statusCode).toBe(200);
  const page = res.json() as {
    items: { storeId: string; vendor: string; externalId: string | null; status: string }[];
    nextCursor: string | null;
  };
  expect(page.nextCursor).toBeNull();
  return page.items;
}

async function linkRow(customerId: string, storeId: string) {
  const [row] = await h.database.ownerDb
    .select()
    .from(customerLinks)
    .where(and(eq(customerLinks.customerId, customerId), eq(customerLinks.storeId, storeId)));
  return row;
}

/** A link request, with its push run in this process once the request has asked for it (no worker runs here). */
async function linkWhilePushing(customerId: string, storeId: string) {
  const answer = h.request('POST', `/api/v1/customers/${customerId}/stores/${storeId}/link`, h.tokens.staff);
  for (let i = 0; i < 200; i++) {
    const row = await linkRow(customerId, storeId);
    if (row?.status === 'pending' && row.refusal === null) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await runPush(deps, { orgId: h.demo.orgId, storeId, customerId });
  return answer;
}

async function customersNamed(lastName: string): Promise<number> {
  const [row] = await h.database.ownerDb
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(eq(customers.lastName, lastName));
  return row!.n;
}

async function setCreateAtPos(storeId: string, createAtPos: 'onCreate' | 'onDemand') {
  const res = await h.request('PATCH', `/api/v1/stores/${storeId}`, h.tokens.admin, { createAtPos });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().createAtPos).toBe(createAtPos);
}

describe("a store's POS requirements", () => {
  it('shows on GET /stores/{id} and the list what each POS needs to create a customer, and createAtPos onCreate', async () => {
    const flowhub = (await h.request('GET', `/api/v1/stores/${flowhubStore}`, h.tokens.staff)).json();
    expect(flowhub).toMatchObject({
      createAtPos: 'onCreate',
      posRequires: ['firstName', 'dateOfBirth', 'address.state'],
      posVendor: 'flowhub',
    });
    const dutchie = (await h.request('GET', `/api/v1/stores/${dutchieStore}`, h.tokens.staff)).json();
    expect(dutchie.posRequires).toEqual([
      'firstName',
      'lastName',
      'dateOfBirth',
      'phone',
      'medical.cardNumber',
      'medical.expiresOn',
    ]);
    const list = (await h.request('GET', '/api/v1/stores', h.tokens.staff)).json();
    const byName = Object.fromEntries(list.items.map((s: { name: string; posRequires: string[] }) => [s.name, s]));
    expect(byName['Flowhub Store'].posRequires).toEqual(['firstName', 'dateOfBirth', 'address.state']);
    expect(byName['Treez Store'].posRequires).toEqual(['firstName', 'lastName', 'dateOfBirth']);
    // No integration, nothing to require.
    expect(byName['Cova Store']).toMatchObject({ posRequires: [], posVendor: null, createAtPos: 'onCreate' });
  });

  it('answers 422 naming address.state for a Flowhub home store, and nothing reaches Flowhub or the database', async () => {
    const before = await seenBy('flowhub');
    const body = person({ homeStoreId: flowhubStore });
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual([
      { path: 'address.state', message: 'Flowhub needs a state in the address to create this customer' },
    ]);
    await drain();
    expect(await seenBy('flowhub')).toEqual(before);
    expect(await customersNamed(body.lastName)).toBe(0);
  });

  it('answers 422 naming the phone for a Dutchie home store, and nothing reaches Dutchie or the database', async () => {
    const before = await seenBy('dutchie');
    const body = person({ homeStoreId: dutchieStore });
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toEqual([
      { path: 'phone', message: 'Dutchie needs a phone number to create this customer' },
    ]);
    await drain();
    expect(await seenBy('dutchie')).toEqual(before);
    expect(await customersNamed(body.lastName)).toBe(0);
  });

  it("answers a kiosk signup at a Dutchie store without a phone with 422, by both of a kiosk's routes", async () => {
    const kiosk = await insertApiKey(h.database.db, h.demo.orgId, {
      name: 'Dutchie kiosk',
      role: 'kiosk',
      storeId: dutchieStore,
    });
    const before = await seenBy('dutchie');
    const body = person();
    for (const url of ['/api/v1/kiosk/signup', '/api/v1/customers']) {
      const res = await h.request('POST', url, kiosk.key, body);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors).toEqual([
        { path: 'phone', message: 'Dutchie needs a phone number to create this customer' },
      ]);
    }
    await drain();
    expect(await seenBy('dutchie')).toEqual(before);
    expect(await customersNamed(body.lastName)).toBe(0);
  });
});

describe('created in the home store POS (createAtPos onCreate)', () => {
  it('shows the link pending right after the create, then synced with the POS id once the push ran; Flowhub holds them', async () => {
    const body = person({ homeStoreId: flowhubStore, address: ADDRESS });
    const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, body);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    expect(await syncState(id)).toEqual([
      expect.objectContaining({ storeId: flowhubStore, vendor: 'flowhub', externalId: null, status: 'pending' }),
    ]);

    const targets = await drain();
    expect(targets).toContainEqual({ orgId: h.demo.orgId, storeId: flowhubStore, customerId: id });
    const [state] = await syncState(id);
    expect(state).toMatchObject({ storeId: flowhubStore, vendor: 'flowhub', status: 'synced' });
    expect(state!.externalId).toEqual(expect.any(String));
    expect(sims.flowhub.customerOf(state!.externalId!)).toMatchObject({
      firstName: 'Home',
      middleName: null,
      lastName: body.lastName,
      address: expect.objectContaining({ state: 'CO' }),
      email: body.email,
    });
  });

  it('creates a kiosk signup in the kiosk store POS too', async () => {
    const kiosk = await insertApiKey(h.database.db, h.demo.orgId, {
      name: 'Flowhub kiosk',
      role: 'kiosk',
      storeId: flowhubStore,
    });
    const res = await h.request('POST', '/api/v1/kiosk/signup', kiosk.key, person({ address: ADDRESS }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().customer.id as string;
    expect((await syncState(id)).map((s) => [s.storeId, s.status])).toEqual([[flowhubStore, 'pending']]);
    await drain();
    const [state] = await syncState(id);
    expect(state).toMatchObject({ status: 'synced', externalId: expect.any(String) });
    expect(sims.flowhub.store.get(state!.externalId!)).toBeDefined();
  });
});

describe('a create whose customer lost a needed field before the push', () => {
  it('is refused on the link without calling the POS, and a link request then answers 422', async () => {
    const res = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      person({ homeStoreId: flowhubStore, address: ADDRESS }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const edit = await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { address: null });
    expect(edit.statusCode, edit.body).toBe(200);
    const before = await seenBy('flowhub');
    await drain();
    expect(await seenBy('flowhub')).toEqual(before);
    expect(await syncState(id)).toEqual([
      expect.objectContaining({
        status: 'error',
        externalId: null,
        lastError: 'the customer lacks fields this POS needs to create them',
      }),
    ]);
    const link = await h.request('POST', `/api/v1/customers/${id}/stores/${flowhubStore}/link`, h.tokens.staff);
    expect(link.statusCode, link.body).toBe(422);
    expect(link.json().errors).toEqual([
      { path: 'address.state', message: 'Flowhub needs a state in the address to create this customer' },
    ]);
    expect(await seenBy('flowhub')).toEqual(before);
  });
});

describe('createAtPos onDemand', () => {
  it('accepts a customer the POS could not create, creates no link and sends nothing; a link request answers 422', async () => {
    await setCreateAtPos(flowhubStore, 'onDemand');
    try {
      expect((await h.request('GET', `/api/v1/stores/${flowhubStore}`, h.tokens.staff)).json().createAtPos).toBe(
        'onDemand',
      );
      const before = await seenBy('flowhub');
      const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, person({ homeStoreId: flowhubStore }));
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as string;
      expect(await syncState(id)).toEqual([]);
      await drain();
      expect(await seenBy('flowhub')).toEqual(before);

      const link = await h.request('POST', `/api/v1/customers/${id}/stores/${flowhubStore}/link`, h.tokens.staff);
      expect(link.statusCode, link.body).toBe(422);
      expect(link.json().errors).toEqual([
        { path: 'address.state', message: 'Flowhub needs a state in the address to create this customer' },
      ]);
      expect(await syncState(id)).toEqual([]);
      await drain();
      expect(await seenBy('flowhub')).toEqual(before);
    } finally {
      await setCreateAtPos(flowhubStore, 'onCreate');
    }
  });

  it('leaves a complete customer unlinked until asked, then the link request creates them at the POS', async () => {
    await setCreateAtPos(flowhubStore, 'onDemand');
    try {
      const res = await h.request(
        'POST',
        '/api/v1/customers',
        h.tokens.staff,
        person({ homeStoreId: flowhubStore, address: ADDRESS }),
      );
      const id = res.json().id as string;
      await drain();
      expect(await syncState(id)).toEqual([]);
      const link = await linkWhilePushing(id, flowhubStore);
      expect(link.statusCode, link.body).toBe(200);
      expect(sims.flowhub.store.get(link.json().externalId)).toBeDefined();
    } finally {
      await setCreateAtPos(flowhubStore, 'onCreate');
    }
  });
});

describe('a refusal by the POS during a link request', () => {
  it('answers 422 naming the phone when Dutchie refuses a number that is not a US one', async () => {
    const res = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      person({ homeStoreId: dutchieStore, phone: '+44 20 7946 0018' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await drain();
    expect(await syncState(id)).toEqual([expect.objectContaining({ status: 'error', externalId: null })]);

    const link = await linkWhilePushing(id, dutchieStore);
    expect(link.statusCode, link.body).toBe(422);
    expect(link.json().errors).toEqual([{ path: 'phone', message: expect.stringMatching(/dutchie POS refused/) }]);
    expect(sims.dutchie.store.size).toBe(0);
  });

  it('answers 409 when Treez already holds another customer with that phone', async () => {
    sims.treez.addCustomer({ firstName: 'Other', lastName: 'Person', dateOfBirth: '1970-01-01', phone: '7025550177' });
    const res = await h.request(
      'POST',
      '/api/v1/customers',
      h.tokens.staff,
      person({ homeStoreId: treezStore, phone: '(702) 555-0177' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    await drain();
    expect(await syncState(id)).toEqual([expect.objectContaining({ status: 'error', externalId: null })]);

    const link = await linkWhilePushing(id, treezStore);
    expect(link.statusCode, link.body).toBe(409);
    expect(link.json().detail).toBe(
      'The treez POS already holds another customer with the same phone: check whether they are this person, and correct the record here or at the POS.',
    );
  });
});

describe('a link request for an id that is no customer', () => {
  it('answers 404 problem+json for a customer id that is not even a UUID, not 500', async () => {
    const res = await h.request('POST', `/api/v1/customers/x/stores/${flowhubStore}/link`, h.tokens.staff);
    expect(res.statusCode, res.body).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
