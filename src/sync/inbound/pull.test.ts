import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, fastClient, type SyncHarness, TEST_PAGE_SIZE } from '../../../test/support/sync-harness.ts';
import { customers } from '../../customers/tables.ts';
import { PosUnavailable } from '../../pos/port.ts';
import { insertRun } from '../jobs/sync-runs.ts';
import { quarantinedRecords, storeIntegrations } from '../tables.ts';
import { runPull } from './pull.ts';

let h: SyncHarness;
beforeAll(async () => {
  h = await createSyncHarness();
});
afterAll(() => h.close());

const customerById = async (id: string) =>
  (await h.database.ownerDb.select().from(customers).where(eq(customers.id, id)))[0]!;

describe('inbound pull from the Treez simulator', () => {
  it('imports every customer of the store with one link each, and counts them', async () => {
    const store = h.demo.storeIds.Treez;
    const sim = await h.startSimulator({ customers: 45 });
    await h.connect(store, sim);

    const run = await h.pull(store, 'incremental');

    expect(run.status).toBe('succeeded');
    expect(run.stats.fetched).toBe(45);
    expect(run.stats.created + run.stats.linked).toBe(45);
    expect(run.stats.quarantined).toBe(0);
    expect(run.stats.errors).toBe(0);
    const links = await h.linksOf(store);
    expect(links).toHaveLength(45);
    expect(new Set(links.map((l) => l.externalId)).size).toBe(45);
    expect(await h.liveCustomers()).toBe(run.stats.created);
  });

  it('counts an identical re-read as unchanged and creates nothing', async () => {
    const store = h.demo.storeIds.Treez;
    const before = await h.liveCustomers();

    const incremental = await h.pull(store, 'incremental');
    const full = await h.pull(store, 'full');

    expect(incremental.stats.created).toBe(0);
    expect(full.stats).toMatchObject({ fetched: 45, unchanged: 45, created: 0, updated: 0, linked: 0 });
    expect(full.notSeen).toBe(0);
    expect(await h.liveCustomers()).toBe(before);
    expect(await h.linksOf(store)).toHaveLength(45);
  });

  it('brings a change made at the POS in on the next incremental pull', async () => {
    const store = h.demo.storeIds.Treez;
    const [sim] = h.simulators;
    sim!.editCustomer('7', { firstName: 'Renamed', notes: 'Likes edibles' });

    const run = await h.pull(store, 'incremental');

    // The overlap window may re-read the newest unchanged record too: that one counts as unchanged.
    expect(run.stats).toMatchObject({ updated: 1, created: 0, linked: 0 });
    expect(run.stats.unchanged).toBe(run.stats.fetched - 1);
    const link = (await h.linksOf(store)).find((l) => l.externalId === '7')!;
    const customer = await customerById(link.customerId);
    expect(customer.firstName).toBe('Renamed');
    expect(customer.notes).toBe('Likes edibles');
  });

  it('resumes from the saved cursor after a pull fails mid-way: nothing lost, nothing duplicated', async () => {
    const store = h.demo.storeIds.Flowhub;
    const sim = await h.startSimulator({ customers: 70, seed: 11 });
    const row = await h.connect(store, sim);
    const baseline = await h.liveCustomers();

    // After two pages the vendor answers 5xx more often than the client retries: the pull fails.
    let pages = 0;
    const failing = await insertRun(
      h.database.ownerDb,
      { orgId: h.demo.orgId, storeId: store },
      'incremental',
      'request',
    );
    const failingDeps = {
      ...h.deps,
      clientFor: () => {
        const client = fastClient(row, h.deps.vault);
        return {
          ...client,
          async *listChangedSince(cursor: Parameters<typeof client.listChangedSince>[0]) {
            for await (const page of client.listChangedSince(cursor)) {
              yield page;
              pages += 1;
              if (pages === 2) sim.faults.set({ serverErrorBurst: 50 });
            }
          },
        };
      },
    };
    await expect(runPull(failingDeps, { orgId: failing.orgId, runId: failing.id })).rejects.toBeInstanceOf(
      PosUnavailable,
    );
    const interrupted = await h.runOf(failing.id);
    expect(interrupted.stats.fetched).toBe(2 * TEST_PAGE_SIZE);
    const [saved] = await h.database.ownerDb
      .select({ cursor: storeIntegrations.cursor })
      .from(storeIntegrations)
      .where(and(eq(storeIntegrations.orgId, h.demo.orgId), eq(storeIntegrations.storeId, store)));
    expect(saved!.cursor.pass?.resume).toBeTruthy();

    sim.faults.set({ serverErrorBurst: 0 });
    const resumed = await h.pull(store, 'incremental');

    expect(resumed.status).toBe('succeeded');
    expect(resumed.stats.fetched).toBe(70 - 2 * TEST_PAGE_SIZE);
    const links = await h.linksOf(store);
    expect(links).toHaveLength(70);
    expect(new Set(links.map((l) => l.externalId)).size).toBe(70);
    expect(await h.liveCustomers()).toBe(baseline + interrupted.stats.created + resumed.stats.created);
  });

  it('quarantines malformed records with their raw payload and applies the rest of the page', async () => {
    const store = h.demo.storeIds.Cova;
    const sim = await h.startSimulator({ customers: 25, seed: 21, faults: { malformedIds: ['4', '9'] } });
    await h.connect(store, sim);

    const run = await h.pull(store);

    expect(run.stats).toMatchObject({ fetched: 25, quarantined: 2 });
    expect(run.stats.created + run.stats.linked).toBe(23);
    expect(await h.linksOf(store)).toHaveLength(23);
    const held = await h.database.ownerDb
      .select()
      .from(quarantinedRecords)
      .where(and(eq(quarantinedRecords.orgId, h.demo.orgId), eq(quarantinedRecords.runId, run.id)));
    expect(held.map((q) => q.externalId).sort()).toEqual(['4', '9']);
    for (const q of held) {
      expect(q.reason).toMatch(/does not match the Treez shape/);
      const raw = h.deps.vault.open({ orgId: h.demo.orgId, storeId: store }, 'quarantine', q.rawEnc) as Record<
        string,
        unknown
      >;
      // The raw record as quarantined is the vendor's JSON, broken by the simulator's fault: its fields are Treez's.
      expect(raw.customer_id).toBe(q.externalId);
      expect(raw.first_name).toBe(42);
    }
  });

  it('imports messy records (N/A, 1900-01-01, invalid phone, expired card) instead of dropping them, with their issues', async () => {
    const store = h.demo.storeIds.Dutchie;
    const sim = await h.startSimulator({ customers: 0, seed: 31 });
    // Treez keeps no card state [REFERENCE 1.4]: the card's state here is dropped at the POS.
    const messy = sim.addCustomer({
      firstName: 'N/A',
      lastName: 'SMITH',
      dateOfBirth: '1900-01-01',
      phone: '12',
      email: 'N/A',
      driversLicense: null,
      customerType: 'medical',
      medicalCard: { number: 'MED-777001', state: 'NV', expiresOn: '2020-01-31' },
      // Treez's one flag, opted out [REFERENCE 1.4].
      smsOptIn: false,
      emailOptIn: false,
    });
    await h.connect(store, sim);

    const run = await h.pull(store);

    expect(run.stats).toMatchObject({ fetched: 1, created: 1, quarantined: 0, errors: 0 });
    const [link] = await h.linksOf(store);
    expect(link!.externalId).toBe(sim.idOf(messy));
    expect(link!.issues).toEqual(
      expect.arrayContaining([
        { field: 'firstName', problem: 'placeholder' },
        { field: 'dateOfBirth', problem: 'placeholder' },
        { field: 'phone', problem: 'unparseable' },
        { field: 'email', problem: 'placeholder' },
      ]),
    );
    const customer = await customerById(link!.customerId);
    expect(customer).toMatchObject({
      firstName: 'N/A',
      lastName: 'SMITH',
      dateOfBirth: '1900-01-01',
      phone: '12',
      email: null,
      customerType: 'medical',
      medicalExpiresOn: '2020-01-31',
      nameKey: null,
    });
    expect(customer.consents.sms).toMatchObject({ granted: false, source: 'pos' });
  });
});
