/**
 * Flowhub contract tests over real loopback HTTP against its simulator: what only Flowhub does. The behaviours
 * every vendor shares (faults, tokens, paging, malformed records, lookups, writes) are in `../contract.test.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_RETRY as fastRetry, NEW_CUSTOMER, pullAll } from '../../../test/support/pos-contract.ts';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { PosAuthFailed, type PosClient, type PosCustomerInput, PosRejected } from '../port.ts';
import { createFlowhubClient, type FlowhubClientOptions } from './client.ts';
import { type FlowhubSimulatorOptions, type RunningFlowhubSimulator, startFlowhubSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

const running: RunningFlowhubSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function setup(
  simOptions: FlowhubSimulatorOptions = {},
  clientOptions: Partial<FlowhubClientOptions> = {},
): Promise<{ sim: RunningFlowhubSimulator; client: PosClient }> {
  const sim = await startFlowhubSimulator({ customers: 12, seed: 11, ...simOptions });
  running.push(sim);
  const client = createFlowhubClient({
    outbound,
    credentials: sim.credentials,
    timeZone: sim.timeZone,
    transport: { retry: fastRetry },
    ...clientOptions,
  });
  return { sim, client };
}

const newCustomer: PosCustomerInput = { ...NEW_CUSTOMER, tags: ['VIP'] };

const statuses = (sim: RunningFlowhubSimulator, route: string) =>
  sim.requests.filter((r) => r.route === route).map((r) => r.status);
const LIST = '/v1/customers/';
const BY_ID = '/v1/customers/:customerId';
const idAt = (sim: RunningFlowhubSimulator, index: number) => sim.store.all()[index]?.id ?? '';

describe('flowhub client: auth [2.2]', () => {
  it('connects with the right headers and proves the location with one store_id read', async () => {
    const { sim, client } = await setup();
    await client.testConnection();
    expect(sim.requests.map((r) => [r.route, r.status])).toEqual([
      [LIST, 200],
      [BY_ID, 200],
    ]);
  });

  it('reports a location the credentials cannot see as AuthFailed', async () => {
    const { sim } = await setup();
    const client = createFlowhubClient({
      outbound,
      credentials: { ...sim.credentials, locationId: 'not-our-store' },
      timeZone: sim.timeZone,
    });
    await expect(client.testConnection()).rejects.toBeInstanceOf(PosAuthFailed);
  });
});

describe('flowhub client: reading [2.3, 2.5]', () => {
  it('declares phone lookup only: Flowhub has no email search, deactivate or merge-update [2.3, 2.4]', async () => {
    const { client } = await setup();
    expect(client.capabilities).toMatchObject({
      findByPhone: true,
      findByEmail: false,
      deactivate: false,
      update: 'full-replace',
    });
    expect(client.findByEmail).toBeUndefined();
    expect(client.deactivate).toBeUndefined();
  });

  it('confirms the end of a pull that fits in one page with one more, empty page', async () => {
    const { sim, client } = await setup({ customers: 3 }, { pageSize: 5 });
    const { customers, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers).toHaveLength(3);
    expect(pages).toBe(2);
    expect(statuses(sim, LIST)).toEqual([200, 200]);
  });

  it('reads everything from a server that cuts page_size to its own maximum without saying so', async () => {
    const { client } = await setup({ customers: 1010 }, { pageSize: 1000 });
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(1010);
    expect(pages).toBe(3); // 500, 500, 10
  });

  it('reads everything again when the saved cursor time is unreadable, rather than failing or skipping', async () => {
    const { client } = await setup({ customers: 7 }, { pageSize: 5 });
    const { customers, next } = await pullAll(client, { since: 'not-a-time', resume: null });
    expect(customers).toHaveLength(7);
    expect(Date.parse(next.since ?? '')).not.toBeNaN();
  });

  it('pages through 3,000 customers within the 45/s default, below the ~59/s where Flowhub answers 429', async () => {
    const { sim, client } = await setup({ customers: 3000 }, { pageSize: 25 });
    const started = Date.now();
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(3000);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    expect(pages).toBe(121); // 120 full pages and the empty one that confirms the end
    expect(sim.requests.some((r) => r.status === 429)).toBe(false);
    // 121 calls: a burst of 23, then 45 a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    // The seed's messy records come through, flagged, not dropped.
    expect(customers.filter((c) => c.issues.length > 0).length).toBeGreaterThan(200);
  }, 20_000);

  it('holds a configured rate limit: 15 calls at 10 a second take over a second', async () => {
    const { sim, client } = await setup({}, { rateLimit: { limit: 10, intervalMs: 1000 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => client.get(idAt(sim, i % 12))));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(statuses(sim, BY_ID)).toHaveLength(15);
  });

  it('keeps two locations of the same client id under one shared rate limit', async () => {
    const { sim, client } = await setup({ customers: 30 });
    const twin = createFlowhubClient({
      outbound,
      credentials: { ...sim.credentials, locationId: 'another-location' },
      timeZone: sim.timeZone,
    });
    await Promise.all(
      Array.from(
        { length: 80 },
        (_, i) =>
          (i % 2 ? client.findByPhone?.('+13135550000') : twin.findByPhone?.('+13135550001')) ?? Promise.resolve(),
      ),
    );
    expect(sim.requests).toHaveLength(80);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });
});

describe('flowhub client: writing [2.3, 2.4]', () => {
  it('creates a customer at the location that Flowhub reads back with its one name split again', async () => {
    const { sim, client } = await setup();
    const created = await client.create(newCustomer);
    expect(created).toMatchObject({
      firstName: 'Devon',
      lastName: 'Okafor',
      phone: '+17025559876',
      email: 'devon.okafor@example.com',
      customerType: 'medical',
      consents: { sms: true, email: false },
      tags: ['VIP'],
      address: newCustomer.address,
    });
    const stored = sim.store.get(created.externalId);
    expect(stored).toMatchObject({ name: 'Devon Okafor', type: 'medCustomer', phone: '7025559876', medId: 'MMJ-1001' });
    expect(await client.get(created.externalId)).toEqual(created);
  });

  it('reports a missing birthday as Rejected on the neutral field', async () => {
    const { client } = await setup();
    const error = await client.create({ ...newCustomer, dateOfBirth: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors).toEqual([
      { path: 'dateOfBirth', message: 'must be in format yyyy-mm-dd' },
    ]);
  });

  it('reports a customer with no state anywhere as Rejected on address.state, since Flowhub requires one', async () => {
    const { client } = await setup();
    const error = await client
      .create({ ...newCustomer, address: null, idDocument: null, medical: null })
      .catch((e: unknown) => e);
    expect((error as PosRejected).fieldErrors.map((f) => f.path)).toEqual(['address.state']);
  });

  it('updates the fields Patron models and keeps isLoyal and the consent it does not know, despite the full PUT', async () => {
    const { sim, client } = await setup();
    const id = idAt(sim, 4);
    sim.editRecord(id, { isLoyal: true, consentsToPromotionalEmail: true });
    const before = await client.get(id);
    const updated = await client.update(id, {
      ...before,
      loyaltyPoints: 250,
      consents: { sms: false, email: null },
      address: { ...newCustomer.address, line1: '9 New Rd' } as PosCustomerInput['address'],
    });
    expect(updated.loyaltyPoints).toBe(250);
    expect(updated.address?.line1).toBe('9 New Rd');
    expect(updated.consents).toEqual({ sms: false, email: true });
    expect(sim.store.get(id)).toMatchObject({ isLoyal: true, loyaltyPoints: 250 });
    expect(statuses(sim, '/v1/customer/:customerId')).toEqual([200]);
  });
});
