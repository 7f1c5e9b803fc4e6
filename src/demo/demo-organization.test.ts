import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { ensureDemo } from './demo-organization.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const count = async (sql: string) => (await database.pool.query(sql)).rows[0].n as number;

describe('demo set-up', () => {
  it('creates the demo organizations, five vendor stores and the demo users', async () => {
    const demo = await ensureDemo(database.db, 'demo-password');
    expect(Object.keys(demo.storeIds)).toEqual(['Treez', 'Flowhub', 'Cova', 'Dutchie', 'Blaze']);
    expect(await count('SELECT count(*)::int AS n FROM organizations')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM stores')).toBe(6);
    const users = await database.pool.query('SELECT email, role FROM users ORDER BY email');
    expect(users.rows).toEqual([
      { email: 'admin@demo.test', role: 'admin' },
      { email: 'admin@other.test', role: 'admin' },
      { email: 'manager@demo.test', role: 'manager' },
      { email: 'staff@demo.test', role: 'staff' },
    ]);
  });

  it('is idempotent, and each run leaves exactly one live demo kiosk key, for the first store', async () => {
    const first = await ensureDemo(database.db, 'demo-password');
    const second = await ensureDemo(database.db, 'demo-password');
    expect(second.orgId).toBe(first.orgId);
    expect(second.kioskKey).not.toBe(first.kioskKey);
    expect(await count('SELECT count(*)::int AS n FROM stores')).toBe(6);
    expect(await count('SELECT count(*)::int AS n FROM users')).toBe(4);
    const live = await database.pool.query("SELECT store_id FROM api_keys WHERE role = 'kiosk' AND revoked_at IS NULL");
    expect(live.rows).toEqual([{ store_id: second.storeIds.Treez }]);
  });
});
