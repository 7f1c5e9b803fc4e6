import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/child-server.ts';
import { TEST_MASTER_KEY } from '../../test/support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { ensureDemo } from './demo-organization.ts';

let database: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  database = await createTestDatabase();
  await ensureDemo(database.db, 'seed-cli-demo-password');
  env = {
    DATABASE_URL: database.url,
    PATRON_DATA_DIR: '/tmp/patron-cli-unused',
    PATRON_MASTER_KEY: TEST_MASTER_KEY.toString('base64'),
  };
});
afterAll(() => database.close());

const customersOf = async (slug: string) =>
  (
    await database.pool.query(
      'SELECT count(*)::int AS n FROM customers c JOIN organizations o ON o.id = c.org_id WHERE o.slug = $1',
      [slug],
    )
  ).rows[0].n as number;

describe('patron demo seed', () => {
  it('adds N customers to the demo organization and prints the rate', async () => {
    const { code, stdout, stderr } = await runCli(['demo', 'seed', '--customers', '1200', '--seed', '7'], env);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/seeded 1200 customers in [\d.]+ s \(\d+\/s\)/);
    expect(await customersOf('demo-dispensary')).toBe(1200);
  });

  it('seeds the organization named by --org', async () => {
    const { code } = await runCli(['demo', 'seed', '--customers', '300', '--org', 'other-dispensary'], env);
    expect(code).toBe(0);
    expect(await customersOf('other-dispensary')).toBe(300);
  });

  it('refuses a count that is not a positive whole number with exit code 2', async () => {
    const { code, stderr } = await runCli(['demo', 'seed', '--customers', 'lots'], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--customers must be a positive whole number/);
  });
});
