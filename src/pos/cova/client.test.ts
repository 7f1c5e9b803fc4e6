/**
 * Cova contract tests over real loopback HTTP against its simulator: what only Cova does. The behaviours
 * every vendor shares (faults, tokens, paging, malformed records, lookups, writes) are in `../contract.test.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_RETRY as fastRetry, NEW_CUSTOMER, pullAll } from '../../../test/support/pos-contract.ts';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { PosAuthFailed, type PosClient, type PosCustomerInput, PosNotFound, PosRejected } from '../port.ts';
import { type CovaClientOptions, changedSinceFilter, createCovaClient, retryAfterFromBody } from './client.ts';
import { customerGuid } from './sim-record.ts';
import { type CovaSimulatorOptions, type RunningCovaSimulator, startCovaSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

const running: RunningCovaSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const timeZone = 'America/Vancouver';

async function setup(
  simOptions: CovaSimulatorOptions = {},
  clientOptions: Partial<CovaClientOptions> = {},
): Promise<{ sim: RunningCovaSimulator; client: PosClient }> {
  const sim = await startCovaSimulator({ customers: 12, seed: 11, ...simOptions });
  running.push(sim);
  const client = createCovaClient({
    outbound,
    credentials: sim.credentials,
    timeZone,
    transport: { retry: fastRetry },
    ...clientOptions,
  });
  return { sim, client };
}

const id = (n: number) => customerGuid(n);

const newCustomer: PosCustomerInput = { ...NEW_CUSTOMER, preferredName: 'Dev', loyaltyPoints: 40 };

const statuses = (sim: RunningCovaSimulator, route: string, method?: string) =>
  sim.requests.filter((r) => r.route.endsWith(route) && (!method || r.method === method)).map((r) => r.status);
const TOKEN = '/v1/oauth2/token';
const _LIST = '/CustomerFull';
const BY_ID = '/CustomerFull(:customerId(^[\\w-]+))';

describe('cova client: auth', () => {
  it('connects with the right credentials and reuses one token for many calls', async () => {
    const { sim, client } = await setup();
    await client.testConnection();
    await Promise.all([1, 2, 3, 4, 5].map((n) => client.get(id(n))));
    expect(sim.tokens.issued).toBe(1);
  });

  it("reports another company's id as AuthFailed after one fresh token", async () => {
    const { sim } = await setup();
    const client = createCovaClient({ outbound, credentials: { ...sim.credentials, companyId: '999' }, timeZone });
    await expect(client.get(id(1))).rejects.toBeInstanceOf(PosAuthFailed);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 403, 200, 403]);
  });

  it('runs one password grant for many concurrent calls, also when the token expires under them', async () => {
    const { sim, client } = await setup({ customers: 12 });
    await Promise.all([1, 2, 3, 4].map((n) => client.get(id(n))));
    sim.tokens.expireAll();
    await Promise.all([5, 6, 7, 8].map((n) => client.get(id(n))));
    expect(statuses(sim, TOKEN)).toEqual([200, 200]);
    expect(statuses(sim, BY_ID).filter((s) => s === 200)).toHaveLength(8);
  });
});

describe('cova client: reading', () => {
  it('sends the OData literal as Cova writes it: whole seconds and a lower-case z', () => {
    expect(changedSinceFilter(Date.parse('2019-01-01T00:00:00.999Z'))).toBe(
      "LastModifiedDateUtc ge datetime'2019-01-01T00:00:00z'",
    );
  });

  it('reads everything again from a cursor whose time cannot be read, rather than failing', async () => {
    const { client } = await setup({ customers: 7 });
    const { customers } = await pullAll(client, { since: 'yesterday', resume: null });
    expect(customers).toHaveLength(7);
  });

  it('lists a customer disabled at the POS as inactive, since Cova disables rather than deletes', async () => {
    const { sim, client } = await setup({ customers: 6 });
    sim.editRecord(id(2), { Disabled: true });
    const { customers } = await pullAll(client, { since: null, resume: null });
    expect(customers).toHaveLength(6);
    expect(customers.find((c) => c.externalId === id(2))?.status).toBe('inactive');
  });

  it('pages through a few thousand customers at 10 requests per second without a 429', async () => {
    const { sim, client } = await setup({ customers: 3000 });
    const started = Date.now();
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(3000);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    expect(pages).toBe(30);
    expect(sim.requests.some((r) => r.status === 429)).toBe(false);
    // 30 pages of 100: 5 at once (half the limit as burst), then 10 per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_300);
    // The seed's messy records come through, flagged, not dropped.
    expect(customers.filter((c) => c.issues.length > 0).length).toBeGreaterThan(100);
  }, 20_000);

  it('keeps two clients with the same credentials under one shared rate limit and one token', async () => {
    const { sim, client } = await setup({ customers: 30 });
    const twin = createCovaClient({ outbound, credentials: sim.credentials, timeZone });
    await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? client : twin).get(id((i % 30) + 1))));
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(statuses(sim, TOKEN)).toEqual([200]);
  });
});

describe('cova client: faults', () => {
  it("reads the wait from the gateway's 429 message when Retry-After is missing", () => {
    expect(retryAfterFromBody({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 3 seconds.' })).toBe(
      3_000,
    );
    expect(retryAfterFromBody({ statusCode: 429, message: 'Rate limit is exceeded.' })).toBeNull();
  });
});

describe('cova client: writing', () => {
  it('creates a customer Cova can read back, with phone, email, address and extensions', async () => {
    const { sim, client } = await setup();
    const created = await client.create(newCustomer);
    expect(created.externalId).toBe(id(13));
    const {
      issues,
      externalId,
      status,
      mergedIntoExternalId,
      mergedExternalIds,
      createdAt,
      updatedAt,
      lastVisitAt,
      ...rest
    } = created;
    expect(rest).toEqual(newCustomer);
    expect(sim.store.get(id(13))?.DoNotContact).toBe(false);
    expect(await client.get(id(13))).toEqual(created);
  });

  it('reports a blank first name as Rejected on the neutral field', async () => {
    const { client } = await setup();
    const error = await client.create({ ...newCustomer, firstName: ' ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors).toEqual([{ path: 'firstName', message: 'is required' }]);
  });

  it('updates the fields Patron models through the Customer PUT and child calls, and keeps the ones it does not', async () => {
    const { sim, client } = await setup();
    const created = await client.create(newCustomer);
    sim.editRecord(created.externalId, { Title: 'Dr', ReferralSource: 'Leafly' });
    const updated = await client.update(created.externalId, {
      ...newCustomer,
      lastName: 'Okafor-Smith',
      phone: '+17025550111',
      email: null,
      customerType: 'adult',
      medical: null,
      loyaltyPoints: 250,
    });
    expect(updated).toMatchObject({
      lastName: 'Okafor-Smith',
      phone: '+17025550111',
      email: null,
      customerType: 'adult',
      medical: null,
      loyaltyPoints: 250,
    });
    expect(updated.idDocument).toEqual(newCustomer.idDocument);
    const stored = sim.store.get(created.externalId);
    expect([stored?.Title, stored?.ReferralSource]).toEqual(['Dr', 'Leafly']);
    expect(statuses(sim, '/Customers(:customerId(^[\\w-]+))', 'PUT')).toEqual([200]);
    expect(sim.requests.filter((r) => r.route.includes('/Customers(') && r.method !== 'PUT').length).toBeGreaterThan(0);
  });

  it('sends only the Customer PUT when no child changed', async () => {
    const { sim, client } = await setup();
    const before = await client.get(id(5));
    const updated = await client.update(id(5), { ...before, notes: 'Prefers morning pickup' });
    expect(updated.notes).toBe('Prefers morning pickup');
    expect(sim.requests.filter((r) => r.route.includes('/Customers(')).map((r) => r.method)).toEqual(['PUT']);
  });

  it('deactivates by disabling: the customer stays readable as inactive', async () => {
    const { sim, client } = await setup();
    await client.deactivate?.(id(4));
    expect(sim.store.get(id(4))?.Disabled).toBe(true);
    expect((await client.get(id(4))).status).toBe('inactive');
    await expect(client.deactivate?.('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(PosNotFound);
  });

  it('declares lookups, deactivation and a read-first update', async () => {
    const { client } = await setup();
    expect(client.capabilities).toMatchObject({
      findByPhone: true,
      findByEmail: true,
      deactivate: true,
      update: 'full-replace',
    });
  });
});
