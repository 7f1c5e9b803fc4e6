/**
 * The customer page's link actions and the admin's run errors, against Treez simulators on loopback
 * and a real PostgreSQL: "push now" (`POST /customers/{id}/stores/{storeId}/push`) queues a push job
 * that changes the record at the POS, and refuses what it cannot do; `refusedFields` on
 * `GET /customers/{id}/sync` names what the POS refused; `GET /sync-runs/{id}/errors` lists a run's
 * quarantined records and its own error, without payloads. Queued pushes are run here in-process as
 * the worker runs them (no worker runs in the test app).
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureIntegration } from '../../src/sync/integrations/integrations.ts';
import { finishRun, insertRun } from '../../src/sync/jobs/sync-runs.ts';
import { dispatchOutbox, type PushTarget } from '../../src/sync/outbound/dispatcher.ts';
import { runPush } from '../../src/sync/outbound/push.ts';
import { customerLinks } from '../../src/sync/tables.ts';
import { createSyncHarness, type HarnessSimulator, linkOf, type SyncHarness } from '../support/sync-harness.ts';

let h: SyncHarness;
let sim: HarnessSimulator;
let storeA: string;
let storeB: string;
let n = 0;

beforeAll(async () => {
  h = await createSyncHarness();
  storeA = h.demo.storeIds.Treez;
  storeB = h.demo.storeIds.Flowhub;
  sim = await h.startSimulator({ customers: 0 });
  await h.connect(storeA, sim);
}, 60_000);
afterAll(() => h.close());

const push = (id: string, storeId: string, token = h.tokens.staff) =>
  h.request('POST', `/api/v1/customers/${id}/stores/${storeId}/push`, token);

async function switchIntegration(storeId: string, enabled: boolean) {
  await configureIntegration(
    { db: h.database.ownerDb, vault: h.deps.vault, outbound: h.outbound },
    { orgId: h.demo.orgId, storeId },
    { vendor: 'treez', credentials: sim.credentials, pollIntervalSeconds: 300, enabled },
  );
}

/** Dispatches the outbox and runs the pushes it asked for, as the worker would. */
async function drain(): Promise<PushTarget[]> {
  const targets: PushTarget[] = [];
  while ((await dispatchOutbox(h.database.db, async (t) => void targets.push(t))) > 0) {
    // until empty
  }
  for (const target of targets) await runPush(h.deps, target);
  return targets;
}

