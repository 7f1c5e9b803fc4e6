/**
 * A test app plus what sync tests need: simulators of the harness's vendor (Treez, the demo's store
 * "Treez") on 127.0.0.1, integrations pointing at them, and pulls run in-process (`pull`) exactly as
 * the worker runs them, with quick client retries. Simulators and clients come through the registries
 * (src/pos/simulators.ts, src/pos/registry.ts); the records stay untyped here because their shape is
 * private to the vendor's folder (tests that read a record's fields read Treez's, by name).
 */
import { and, eq, sql } from 'drizzle-orm';
import { customers } from '../../src/customers/tables.ts';
import { loopbackAllowedOutbound, type OutboundHttp } from '../../src/egress/outbound-http.ts';
import type { PosClient, PosVendor } from '../../src/pos/port.ts';
import { posVendor } from '../../src/pos/registry.ts';
import type { RunningSimulator, SimulatorOptions } from '../../src/pos/simulator-kit/simulator-types.ts';
import { startVendorSimulator } from '../../src/pos/simulators.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createSyncVault } from '../../src/privacy/vault.ts';
import type { SyncMode } from '../../src/sync/inbound/cursor.ts';
import { type PullDeps, runPull } from '../../src/sync/inbound/pull.ts';
import { configureIntegration, type IntegrationRow } from '../../src/sync/integrations/integrations.ts';
import { insertRun, runView, type SyncRunView } from '../../src/sync/jobs/sync-runs.ts';
import { customerLinks, syncRuns } from '../../src/sync/tables.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp, type TestAppOptions } from './test-app.ts';

/** The vendor of every simulator and client of the harness. */
export const HARNESS_VENDOR: PosVendor = 'treez';

/** A record of the harness vendor's simulator, in its own field names (untyped outside its folder). */
export type HarnessRecord = Record<string, unknown>;

/** A running simulator of the harness vendor with credentials that work against it. */
export interface HarnessSimulator extends RunningSimulator<HarnessRecord> {
  credentials: Record<string, string>;
}

export interface SyncHarness extends TestApp {
  deps: PullDeps;
  simulators: HarnessSimulator[];
  startSimulator(options?: SimulatorOptions): Promise<HarnessSimulator>;
  connect(storeId: string, simulator: Pick<HarnessSimulator, 'credentials'>): Promise<IntegrationRow>;
  /** Queues a run and runs it to the end in this process; rejects with the pull's error. */
  pull(storeId: string, mode?: SyncMode): Promise<SyncRunView>;
  runOf(runId: string): Promise<SyncRunView>;
  linksOf(storeId: string): Promise<(typeof customerLinks.$inferSelect)[]>;
  liveCustomers(): Promise<number>;
}

const SIMULATOR_OUTBOUND = loopbackAllowedOutbound();

/** Page size of the test clients: small, so a few dozen customers make several pages. */
export const TEST_PAGE_SIZE = 20;

/** Quick retries and an open-handed breaker, so fault tests stay fast. */
const FAST_TRANSPORT = {
  retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 50 },
  breaker: { failureThreshold: 10_000, cooldownMs: 10 },
};

/** A client of the harness vendor for a stored integration, from the registry with the test knobs. */
export function fastClient(
  row: IntegrationRow,
  vault: ReturnType<typeof createSyncVault>,
  /** Default: loopback allowed, as in demo mode (the simulators listen on 127.0.0.1). */
  outbound: OutboundHttp = SIMULATOR_OUTBOUND,
): PosClient {
  const entry = posVendor(HARNESS_VENDOR)!;
  const credentials = vault.open({ orgId: row.orgId, storeId: row.storeId }, 'pos-credentials', row.credentialsEnc);
  return entry.createClient({
    credentials: entry.credentialsSchema.parse(credentials),
    timeZone: 'America/Los_Angeles',
    pageSize: TEST_PAGE_SIZE,
    outbound,
    transport: FAST_TRANSPORT,
  });
}

export async function createSyncHarness(options: TestAppOptions = {}): Promise<SyncHarness> {
  const t = await createTestApp(options);
  const vault = createSyncVault(TEST_MASTER_KEY);
  const deps: PullDeps = {
    db: t.database.db,
    vault,
    protection: createFieldProtection(TEST_MASTER_KEY),
    outbound: t.outbound,
    clientFor: (row) => fastClient(row, vault, t.outbound),
  };
  const simulators: HarnessSimulator[] = [];
  let accounts = 0;
  // The test's own set-up and reads, as the owner; the code under test runs on `deps.db` (the app role).
  const db = t.database.ownerDb;

  const runOf = async (runId: string) => {
    const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
    return runView(row!);
  };

  return {
    ...t,
    deps,
    simulators,
    async startSimulator(options = {}) {
      // An account of its own: the client shares rate limits and tokens per credential set.
      accounts += 1;
      const started = await startVendorSimulator(HARNESS_VENDOR, {
        customers: 30,
        account: `sync-test-${process.pid}-${accounts}-${Date.now().toString(36)}`,
        ...options,
      });
      const simulator: HarnessSimulator = {
        ...(started.simulator as RunningSimulator<HarnessRecord>),
        credentials: started.credentials as Record<string, string>,
      };
      simulators.push(simulator);
      return simulator;
    },
    connect: (storeId, simulator) =>
      configureIntegration(
        { db, vault, outbound: t.outbound },
        { orgId: t.demo.orgId, storeId },
        { vendor: HARNESS_VENDOR, credentials: simulator.credentials, pollIntervalSeconds: 300, enabled: true },
      ),
    async pull(storeId, mode = 'incremental') {
      const run = await insertRun(db, { orgId: t.demo.orgId, storeId }, mode, 'request');
      await runPull(deps, { orgId: run.orgId, runId: run.id });
      return runOf(run.id);
    },
    runOf,
    linksOf: (storeId) =>
      db
        .select()
        .from(customerLinks)
        .where(and(eq(customerLinks.orgId, t.demo.orgId), eq(customerLinks.storeId, storeId))),
    async liveCustomers() {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(customers)
        .where(and(eq(customers.orgId, t.demo.orgId), sql`deleted_at IS NULL`));
      return row!.n;
    },
    async close() {
      await Promise.allSettled(simulators.map((s) => s.close()));
      await t.close();
    },
  };
}

/** The link row of a customer at a store, read past row-level security (a test's look at what was stored). */
export async function linkOf(h: SyncHarness, customerId: string, storeId: string) {
  const [link] = await h.database.ownerDb
    .select()
    .from(customerLinks)
    .where(and(eq(customerLinks.customerId, customerId), eq(customerLinks.storeId, storeId)));
  if (!link) throw new Error(`no link of customer ${customerId} at store ${storeId}`);
  return link;
}
