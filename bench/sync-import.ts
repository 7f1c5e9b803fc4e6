/**
 * One vendor's initial import, measured: the store's integration is pointed at the simulator and made
 * due; the worker's scheduler queues the first pull, which reads everything. The rate is the run's own
 * (customers read / time from its start to its finish, both stamped by the worker), so the scheduler's
 * tick before it is not counted. The worker's resident memory is sampled throughout.
 */
import { and, eq } from 'drizzle-orm';
import type pg from 'pg';
import type { Db } from '../src/db/database.ts';
import type { PosClient, PosVendor } from '../src/pos/port.ts';
import type { SyncVault } from '../src/privacy/vault.ts';
import { configureIntegration } from '../src/sync/integrations/integrations.ts';
import { type SyncRunStatsColumn, storeIntegrations, syncRuns } from '../src/sync/tables.ts';
import { residentBytes, sampleResidentMemory } from './patron-process.ts';
import { type DatabaseProfile, sampleDatabase } from './sync-db-sampler.ts';

/** No second pull while the benchmark runs: the first one is the import. */
const POLL_INTERVAL_SECONDS = 86_400;
const PROGRESS_EVERY_MS = 15_000;

export interface ImportMeasurement {
  customers: number;
  seconds: number;
  customersPerSecond: number;
  stats: SyncRunStatsColumn;
  /** The worker's resident memory before the import and at its peak during it, in bytes. */
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssSamples: number;
  database: DatabaseProfile;
}

export interface ImportTarget {
  db: Db;
  /** For sampling what the database runs. */
  pool: pg.Pool;
  vault: SyncVault;
  orgId: string;
  storeId: string;
  vendor: PosVendor;
  credentials: unknown;
  workerPid: number;
  say(line: string): void;
}

export async function measureImport(target: ImportTarget, expected: number): Promise<ImportMeasurement> {
  const { db, orgId, storeId } = target;
  const rssBeforeBytes = await residentBytes(target.workerPid);
  const memory = sampleResidentMemory(target.workerPid);
  const database = sampleDatabase(target.pool);
  const asked = new Date();
  await configureIntegration(
    { db, vault: target.vault },
    { orgId, storeId },
    {
      vendor: target.vendor,
      credentials: target.credentials,
      enabled: true,
      pollIntervalSeconds: POLL_INTERVAL_SECONDS,
    },
  );
  await db
    .update(storeIntegrations)
    .set({ nextPullAt: asked })
    .where(and(eq(storeIntegrations.orgId, orgId), eq(storeIntegrations.storeId, storeId)));

  let lastProgress = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [run] = await db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.storeId, storeId)))
      .orderBy(syncRuns.createdAt)
      .limit(1);
    if (!run) continue;
    if (run.status === 'failed') {
      await Promise.all([memory.stop(), database.stop()]);
      throw new Error(`the ${target.vendor} import failed: ${run.error}`);
    }
    if (run.status === 'succeeded' && run.startedAt && run.finishedAt) {
      const { peakBytes, samples } = await memory.stop();
      const profile = await database.stop();
      const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
      const customers = run.stats.fetched;
      if (customers !== expected) target.say(`  ${target.vendor}: read ${customers}, expected ${expected}`);
      return {
        customers,
        seconds,
        customersPerSecond: customers / seconds,
        stats: run.stats,
        rssBeforeBytes,
        rssPeakBytes: peakBytes,
        rssSamples: samples,
        database: profile,
      };
    }
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      const elapsed = run.startedAt ? (Date.now() - run.startedAt.getTime()) / 1000 : 0;
      target.say(
        `  ${target.vendor}: ${run.stats.fetched}/${expected} read in ${elapsed.toFixed(0)} s (${run.status})`,
      );
    }
  }
}

/** Stops the store's pulls and pushes once its simulator is gone. */
export async function disableIntegration(db: Db, orgId: string, storeId: string): Promise<void> {
  await db
    .update(storeIntegrations)
    .set({ enabled: false })
    .where(and(eq(storeIntegrations.orgId, orgId), eq(storeIntegrations.storeId, storeId)));
}

/**
 * The client alone, in the benchmark's process, reading `limit` customers from the start: how fast
 * the vendor's pages come when nothing is applied. Side by side with the import, the difference is
 * what applying costs.
 */
export async function measureFetchAlone(
  client: PosClient,
  limit: number,
): Promise<{ customers: number; customersPerSecond: number }> {
  const started = performance.now();
  let customers = 0;
  for await (const page of client.listChangedSince({ since: null, resume: null })) {
    customers += page.customers.length + page.malformed.length;
    if (customers >= limit) break;
  }
  return { customers, customersPerSecond: customers / ((performance.now() - started) / 1000) };
}
