/**
 * `GET /sync-quarantine`: the POS records a pull could not take, as a manager follows them up. Real
 * malformed records from a simulator's fault, quarantined by a real pull; the answer names the store,
 * the vendor, the POS id, the reason and when, pages like every list, filters by store, and never
 * carries the sealed payload (the person's data as the POS sent it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../support/sync-harness.ts';

let h: SyncHarness;
let covaRunId: string;
beforeAll(async () => {
  h = await createSyncHarness();
  const cova = await h.startSimulator({ customers: 12, seed: 41, faults: { malformedIds: ['3', '7', '11'] } });
  await h.connect(h.demo.storeIds.Cova, cova);
  const run = await h.pull(h.demo.storeIds.Cova);
  expect(run.stats).toMatchObject({ fetched: 12, quarantined: 3 });
  covaRunId = run.id;
  const blaze = await h.startSimulator({ customers: 6, seed: 42, faults: { malformedIds: ['2'] } });
  await h.connect(h.demo.storeIds.Blaze, blaze);
  expect((await h.pull(h.demo.storeIds.Blaze)).stats).toMatchObject({ quarantined: 1 });
}, 60_000);
afterAll(() => h.close());

const list = (query = '', token = h.tokens.manager) => h.request('GET', `/api/v1/sync-quarantine${query}`, token);

describe('listing quarantined POS records', () => {
  it('answers each with store, vendor, POS id, reason and when, newest first, without the payload', async () => {
    const res = await list();
    expect(res.statusCode).toBe(200);
    const { items, nextCursor } = res.json();
    expect(items).toHaveLength(4);
    expect(nextCursor).toBeNull();
    // Blaze's pull came second: its record is first.
    expect(items[0]).toMatchObject({ storeId: h.demo.storeIds.Blaze, externalId: '2' });
    const cova = items.filter((item: { storeId: string }) => item.storeId === h.demo.storeIds.Cova);
    expect(cova.map((item: { externalId: string }) => item.externalId).sort()).toEqual(['11', '3', '7']);
    for (const item of cova) {
      expect(Object.keys(item).sort()).toEqual(
        ['externalId', 'id', 'quarantinedAt', 'reason', 'resolvedAt', 'runId', 'storeId', 'storeName', 'vendor'].sort(),
      );
      expect(item).toMatchObject({ storeName: 'Cova Store', vendor: 'treez', runId: covaRunId, resolvedAt: null });
      expect(item.reason).toMatch(/does not match the Treez shape/);
      expect(Date.parse(item.quarantinedAt)).not.toBeNaN();
    }
    // The malformed record's own values (the simulator's fault writes first_name: 42) are not answered.
    expect(res.body).not.toContain('raw');
    expect(res.body).not.toContain('first_name');
  });

  it('filters by store, and pages with limit and cursor through every record once', async () => {
    const blaze = (await list(`?storeId=${h.demo.storeIds.Blaze}`)).json();
    expect(blaze.items.map((item: { externalId: string }) => item.externalId)).toEqual(['2']);
    expect((await list(`?storeId=${h.demo.storeIds.Treez}`)).json().items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await list(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.length).toBeLessThanOrEqual(3);
      seen.push(...body.items.map((item: { id: string }) => item.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect((await list('?status=resolved')).json().items).toEqual([]);
  });

  it('refuses a bad query with every problem, and a cursor it did not give', async () => {
    const res = await list('?storeId=not-a-store&limit=0&status=maybe');
    expect(res.statusCode).toBe(422);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['storeId', 'limit', 'status']));
    const cursor = await list('?cursor=bogus');
    expect(cursor.statusCode).toBe(422);
    expect(cursor.json().errors[0].path).toBe('cursor');
  });

  it('is for managers and admins only, and shows nothing of another organization', async () => {
    expect((await list('', h.tokens.staff)).statusCode).toBe(403);
    expect((await list('', h.tokens.kiosk)).statusCode).toBe(403);
    expect((await list('', h.tokens.admin)).json().items).toHaveLength(4);
    const other = await list('', h.tokens.otherAdmin);
    expect(other.statusCode).toBe(200);
    expect(other.json().items).toEqual([]);
    expect((await h.request('GET', '/api/v1/sync-quarantine')).statusCode).toBe(401);
  });
});
