/**
 * Dutchie contract tests over real loopback HTTP against its simulator: what only Dutchie does. The behaviours
 * every vendor shares (faults, tokens, paging, malformed records, lookups, writes) are in `../contract.test.ts`.
 */
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_RETRY as fastRetry, NEW_CUSTOMER, pullAll } from '../../../test/support/pos-contract.ts';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { PosAuthFailed, type PosClient, type PosCustomerInput, PosNotFound, PosRejected } from '../port.ts';
import { createDutchieClient, DUTCHIE_RATE_LIMIT, type DutchieClientOptions } from './client.ts';
import { type DutchieSimulatorOptions, type RunningDutchieSimulator, startDutchieSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

const running: RunningDutchieSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function setup(
  simOptions: DutchieSimulatorOptions = {},
  clientOptions: Partial<DutchieClientOptions> = {},
): Promise<{ sim: RunningDutchieSimulator; client: PosClient }> {
  const sim = await startDutchieSimulator({ customers: 12, seed: 11, ...simOptions });
  running.push(sim);
  const client = createDutchieClient({
    outbound,
    credentials: sim.credentials,
    transport: { retry: fastRetry },
    ...clientOptions,
  });
  return { sim, client };
}

const newCustomer: PosCustomerInput = {
  ...NEW_CUSTOMER,
  gender: 'male',
  medical: { cardNumber: 'MMJ-1001', state: null, expiresOn: '2027-06-30' },
  idDocument: { type: 'drivers_license', number: 'NV123456', state: null, expiresOn: '2030-01-01' },
  consents: { sms: null, email: null },
  loyaltyPoints: null,
};

const statuses = (sim: RunningDutchieSimulator, route: string) =>
  sim.requests.filter((r) => r.route === route).map((r) => r.status);

describe('dutchie client: auth [4.2]', () => {
  it('connects with the location key as Basic user name: whoami, then one customer page', async () => {
    const { sim, client } = await setup();
    await client.testConnection();
    expect(sim.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      '/whoami 200',
      '/customer/customers-paginated 200',
    ]);
  });

  it('reports a key without the customer scope as AuthFailed on the 403, after whoami accepted it', async () => {
    const { sim } = await setup({ scopedKeys: { 'reporting-only': ['reporting'] } });
    const client = createDutchieClient({ outbound, credentials: { ...sim.credentials, apiKey: 'reporting-only' } });
    await expect(client.testConnection()).rejects.toBeInstanceOf(PosAuthFailed);
    expect(sim.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      '/whoami 200',
      '/customer/customers-paginated 403',
    ]);
  });

  it('reads customers with a key lacking the reporting scope, leaving loyalty unknown', async () => {
    const { sim } = await setup({ scopedKeys: { 'customers-only': ['customers'] } });
    const client = createDutchieClient({ outbound, credentials: { ...sim.credentials, apiKey: 'customers-only' } });
    const { customers } = await pullAll(client, { since: null, resume: null });
    expect(customers).toHaveLength(12);
    expect(customers.every((c) => c.loyaltyPoints === null)).toBe(true);
    expect(statuses(sim, '/reporting/loyalty-snapshot')).toEqual([403]);
  });
});

describe('dutchie client: reading', () => {
  it('gets one customer by id from the full list, with loyalty from the snapshot, and reports an unknown id as NotFound', async () => {
    const { sim, client } = await setup();
    sim.loyalty.set('3', 275);
    const customer = await client.get('3');
    expect(customer.externalId).toBe('3');
    expect(customer.lastName?.toLowerCase()).toBe(sim.store.get('3')?.lastName?.trim().toLowerCase());
    expect(customer.loyaltyPoints).toBe(275);
    await expect(client.get('9999')).rejects.toBeInstanceOf(PosNotFound);
    await expect(client.get('not-a-number')).rejects.toBeInstanceOf(PosNotFound);
    expect(statuses(sim, '/customer/customers')).toEqual([200, 200]);
  });

  it('fetches the loyalty snapshot once for many reads', async () => {
    const { sim, client } = await setup();
    for (const id of ['1', '2', '3']) await client.get(id);
    await pullAll(client, { since: null, resume: null });
    expect(statuses(sim, '/reporting/loyalty-snapshot')).toEqual([200]);
  });

  it('pages through a few thousand customers within the published limits without a 429', async () => {
    const { sim, client } = await setup({ customers: 3000 });
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(3000);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    // 30 full pages of 100 [4.5] and the empty one that ends the pull.
    expect(pages).toBe(31);
    expect(sim.requests.some((r) => r.status === 429)).toBe(false);
    // The seed's messy records come through, flagged, not dropped.
    expect(customers.filter((c) => c.issues.length > 0).length).toBeGreaterThan(150);
    expect(customers.filter((c) => c.loyaltyPoints !== null)).toHaveLength(customers.length);
  }, 20_000);
});

