/**
 * Treez contract tests over real loopback HTTP against its simulator: what only Treez does. The behaviours
 * every vendor shares (faults, tokens, paging, malformed records, lookups, writes) are in `../contract.test.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_RETRY as fastRetry, NEW_CUSTOMER, pullAll } from '../../../test/support/pos-contract.ts';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { type PosClient, type PosCustomerInput, PosRejected } from '../port.ts';
import { createTreezClient, type TreezClientOptions } from './client.ts';
import { type RunningTreezSimulator, startTreezSimulator, type TreezSimulatorOptions } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

const running: RunningTreezSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function setup(
  simOptions: TreezSimulatorOptions = {},
  clientOptions: Partial<TreezClientOptions> = {},
): Promise<{ sim: RunningTreezSimulator; client: PosClient }> {
  const sim = await startTreezSimulator({ customers: 12, seed: 11, ...simOptions });
  running.push(sim);
  const client = createTreezClient({
    outbound,
    credentials: sim.credentials,
    timeZone: sim.timeZone,
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
  consents: { sms: true, email: true },
  banned: false,
};

const statuses = (sim: RunningTreezSimulator, route: string) =>
  sim.requests.filter((r) => r.route.endsWith(route)).map((r) => r.status);

describe('treez client: auth', () => {
  it('connects with the right credentials and reuses one token for many calls', async () => {
    const { sim, client } = await setup();
    await client.testConnection();
    for (let i = 1; i <= 5; i += 1) await client.get(String(i));
    expect(sim.tokens.issued).toBe(2); // one access token (plus its refresh token), fetched once
  });
});

describe('treez client: reading', () => {
  it('does not list deactivated customers', async () => {
    const { sim, client } = await setup({ customers: 6 }, { pageSize: 50 });
    sim.editRecord('2', { status: 'DEACTIVATED' });
    const { customers } = await pullAll(client, { since: null, resume: null });
    expect(customers.map((c) => c.externalId)).not.toContain('2');
    expect(customers).toHaveLength(5);
    expect((await client.get('2')).status).toBe('inactive');
  });

  it('pages through a few thousand customers at the published 10 requests per second without a 429', async () => {
    const { sim, client } = await setup({ customers: 2000 });
    const started = Date.now();
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(2000);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    expect(pages).toBe(41);
    expect(sim.requests.some((r) => r.status === 429)).toBe(false);
    // 42 calls (token + 41 pages), 10 at once then 10 per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
    // The seed's messy records come through, flagged, not dropped.
    expect(customers.filter((c) => c.issues.length > 0).length).toBeGreaterThan(100);
  }, 20_000);

  it('keeps two clients with the same credentials under one shared rate limit', async () => {
    const { sim, client } = await setup({ customers: 30 });
    const twin = createTreezClient({ outbound, credentials: sim.credentials, timeZone: sim.timeZone });
    await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? client : twin).get(String((i % 30) + 1))));
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(statuses(sim, '/gettokens')).toEqual([200]);
  });
});

describe('treez client: writing', () => {
  it('creates a customer Treez can read back, pending verification', async () => {
    const { sim, client } = await setup();
    const created = await client.create(newCustomer);
    expect(created.externalId).toBe('13');
    expect(created).toMatchObject({
      firstName: 'Devon',
      phone: '+17025559876',
      email: 'devon.okafor@example.com',
      customerType: 'medical',
      medical: { cardNumber: 'MMJ-1001', expiresOn: '2027-06-30' },
    });
    expect(sim.store.get('13')?.verification_status).toBe('VERIFICATION_PENDING');
    expect(await client.get('13')).toEqual(created);
  });

  it('reports a blank first name as Rejected on the neutral field', async () => {
    const { client } = await setup();
    const error = await client.create({ ...newCustomer, firstName: ' ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors).toEqual([{ path: 'firstName', message: 'cannot be blank' }]);
  });

  it('reports a phone or email already on file as Rejected, since Treez refuses duplicates', async () => {
    const { client } = await setup();
    await client.create(newCustomer);
    const error = await client
      .create({ ...newCustomer, email: 'other@example.com' })
      .catch((e: unknown) => e as PosRejected);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors[0]?.path).toBe('phone');
  });

  it('updates the fields Patron models and keeps the ones it does not, despite the full-replace update', async () => {
    const { sim, client } = await setup();
    sim.editRecord('5', {
      physician_first_name: 'Greta',
      referral_source: 'LEAFLY',
      addresses: [
        {
          type: 'secondary_address',
          street1: 'PO Box 1',
          street2: '',
          city: 'Reno',
          state: 'NV',
          zipcode: '89501',
          primary: false,
        },
      ],
    });
    const before = await client.get('5');
    const updated = await client.update('5', { ...before, notes: 'Prefers morning pickup', loyaltyPoints: 250 });
    expect(updated.notes).toBe('Prefers morning pickup');
    expect(updated.loyaltyPoints).toBe(250);
    const stored = sim.store.get('5');
    expect(stored?.physician_first_name).toBe('Greta');
    expect(stored?.referral_source).toBe('LEAFLY');
    expect(stored?.addresses.map((a) => a.type)).toEqual(['secondary_address']);
  });

  it('declares deactivation through the customer status [1.4], and full-replace updates', async () => {
    const { client } = await setup();
    expect(client.capabilities).toMatchObject({
      findByPhone: true,
      findByEmail: true,
      deactivate: true,
      update: 'full-replace',
    });
  });

  it('deactivates by writing the DEACTIVATED status, keeping every other field as Treez held it', async () => {
    const { sim, client } = await setup();
    const before = sim.store.get('3')!;
    await client.deactivate!('3');
    const after = sim.store.get('3')!;
    expect(after.status).toBe('DEACTIVATED');
    expect(after).toMatchObject({
      first_name: before.first_name,
      last_name: before.last_name,
      birthday: before.birthday,
      phone: before.phone,
      email: before.email,
      addresses: before.addresses,
    });
    expect((await client.get('3')).status).toBe('inactive');
    // A later ordinary update leaves it deactivated: only a body naming a status changes it.
    await client.update('3', { ...(await client.get('3')), firstName: 'Later' });
    expect(sim.store.get('3')).toMatchObject({ status: 'DEACTIVATED', first_name: 'Later' });
  });
});