async function queuedPushes(storeId: string, customerId: string): Promise<number> {
  const { rows } = await h.database.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'sync-push' AND singleton_key = $1 AND state = 'created'`,
    [`${storeId}:${customerId}`],
  );
  return rows[0]!.n;
}

async function syncStateOf(id: string, storeId: string) {
  const res = await h.request('GET', `/api/v1/customers/${id}/sync`, h.tokens.staff);
  expect(res.statusCode).toBe(200);
  return res.json().items.find((item: { storeId: string }) => item.storeId === storeId);
}

async function newLinkedCustomer(): Promise<{ id: string; externalId: string }> {
  n += 1;
  const res = await h.request('POST', '/api/v1/customers', h.tokens.staff, {
    firstName: 'Actions',
    lastName: `Person${n}`,
    dateOfBirth: `1986-04-0${(n % 9) + 1}`,
    phone: `+1702555${String(6100 + n).padStart(4, '0')}`,
  });
  const id = res.json().id as string;
  expect((await h.request('POST', `/api/v1/customers/${id}/stores/${storeA}/link`, h.tokens.staff)).statusCode).toBe(
    202,
  );
  await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id });
  // That push ran here: its job, still queued for a worker that does not run, goes.
  await h.database.pool.query(`DELETE FROM pgboss.job WHERE name = 'sync-push' AND singleton_key = $1`, [
    `${storeA}:${id}`,
  ]);
  await drain();
  const link = await linkOf(h, id, storeA);
  expect(link).toMatchObject({ status: 'synced' });
  return { id, externalId: link.externalId! };
}

describe('push now', () => {
  it("queues a push of the customer's state that changes the record at the POS, and audits it without values", async () => {
    const { id, externalId } = await newLinkedCustomer();
    // Edited while the integration is switched off: the outbox sends nothing to that store.
    await switchIntegration(storeA, false);
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { notes: 'pushed by hand' });
    expect(await drain()).toEqual([]);
    await switchIntegration(storeA, true);
    expect(sim.customerOf(externalId)).not.toMatchObject({ notes: 'pushed by hand' });

    expect(await queuedPushes(storeA, id)).toBe(0);
    const res = await push(id, storeA);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ status: 'pending' });
    expect((await syncStateOf(id, storeA)).status).toBe('pending');
    expect(await queuedPushes(storeA, id)).toBe(1);
    // A second ask while one waits is absorbed by it.
    expect((await push(id, storeA, h.tokens.manager)).statusCode).toBe(202);
    expect(await queuedPushes(storeA, id)).toBe(1);

    expect(await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id })).toEqual(['updated']);
    expect(sim.customerOf(externalId)).toMatchObject({ notes: 'pushed by hand' });
    expect(await syncStateOf(id, storeA)).toMatchObject({ status: 'synced', lastError: null, refusedFields: [] });

    const audit = await h.request('GET', `/api/v1/customers/${id}/audit?limit=200`, h.tokens.manager);
    const pushes = audit.json().items.filter((e: { action: string }) => e.action === 'push');
    expect(pushes).toHaveLength(2);
    expect(pushes[0].fields).toEqual([`store:${storeA}`]);
    expect(JSON.stringify(pushes)).not.toContain('pushed by hand');
  });

  it('answers 404 for a customer or a link that does not exist, and 409 while the integration is off', async () => {
    const { id } = await newLinkedCustomer();
    const nobody = '00000000-0000-4000-8000-000000000000';
    for (const res of [
      await push(nobody, storeA),
      await push('not-an-id', storeA),
      await push(id, storeB),
      await push(id, nobody),
      await push(id, storeA, h.tokens.otherAdmin),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const erased = await newLinkedCustomer();
    expect((await h.request('DELETE', `/api/v1/customers/${erased.id}`, h.tokens.manager)).statusCode).toBeLessThan(
      300,
    );
    expect((await push(erased.id, storeA)).statusCode).toBe(404);

    await switchIntegration(storeA, false);
    try {
      const off = await push(id, storeA);
      expect(off.statusCode).toBe(409);
      expect(off.json().detail).toMatch(/switched off/);
      expect((await linkOf(h, id, storeA)).status).toBe('synced');
      expect(await queuedPushes(storeA, id)).toBe(0);
    } finally {
      await switchIntegration(storeA, true);
    }
    expect((await push(id, storeA, h.tokens.kiosk)).statusCode).toBe(403);
    expect((await h.request('POST', `/api/v1/customers/${id}/stores/${storeA}/push`)).statusCode).toBe(401);
  });
});

describe('refused fields', () => {
  it('lists the fields the POS refused in the last push, without their values, and push now tries again', async () => {
    // A POS record whose phone Treez itself no longer accepts: imported as it came.
    const added = sim.addCustomer({
      firstName: 'Refused',
      lastName: 'Fields',
      dateOfBirth: '1982-02-02',
      phone: '555-12',
      email: 'refused.fields@example.com',
    });
    await h.pull(storeA);
    const [link] = (await h.linksOf(storeA)).filter((l) => l.externalId === sim.idOf(added));
    const id = link!.customerId;
    expect((await syncStateOf(id, storeA)).refusedFields).toEqual([]);

    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { lastName: 'Fixed' });
    await drain();
    const state = await syncStateOf(id, storeA);
    expect(state.status).toBe('error');
    expect(state.refusedFields).toEqual([{ field: 'phone', message: expect.any(String) }]);
    expect(JSON.stringify(state)).not.toContain('555-12');

    // Push now retries it: pending, then refused again with the same fields.
    expect((await push(id, storeA)).statusCode).toBe(202);
    expect((await syncStateOf(id, storeA)).status).toBe('pending');
    expect(await runPush(h.deps, { orgId: h.demo.orgId, storeId: storeA, customerId: id })).toEqual(['refused']);
    expect(await syncStateOf(id, storeA)).toMatchObject({ status: 'error', refusedFields: [{ field: 'phone' }] });

    // Fixed here: the next push is accepted and the refusal is gone.
    await h.request('PATCH', `/api/v1/customers/${id}`, h.tokens.staff, { phone: '(702) 555-0177' });
    await drain();
    expect(await syncStateOf(id, storeA)).toMatchObject({ status: 'synced', lastError: null, refusedFields: [] });
  });

  it('says field null when the POS named none', async () => {
    const { id } = await newLinkedCustomer();
    await h.database.ownerDb
      .update(customerLinks)
      .set({ status: 'error', lastError: 'the POS refused the customer', refusal: { kind: 'invalid', errors: [] } })
      .where(and(eq(customerLinks.customerId, id), eq(customerLinks.storeId, storeA)));
    expect((await syncStateOf(id, storeA)).refusedFields).toEqual([
      { field: null, message: 'the POS refused the customer' },
    ]);
  });
});

describe('errors of a sync run', () => {
  let runId: string;
  beforeAll(async () => {
    const cova = await h.startSimulator({ customers: 10, seed: 61, faults: { malformedIds: ['2', '5', '9'] } });
    await h.connect(h.demo.storeIds.Cova, cova);
    const run = await h.pull(h.demo.storeIds.Cova);
    expect(run.stats).toMatchObject({ quarantined: 3 });
    runId = run.id;
  }, 60_000);

  const errors = (id: string, query = '', token = h.tokens.admin) =>
    h.request('GET', `/api/v1/sync-runs/${id}/errors${query}`, token);

  it("lists the run's quarantined records with POS id and reason, in order, without payloads", async () => {
    const res = await errors(runId);
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items.map((e: { externalId: string }) => e.externalId).sort()).toEqual(['2', '5', '9']);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['at', 'externalId', 'kind', 'reason']);
      expect(item.kind).toBe('quarantined');
      expect(item.reason).toMatch(/does not match the Treez shape/);
    }
    // The malformed record's own values (first_name: 42) are not answered.
    expect(res.body).not.toContain('first_name');
    expect(res.body).not.toContain('raw');
  });

  it('pages through every error once, and ends with the run’s own error', async () => {
    const failed = await insertRun(
      h.database.ownerDb,
      { orgId: h.demo.orgId, storeId: h.demo.storeIds.Cova },
      'full',
      'request',
    );
    await h.database.ownerDb.execute(
      sql`UPDATE quarantined_records SET run_id = ${failed.id} WHERE run_id = ${runId}::uuid AND external_id = '5'`,
    );
    await finishRun(h.database.ownerDb, failed.id, { status: 'failed', error: 'rate-limited: GET /customer/{id}' });
    const seen: { kind: string; externalId?: string | null; reason: string }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res = await errors(failed.id, `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(1);
      seen.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([
      expect.objectContaining({ kind: 'quarantined', externalId: '5' }),
      { at: expect.any(String), kind: 'run', reason: 'rate-limited: GET /customer/{id}' },
    ]);
    expect((await errors(runId)).json().items).toHaveLength(2);
  });

  it('answers an empty list for a run without errors, 404 for another organization, and only to admins', async () => {
    const clean = await h.pull(storeA);
    expect((await errors(clean.id)).json()).toEqual({ items: [], nextCursor: null });
    expect((await errors(runId, '', h.tokens.otherAdmin)).statusCode).toBe(404);
    expect((await errors('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await errors(runId, '', h.tokens.manager)).statusCode).toBe(403);
    expect((await errors(runId, '', h.tokens.staff)).statusCode).toBe(403);
    expect((await errors(runId, '?cursor=bogus')).statusCode).toBe(422);
  });
});
