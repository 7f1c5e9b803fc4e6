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
