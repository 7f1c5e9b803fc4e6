/**
 * BLAZE contract tests over real loopback HTTP against its simulator: what only BLAZE does. The behaviours
 * every vendor shares (faults, tokens, paging, malformed records, lookups, writes) are in `../contract.test.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_RETRY as fastRetry, NEW_CUSTOMER, pullAll } from '../../../test/support/pos-contract.ts';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import {
  PosAuthFailed,
  type PosClient,
  type PosCursor,
  type PosCustomerInput,
  PosMalformed,
  PosNotFound,
  PosRejected,
} from '../port.ts';
import type { TransportRequest } from '../transport.ts';
import { type BlazeClientOptions, createBlazeClient, readBlazeError } from './client.ts';
import { blazeCredentialsSchema } from './credentials.ts';
import { type BlazeSimulatorOptions, blazeId, type RunningBlazeSimulator, startBlazeSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

const running: RunningBlazeSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const timeZone = 'America/Los_Angeles';

async function setup(
  simOptions: BlazeSimulatorOptions = {},
  clientOptions: Partial<BlazeClientOptions> = {},
): Promise<{ sim: RunningBlazeSimulator; client: PosClient }> {
  const sim = await startBlazeSimulator({ customers: 12, seed: 11, ...simOptions });
  running.push(sim);
  const client = createBlazeClient({
    outbound,
    credentials: sim.credentials,
    timeZone,
    transport: { retry: fastRetry },
    ...clientOptions,
  });
  return { sim, client };
}

const id = blazeId;

/** A bare HTTP server on 127.0.0.1 for what the simulator is too faithful to do; closed after `use`. */
async function withServer(
  handler: Parameters<typeof createServer>[1],
  use: (origin: string) => Promise<void>,
): Promise<void> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
const statuses = (sim: RunningBlazeSimulator, route: string) =>
  sim.requests.filter((r) => r.route.endsWith(route)).map((r) => r.status);

const newMember: PosCustomerInput = {
  ...NEW_CUSTOMER,
  medical: { cardNumber: 'MMJ-1001', state: null, expiresOn: '2027-06-30' },
};

describe('blaze client: auth [5.2]', () => {
  it('connects with the partner key and the raw developer key, with the base URL as origin or API root', async () => {
    const { sim, client } = await setup();
    await client.testConnection();
    const rooted = createBlazeClient({
      outbound,
      credentials: { ...sim.credentials, baseUrl: `${sim.url}/api/v1/partner/` },
      timeZone,
    });
    await rooted.testConnection();
    expect(statuses(sim, '/members')).toEqual([200, 200]);
  });

  it('sends the partner key under both header names, the developer key raw, and the window in epoch ms', async () => {
    const seen: { url: string; headers: Record<string, unknown> }[] = [];
    const answer: Parameters<typeof createServer>[1] = (request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ values: [], skip: 0, limit: 50, total: 0 }));
    };
    await withServer(answer, async (origin) => {
      const client = createBlazeClient({
        outbound,
        credentials: { baseUrl: origin, partnerKey: 'partner-1', apiKey: 'dev-1' },
        timeZone,
      });
      await pullAll(client, { since: '2025-06-01T00:00:00.000Z', resume: null });
    });
    const [call] = seen;
    expect(call?.headers).toMatchObject({ 'x-api-key': 'partner-1', partner_key: 'partner-1', authorization: 'dev-1' });
    const url = new URL(call?.url ?? '', 'http://x');
    expect(url.pathname).toBe('/api/v1/partner/members');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      startDate: String(Date.parse('2025-06-01T00:00:00.000Z') - 1000),
      skip: '0',
      start: '0',
      limit: '200',
    });
    expect(Number(url.searchParams.get('endDate'))).toBeGreaterThan(Date.parse('2025-06-01T00:00:00.000Z'));
  });

  it('reports a wrong partner key, and a partner key without permission (403), as AuthFailed', async () => {
    const { sim } = await setup();
    const wrong = createBlazeClient({ outbound, credentials: { ...sim.credentials, partnerKey: 'nope' }, timeZone });
    await expect(wrong.testConnection()).rejects.toBeInstanceOf(PosAuthFailed);
    const { client: limited, sim: limitedSim } = await setup({ permissions: ['ACCEPT_MEMBER'] });
    await expect(limited.testConnection()).rejects.toBeInstanceOf(PosAuthFailed);
    expect(statuses(limitedSim, '/members')).toEqual([403]);
  });

  it('refuses credentials that point at the hobby or e-commerce hosts', () => {
    const keys = { partnerKey: 'p', apiKey: 'd' };
    expect(blazeCredentialsSchema.safeParse({ ...keys, baseUrl: 'https://api.blaze.me/v1' }).success).toBe(false);
    expect(blazeCredentialsSchema.safeParse({ ...keys, baseUrl: 'https://ecom-api.blaze.me' }).success).toBe(false);
    expect(blazeCredentialsSchema.safeParse({ ...keys, baseUrl: 'https://api.partners.blaze.me' }).success).toBe(true);
  });
});

