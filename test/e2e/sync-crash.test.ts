/**
 * Crash recovery with real worker processes (`patron start --role=worker`), a real PostgreSQL and POS
 * simulators on loopback: a worker killed with SIGKILL in the middle of a pull, and in the middle of
 * pushes (right after a create landed at the POS, before the worker heard back). A new worker picks
 * the lost jobs up once their heartbeat has gone silent; afterwards everything has converged, nothing
 * is lost, nothing is applied twice and nobody is created twice at the POS. Scheduled pulls are kept
 * out of the way (next pull a day ahead): every pull here is asked for.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DEMO_VENDORS } from '../../src/demo/demo-organization.ts';
import type { PosClient, PosVendor } from '../../src/pos/port.ts';
import type { RunningSimulator, SimulatorOptions } from '../../src/pos/simulator-kit/simulator-types.ts';
import { startVendorSimulator } from '../../src/pos/simulators.ts';
import { createSyncVault } from '../../src/privacy/vault.ts';
import { configureIntegration } from '../../src/sync/integrations/integrations.ts';
import { runView, type SyncRunView } from '../../src/sync/jobs/sync-runs.ts';
import { customerLinks, storeIntegrations, syncRuns } from '../../src/sync/tables.ts';
import { startChildWorker } from '../support/child-server.ts';
import { cursorOf, linkCounts, listAll, quickClient } from '../support/five-store-sync.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';

/** pg-boss's floor; the workers' supervisors look every second. */
const HEARTBEAT_SECONDS = 10;

type Worker = Awaited<ReturnType<typeof startChildWorker>>;

let t: TestApp;
let dataDir: string;
const vault = createSyncVault(TEST_MASTER_KEY);
const workers: Worker[] = [];
const simulators: RunningSimulator<unknown>[] = [];

