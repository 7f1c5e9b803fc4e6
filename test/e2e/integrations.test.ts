/** PUT/GET /stores/{id}/integration, the connection test, and queuing a sync (API.md "Stores, integrations, sync"). */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTreezSimulator } from '../../src/pos/treez/simulator.ts';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.ts';

let h: SyncHarness;
let sim: RunningTreezSimulator;
beforeAll(async () => {
  h = await createSyncHarness();
  sim = await h.startSimulator({ customers: 3 });
});
afterAll(() => h.close());

const url = (storeId: string, rest = '') => `/api/v1/stores/${storeId}/integration${rest}`;

describe('store integrations', () => {
  it('refuses an unknown vendor and credentials that do not fit the vendor, naming each field', async () => {
    const store = h.demo.storeIds.Treez;
    const unknown = await h.request('PUT', url(store), h.tokens.admin, { vendor: 'square', credentials: {} });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ path: 'vendor', message: expect.stringContaining('treez') }]);

    const bad = await h.request('PUT', url(store), h.tokens.admin, {
      vendor: 'treez',
      credentials: { baseUrl: 'https://api.treez.io/v1/nope', clientId: 'c' },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['credentials.apiKey', 'credentials.baseUrl']);

    const missing = await h.request('PUT', url(store), h.tokens.admin, { vendor: 'treez' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].path).toBe('credentials');
  });

  it('stores credentials sealed and never answers them', async () => {
    const store = h.demo.storeIds.Treez;
    const put = await h.request('PUT', url(store), h.tokens.admin, {
      vendor: 'treez',
      credentials: sim.credentials,
      pollIntervalSeconds: 120,
      enabled: true,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({
      storeId: store,
      vendor: 'treez',
      baseUrl: sim.credentials.baseUrl,
      configured: true,
      enabled: true,
      pollIntervalSeconds: 120,
      status: 'never',
      lastSyncAt: null,
      lastError: null,
      cursor: { since: null, passInProgress: null },
    });
    const get = await h.request('GET', url(store), h.tokens.admin);
    expect(get.json()).toEqual(put.json());
    for (const body of [put.body, get.body]) {
      expect(body).not.toContain(sim.credentials.apiKey);
      expect(body).not.toContain(sim.credentials.clientId);
    }

    const rows = await h.database.db.execute<{ row: string }>(
      sql`SELECT row_to_json(si)::text AS row FROM store_integrations si WHERE store_id = ${store}`,
    );
    expect(rows.rows[0]!.row).not.toContain(sim.credentials.apiKey);
    expect(rows.rows[0]!.row).not.toContain(sim.credentials.clientId);
  });

  it('keeps the stored credentials when a change leaves them out', async () => {
    const store = h.demo.storeIds.Treez;
    const res = await h.request('PUT', url(store), h.tokens.admin, { vendor: 'treez', pollIntervalSeconds: 900 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ pollIntervalSeconds: 900, baseUrl: sim.credentials.baseUrl });
    const test = await h.request('POST', url(store, '/test'), h.tokens.admin);
    expect(test.json().ok).toBe(true);
  });

  it('tests the connection: ok with working credentials, a reason without secrets with bad ones', async () => {
    const good = await h.request('POST', url(h.demo.storeIds.Treez, '/test'), h.tokens.admin);
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ ok: true, detail: expect.any(String) });

    const store = h.demo.storeIds.Flowhub;
    const wrong = { ...sim.credentials, apiKey: 'not-the-key' };
    await h.request('PUT', url(store), h.tokens.admin, { vendor: 'treez', credentials: wrong });
    const bad = await h.request('POST', url(store, '/test'), h.tokens.admin);
    expect(bad.statusCode).toBe(200);
    expect(bad.json().ok).toBe(false);
    expect(bad.json().detail).toMatch(/refused the credentials/);
    expect(bad.body).not.toContain('not-the-key');
  });

  it('answers 404 for a store of another organization and for a store without integration', async () => {
    expect((await h.request('GET', url(h.demo.storeIds.Treez), h.tokens.otherAdmin)).statusCode).toBe(404);
    expect((await h.request('GET', url(h.demo.storeIds.Blaze), h.tokens.admin)).statusCode).toBe(404);
    expect(
      (await h.request('POST', `/api/v1/stores/${h.demo.storeIds.Blaze}/sync`, h.tokens.admin, {})).statusCode,
    ).toBe(404);
  });

  it('queues a sync on request and shows the run with its counts', async () => {
    const store = h.demo.storeIds.Treez;
    const res = await h.request('POST', `/api/v1/stores/${store}/sync`, h.tokens.admin, { mode: 'full' });
    expect(res.statusCode).toBe(202);
    const { runId } = res.json();
    const run = await h.request('GET', `/api/v1/sync-runs/${runId}`, h.tokens.admin);
    expect(run.json()).toMatchObject({
      id: runId,
      storeId: store,
      mode: 'full',
      status: 'queued',
      stats: {
        fetched: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        linked: 0,
        conflicts: 0,
        quarantined: 0,
        pushed: 0,
        errors: 0,
      },
      startedAt: null,
      finishedAt: null,
      error: null,
    });
    const list = await h.request('GET', `/api/v1/sync-runs?storeId=${store}`, h.tokens.admin);
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(runId);
    expect((await h.request('GET', `/api/v1/sync-runs/${runId}`, h.tokens.otherAdmin)).statusCode).toBe(404);
  });
});
