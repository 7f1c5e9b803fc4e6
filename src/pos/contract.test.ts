/**
 * The POS contract every vendor keeps, proved through the `PosClient` port against each registered
 * vendor's simulator over real loopback HTTP: faults injected through the simulator kit, paging,
 * malformed records, token expiry (vendors with tokens), writes. What only one vendor does (its
 * envelopes, auth flow, UNCONFIRMED choices) stays in `src/pos/<vendor>/client.test.ts`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONTRACT_PROFILES,
  type ContractClientOptions,
  FAST_RETRY as fastRetry,
  NEW_CUSTOMER,
  pullAll,
} from '../../test/support/pos-contract.ts';
import {
  PosAuthFailed,
  type PosBatch,
  type PosClient,
  type PosCursor,
  type PosCustomer,
  PosNotFound,
  PosUnavailable,
} from './port.ts';
import { registeredVendors } from './registry.ts';
import type { RunningSimulator, SimulatorOptions } from './simulator-kit/simulator-types.ts';
import { startVendorSimulator } from './simulators.ts';

const running: RunningSimulator<unknown>[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

const sinceStart = (sim: RunningSimulator<unknown>, from: number) => sim.requests.slice(from).map((r) => r.status);

describe.each(registeredVendors())('%s client, through the PosClient port', (vendor) => {
  const profile = CONTRACT_PROFILES[vendor];

  async function setup(
    simOptions: SimulatorOptions = {},
    clientOptions: Omit<ContractClientOptions, 'credentials' | 'timeZone'> = {},
  ) {
    const { simulator: sim, credentials } = await startVendorSimulator(vendor, {
      customers: 12,
      seed: 11,
      ...simOptions,
    });
    running.push(sim);
    // Treez and Flowhub simulators keep store-local times; the others answer in UTC or epoch.
    const zone = (sim as { timeZone?: unknown }).timeZone;
    const timeZone = typeof zone === 'string' ? zone : 'America/Los_Angeles';
    const client = profile.createClient({ credentials, timeZone, transport: { retry: fastRetry }, ...clientOptions });
    /** The vendor id of the `n`th seeded customer (1-based). */
    const idAt = (n: number) => sim.idOf(sim.store.all()[n - 1]);
    return { sim, client, idAt, credentials };
  }

  describe('auth', () => {
    it(`${vendor}: reports wrong credentials as AuthFailed after one refused call, with no secret in the error`, async () => {
      const { sim, credentials, idAt } = await setup();
      const wrong = Object.fromEntries(profile.secretFields.map((name, i) => [name, `${name}-SECRET-${i}`]));
      const client = profile.createClient({
        credentials: { ...(credentials as object), ...wrong },
        timeZone: 'UTC',
        transport: { retry: fastRetry },
      });
      await expect(client.testConnection()).rejects.toBeInstanceOf(PosAuthFailed);
      expect(sinceStart(sim, 0)).toEqual([401]);
      const error = (await client.get(idAt(1)).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(PosAuthFailed);
      expect(sinceStart(sim, 0)).toEqual([401, 401]);
      const told = `${error.message} ${String(error.stack)}`;
      expect(told).not.toMatch(/SECRET/);
      // Nor encoded, as Basic auth would carry it: the first 9 bytes encode the same whatever follows.
      for (const value of Object.values(wrong)) {
        expect(told).not.toContain(Buffer.from(`${value}:`).toString('base64').slice(0, 12));
      }
    });
  });

  describe('faults', () => {
    it(`${vendor}: waits out a 429 that carries Retry-After, on the first call, and then succeeds`, async () => {
      const { sim, client, idAt } = await setup({ faults: { rateLimitBurst: 1, retryAfterSeconds: 1 } });
      const started = Date.now();
      await client.testConnection(); // the 429 lands on the first call: the token call where there is one
      await client.get(idAt(1));
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      const [first, ...rest] = sinceStart(sim, 0);
      expect(first).toBe(429);
      expect(rest.length).toBeGreaterThan(0);
      expect(rest.every((s) => s === 200)).toBe(true);
    });

    it(`${vendor}: backs off and succeeds after 429s without Retry-After`, async () => {
      const { sim, client, idAt } = await setup();
      await client.get(idAt(1));
      const before = sim.requests.length;
      sim.faults.set({ rateLimitBurst: 2, retryAfterSeconds: null });
      expect((await client.get(idAt(2))).externalId).toBe(idAt(2));
      expect(sinceStart(sim, before)).toEqual([429, 429, 200]);
    });

    it(`${vendor}: retries a read after 5xx and succeeds`, async () => {
      const { sim, client, idAt } = await setup();
      await client.get(idAt(1));
      const before = sim.requests.length;
      sim.faults.set({ serverErrorBurst: 2 });
      expect((await client.get(idAt(2))).externalId).toBe(idAt(2));
      const failed = profile.serverErrorStatus;
      expect(sinceStart(sim, before)).toEqual([failed, failed, 200]);
    });

    it(`${vendor}: retries a read after a dropped connection`, async () => {
      const { sim, client, idAt } = await setup();
      await client.get(idAt(1));
      sim.faults.set({ resetBurst: 1 });
      expect((await client.get(idAt(2))).externalId).toBe(idAt(2));
    });

    it(`${vendor}: retries a page after a dropped connection and finishes the pull`, async () => {
      const { sim, client } = await setup({ customers: 10 }, { pageSize: 4 });
      await client.testConnection();
      sim.faults.set({ resetBurst: 1 });
      const { customers } = await pullAll(client, { since: null, resume: null });
      expect(new Set(customers.map((c) => c.externalId)).size).toBe(10);
    });

    it(`${vendor}: does not repeat a create after a 5xx, and reports it as Unavailable`, async () => {
      const { sim, client } = await setup();
      await client.testConnection();
      const before = sim.requests.length;
      sim.faults.set({ serverErrorBurst: 1 });
      await expect(client.create(NEW_CUSTOMER)).rejects.toBeInstanceOf(PosUnavailable);
      expect(sinceStart(sim, before)).toEqual([profile.serverErrorStatus]);
      expect(sim.store.size).toBe(12);
    });

    it(`${vendor}: reports a vendor that stays down as Unavailable after a bounded number of tries`, async () => {
      const { sim, client, idAt } = await setup();
      await client.testConnection();
      const before = sim.requests.length;
      sim.faults.set({ serverErrorRate: 1 });
      await expect(client.get(idAt(1))).rejects.toBeInstanceOf(PosUnavailable);
      expect(sinceStart(sim, before)).toEqual(Array(fastRetry.attempts).fill(profile.serverErrorStatus));
    });

    it(`${vendor}: gives up on a vendor slower than the timeout with Unavailable`, async () => {
      const { client, idAt } = await setup(
        { faults: { latencyMs: 300 } },
        { transport: { timeoutMs: 100, retry: { ...fastRetry, attempts: 2 } } },
      );
      await expect(client.get(idAt(1))).rejects.toBeInstanceOf(PosUnavailable);
    });
  });

  // Only vendors that exchange credentials for tokens get these (not reported as skipped for the others).
  const tokenRoute = profile.tokenRoute;
  if (tokenRoute !== null)
    describe('tokens', () => {
      const tokenStatuses = (sim: RunningSimulator<unknown>) =>
        sim.requests.filter((r) => r.route.endsWith(tokenRoute)).map((r) => r.status);

      it(`${vendor}: fetches a new token once when the vendor expires it in the middle of a pull`, async () => {
        const { sim, client } = await setup({ customers: 30 }, { pageSize: 5 });
        const seen: string[] = [];
        let pages = 0;
        for await (const page of client.listChangedSince({ since: null, resume: null })) {
          pages += 1;
          seen.push(...page.customers.map((c) => c.externalId));
          if (pages === 2) sim.tokens.expireAll();
        }
        expect(new Set(seen).size).toBe(30);
        expect(tokenStatuses(sim)).toEqual([200, 200]);
        expect(sim.requests.map((r) => r.status)).toContain(401);
      });

      it(`${vendor}: renews a token the vendor gave a short lifetime before it runs out`, async () => {
        const { sim, client, idAt } = await setup({ faults: { tokenTtlMs: 61_000 } });
        await client.get(idAt(1));
        await client.get(idAt(2));
        // 61 s lifetime minus the 60 s refresh margin: a call after the first second needs a new token.
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        await client.get(idAt(3));
        expect(tokenStatuses(sim)).toEqual([200, 200]);
        expect(sim.requests.every((r) => r.status === 200)).toBe(true);
      });
    });

  describe('reading', () => {
    it(`${vendor}: gets one customer by id as the pull reads it, and reports an unknown id as NotFound naming the route template`, async () => {
      const { client, idAt } = await setup();
      const { customers } = await pullAll(client, { since: null, resume: null });
      const id = idAt(3);
      expect(await client.get(id)).toEqual(customers.find((c) => c.externalId === id));
      const error = await client.get(profile.unknownId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PosNotFound);
      expect((error as Error).message).toBe(profile.notFoundMessage);
    });

    it(`${vendor}: pages through every customer, each once, and ends with the newest change as the cursor`, async () => {
      const { sim, client } = await setup({ customers: 23 }, { pageSize: 5 });
      const { customers, next, pages } = await pullAll(client, { since: null, resume: null });
      expect(new Set(customers.map((c) => c.externalId)).size).toBe(23);
      expect(pages).toBe(5);
      const newest = customers
        .map((c) => c.updatedAt ?? '')
        .sort()
        .at(-1);
      expect(next).toEqual({ since: newest, resume: null });
      expect(sim.requests.every((r) => r.status === 200)).toBe(true);
    });

    it(`${vendor}: reads only what changed at the POS after the cursor, within its re-read window, in the next pull`, async () => {
      const { sim, client, idAt } = await setup({ customers: 15 }, { pageSize: 5 });
      const first = await pullAll(client, { since: null, resume: null });
      const edited = idAt(4);
      sim.editRecord(edited, profile.firstNameEdit('Budtender-Edited'));
      const walkIn = sim.idOf(sim.addCustomer());
      const second = await pullAll(client, first.next);
      expect(second.customers.map((c) => c.externalId)).toEqual(expect.arrayContaining([edited, walkIn]));
      expect(second.customers.find((c) => c.externalId === edited)?.firstName).toBe('Budtender-Edited');
      expect(second.customers.length).toBeLessThan(16);
      // Anything else is a re-read of the window before the cursor, which callers tolerate.
      const windowStart = Date.parse(first.next.since ?? '') - profile.rereadMs;
      for (const customer of second.customers.filter((c) => ![edited, walkIn].includes(c.externalId))) {
        expect(Date.parse(customer.updatedAt ?? '')).toBeGreaterThanOrEqual(windowStart);
      }
      const newest = second.customers
        .map((c) => c.updatedAt ?? '')
        .sort()
        .at(-1);
      expect(second.next).toEqual({ since: newest, resume: null });
    });

    it(`${vendor}: resumes an interrupted pull from the saved cursor without losing or repeating a customer`, async () => {
      const { client } = await setup({ customers: 20 }, { pageSize: 4 });
      const firstIds: string[] = [];
      let saved: PosCursor = { since: null, resume: null };
      for await (const page of client.listChangedSince(saved)) {
        firstIds.push(...page.customers.map((c) => c.externalId));
        saved = page.next;
        if (firstIds.length >= 8) break; // the worker dies after two pages
      }
      const rest = await pullAll(client, saved);
      const all = [...firstIds, ...rest.customers.map((c) => c.externalId)];
      expect(all).toHaveLength(20);
      expect(new Set(all).size).toBe(20);
    });

    /**
     * Looks up every pulled customer by the value only they hold (as `lookUp` sends it) and expects
     * exactly that customer back, then expects nothing for `unknown`.
     */
    async function expectEachFound(
      client: PosClient,
      keyOf: (customer: PosCustomer) => string | null,
      lookUp: ((value: string) => Promise<PosBatch>) | undefined,
      unknown: string,
    ) {
      if (!lookUp) throw new Error('lookup declared but missing');
      const { customers } = await pullAll(client, { since: null, resume: null });
      const counts = new Map<string, number>();
      for (const customer of customers) {
        const value = keyOf(customer);
        if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const heldByOne = customers.filter((c) => counts.get(keyOf(c) ?? '') === 1);
      expect(heldByOne.length).toBeGreaterThan(5);
      for (const customer of heldByOne) {
        const found = await lookUp(keyOf(customer) as string);
        expect(found.customers.map((c) => c.externalId)).toEqual([customer.externalId]);
      }
      expect(await lookUp(unknown)).toEqual({ customers: [], malformed: [] });
    }

    // Registered only where the vendor offers the lookup, so other vendors show no skipped tests.
    if (profile.lookups.phone)
      it(`${vendor}: finds each customer by their E.164 phone, in whatever form the vendor stores it, and answers empty for an unknown one`, async () => {
        const { client } = await setup({ customers: 20 });
        expect(client.capabilities.findByPhone).toBe(true);
        const e164 = (c: PosCustomer) => (c.phone?.startsWith('+') ? c.phone : null);
        await expectEachFound(client, e164, client.findByPhone?.bind(client), '+13135550000');
      });

    if (profile.lookups.email)
      it(`${vendor}: finds each customer by their email in any case, and answers empty for an unknown one`, async () => {
        const { client } = await setup({ customers: 20 });
        expect(client.capabilities.findByEmail).toBe(true);
        const shouted = (c: PosCustomer) => (c.email?.includes('@') ? c.email.toUpperCase() : null);
        await expectEachFound(client, shouted, client.findByEmail?.bind(client), 'nobody@example.com');
      });

    it(`${vendor}: quarantines a malformed record with its raw payload and keeps the rest of the page`, async () => {
      const { sim, client, idAt } = await setup({ customers: 10 }, { pageSize: 50 });
      const broken = idAt(3);
      sim.faults.set({ malformedIds: [broken] });
      const { customers, malformed } = await pullAll(client, { since: null, resume: null });
      expect(customers).toHaveLength(9);
      expect(malformed.map((m) => m.externalId)).toEqual([broken]);
      expect(malformed[0]?.raw).toMatchObject(profile.brokenRaw(broken));
      await expect(client.get(broken)).rejects.toMatchObject({ kind: 'malformed', externalId: broken });
    });
  });

  describe('writing', () => {
    it(`${vendor}: creates a customer, updates it, and reads back each time what it wrote`, async () => {
      const { sim, client } = await setup();
      const created = await client.create(NEW_CUSTOMER);
      expect(created).toMatchObject({
        firstName: 'Devon',
        lastName: 'Okafor',
        dateOfBirth: '1990-04-12',
        phone: '+17025559876',
      });
      expect(await client.get(created.externalId)).toEqual(created);
      const updated = await client.update(created.externalId, {
        ...NEW_CUSTOMER,
        lastName: 'Okafor-Smith',
        phone: '+17025550111',
      });
      expect(updated).toMatchObject({
        externalId: created.externalId,
        lastName: 'Okafor-Smith',
        phone: '+17025550111',
      });
      expect(await client.get(created.externalId)).toEqual(updated);
      expect(sim.store.size).toBe(13);
    });

    it(`${vendor}: reports an update of an unknown customer as NotFound`, async () => {
      const { client } = await setup();
      await expect(client.update(profile.unknownId, NEW_CUSTOMER)).rejects.toBeInstanceOf(PosNotFound);
    });
  });
});