beforeAll(async () => {
  t = await createTestApp();
  dataDir = await mkdtemp(path.join(tmpdir(), 'patron-crash-'));
}, 30_000);
afterAll(async () => {
  // Whatever happened above, no worker outlives the file.
  await Promise.allSettled(workers.map((w) => w.stop('SIGKILL')));
  await Promise.allSettled(simulators.map((s) => s.close()));
  await t?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function startWorker(): Promise<Worker> {
  const worker = await startChildWorker(
    {
      DATABASE_URL: t.database.url,
      PATRON_DATA_DIR: dataDir,
      PATRON_DEMO: '0',
      PATRON_SIMULATORS: '0',
      // Not demo mode, so loopback (where the simulators listen) is allowed the operator's way.
      PATRON_ALLOWED_TARGETS: '127.0.0.0/8',
      PATRON_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
      PATRON_JOB_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
      PATRON_JOB_MONITOR_SECONDS: '1',
    },
    ['--role=worker'],
  );
  workers.push(worker);
  return worker;
}

interface Store {
  storeId: string;
  simulator: RunningSimulator<unknown>;
  client: PosClient;
  seeded: number;
}

/** A demo store pointed at a new simulator of its vendor, pulled only when asked. */
async function connectStore(name: (typeof DEMO_VENDORS)[number], options: SimulatorOptions): Promise<Store> {
  const vendor = name.toLowerCase() as PosVendor;
  const started = await startVendorSimulator(vendor, { ...options, faults: { ...options.faults } });
  simulators.push(started.simulator);
  const storeId = t.demo.storeIds[name];
  const row = await configureIntegration(
    { db: t.database.db, vault, outbound: t.outbound },
    { orgId: t.demo.orgId, storeId },
    { vendor, credentials: started.credentials, pollIntervalSeconds: 3600, enabled: true },
  );
  await t.database.ownerDb
    .update(storeIntegrations)
    .set({ nextPullAt: sql`now() + interval '1 day'` })
    .where(eq(storeIntegrations.storeId, storeId));
  return {
    storeId,
    simulator: started.simulator,
    client: quickClient(row, vault, 'America/Los_Angeles'),
    seeded: options.customers ?? 0,
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runOf(runId: string): Promise<SyncRunView> {
  const [row] = await t.database.ownerDb.select().from(syncRuns).where(eq(syncRuns.id, runId));
  return runView(row!);
}

async function requestPull(storeId: string, mode: 'full' | 'incremental'): Promise<string> {
  const res = await t.request('POST', `/api/v1/stores/${storeId}/sync`, t.tokens.admin, { mode });
  expect(res.statusCode, res.body).toBe(202);
  return res.json<{ runId: string }>().runId;
}

function ended(runId: string, timeoutMs = 60_000): Promise<SyncRunView> {
  return waitFor(
    `run ${runId} to end`,
    async () => {
      const run = await runOf(runId);
      return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
    },
    timeoutMs,
  );
}

/** Every POS id linked once, and exactly the simulator's records. */
async function expectLinkedOnce(store: Store, expected: number) {
  const counts = await linkCounts(t, store.storeId);
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(counts.size).toBe(expected);
  const listed = await listAll(store.client);
  expect(listed.filter((c) => !counts.has(c.externalId)).map((c) => c.externalId)).toEqual([]);
}

/** The worker running now; each test leaves the one it started last running for the next. */
let current: Worker;

describe('sync workers killed with SIGKILL', () => {
  it('resumes a pull killed after its first page from the committed cursor, applying every customer once', async ({
    annotate,
  }) => {
    const CUSTOMERS = 160; // Treez pages of 50: four pages, each call slowed down
    const store = await connectStore('Treez', { customers: CUSTOMERS, seed: 11, faults: { latencyMs: 500 } });
    const first = await startWorker();
    const runId = await requestPull(store.storeId, 'full');

    await waitFor(
      'the first page to be committed',
      async () => ((await runOf(runId)).stats.fetched > 0 ? true : undefined),
      30_000,
    );
    const killedAt = Date.now();
    await first.stop('SIGKILL');
    const atKill = await runOf(runId);
    expect(atKill.status).toBe('running');
    expect(atKill.stats.fetched).toBeLessThan(CUSTOMERS);
    const cursorAtKill = await cursorOf(t, store.storeId);
    expect(cursorAtKill.pass?.resume).not.toBeNull();

    current = await startWorker();
    const run = await ended(runId);
    const recoveredMs = Date.now() - killedAt;
    await annotate(`pull finished ${recoveredMs} ms after the kill (heartbeat ${HEARTBEAT_SECONDS} s)`);
    store.simulator.faults.set({ latencyMs: 0 }); // for reading it all back below

    // The killed run itself resumed and finished: not left running, not started over.
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(run.stats).toMatchObject({ fetched: CUSTOMERS, created: CUSTOMERS, errors: 0, quarantined: 0 });
    expect(run.stats.updated + run.stats.unchanged + run.stats.linked).toBe(0);
    await expectLinkedOnce(store, CUSTOMERS);
    const cursor = await cursorOf(t, store.storeId);
    expect(cursor.pass).toBeNull();
    expect(cursor.since).not.toBeNull();
    // Heartbeat silence, a one-second supervisor and pg-boss's first retry delay (5-10 s), plus the pages left.
    expect(recoveredMs).toBeLessThan(45_000);
  }, 90_000);

  it('retries pushes killed right after a create landed at the POS, finding it instead of creating it again', async ({
    annotate,
  }) => {
    const SEEDED = 5;
    const NEW_CUSTOMERS = 4;
    // Flowhub finds by phone; Blaze has no look-ups and is searched by listing. Neither refuses a duplicate.
    const stores = [
      await connectStore('Flowhub', { customers: SEEDED, seed: 21 }),
      await connectStore('Blaze', { customers: SEEDED, seed: 22 }),
    ];
    for (const store of stores) {
      expect((await ended(await requestPull(store.storeId, 'full'))).status).toBe('succeeded');
    }
    // Changes are made while no worker runs, so that the next one finds several pushes waiting.
    expect(await current.stop('SIGTERM')).toBe(0);

    const created: { id: string; email: string }[] = [];
    for (let i = 0; i < NEW_CUSTOMERS; i += 1) {
      const email = `crash.${i}@example.com`;
      const res = await t.request('POST', '/api/v1/customers', t.tokens.staff, {
        firstName: 'Killed',
        lastName: `Midpush${i}`,
        dateOfBirth: `198${i}-06-1${i}`,
        phone: `+1702555${8100 + i}`,
        email,
        address: { line1: `${i} Signal St`, city: 'Reno', state: 'NV', postalCode: '89501' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json<{ id: string }>().id;
      created.push({ id, email });
      for (const store of stores) {
        const link = await t.request('POST', `/api/v1/customers/${id}/stores/${store.storeId}/link`, t.tokens.staff);
        expect(link.statusCode, link.body).toBe(202);
      }
    }
    const edits = new Map<string, string>();
    for (const store of stores) {
      const links = await t.database.ownerDb
        .select()
        .from(customerLinks)
        .where(and(eq(customerLinks.storeId, store.storeId), isNotNull(customerLinks.externalId)))
        .limit(2);
      for (const link of links) {
        const email = `edited.${link.externalId!.slice(-8)}@example.com`.toLowerCase();
        const res = await t.request('PATCH', `/api/v1/customers/${link.customerId}`, t.tokens.staff, { email });
        expect(res.statusCode, res.body).toBe(200);
        edits.set(`${store.storeId}:${link.externalId}`, email);
      }
    }

    // Every vendor call slowed, so several pushes are in flight; the first create to land at either
    // POS kills the worker before it hears the answer.
    let killedAt = 0;
    let victim: Worker | undefined;
    for (const { simulator } of stores) {
      simulator.faults.set({ latencyMs: 400 });
      const put = simulator.store.put.bind(simulator.store);
      simulator.store.put = (record) => {
        const before = simulator.store.size;
        const stored = put(record);
        if (simulator.store.size > before && killedAt === 0 && victim) {
          victim.process.kill('SIGKILL');
          killedAt = Date.now();
        }
        return stored;
      };
    }
    victim = await startWorker();
    await waitFor(
      'a create to land and the worker to be killed',
      async () => (killedAt > 0 ? true : undefined),
      30_000,
    );
    await victim.stop();
    const newIds = created.map((c) => c.id);
    const newLinks = () =>
      t.database.ownerDb.select().from(customerLinks).where(inArray(customerLinks.customerId, newIds));
    // At least one create is done at the POS and unknown to Patron: only its pending-create marker says so.
    expect(
      (await newLinks()).filter((l) => l.externalId === null && l.pendingCreateAt !== null).length,
    ).toBeGreaterThan(0);

    current = await startWorker();
    const settled = await waitFor(
      'every new link to be pushed',
      async () => {
        const links = await newLinks();
        // Settled = synced AND the push's lease released: a push records its result, then releases.
        const settled = (l: (typeof links)[number]) =>
          l.status === 'synced' && l.pushLeaseUntil === null && l.pendingCreateAt === null;
        return links.length === NEW_CUSTOMERS * stores.length && links.every(settled) ? links : undefined;
      },
      60_000,
    );
    await annotate(`pushes converged ${Date.now() - killedAt} ms after the kill (heartbeat ${HEARTBEAT_SECONDS} s)`);
    for (const store of stores) store.simulator.faults.set({ latencyMs: 0 }); // for reading back below

    for (const link of settled) {
      expect(link).toMatchObject({ pendingCreateAt: null, pushLeaseUntil: null });
      expect(link.externalId).not.toBeNull();
      expect(link.lastPushedHash).toMatch(/^[0-9a-f]{64}$/);
    }
    for (const store of stores) {
      for (const link of settled.filter((l) => l.storeId === store.storeId)) {
        const email = created.find((c) => c.id === link.customerId)!.email;
        expect((await store.client.get(link.externalId!)).email).toBe(email);
      }
      // Nobody created twice: the POS holds its seed and one record per new customer, as its admin surface counts.
      const admin = (await (await fetch(`${store.simulator.url}/_sim/customers`)).json()) as { total: number };
      expect(admin.total).toBe(SEEDED + NEW_CUSTOMERS);
      const listed = await listAll(store.client);
      for (const { email } of created) expect(listed.filter((c) => c.email === email)).toHaveLength(1);
    }
    // Every local edit reached its POS, the outbox rows of the dead worker included.
    await waitFor(
      'every edit at its POS',
      async () => {
        for (const [key, email] of edits) {
          const [storeId, externalId] = key.split(':') as [string, string];
          const store = stores.find((s) => s.storeId === storeId)!;
          if ((await store.client.get(externalId)).email !== email) return undefined;
        }
        return true;
      },
      30_000,
    );

    // Converged: pulling both stores again finds nothing new and nothing to change.
    for (const store of stores) {
      const run = await ended(await requestPull(store.storeId, 'full'));
      expect(run.status).toBe('succeeded');
      expect(run.stats).toMatchObject({ fetched: SEEDED + NEW_CUSTOMERS, created: 0, linked: 0, errors: 0 });
      await expectLinkedOnce(store, SEEDED + NEW_CUSTOMERS);
    }
    expect(await current.stop('SIGTERM')).toBe(0);
  }, 100_000);
});
