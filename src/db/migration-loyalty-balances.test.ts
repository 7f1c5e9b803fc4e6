/**
 * Migration 0019 (loyalty_balances) moves the single loyalty columns of `customers` into `loyalty_balances`: the value
 * held becomes the balance of the customer's store of that vendor, then the columns go.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { migrationSteps } from '../../test/support/migration-steps.ts';
import { createEmptyDatabase, type TestDatabase } from '../../test/support/test-database.ts';

let database: TestDatabase | undefined;
afterAll(() => database?.close());

describe('migration loyalty_balances', () => {
  it("copies each customer's held loyalty into the balance of their store of that vendor, and drops the columns", async () => {
    database = await createEmptyDatabase();
    const migration = await migrationSteps(database.pool, 'loyalty_balances');
    await migration.before();

    const q = async (text: string, values: unknown[] = []) => (await database!.pool.query(text, values)).rows;
    const [org] = await q(`INSERT INTO organizations (slug, name) VALUES ('m', 'M') RETURNING id`);
    const store = async (name: string, vendor: string) => {
      const [row] = await q(`INSERT INTO stores (org_id, name, timezone) VALUES ($1, $2, 'UTC') RETURNING id`, [
        org.id,
        name,
      ]);
      await q(
        `INSERT INTO store_integrations (org_id, store_id, vendor, credentials_enc, base_url, poll_interval_seconds)
         VALUES ($1, $2, $3, 'x', 'http://127.0.0.1', 60)`,
        [org.id, row.id, vendor],
      );
      return row.id as string;
    };
    const treez = await store('T', 'treez');
    const blaze = await store('B', 'blaze');
    const customer = async (points: number | null, source: string | null, linkedTo: string[]) => {
      const [row] = await q(
        `INSERT INTO customers (org_id, first_name, last_name, date_of_birth, customer_type, consents, loyalty_points, loyalty_source, updated_at)
         VALUES ($1, 'A', 'B', '1980-01-01', 'adult', '{}'::jsonb, $2, $3, '2026-01-02T03:04:05Z') RETURNING id`,
        [org.id, points, source],
      );
      for (const [i, storeId] of linkedTo.entries()) {
        await q(`INSERT INTO customer_links (org_id, customer_id, store_id, external_id) VALUES ($1, $2, $3, $4)`, [
          org.id,
          row.id,
          storeId,
          `${row.id}-${i}`,
        ]);
      }
      return row.id as string;
    };
    const both = await customer(120, 'blaze', [treez, blaze]);
    const none = await customer(null, null, [treez]);

    await migration.apply();

    const balances = await q(
      `SELECT customer_id, store_id, source, vendor, points, read_at FROM loyalty_balances ORDER BY customer_id`,
    );
    expect(balances).toEqual([
      {
        customer_id: both,
        store_id: blaze,
        source: 'pos',
        vendor: 'blaze',
        points: 120,
        read_at: new Date('2026-01-02T03:04:05Z'),
      },
    ]);
    expect(balances.some((b) => b.customer_id === none)).toBe(false);
    const columns = await q(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' AND column_name LIKE 'loyalty%'`,
    );
    expect(columns).toEqual([]);
  });
});
