import { and, eq, isNotNull } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../../test/support/sync-harness.ts';
import { connect, type Database } from '../../db/database.ts';
import { startOutboxDispatcher } from '../outbound/dispatcher.ts';
import { customerLinks } from '../tables.ts';
import { createSyncQueue } from './pull-requests.ts';
import { workPushes } from './push-worker.ts';
import { startJobBoss } from './queues.ts';

let h: SyncHarness;
const workers: { boss: PgBoss; database?: Database }[] = [];
const dispatchers: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  h = await createSyncHarness();
  // Two workers on two pools, each with its own dispatcher: as two worker processes would be.
  for (let i = 0; i < 2; i += 1) {
    const database =
      i === 0
        ? undefined
        : connect({ ownerUrl: h.database.url, appUrl: h.database.appUrl }, { poolSize: 4 }, async () => {});
    const pool = database?.pool ?? h.database.pool;
    const boss = await startJobBoss({
      pool,
      supervise: true,
      pushRetry: { retryLimit: 5, retryDelay: 1, retryDelayMax: 2 },
    });
    await workPushes(boss, h.deps, { concurrency: 3 });
    workers.push({ boss, ...(database ? { database } : {}) });
    dispatchers.push(
      startOutboxDispatcher(
        h.database.db,
        createSyncQueue(h.database.db, async () => boss).requestPush,
        undefined,
        100,
      ),
    );
  }
});
afterAll(async () => {
  for (const d of dispatchers) await d.stop();
  for (const w of workers) {
    await w.boss.stop({ graceful: true, timeout: 5_000 });
    await w.database?.close();
  }
  await h.close();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('push jobs on pg-boss', () => {
  it('with two workers, each linked customer is created at the POS exactly once and every edit arrives', async () => {
    const store = h.demo.storeIds.Dutchie;
    const sim = await h.startSimulator({ customers: 0, faults: { latencyMs: 30 } });
    await h.connect(store, sim);
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
        firstName: 'Twin',
        lastName: `Worker${i}`,
        dateOfBirth: '1982-02-02',
        email: `twin.worker.${i}@example.com`,
      });
      ids.push(res.json().id);
    }
    // Every customer linked (202: no wait here), then edited three times while pushes run.
    for (const id of ids) await h.request('POST', `/api/v1/customers/${id}/stores/${store}/link`, h.tokens.staff);
    for (let round = 1; round <= 3; round += 1) {
      for (const id of ids) {
        await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: `round ${round}` });
      }
    }

    await until(
      () =>
        h.database.ownerDb
          .select()
          .from(customerLinks)
          .where(and(eq(customerLinks.storeId, store), isNotNull(customerLinks.externalId))),
      (links) =>
        links.length === ids.length &&
        links.every((l) => l.status === 'synced' && sim.store.get(l.externalId!) !== undefined),
    );
    const creates = sim.requests.filter((r) => r.method === 'POST' && r.route.includes('detailcustomer'));
    expect(creates).toHaveLength(ids.length);
    expect(sim.store.size).toBe(ids.length);
    await until(
      async () => sim.store.all().map((r) => sim.customerOf(sim.idOf(r))?.notes),
      (notes) => notes.every((note) => note === 'round 3'),
    );
  });
});
