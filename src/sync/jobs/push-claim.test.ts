/**
 * A push whose pg-boss job is taken away while its worker is stalled (the supervisor failed it for a
 * lost heartbeat and a retry took it): the stalled attempt writes nothing more to the POS, and the
 * customer is created there once, also when the retry starts while the stalled create is in flight.
 * Creates are counted at the simulator's admin surface.
 */
import { and, eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createSyncHarness,
  fastClient,
  type HarnessSimulator,
  type SyncHarness,
} from '../../../test/support/sync-harness.ts';
import type { PosClient } from '../../pos/port.ts';
import { runPush } from '../outbound/push.ts';
import type { PushDeps } from '../outbound/types.ts';
import { customerLinks } from '../tables.ts';
import { ClaimLost, jobClaim } from './job-claim.ts';
import { workPushes } from './push-worker.ts';
import { PUSH_QUEUE, type PushJobData, pushKey, startJobBoss } from './queues.ts';

let h: SyncHarness;
let boss: PgBoss;
let sim: HarnessSimulator;
let store: string;
let n = 0;

beforeAll(async () => {
  h = await createSyncHarness();
  boss = await startJobBoss({
    pool: h.database.pool,
    supervise: true,
    pushRetry: { retryLimit: 3, retryDelay: 1, retryDelayMax: 1 },
  });
  store = h.demo.storeIds.Treez;
  sim = await h.startSimulator({ customers: 0 });
  await h.connect(store, sim);
});
afterEach(() => boss.offWork(PUSH_QUEUE));
afterAll(async () => {
  await boss.stop({ graceful: true, timeout: 5_000 });
  await h.close();
});

const vendorWrites = (kind: 'create' | 'update') =>
  sim.requests.filter((r) => r.method === 'POST' && r.route.includes(kind === 'create' ? 'detailcustomer' : 'update'))
    .length;

async function customersAtPos(): Promise<number> {
  const admin = (await (await fetch(`${sim.url}/_sim/customers`)).json()) as { total: number };
  return admin.total;
}

/** A new customer asked to be linked to the store: the push job that request queued, taken as a worker would. */
async function linkRequested() {
  n += 1;
  const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
    firstName: 'Stalled',
    lastName: `Push${n}`,
    dateOfBirth: `1979-06-0${(n % 9) + 1}`,
    phone: `+1702555${String(6100 + n).padStart(4, '0')}`,
  });
  const customerId = res.json().id as string;
  const link = await h.request('POST', `/api/v1/customers/${customerId}/stores/${store}/link`, h.tokens.staff);
  expect(link.statusCode).toBe(202);
  const [job] = await boss.fetch<PushJobData>(PUSH_QUEUE);
  if (!job || job.data.customerId !== customerId) throw new Error('the push job was not delivered');
  return { target: job.data, job };
}

async function linkOf(target: PushJobData) {
  const [link] = await h.database.ownerDb
    .select()
    .from(customerLinks)
    .where(and(eq(customerLinks.storeId, target.storeId), eq(customerLinks.customerId, target.customerId)));
  return link!;
}

async function waitFor(what: string, probe: () => Promise<boolean>) {
  for (let i = 0; i < 300; i += 1) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The retry has ended at the worker. */
const retryEnded = (jobId: string) =>
  waitFor('the retry to end', async () => {
    const [job] = await boss.findJobs(PUSH_QUEUE, { id: jobId });
    return job?.state === 'completed' || job?.state === 'failed';
  });

/** Linked and synced, the lease and the create marker released. */
const settled = { status: 'synced', pushLeaseUntil: null, pendingCreateAt: null };

/** Deps whose client the test may change; `taken` runs when the push opens its client. */
function stalledDeps(edit: (client: PosClient) => void, taken: () => Promise<void> = async () => {}): PushDeps {
  return {
    ...h.deps,
    clientFor: async (row) => {
      await taken();
      const client = fastClient(row, h.deps.vault);
      edit(client);
      return client;
    },
  };
}

const neverAborted = new AbortController().signal;
/** The claim of the attempt `job` as fetched (no heartbeat timer here: pg-boss's signal stays quiet). */
const claimOf = (job: { id: string; retryCount: number }) =>
  jobClaim(boss, PUSH_QUEUE, { ...job, signal: neverAborted });

/** Runs the push as a stalled worker whose job the supervisor fails as the push opens its client (before any vendor write). */
async function pushLosingItsJob(target: PushJobData, job: { id: string; retryCount: number }) {
  const stalled = stalledDeps(
    () => {},
    async () => void (await boss.fail(PUSH_QUEUE, job.id, { message: 'job heartbeat timeout' })),
  );
  await expect(runPush(stalled, target, claimOf(job))).rejects.toThrow(ClaimLost);
}

describe('a push whose job was taken away', () => {
  it('does not create the customer at the POS after losing its job, and the retry creates them once', async () => {
    const { target, job } = await linkRequested();
    const before = await customersAtPos();

    await pushLosingItsJob(target, job);

    expect(vendorWrites('create')).toBe(0);
    expect(await customersAtPos()).toBe(before);
    expect((await linkOf(target)).pendingCreateAt).toBeNull();

    await workPushes(boss, h.deps, { pollingIntervalSeconds: 0.5 });
    await retryEnded(job.id);

    expect(vendorWrites('create')).toBe(1);
    expect(await customersAtPos()).toBe(before + 1);
    expect(await linkOf(target)).toMatchObject(settled);
    expect((await linkOf(target)).externalId).not.toBeNull();
  });

  it('creates once when the retry starts while the stalled create is still on its way to the POS', async () => {
    const { target, job } = await linkRequested();
    const before = await customersAtPos();
    const creates = vendorWrites('create');
    // Inside the vendor call the worker stalls: its job is failed, a worker takes the retry, and only
    // then (well after the retry could have looked the customer up) does the create reach the POS.
    const stalled = stalledDeps((client) => {
      const create = client.create.bind(client);
      client.create = async (input) => {
        await boss.fail(PUSH_QUEUE, job.id, { message: 'job heartbeat timeout' });
        await waitFor('the retry to start', async () => {
          const [now] = await boss.findJobs(PUSH_QUEUE, { id: job.id });
          return now?.state === 'active' && now.retryCount === 1;
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        return create(input);
      };
    });
    await workPushes(boss, { ...h.deps, createSettleMs: 4_000 }, { pollingIntervalSeconds: 0.5 });

    await runPush(stalled, target, claimOf(job));
    await retryEnded(job.id);

    expect(vendorWrites('create')).toBe(creates + 1);
    expect(await customersAtPos()).toBe(before + 1);
    expect(await linkOf(target)).toMatchObject(settled);
    expect((await linkOf(target)).externalId).not.toBeNull();
  });

  it('does not update the customer at the POS after losing its job', async () => {
    const { target, job } = await linkRequested();
    expect(await runPush(h.deps, target, claimOf(job))).toEqual(['created']);
    await boss.complete(PUSH_QUEUE, job.id);
    const edit = await h.request('PATCH', `/api/v1/customers/${target.customerId}`, h.tokens.staff, {
      notes: 'changed while a worker stalls',
    });
    expect(edit.statusCode).toBe(200);
    await boss.send(PUSH_QUEUE, target, { singletonKey: pushKey(target) });
    const [update] = await boss.fetch<PushJobData>(PUSH_QUEUE);
    if (!update) throw new Error('the push job was not delivered');
    const updates = vendorWrites('update');

    await pushLosingItsJob(target, update);

    expect(vendorWrites('update')).toBe(updates);
  });
});
