import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { drainablePools } from './pool-drain.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('closing pools at shutdown', () => {
  it('ends a statement still holding a connection after the grace, instead of waiting for it', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const pools = drainablePools(database.url, [pool]);
    const client = await pool.connect();
    // Work the queue gave up on: a statement that would run for a minute, its connection lent.
    const running = client.query('SELECT pg_sleep(60)').finally(() => client.release(true));
    running.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await pools.end(300);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(running).rejects.toThrow(/terminat/);
  });

  it('ends at once, touching nothing, when every connection is back', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    const pools = drainablePools(database.url, [pool]);
    await pool.query('SELECT 1');
    const started = Date.now();
    await pools.end(5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
