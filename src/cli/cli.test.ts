import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/child-server.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { ensureDemo } from '../demo/demo-organization.ts';

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureDemo(database.db, 'cli-demo-password');
  env = { DATABASE_URL: database.url, PATRON_DATA_DIR: '/tmp/patron-cli-unused' };
});
afterAll(() => database.close());

describe('patron CLI', () => {
  it('prints help and exits 0', async () => {
    const { code, stdout } = await runCli(['--help'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/patron users create/);
  });

  it('migrate applies migrations and exits 0', async () => {
    const { code, stdout } = await runCli(['migrate'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/migrations applied/);
  });

  it('users create makes a user who can log in, reading the password from standard input', async () => {
    const { code, stdout, stderr } = await runCli(
      [
        'users',
        'create',
        '--email',
        'cli.manager@demo.test',
        '--name',
        'Cli Manager',
        '--role',
        'manager',
        '--org',
        'demo-dispensary',
      ],
      env,
      'cli-manager-password\n',
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/created manager cli\.manager@demo\.test/);
    const row = await database.pool.query('SELECT role, password_hash FROM users WHERE email = $1', [
      'cli.manager@demo.test',
    ]);
    expect(row.rows[0].role).toBe('manager');
    expect(row.rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('users create refuses an unknown role with exit code 2 and says what is allowed', async () => {
    const { code, stderr } = await runCli(
      ['users', 'create', '--email', 'a@b.test', '--name', 'A', '--role', 'owner', '--org', 'demo-dispensary'],
      env,
      'password-1\n',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--role must be one of staff, manager, admin \(got "owner"\)/);
  });

  it('users create asks which organization when there are several', async () => {
    const { code, stderr } = await runCli(
      ['users', 'create', '--email', 'a@b.test', '--name', 'A', '--role', 'staff'],
      env,
      'password-1\n',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--org \(one of: .*demo-dispensary/);
  });

  it('users create answers exit code 1 for an email already taken', async () => {
    const { code, stderr } = await runCli(
      [
        'users',
        'create',
        '--email',
        'staff@demo.test',
        '--name',
        'Again',
        '--role',
        'staff',
        '--org',
        'demo-dispensary',
      ],
      env,
      'password-1\n',
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/already exists/);
  });

  it('keys create prints a key once and stores only its digest', async () => {
    const store = await database.pool.query("SELECT id FROM stores WHERE name = 'Cova Store'");
    const { code, stdout } = await runCli(
      [
        'keys',
        'create',
        '--name',
        'Lobby kiosk',
        '--role',
        'kiosk',
        '--store',
        store.rows[0].id,
        '--org',
        'demo-dispensary',
      ],
      env,
    );
    expect(code).toBe(0);
    const key = stdout.trim().split('\n').at(-1)!;
    expect(key).toMatch(/^pk_/);
    const stored = await database.pool.query("SELECT key_hash FROM api_keys WHERE name = 'Lobby kiosk'");
    expect(stored.rows[0].key_hash).not.toBe(key);
  });

  it('keys create refuses a kiosk key without a store, exit code 2', async () => {
    const { code, stderr } = await runCli(
      ['keys', 'create', '--name', 'Nowhere', '--role', 'kiosk', '--org', 'demo-dispensary'],
      env,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/storeId: is required for a kiosk key/);
  });

  it('an unknown command or flag exits 2 with a hint', async () => {
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const flag = await runCli(['migrate', '--colour'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--colour/);
  });

  it('a bad configuration exits 2 naming the variable', async () => {
    const { code, stderr } = await runCli(['migrate'], { ...env, LOG_LEVEL: 'chatty' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/LOG_LEVEL: expected one of/);
  });
});