describe('blaze client: reading', () => {
  it('reads error bodies liberally: 404 is NotFound, a refusal names the neutral field', () => {
    const request: TransportRequest = { method: 'POST', route: '/members', path: '/members', idempotent: false };
    const answer = (status: number, body: unknown) => ({ status, headers: new Headers(), body });
    expect(readBlazeError(answer(404, null), request)).toBeInstanceOf(PosNotFound);
    const refused = readBlazeError(answer(400, { field: 'primaryPhone', errorMessage: 'Invalid phone' }), request);
    expect(refused).toBeInstanceOf(PosRejected);
    expect((refused as PosRejected).fieldErrors).toEqual([{ path: 'phone', message: 'Invalid phone' }]);
    expect(readBlazeError(answer(500, { message: 'x' }), request)).toBeUndefined();
  });

  it('follows total when the vendor answers fewer members than asked (a smaller maximum)', async () => {
    const { client } = await setup({ customers: 1200 }, { pageSize: 1000 });
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(1200);
    expect(pages).toBe(3); // 500 + 500 + 200, the simulator's cut
  });

  it('loses no member when one already read is edited mid-pull and leaves the window', async () => {
    const { sim, client } = await setup({ customers: 20 }, { pageSize: 4 });
    const seen: string[] = [];
    let next: PosCursor = { since: null, resume: null };
    for await (const page of client.listChangedSince(next)) {
      seen.push(...page.customers.map((c) => c.externalId));
      next = page.next;
      // A budtender edits the first member read: it moves past the pull's endDate and the rest shift up one.
      if (seen.length === 4) sim.editRecord(seen[0] as string, { notes: [{ id: id(0xfff), message: 'Edited' }] });
    }
    expect(new Set(seen).size).toBe(20);
    const after = await pullAll(client, next);
    expect(after.customers.find((c) => c.externalId === seen[0])?.notes).toBe('Edited');
  });

  it('stops with Malformed, instead of paging forever, when a server ignores the offset', async () => {
    const page = {
      values: [
        { id: id(1), firstName: 'Same' },
        { id: id(2), firstName: 'Page' },
      ],
    };
    await withServer(
      (_request, response) => response.end(JSON.stringify(page)),
      async (origin) => {
        const client = createBlazeClient({
          outbound,
          credentials: { baseUrl: origin, partnerKey: 'p', apiKey: 'd' },
          timeZone,
          pageSize: 2,
        });
        await expect(pullAll(client, { since: null, resume: null })).rejects.toBeInstanceOf(PosMalformed);
      },
    );
  });

  it('lists deleted members as inactive', async () => {
    const { sim, client } = await setup({ customers: 6 });
    sim.editRecord(id(2), { deleted: true });
    const { customers } = await pullAll(client, { since: null, resume: null });
    expect(customers).toHaveLength(6);
    expect(customers.find((c) => c.externalId === id(2))?.status).toBe('inactive');
  });

  it('pages through a few thousand members within the rate limit without a 429', async () => {
    const { sim, client } = await setup({ customers: 3000 }, { pageSize: 500 });
    const { customers, malformed, pages } = await pullAll(client, { since: null, resume: null });
    expect(customers.length + malformed.length).toBe(3000);
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    expect(pages).toBe(6);
    expect(sim.requests.some((r) => r.status === 429)).toBe(false);
    // The seed's messy records come through, flagged, not dropped.
    expect(customers.filter((c) => c.issues.length > 0).length).toBeGreaterThan(100);
  }, 20_000);

  it('holds calls to the configured rate, so a vendor enforcing it never answers 429', async () => {
    const rateLimit = { limit: 4, intervalMs: 1000 };
    const { sim, client } = await setup({ rateLimit }, { rateLimit });
    const started = Date.now();
    for (let i = 1; i <= 12; i += 1) await client.get(id(i));
    // Two at once (half the burst), then four a second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_400);
    expect(statuses(sim, '/members/:memberId')).toEqual(Array(12).fill(200));
  }, 10_000);

  it('keeps two clients with the same credentials under one shared rate limit', async () => {
    const { sim, client } = await setup({ customers: 30 });
    const twin = createBlazeClient({ outbound, credentials: sim.credentials, timeZone });
    await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? client : twin).get(id((i % 30) + 1))));
    expect(sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
  });
});