describe('dutchie client: servers that ignore paging (the "or none" variant [summary, 4.5])', () => {
  /** A server answering every page with `rows`, as a Dutchie host without paging would. */
  async function unpaged(rows: unknown[]) {
    const app = Fastify();
    let calls = 0;
    app.get('/reporting/loyalty-snapshot', async () => []);
    app.get('/customer/customers-paginated', async () => {
      calls += 1;
      return rows;
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = createDutchieClient({
      outbound,
      credentials: { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' },
      pageSize: 2,
    });
    return { app, client, calls: () => calls };
  }
  const row = (id: number) => ({
    customerId: id,
    firstName: 'A',
    lastName: 'B',
    lastModifiedDateUTC: '2025-01-01T00:00:00',
  });

  it('ends the pull after one answer longer than the page asked for', async () => {
    const { app, client, calls } = await unpaged([row(1), row(2), row(3)]);
    try {
      const { customers, pages } = await pullAll(client, { since: null, resume: null }, 5);
      expect([customers.length, pages, calls()]).toEqual([3, 1, 1]);
    } finally {
      await app.close();
    }
  });

  it('ends the pull when a page repeats the one before, instead of looping forever', async () => {
    const { app, client, calls } = await unpaged([row(1), row(2)]);
    try {
      const { pages } = await pullAll(client, { since: null, resume: null }, 5);
      expect([pages, calls()]).toEqual([2, 2]);
    } finally {
      await app.close();
    }
  });
});

describe('dutchie client: rate limit [4.6]', () => {
  it('holds the default limit of 120 a minute: half as a burst, then two a second', async () => {
    expect(DUTCHIE_RATE_LIMIT).toEqual({ limit: 120, intervalMs: 60_000 });
    const { sim, client } = await setup();
    const started = Date.now();
    await Promise.all(Array.from({ length: 62 }, () => client.findByEmail?.('nobody@example.com')));
    // 60 at once, then one every 500 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('stays within a vendor limit over a short window, so the vendor never answers 429', async () => {
    const rate = { limit: 20, intervalMs: 1_000 };
    const { sim, client } = await setup({ rateLimit: rate }, { rateLimit: rate });
    const started = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => client.findByEmail?.('nobody@example.com')));
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(statuses(sim, '/customer/customerLookup')).toHaveLength(30);
    // Ten at once, then twenty a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('keeps two clients with the same credentials under one shared limit', async () => {
    const rate = { limit: 20, intervalMs: 1_000 };
    const { sim, client } = await setup({ rateLimit: rate }, { rateLimit: rate });
    const twin = createDutchieClient({ outbound, credentials: sim.credentials, rateLimit: rate });
    await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? client : twin).findByEmail?.('x@example.com')));
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });
});

describe('dutchie client: writing [4.3]', () => {
  it('creates a customer Dutchie reads back, and get finds it the same', async () => {
    const { sim, client } = await setup();
    const created = await client.create(newCustomer);
    expect(created.externalId).toBe('13');
    expect(created).toMatchObject({
      firstName: 'Devon',
      phone: '+17025559876',
      email: 'devon.okafor@example.com',
      customerType: 'medical',
      medical: { cardNumber: 'MMJ-1001', expiresOn: '2027-06-30' },
      idDocument: null, // write-only [4.8]
    });
    expect(sim.store.get('13')?.driversLicenseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await client.get('13')).toEqual(created);
  });

  it('reports a blank first name as Rejected on the neutral field', async () => {
    const { client } = await setup();
    const error = await client.create({ ...newCustomer, firstName: ' ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors).toEqual([
      { path: 'firstName', message: 'The FirstName field is required.' },
    ]);
  });

  it('reports a medical customer without a card as Rejected on medical.cardNumber', async () => {
    const { client } = await setup();
    const error = await client.create({ ...newCustomer, medical: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors.map((f) => f.path)).toEqual(['medical.cardNumber']);
  });

  it('updates the fields Patron models and keeps what it does not, including the licence it cannot read', async () => {
    const { sim, client } = await setup();
    sim.editRecord('5', { referralSource: 'Leafly', namePrefix: 'Dr', discountGroups: ['Veterans'] });
    const hash = sim.store.get('5')?.driversLicenseHash;
    const before = await client.get('5');
    const updated = await client.update('5', { ...before, notes: 'Prefers morning pickup', middleName: null });
    expect(updated.notes).toBe('Prefers morning pickup');
    expect(updated.middleName).toBeNull();
    expect(updated.tags).toEqual(['Veterans']);
    const stored = sim.store.get('5');
    expect(stored).toMatchObject({ referralSource: 'Leafly', namePrefix: 'Dr', driversLicenseHash: hash });
  });

  it("keeps a dispensary's out-of-state medical type on update, and writes Medical when an adult becomes a patient", async () => {
    const { sim, client } = await setup({ customers: 30 });
    const [patient, adult] = sim.store
      .all()
      .filter((r) => r.phone && /^[2-9]\d{9}$/.test(r.phone) && r.phone !== '7777777777')
      .filter((r) => r.customerType === 'Recreational' && r.dateOfBirth !== '1900-01-01T00:00:00');
    if (!patient || !adult) throw new Error('seed has too few adults with valid phones');
    const card = { mmjidNumber: 'MMJ-77', mmjidExpirationDate: '2027-01-31T00:00:00' };
    sim.editRecord(String(patient.customerId), { customerType: 'Medical - Out of State', ...card });
    const asRead = await client.get(String(patient.customerId));
    await client.update(String(patient.customerId), { ...asRead, notes: 'Visiting from Utah' });
    expect(sim.store.get(String(patient.customerId))?.customerType).toBe('Medical - Out of State');

    const before = await client.get(String(adult.customerId));
    const medical = { cardNumber: 'MMJ-88', state: null, expiresOn: '2027-03-31' };
    const updated = await client.update(String(adult.customerId), { ...before, customerType: 'medical', medical });
    expect(updated.customerType).toBe('medical');
    expect(sim.store.get(String(adult.customerId))?.customerType).toBe('Medical');
  });

  it('declares no deactivate call, which Dutchie does not document, and merge updates', async () => {
    const { client } = await setup();
    expect(client.capabilities).toMatchObject({
      findByPhone: true,
      findByEmail: true,
      deactivate: false,
      update: 'merge',
    });
    expect(client.deactivate).toBeUndefined();
  });
});
