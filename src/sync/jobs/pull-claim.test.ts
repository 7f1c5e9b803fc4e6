/**
 * A pull whose pg-boss job is taken away while its worker is stalled (the supervisor failed it for a
 * lost heartbeat and a retry took it): the stalled attempt commits no further page, the retry
 * resumes from the last page committed under the claim, and every customer is applied once.
 */
import { and, eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, fastClient, type SyncHarness, TEST_PAGE_SIZE } from '../../../test/support/sync-harness.ts';
import type { PosClient } from '../../pos/port.ts';
import { type PullDeps, runPull } from '../inbound/pull.ts';
import { storeIntegrations } from '../tables.ts';
import { ClaimLost, jobClaim } from './job-claim.ts';
import { createSyncQueue } from './pull-requests.ts';
import { workPulls } from './pull-worker.ts';
import { PULL_QUEUE, type PullJobData, startJobBoss } from './queues.ts';
import { insertRun } from './sync-runs.ts';

let h: SyncHarness;
let boss: PgBoss;

beforeAll(async () => {
  h = await createSyncHarness();
  boss = await startJobBoss({
    pool: h.database.pool,
    supervise: true,
    retry: { retryLimit: 3, retryDelay: 1, retryDelayMax: 1 },
  });
});
afterAll(async () => {
  await boss.stop({ graceful: true, timeout: 5_000 });
  await h.close();
});

/** Deps whose client calls `beforePage(i)` before it hands out the vendor's page `i` (from 0). */
function depsWithPageHook(beforePage: (index: number) => Promise<void>): PullDeps {
  return {
    ...h.deps,
    clientFor: (row) => {
      const client: PosClient = fastClient(row, h.deps.vault);
      const list = client.listChangedSince.bind(client);
      client.listChangedSince = (cursor) =>
        (async function* () {
          let index = 0;
          for await (const page of list(cursor)) {
            await beforePage(index);
            index += 1;
            yield page;
          }
        })();
      return client;
    },
  };
}

async function queuedPull(storeId: string, customers: number) {
  await h.connect(storeId, await h.startSimulator({ customers, seed: customers }));
  const run = await insertRun(h.database.ownerDb, { orgId: h.demo.orgId, storeId }, 'full', 'request');
  await boss.send(PULL_QUEUE, { runId: run.id, orgId: h.demo.orgId, storeId } satisfies PullJobData, {
    singletonKey: storeId,
  });
  const [job] = await boss.fetch<PullJobData>(PULL_QUEUE);
  if (!job || job.data.runId !== run.id) throw new Error('the pull job was not delivered');
  return { run, job };
}