describe('blaze client: writing', () => {
  it('creates a member BLAZE reads back the same', async () => {
    const { sim, client } = await setup();
    const created = await client.create(newMember);
    expect(created.externalId).toBe(id(13));
    expect(created).toMatchObject({
      firstName: 'Devon',
      phone: '+17025559876',
      dateOfBirth: '1990-04-12',
      customerType: 'medical',
      medical: { cardNumber: 'MMJ-1001', expiresOn: '2027-06-30' },
      consents: { sms: true, email: false },
    });
    expect(sim.store.get(id(13))?.dob).toBe(Date.UTC(1990, 3, 12));
    expect(await client.get(id(13))).toEqual(created);
  });

  it('reports a blank first name as Rejected on the neutral field', async () => {
    const { client } = await setup();
    const error = await client.create({ ...newMember, firstName: ' ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRejected);
    expect((error as PosRejected).fieldErrors).toEqual([{ path: 'firstName', message: 'First name is required.' }]);
  });

  it('updates the fields Patron models and keeps the ones it does not, though the simulator replaces', async () => {
    const { sim, client } = await setup();
    sim.editRecord(id(5), { doctorFirstName: 'Greta', marketingSource: 'Leafly', metadata: [{ key: 'k' }] });
    const before = await client.get(id(5));
    const updated = await client.update(id(5), { ...before, notes: 'Prefers morning pickup', loyaltyPoints: 250 });
    expect(updated.notes).toBe('Prefers morning pickup');
    expect(updated.loyaltyPoints).toBe(250);
    const stored = sim.store.get(id(5));
    expect([stored?.doctorFirstName, stored?.marketingSource, stored?.metadata]).toEqual([
      'Greta',
      'Leafly',
      [{ key: 'k' }],
    ]);
    expect(stored?.created).toBe(Date.parse(before.createdAt ?? ''));
  });

  it('declares no search, deactivate or merge-update, which BLAZE does not document', async () => {
    const { client } = await setup();
    expect(client.capabilities).toMatchObject({
      findByPhone: false,
      findByEmail: false,
      deactivate: false,
      update: 'full-replace',
    });
    expect([client.findByPhone, client.findByEmail, client.deactivate]).toEqual([undefined, undefined, undefined]);
  });
});
