/**
 * Five stores, one per registered vendor, each pointed at its own simulator on 127.0.0.1, and the
 * sync engine driven in this process exactly as the worker drives it: pulls, the outbox dispatcher
 * and pushes (including pushes asked for by link requests), until a whole cycle changes nothing.
 * Then `divergences` compares, link by link and field by field, the Patron customer with the POS
 * record read back through the vendor's own client.
 */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { ChangeConsumer } from '../../src/customers/changes.ts';
import { customers } from '../../src/customers/tables.ts';
import { DEMO_VENDORS } from '../../src/demo/demo-organization.ts';
import { loopbackAllowedOutbound, type OutboundHttp } from '../../src/egress/outbound-http.ts';
import { isPosError, type PosClient, type PosCustomer, type PosVendor } from '../../src/pos/port.ts';
import { posVendor } from '../../src/pos/registry.ts';
import type { RunningSimulator } from '../../src/pos/simulator-kit/simulator-types.ts';
import { startVendorSimulator } from '../../src/pos/simulators.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createSyncVault } from '../../src/privacy/vault.ts';
import { stores } from '../../src/stores/tables.ts';
import { type PullDeps, runPull } from '../../src/sync/inbound/pull.ts';
import { configureIntegration, type IntegrationRow } from '../../src/sync/integrations/integrations.ts';
import { insertRun, runView, type SyncRunView } from '../../src/sync/jobs/sync-runs.ts';
import { heldFields, type SyncedField } from '../../src/sync/links/synced-fields.ts';
import { dispatchOutbox, type PushTarget } from '../../src/sync/outbound/dispatcher.ts';
import { PushBusy, type PushOutcome, runPush } from '../../src/sync/outbound/push.ts';
import { customerLinks, storeIntegrations, syncConflicts, syncRuns } from '../../src/sync/tables.ts';
import { heldDifferences } from './held-values.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from './test-app.ts';

export const FIVE_PAGE_SIZE = 10;

export interface StoreUnderTest {
  name: (typeof DEMO_VENDORS)[number];
  vendor: PosVendor;
  storeId: string;
  simulator: RunningSimulator<unknown>;
  /** A client of this store's POS with quick retries, for reading back and for edits "at the POS". */
  client: PosClient;
  /** Synced fields this vendor holds. */
  fields: SyncedField[];
  /** Customers the simulator was seeded with. */
  seeded: number;
}

export interface FiveStores extends TestApp {
  deps: PullDeps;
  stores: StoreUnderTest[];
  /** Every push outcome so far, by store. */
  outcomes: Map<string, PushOutcome[]>;
  /** Attempts of pulls and pushes that failed on a transient fault and were tried again, as the job queue does. */
  retried: { pulls: number; pushes: number };
  pull(store: StoreUnderTest): Promise<SyncRunView>;
  /** Dispatches the outbox and runs the pushes it asks for, plus pushes of links still without a POS id. */
  drain(): Promise<number>;
  /** Pulls and drains until one whole cycle changes nothing; throws when `maxCycles` do not get there. */
  settle(maxCycles?: number): Promise<number>;
  /**
   * Field by field, where a linked POS record does not hold what Patron holds, judged by the test's
   * own table (held-values.ts). Links whose push the POS refused are left to `refusals`, which the
   * tests bound.
   */
  divergences(): Promise<string[]>;
  /** Links whose last push the POS refused (`error`): store, POS id and the recorded reason. */
  refusals(): Promise<string[]>;
  /** Links of the store with a POS id whose customer is live, oldest first. */
  linksOfStore(storeId: string): Promise<(typeof customerLinks.$inferSelect)[]>;
  close(): Promise<void>;
}

const SIMULATOR_OUTBOUND = loopbackAllowedOutbound();

const QUICK_TRANSPORT = {
  retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 100 },
  breaker: { failureThreshold: 10_000, cooldownMs: 10 },
  timeoutMs: 5_000,
};

export function quickClient(
  row: Pick<IntegrationRow, 'orgId' | 'storeId' | 'vendor' | 'credentialsEnc'>,
  vault: ReturnType<typeof createSyncVault>,
  timeZone: string,
  /** Default: loopback allowed, as in demo mode (the simulators listen on 127.0.0.1). */
  outbound: OutboundHttp = SIMULATOR_OUTBOUND,
): PosClient {
  const entry = posVendor(row.vendor)!;
  const credentials = entry.credentialsSchema.parse(
    vault.open({ orgId: row.orgId, storeId: row.storeId }, 'pos-credentials', row.credentialsEnc),
  );
  // `pageSize` and `transport` are the registry's neutral test knobs (src/pos/registration.ts).
  return entry.createClient({
    credentials,
    timeZone,
    pageSize: FIVE_PAGE_SIZE,
    outbound,
    transport: QUICK_TRANSPORT,
  });
}