async function pageCommitted(runId: string, fetched: number) {
  for (let i = 0; i < 200; i += 1) {
    if ((await h.runOf(runId)).stats.fetched >= fetched) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the first page was not committed');
}

/** The retry pg-boss hands out once the retry delay has passed. */
async function retried(jobId: string) {
  for (let i = 0; i < 100; i += 1) {
    const [job] = await boss.fetch<PullJobData>(PULL_QUEUE);
    if (job) {
      expect(job.id).toBe(jobId);
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the pull was not retried');
}

async function ended(runId: string) {
  for (let i = 0; i < 300; i += 1) {
    const run = await h.runOf(runId);
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the run did not end');
}

async function cursorOf(storeId: string) {
  const [row] = await h.database.ownerDb
    .select({ cursor: storeIntegrations.cursor })
    .from(storeIntegrations)
    .where(and(eq(storeIntegrations.orgId, h.demo.orgId), eq(storeIntegrations.storeId, storeId)));
  return row?.cursor;
}

describe('a pull whose job was taken away', () => {
  it('commits no page after the supervisor failed its job, and the retry applies the rest once', async () => {
    const store = h.demo.storeIds.Treez;
    const total = 2 * TEST_PAGE_SIZE + 10;
    const { run, job } = await queuedPull(store, total);
    const before = await h.liveCustomers();
    const stalled = depsWithPageHook(async (index) => {
      // While the stalled worker holds page 2, the supervisor fails its job (as for a lost heartbeat).
      if (index !== 1) return;
      await pageCommitted(run.id, TEST_PAGE_SIZE);
      await boss.fail(PULL_QUEUE, job.id, { message: 'job heartbeat timeout' });
    });
    const neverAborted = new AbortController().signal;

    await expect(
      runPull(
        stalled,
        { orgId: run.orgId, runId: run.id },
        jobClaim(boss, PULL_QUEUE, { ...job, signal: neverAborted }),
      ),
    ).rejects.toThrow(ClaimLost);

    const left = await h.runOf(run.id);
    expect(left).toMatchObject({ status: 'running', error: null });
    expect(left.stats.fetched).toBe(TEST_PAGE_SIZE);
    const cursorLeft = await cursorOf(store);
    expect(await h.linksOf(store)).toHaveLength(TEST_PAGE_SIZE);

    const retry = await retried(job.id);
    expect(retry.retryCount).toBe(1);
    await runPull(
      h.deps,
      { orgId: run.orgId, runId: run.id },
      jobClaim(boss, PULL_QUEUE, { ...retry, signal: neverAborted }),
    );
    await boss.complete(PULL_QUEUE, retry.id);

    const done = await h.runOf(run.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(done.stats.fetched).toBe(total);
    expect(done.stats.created + done.stats.linked).toBe(total);
    const links = await h.linksOf(store);
    expect(links).toHaveLength(total);
    expect(new Set(links.map((l) => l.externalId)).size).toBe(total);
    expect(await h.liveCustomers()).toBe(before + total);
    expect(await cursorOf(store)).not.toEqual(cursorLeft);
  });

  it('reads no further page from the POS once pg-boss aborts its job signal', async () => {
    const store = h.demo.storeIds.Flowhub;
    const { run, job } = await queuedPull(store, 3 * TEST_PAGE_SIZE);
    const lost = new AbortController();
    const pagesRead: number[] = [];
    const stalled = depsWithPageHook(async (index) => {
      pagesRead.push(index);
      if (index !== 1) return;
      await pageCommitted(run.id, TEST_PAGE_SIZE);
      lost.abort();
    });

    await expect(
      runPull(
        stalled,
        { orgId: run.orgId, runId: run.id },
        jobClaim(boss, PULL_QUEUE, { ...job, signal: lost.signal }),
      ),
    ).rejects.toThrow(ClaimLost);

    // Page 2 was read before the abort; neither it nor a third page is applied or asked for.
    expect(pagesRead).toEqual([0, 1]);
    const left = await h.runOf(run.id);
    expect(left).toMatchObject({ status: 'running', error: null });
    expect(left.stats.fetched).toBe(TEST_PAGE_SIZE);
    expect(await h.linksOf(store)).toHaveLength(TEST_PAGE_SIZE);
    await boss.complete(PULL_QUEUE, job.id);
  });

  it('at a worker, leaves the run to the retry, which ends it with every customer applied once', async () => {
    const store = h.demo.storeIds.Cova;
    const total = 3 * TEST_PAGE_SIZE;
    const sim = await h.startSimulator({ customers: total, seed: 99 });
    await h.connect(store, sim);
    const queue = createSyncQueue(h.database.db, async () => boss);
    let runId = '';
    let taken = false;
    // While the worker holds page 2, the supervisor fails its job (as for a lost heartbeat), once.
    const stalled = depsWithPageHook(async (index) => {
      if (index !== 1 || taken) return;
      taken = true;
      await pageCommitted(runId, TEST_PAGE_SIZE);
      const [job] = (await boss.findJobs<PullJobData>(PULL_QUEUE, { key: store })).filter((j) => j.state === 'active');
      await boss.fail(PULL_QUEUE, job!.id, { message: 'job heartbeat timeout' });
    });
    await workPulls(boss, stalled, { pollingIntervalSeconds: 0.5 });
    runId = (await queue.requestPull({ orgId: h.demo.orgId, storeId: store }, 'full', 'request')).id;

    const done = await ended(runId);
    await boss.offWork(PULL_QUEUE);

    // The lost attempt counted no error and no retry note of its own: only the retry speaks for the run.
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
    expect(done.stats).toMatchObject({ fetched: total, errors: 0 });
    const links = await h.linksOf(store);
    expect(links).toHaveLength(total);
    expect(new Set(links.map((l) => l.externalId)).size).toBe(total);
  });
});

describe('a job claim', () => {
  it('held in a transaction, keeps the job from being failed until that transaction ends', async () => {
    const { job } = await queuedPull(h.demo.storeIds.Dutchie, 1);
    const claim = jobClaim(boss, PULL_QUEUE, { ...job, signal: new AbortController().signal });
    let failedAt = 0;
    let failing: Promise<unknown> = Promise.resolve();

    const committedAt = await h.database.db.transaction(async (tx) => {
      await claim.hold(tx);
      failing = boss.fail(PULL_QUEUE, job.id, { message: 'job heartbeat timeout' }).then(() => {
        failedAt = Date.now();
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      return Date.now();
    });
    await failing;

    expect(failedAt).toBeGreaterThanOrEqual(committedAt);
    await expect(h.database.db.transaction((tx) => claim.hold(tx))).rejects.toThrow(ClaimLost);
  });
});
