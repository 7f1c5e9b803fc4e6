/**
 * The application's own login (app-login.ts): the application's connections log in as `patron_app`,
 * not as the owner switching roles, so SQL run on them cannot get back to the owner; and the start
 * sets that login up, on a server of its own (the embedded one), and refuses a login that could
 * reach the owner.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { APPLICATION_ROLE, applicationUrl, appPasswordFile, ensureApplicationLogin } from './app-login.ts';
import { type Database, openDatabase } from './database.ts';
import { runInOrg } from './org-scope.ts';

let database: TestDatabase;
let owner: string;
let orgId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  owner = (await database.pool.query('SELECT current_user AS name')).rows[0].name;
  orgId = (await database.pool.query("INSERT INTO organizations (slug, name) VALUES ('login', 'Login') RETURNING id"))
    .rows[0].id;
});
afterAll(() => database?.close());

/** The error code of a statement run on the application's connection, or 'ok'. */
async function codeOf(work: (client: pg.Client) => Promise<unknown>): Promise<string> {
  const client = new pg.Client({ connectionString: database.appUrl });
  await client.connect();
  try {
    await work(client);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end();
  }
}

describe("the application's connections", () => {
  it('log in as patron_app itself, not as the owner switched to it', async () => {
    const { rows } = await database.db.execute<{ login: string; role: string }>(
      sql`SELECT session_user AS login, current_user AS role`,
    );
    expect(rows[0]).toEqual({ login: APPLICATION_ROLE, role: APPLICATION_ROLE });
    expect(owner).not.toBe(APPLICATION_ROLE);
  });

  it('are not a member of the owner role, directly or through another', async () => {
    const { rows } = await database.pool.query(
      `SELECT pg_has_role($1, $2, 'MEMBER') AS member,
              EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                       WHERE r.rolname = $1) AS member_of_any`,
      [APPLICATION_ROLE, owner],
    );
    expect(rows[0]).toEqual({ member: false, member_of_any: false });
  });

  it('cannot SET ROLE to the owner', async () => {
    const escalate = database.db.execute(sql.raw(`SET ROLE ${pg.escapeIdentifier(owner)}`));
    await expect(escalate).rejects.toMatchObject({ cause: { code: '42501' } });
    expect(await codeOf((c) => c.query(`SET ROLE ${pg.escapeIdentifier(owner)}`))).toBe('42501');
    expect(await codeOf((c) => c.query(`SET SESSION AUTHORIZATION ${pg.escapeIdentifier(owner)}`))).toBe('42501');
  });

  it('after RESET ROLE are still patron_app, and may do nothing only the owner may', async () => {
    const afterReset = await codeOf(async (c) => {
      await c.query('RESET ROLE');
      const { rows } = await c.query('SELECT current_user AS role');
      if (rows[0].role !== APPLICATION_ROLE) throw new Error(`RESET ROLE led to ${rows[0].role}`);
    });
    expect(afterReset).toBe('ok');
    const ownerOnly = [
      'ALTER TABLE customers DISABLE ROW LEVEL SECURITY',
      'ALTER TABLE audit_events DISABLE TRIGGER USER',
      'DROP TABLE audit_events',
      'CREATE TABLE public.intruder (x int)',
      `ALTER ROLE ${APPLICATION_ROLE} BYPASSRLS`,
    ];
    for (const statement of ownerOnly) {
      expect({ statement, code: await codeOf(async (c) => c.query(`RESET ROLE; ${statement}`)) }).toEqual({
        statement,
        code: '42501',
      });
    }
  });

  it('cannot switch row-level security off', async () => {
    const code = await codeOf(async (c) => {
      await c.query('SET row_security = off');
      await c.query('SELECT org_id FROM customers');
    });
    expect(code).toBe('42501');
    const inOrg = runInOrg(orgId, () =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL row_security = off`);
        return tx.execute(sql`SELECT org_id FROM customers`);
      }),
    );
    await expect(inOrg).rejects.toMatchObject({ cause: { code: '42501' } });
  });

  it('are checked at start: a login other than patron_app, or the owner as the application, is refused', async () => {
    const asOwner = new URL(database.url);
    await expect(ensureApplicationLogin(database.pool, asOwner.toString())).rejects.toThrow(/must be patron_app/);
    await expect(ensureApplicationLogin(database.pool, database.appUrl)).resolves.toBeUndefined();
  });
});

// Roles belong to the whole cluster: the set-up of the login (a password set, a membership granted)
// runs on an embedded server of its own, so the other test files' logins are left alone.
describe('on the embedded server, at start', () => {
  let dir: string;
  let embedded: Database | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'patron-app-login-'));
    embedded = await openDatabase({ dataDir: dir });
    await embedded.migrate();
  }, 120_000);
  afterAll(async () => {
    await embedded?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('generates the password into the data folder (mode 0600) and logs the application in with it over SCRAM', async () => {
    const file = await stat(appPasswordFile(dir));
    expect(file.mode & 0o777).toBe(0o600);
    const { rows } = await embedded!.db.execute<{ login: string }>(sql`SELECT session_user AS login`);
    expect(rows[0]!.login).toBe(APPLICATION_ROLE);
    const hba = await embedded!.pool.query(
      "SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type = 'host' AND error IS NULL",
    );
    expect(hba.rows.map((r) => r.auth_method)).toEqual(['scram-sha-256']);
    const stored = await embedded!.pool.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [
      APPLICATION_ROLE,
    ]);
    expect(stored.rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it('sets the password again when it no longer matches, and the application logs in again', async () => {
    await embedded!.pool.query(`ALTER ROLE ${APPLICATION_ROLE} PASSWORD 'changed-behind-our-back'`);
    await embedded!.migrate();
    // A new login with the password of the data folder works again.
    const again = new pg.Client({
      connectionString: applicationUrl(ownerUrlOf(embedded!), (await readFile(appPasswordFile(dir), 'utf8')).trim()),
    });
    await again.connect();
    await again.end();
  });

  it('refuses to start when the application login could SET ROLE to the owner', async () => {
    const owner = (await embedded!.pool.query('SELECT current_user AS name')).rows[0].name;
    await embedded!.pool.query(`GRANT ${pg.escapeIdentifier(owner)} TO ${APPLICATION_ROLE}`);
    try {
      await expect(embedded!.migrate()).rejects.toThrow(/can reach the owner/);
    } finally {
      await embedded!.pool.query(`REVOKE ${pg.escapeIdentifier(owner)} FROM ${APPLICATION_ROLE}`);
    }
    await expect(embedded!.migrate()).resolves.toBeUndefined();
  });
});

/** The owner's URL of an opened embedded database, as far as the application's URL needs it. */
function ownerUrlOf(db: Database): string {
  return `postgres://owner@${db.describe}`;
}
