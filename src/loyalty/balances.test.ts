/**
 * Balances in a merge: one balance per store, and it is the balance of the POS record the survivor
 * stays linked to (real PostgreSQL, owner handle; the values are written out here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { balancesOf, moveBalances, recordPosBalances } from './balances.ts';

let database: TestDatabase;
let org: string;
let storeA: string;
let storeB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const q = async (text: string, values: unknown[] = []) => (await database.pool.query(text, values)).rows;
  [{ id: org }] = await q(`INSERT INTO organizations (slug, name) VALUES ('lb', 'LB') RETURNING id`);
  [{ id: storeA }] = await q(`INSERT INTO stores (org_id, name, timezone) VALUES ($1, 'A', 'UTC') RETURNING id`, [org]);
  [{ id: storeB }] = await q(`INSERT INTO stores (org_id, name, timezone) VALUES ($1, 'B', 'UTC') RETURNING id`, [org]);
});
afterAll(() => database?.close());

async function customer(): Promise<string> {
  const { rows } = await database.pool.query(
    `INSERT INTO customers (org_id, customer_type, consents, first_name, last_name, date_of_birth)
     VALUES ($1, 'adult', '{}'::jsonb, 'A', 'B', '1980-01-01') RETURNING id`,
    [org],
  );
  return rows[0].id;
}

async function withBalances(survivor: string, source: string, keptFromSource: string[]) {
  const readAt = new Date('2026-11-30T12:00:00Z');
  await database.ownerDb.transaction(async (tx) => {
    await recordPosBalances(tx, [
      { orgId: org, customerId: survivor, storeId: storeA, vendor: 'treez', points: 10, readAt },
      { orgId: org, customerId: source, storeId: storeA, vendor: 'treez', points: 250, readAt },
      { orgId: org, customerId: source, storeId: storeB, vendor: 'flowhub', points: 7, readAt },
    ]);
    await moveBalances(tx, org, source, survivor, keptFromSource);
  });
  const held = await balancesOf(database.ownerDb, org, [survivor, source]);
  return {
    survivor: (held.get(survivor) ?? []).map((b) => [b.storeId, b.points]),
    source: held.get(source) ?? [],
  };
}

describe('moving balances in a merge', () => {
  it("keeps the survivor's balance at a store where the survivor's POS record was kept, and takes the source's elsewhere", async () => {
    const [survivor, source] = [await customer(), await customer()];
    const held = await withBalances(survivor, source, []);
    expect(held.survivor).toEqual(
      expect.arrayContaining([
        [storeA, 10],
        [storeB, 7],
      ]),
    );
    expect(held.survivor).toHaveLength(2);
    expect(held.source).toEqual([]);
  });

  it("takes the source's balance at a store where the merge kept the source's POS record", async () => {
    const [survivor, source] = [await customer(), await customer()];
    const held = await withBalances(survivor, source, [storeA]);
    expect(held.survivor).toEqual(
      expect.arrayContaining([
        [storeA, 250],
        [storeB, 7],
      ]),
    );
    expect(held.survivor).toHaveLength(2);
    expect(held.source).toEqual([]);
  });
});
