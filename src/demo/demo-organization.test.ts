import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

describe('demo kiosk key kept in a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patron-kiosk-key-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const liveKiosk = async () =>
    (await database.pool.query("SELECT key_hash FROM api_keys WHERE role = 'kiosk' AND revoked_at IS NULL")).rows;

  it('answers the same key on every start, the only live kiosk key, kept in a file only its owner reads', async () => {
    const file = path.join(dir, 'secrets', 'demo-kiosk-key');
    const first = await ensureDemo(database.db, 'demo-password', { kioskKeyFile: file });
    const second = await ensureDemo(database.db, 'demo-password', { kioskKeyFile: file });
    expect(second.kioskKey).toBe(first.kioskKey);
    expect(first.kioskKey).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.kioskKey);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await liveKiosk()).toEqual([{ key_hash: sha256(first.kioskKey) }]);
  });

  it('registers the same key again when the database no longer has it', async () => {
    const file = path.join(dir, 'reset', 'demo-kiosk-key');
    const first = await ensureDemo(database.db, 'demo-password', { kioskKeyFile: file });
    await database.pool.query('DELETE FROM api_keys WHERE key_hash = $1', [sha256(first.kioskKey)]);
    const again = await ensureDemo(database.db, 'demo-password', { kioskKeyFile: file });
    expect(again.kioskKey).toBe(first.kioskKey);
    expect(await liveKiosk()).toEqual([{ key_hash: sha256(first.kioskKey) }]);
  });

  it('issues and keeps a new key when an admin revoked the kept one', async () => {
    const file = path.join(dir, 'revoked', 'demo-kiosk-key');
    const first = await ensureDemo(database.db, 'demo-password', { kioskKeyFile: file });
    await database.pool.query('UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1', [sha256(first.kioskKey)]);
    const again = await ensureDemo(database.db, 'demo-password', { kioskKeyFile: file });
    expect(again.kioskKey).not.toBe(first.kioskKey);
    expect((await readFile(file, 'utf8')).trim()).toBe(again.kioskKey);
    expect(await liveKiosk()).toEqual([{ key_hash: sha256(again.kioskKey) }]);
  });
});
