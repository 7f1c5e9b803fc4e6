import { and, eq, ne } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../../../test/support/sync-harness.ts';
import { connect, type Database } from '../../db/database.ts';
import { storeIntegrations, syncRuns } from '../tables.ts';
import { createSyncQueue, type SyncQueue } from './pull-requests.ts';
import { queueDuePulls } from './pull-scheduler.ts';
import { workPulls } from './pull-worker.ts';
import { PULL_DEAD_QUEUE, startJobBoss } from './queues.ts';
import { finishRun, insertRun, type SyncRunView, startAttempt } from './sync-runs.ts';

const RETRY = { retryLimit: 1, retryDelay: 1, retryDelayMax: 1 };

let h: SyncHarness;
let boss: PgBoss;
let queue: SyncQueue;
const extra: { boss: PgBoss; database: Database }[] = [];

beforeAll(async () => {
  h = await createSyncHarness();
  boss = await startJobBoss({ pool: h.database.pool, supervise: true, retry: RETRY });
  await workPulls(boss, h.deps, { pollingIntervalSeconds: 0.5 });
  queue = createSyncQueue(h.database.db, async () => boss);
});
afterAll(async () => {
  for (const w of extra) {
    await w.boss.stop({ graceful: true, timeout: 5_000 });
    await w.database.close();
  }
  await boss.stop({ graceful: true, timeout: 5_000 });
  await h.close();
});

