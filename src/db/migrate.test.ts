import { afterEach, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { runMigrations } from './migrate.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describe('migrations', () => {
  it('build the whole schema and its extensions from an empty database', async () => {
    database = await createEmptyDatabase();
    await runMigrations(database.pool);
    const tables = await database.pool.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.rows.map((r) => r.tablename)).toEqual(
      expect.arrayContaining(['api_keys', 'organizations', 'rate_limit_counters', 'sessions', 'stores', 'users']),
    );
    const extensions = await database.pool.query<{ extname: string }>('SELECT extname FROM pg_extension');
    expect(extensions.rows.map((r) => r.extname)).toEqual(expect.arrayContaining(['citext', 'pg_trgm', 'unaccent']));
  });

  it('can run again, and concurrently, without changing anything', async () => {
    database = await createEmptyDatabase();
    await Promise.all([runMigrations(database.pool), runMigrations(database.pool)]);
    await runMigrations(database.pool);
    const applied = await database.pool.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    const files = await import('node:fs/promises').then((fs) => fs.readdir(new URL('./migrations', import.meta.url)));
    expect(applied.rows[0].n).toBe(files.filter((f) => f.endsWith('.sql')).length);
  });
});

describe('migration 0018 (one link per customer and store)', () => {
  it('keeps, of two links of one customer to one store, the one with a POS record, then the latest POS change', async () => {
    database = await createEmptyDatabase();
    await runMigrations(database.pool);
    const q = (text: string, values: unknown[] = []) => database!.pool.query(text, values);
    // Data as the old schema allowed it: the unique index is lifted for the set-up.
    await q('DROP INDEX customer_links_customer_store_key');
    const org = (await q("INSERT INTO organizations (slug, name) VALUES ('m14', 'M14') RETURNING id")).rows[0].id;
    const store = (
      await q("INSERT INTO stores (org_id, name, timezone) VALUES ($1, 'S', 'America/Denver') RETURNING id", [org])
    ).rows[0].id;
    const customer = async () =>
      (
        await q(
          `INSERT INTO customers (org_id, customer_type, consents, first_name, last_name, date_of_birth)
           VALUES ($1, 'adult', '{}'::jsonb, 'A', 'B', '1980-01-01') RETURNING id`,
          [org],
        )
      ).rows[0].id;
    const [one, two] = [await customer(), await customer()];
    const link = (customerId: string, externalId: string | null, posUpdatedAt: string | null) =>
      q(
        'INSERT INTO customer_links (org_id, store_id, customer_id, external_id, pos_updated_at) VALUES ($1, $2, $3, $4, $5)',
        [org, store, customerId, externalId, posUpdatedAt],
      );
    await link(one, null, null);
    await link(one, 'older', '2025-01-01T00:00:00Z');
    await link(one, 'newer', '2026-01-01T00:00:00Z');
    await link(two, 'alone', null);

    const sql = await import('node:fs/promises').then((fs) =>
      fs.readFile(new URL('./migrations/0018_one_link_per_store.sql', import.meta.url), 'utf8'),
    );
    await q(sql.split('--> statement-breakpoint')[0]!);
    const left = await q('SELECT customer_id, external_id FROM customer_links ORDER BY external_id');
    expect(left.rows).toEqual([
      { customer_id: two, external_id: 'alone' },
      { customer_id: one, external_id: 'newer' },
    ]);
    await q(
      'CREATE UNIQUE INDEX customer_links_customer_store_key ON customer_links USING btree (org_id, customer_id, store_id)',
    );
  });
});