export async function startFiveStores(options: {
  customersPerStore: number;
  /** Enforce each vendor's published rate limit (off by default: these tests are about data, not pacing). */
  enforceRateLimit?: boolean;
  /** Only connect (no client needed here): for tests whose worker is another process. */
  database?: TestApp;
  /** Runs in each outbox dispatch, as the worker's webhook hook does (e.g. `webhookChangeConsumer`). */
  outboxHook?: ChangeConsumer;
}): Promise<FiveStores> {
  const t = options.database ?? (await createTestApp());
  // The test's own set-up and reads, as the owner; the code under test runs on `deps.db` (the app role).
  const db = t.database.ownerDb;
  const vault = createSyncVault(TEST_MASTER_KEY);
  const zones = new Map<string, string>();
  for (const row of await db.select({ id: stores.id, tz: stores.timezone }).from(stores)) zones.set(row.id, row.tz);
  const clientFor = (row: IntegrationRow) => quickClient(row, vault, zones.get(row.storeId) ?? 'UTC', t.outbound);
  const deps: PullDeps = {
    db: t.database.db,
    vault,
    protection: createFieldProtection(TEST_MASTER_KEY),
    outbound: t.outbound,
    clientFor,
  };
  const list: StoreUnderTest[] = [];
  try {
    for (const [index, name] of DEMO_VENDORS.entries()) {
      const vendor = name.toLowerCase() as PosVendor;
      const started = await startVendorSimulator(vendor, {
        customers: options.customersPerStore,
        seed: 100 + index,
        faults: { enforceRateLimit: options.enforceRateLimit ?? false },
      });
      const storeId = t.demo.storeIds[name];
      const row = await configureIntegration(
        { db, vault, outbound: t.outbound },
        { orgId: t.demo.orgId, storeId },
        { vendor, credentials: started.credentials, pollIntervalSeconds: 3600, enabled: true },
      );
      const client = clientFor(row);
      list.push({
        name,
        vendor,
        storeId,
        simulator: started.simulator,
        client,
        fields: heldFields(client.capabilities),
        seeded: options.customersPerStore,
      });
    }
  } catch (error) {
    await Promise.allSettled(list.map((s) => s.simulator.close()));
    throw error;
  }

  const outcomes = new Map<string, PushOutcome[]>(list.map((s) => [s.storeId, []]));
  const retried = { pulls: 0, pushes: 0 };
  const push = async (target: PushTarget) => {
    const done = await retryTransient(
      () => runPush(deps, target),
      () => {
        retried.pushes += 1;
      },
    );
    outcomes.get(target.storeId)?.push(...done);
    return done;
  };

  const pull = async (store: StoreUnderTest) => {
    const run = await insertRun(db, { orgId: t.demo.orgId, storeId: store.storeId }, 'incremental', 'request');
    // A retry resumes the same run from its last committed page, as the worker's job retry does.
    await retryTransient(
      () => runPull(deps, { orgId: run.orgId, runId: run.id }),
      () => {
        retried.pulls += 1;
      },
    );
    const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, run.id));
    return runView(row!);
  };

  /** Returns how many pushes wrote something (created, adopted, updated or erased; not refused). */
  const drain = async () => {
    let wrote = 0;
    const targets: PushTarget[] = [];
    while ((await dispatchOutbox(deps.db, async (target) => void targets.push(target), 200, options.outboxHook)) > 0) {
      // until empty
    }
    // Link requests queue a push job directly (no outbox row): run those as the worker would.
    const unlinked = await db
      .select({ orgId: customerLinks.orgId, storeId: customerLinks.storeId, customerId: customerLinks.customerId })
      .from(customerLinks)
      .innerJoin(customers, eq(customers.id, customerLinks.customerId))
      .where(and(isNull(customerLinks.externalId), isNull(customers.deletedAt), eq(customerLinks.status, 'pending')));
    const seen = new Set<string>();
    for (const target of [...targets, ...unlinked]) {
      const key = `${target.storeId}:${target.customerId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const done = await push(target);
      // A refusal is recorded on the link and waits for the next change: nothing was written.
      wrote += done.filter((o) => o !== 'unchanged' && o !== 'skipped' && o !== 'refused').length;
    }
    return wrote;
  };

  const settle = async (maxCycles = 8) => {
    for (let cycle = 1; cycle <= maxCycles; cycle += 1) {
      let changed = await drain();
      for (const store of list) {
        const run = await pull(store);
        if (run.status !== 'succeeded') throw new Error(`pull of ${store.name} ended ${run.status}: ${run.error}`);
        changed += run.stats.created + run.stats.updated + run.stats.linked;
      }
      changed += await drain();
      if (changed === 0) return cycle;
    }
    throw new Error(`not quiet after ${maxCycles} cycles of pulls and pushes`);
  };

  const divergences = async () => {
    const problems: string[] = [];
    for (const store of list) {
      const links = await db
        .select({ link: customerLinks, customer: customers })
        .from(customerLinks)
        .innerJoin(customers, eq(customers.id, customerLinks.customerId))
        .where(
          and(
            eq(customerLinks.storeId, store.storeId),
            isNull(customers.deletedAt),
            isNotNull(customerLinks.externalId),
          ),
        );
      const open = await db
        .select({ customerId: syncConflicts.customerId, field: syncConflicts.field })
        .from(syncConflicts)
        .where(and(eq(syncConflicts.storeId, store.storeId), eq(syncConflicts.status, 'open')));
      for (const { link, customer } of links) {
        // A refusal is recorded on the link and waits for the next change (see `refusals`).
        if (link.status === 'error') continue;
        const pos: PosCustomer = await store.client.get(link.externalId!);
        // The test's own comparison (held-values.ts), not the engine's `holds()`.
        for (const difference of heldDifferences(store.vendor, customer, pos, deps.protection.forOrg(t.demo.orgId))) {
          // A disagreement the engine keeps for a manager, by design, is not a divergence.
          const field = open.find(
            (c) =>
              c.customerId === customer.id &&
              (difference.startsWith(`${c.field}:`) || difference.startsWith(`${c.field}.`)),
          );
          if (field) continue;
          problems.push(`${store.name} ${link.externalId} ${difference}`);
        }
      }
    }
    return problems;
  };

  const refusals = async () => {
    const rows = await db
      .select({
        storeId: customerLinks.storeId,
        externalId: customerLinks.externalId,
        lastError: customerLinks.lastError,
      })
      .from(customerLinks)
      .innerJoin(customers, eq(customers.id, customerLinks.customerId))
      .where(and(eq(customerLinks.status, 'error'), isNull(customers.deletedAt)));
    return rows.map((r) => `${list.find((s) => s.storeId === r.storeId)?.name} ${r.externalId}: ${r.lastError}`);
  };

  return {
    ...t,
    deps,
    stores: list,
    refusals,
    outcomes,
    retried,
    pull,
    drain,
    settle,
    divergences,
    linksOfStore: async (storeId) =>
      (
        await db
          .select({ link: customerLinks })
          .from(customerLinks)
          .innerJoin(customers, eq(customers.id, customerLinks.customerId))
          .where(
            and(eq(customerLinks.storeId, storeId), isNotNull(customerLinks.externalId), isNull(customers.deletedAt)),
          )
          .orderBy(customerLinks.createdAt, customerLinks.id)
      ).map((r) => r.link),
    async close() {
      await Promise.allSettled(list.map((s) => s.simulator.close()));
      if (!options.database) await t.close();
    },
  };
}

/**
 * A walk-in added at the POS now (its change time is now), named in neutral fields: each vendor's
 * simulator writes the record in its own shape.
 */
export function addWalkIn(store: StoreUnderTest, n: number) {
  return store.simulator.addCustomer({ lastName: `Walkin${n}` });
}

/** Runs `attempt` again (a bounded number of times, after a short pause) while it fails on a transient fault. */
export async function retryTransient<T>(attempt: () => Promise<T>, onRetry: () => void, limit = 10): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      const transient = error instanceof PushBusy || (isPosError(error) && error.transient);
      if (!transient || n >= limit) throw error;
      onRetry();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Every POS record, read through the vendor's client from the beginning. */
export async function listAll(client: PosClient): Promise<PosCustomer[]> {
  const all: PosCustomer[] = [];
  for await (const page of client.listChangedSince({ since: null, resume: null })) all.push(...page.customers);
  return all;
}

/** Links of a store with a POS id, counted per POS id (a duplicate shows as a count above one). */
export async function linkCounts(t: TestApp, storeId: string): Promise<Map<string, number>> {
  const rows = await t.database.ownerDb
    .select({ externalId: customerLinks.externalId, n: sql<number>`count(*)::int` })
    .from(customerLinks)
    .where(and(eq(customerLinks.storeId, storeId), isNotNull(customerLinks.externalId)))
    .groupBy(customerLinks.externalId);
  return new Map(rows.map((r) => [r.externalId!, r.n]));
}

/**
 * A store's POS records against Patron's links: `notLinkedOnce` lists POS ids with no link or with
 * more than one, `links` counts the POS ids Patron links (equal to `listed.length` when converged).
 */
export async function posRecordsAgainstLinks(t: TestApp, store: StoreUnderTest) {
  const listed = await listAll(store.client);
  const counts = await linkCounts(t, store.storeId);
  return {
    listed,
    notLinkedOnce: listed.filter((c) => counts.get(c.externalId) !== 1).map((c) => c.externalId),
    links: counts.size,
  };
}

/** Live (not erased, not merged away) customers of the demo organization. */
export async function liveCustomerCount(t: FiveStores): Promise<number> {
  const [live] = await t.database.ownerDb
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(and(eq(customers.orgId, t.demo.orgId), isNull(customers.deletedAt)));
  return live!.n;
}

/** The store integration's cursor, for asserting it moved. */
export async function cursorOf(t: TestApp, storeId: string) {
  const [row] = await t.database.ownerDb
    .select({ cursor: storeIntegrations.cursor })
    .from(storeIntegrations)
    .where(eq(storeIntegrations.storeId, storeId));
  return row!.cursor;
}

/** A small seeded generator (mulberry32): the same seed gives the same changes on every run. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