async function settled(runId: string, timeoutMs = 40_000): Promise<SyncRunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await h.runOf(runId);
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('pull jobs on pg-boss', () => {
  it('a worker takes a queued pull and runs it to the end', async () => {
    const store = h.demo.storeIds.Treez;
    await h.connect(store, await h.startSimulator({ customers: 25 }));

    const run = await settled((await queue.requestPull({ orgId: h.demo.orgId, storeId: store }, 'full', 'request')).id);

    expect(run).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
    expect(run.stats.fetched).toBe(25);
    const [integration] = await h.database.ownerDb
      .select()
      .from(storeIntegrations)
      .where(and(eq(storeIntegrations.orgId, h.demo.orgId), eq(storeIntegrations.storeId, store)));
    expect(integration).toMatchObject({ status: 'ok', lastError: null });
  });

  it('retries a pull that failed on a transient vendor fault, with backoff, until it succeeds', async () => {
    const store = h.demo.storeIds.Flowhub;
    const sim = await h.startSimulator({ customers: 10, seed: 7 });
    await h.connect(store, sim);
    // More 5xx than the client's own two attempts: the first job attempt fails.
    sim.faults.set({ serverErrorBurst: 3 });

    const run = await settled((await queue.requestPull({ orgId: h.demo.orgId, storeId: store }, 'full', 'request')).id);

    expect(run.status).toBe('succeeded');
    expect(run.attempts).toBe(2);
    expect(run.stats.errors).toBe(1);
    expect(run.stats.fetched).toBe(10);
  });

  it('ends a pull at once on bad credentials, and shows why on the run and the store', async () => {
    const store = h.demo.storeIds.Cova;
    const sim = await h.startSimulator({ customers: 3, seed: 8 });
    await h.connect(store, { ...sim, credentials: { ...sim.credentials, apiKey: 'wrong' } });

    const run = await settled(
      (await queue.requestPull({ orgId: h.demo.orgId, storeId: store }, 'incremental', 'request')).id,
    );

    expect(run).toMatchObject({ status: 'failed', attempts: 1 });
    expect(run.error).toMatch(/^auth_failed: treez:/);
    expect(run.error).not.toContain('wrong');
    const [integration] = await h.database.ownerDb
      .select()
      .from(storeIntegrations)
      .where(and(eq(storeIntegrations.orgId, h.demo.orgId), eq(storeIntegrations.storeId, store)));
    expect(integration!.status).toBe('error');
  });

  it('sends a pull that keeps failing after its retries to the dead-letter queue', async () => {
    const store = h.demo.storeIds.Dutchie;
    const sim = await h.startSimulator({ customers: 3, seed: 9 });
    await h.connect(store, sim);
    sim.faults.set({ serverErrorBurst: 1_000 });

    const run = await settled(
      (await queue.requestPull({ orgId: h.demo.orgId, storeId: store }, 'incremental', 'request')).id,
    );

    expect(run).toMatchObject({ status: 'failed', attempts: 2 });
    expect(run.error).toMatch(/^unavailable: /);
    const deadline = Date.now() + 10_000;
    let dead = await boss.findJobs<{ runId: string }>(PULL_DEAD_QUEUE, { data: { runId: run.id } });
    while (dead.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      dead = await boss.findJobs<{ runId: string }>(PULL_DEAD_QUEUE, { data: { runId: run.id } });
    }
    expect(dead).toHaveLength(1);
    sim.faults.set({ serverErrorBurst: 0 });
  });

  it('ends a run whose job reached the dead-letter queue with no handler to end it (its last worker was killed)', async () => {
    const store = h.demo.storeIds.Cova;
    // As a killed worker leaves them: one run mid-pull, and one a handler had already ended.
    const lost = await insertRun(
      h.database.ownerDb,
      { orgId: h.demo.orgId, storeId: store },
      'incremental',
      'schedule',
    );
    await startAttempt(h.database.ownerDb, lost.id);
    const ended = await insertRun(
      h.database.ownerDb,
      { orgId: h.demo.orgId, storeId: store },
      'incremental',
      'schedule',
    );
    await finishRun(h.database.ownerDb, ended.id, {
      status: 'failed',
      error: 'unavailable: treez: GET /customers (503)',
    });
    for (const run of [lost, ended]) {
      await boss.send(PULL_DEAD_QUEUE, { runId: run.id, orgId: h.demo.orgId, storeId: store });
    }

    const run = await settled(lost.id, 10_000);

    expect(run).toMatchObject({ status: 'failed', attempts: 1 });
    expect(run.error).toBe('the worker running this pull stopped, and no retry was left');
    expect(run.finishedAt).not.toBeNull();
    const deadline = Date.now() + 10_000;
    while ((await boss.findJobs(PULL_DEAD_QUEUE, { data: { runId: ended.id } }))[0]?.state !== 'completed') {
      if (Date.now() > deadline) throw new Error('the dead-letter job of the ended run was not taken');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await h.runOf(ended.id)).error).toBe('unavailable: treez: GET /customers (503)');
  });

  it('never runs two pulls of the same store at once, whatever the number of workers', async () => {
    const second = connect({ ownerUrl: h.database.url, appUrl: h.database.appUrl }, { poolSize: 4 }, async () => {});
    const otherBoss = await startJobBoss({ pool: second.pool, supervise: true, retry: RETRY });
    extra.push({ boss: otherBoss, database: second });
    await workPulls(otherBoss, h.deps, { pollingIntervalSeconds: 0.5, concurrency: 3 });

    const store = h.demo.storeIds.Blaze;
    const sim = await h.startSimulator({ customers: 50, seed: 10, faults: { latencyMs: 20 } });
    await h.connect(store, sim);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push((await queue.requestPull({ orgId: h.demo.orgId, storeId: store }, 'full', 'request')).id);
    }
    const runs = [];
    for (const id of ids) runs.push(await settled(id, 50_000));

    expect(runs.map((r) => r.status)).toEqual(Array(5).fill('succeeded'));
    const spans = runs
      .map((r) => [r.startedAt!.getTime(), r.finishedAt!.getTime()] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i += 1) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    expect((await h.linksOf(store)).length).toBe(50);
  });

  it('queues one scheduled pull per due store, however many schedulers ask at once', async () => {
    const store = h.demo.storeIds.Treez;
    await h.database.ownerDb
      .update(storeIntegrations)
      .set({ nextPullAt: new Date(Date.now() - 1000) })
      .where(and(eq(storeIntegrations.orgId, h.demo.orgId), eq(storeIntegrations.storeId, store)));
    // Other stores of this file are not due.
    await h.database.ownerDb
      .update(storeIntegrations)
      .set({ nextPullAt: new Date(Date.now() + 3_600_000) })
      .where(and(eq(storeIntegrations.orgId, h.demo.orgId), ne(storeIntegrations.storeId, store)));

    const counts = await Promise.all([queueDuePulls(h.database.db, queue), queueDuePulls(h.database.db, queue)]);

    expect(counts.sort()).toEqual([0, 1]);
    const scheduled = await h.database.ownerDb
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.storeId, store), eq(syncRuns.trigger, 'schedule')));
    expect(scheduled).toHaveLength(1);
    await settled(scheduled[0]!.id);
  });
});
