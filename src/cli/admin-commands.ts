/** The CLI's database commands: migrate, create a user, create an API key. */
import { KEY_ROLES, type KeyRole, USER_ROLES, type UserRole } from '../auth/actor.ts';
import { insertApiKey } from '../auth/api-keys.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';
import { insertUser } from '../auth/users.ts';
import type { Config } from '../config.ts';
import { type Database, type Db, openDatabase } from '../db/database.ts';
import { runMigrations } from '../db/migrate.ts';
import { organizations } from '../db/schema.ts';
import { isUuid } from '../domain/ids.ts';
import type { Logger } from '../logger.ts';
import { UsageError } from './usage-error.ts';

type Flags = {
  email?: string | undefined;
  name?: string | undefined;
  role?: string | undefined;
  org?: string | undefined;
  store?: string | undefined;
};

async function withDatabase<T>(config: Config, logger: Logger, work: (db: Db) => Promise<T>): Promise<T> {
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    embeddedPgPort: config.embeddedPgPort,
    logger,
    poolSize: 2,
  });
  try {
    await runMigrations(database.pool);
    return await work(database.db);
  } finally {
    await database.close();
  }
}

export function migrate(config: Config, logger: Logger): Promise<void> {
  return withDatabase(config, logger, async () => {});
}

export async function usersCreate(config: Config, logger: Logger, flags: Flags) {
  const email = required(flags, 'email');
  const name = required(flags, 'name');
  const role = oneOf(required(flags, 'role'), USER_ROLES, 'role') as UserRole;
  const password = process.env.PATRON_NEW_USER_PASSWORD ?? (await readStdin()).trim();
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new UsageError(
      `the password must be at least ${PASSWORD_MIN_LENGTH} characters; pass it in PATRON_NEW_USER_PASSWORD or on standard input`,
    );
  }
  return withDatabase(config, logger, async (db) =>
    insertUser(db, await resolveOrg(db, flags.org), { email, name, role, password }),
  );
}

export async function keysCreate(config: Config, logger: Logger, flags: Flags) {
  const name = required(flags, 'name');
  const role = oneOf(required(flags, 'role'), KEY_ROLES, 'role') as KeyRole;
  return withDatabase(config, logger, async (db) =>
    insertApiKey(db, await resolveOrg(db, flags.org), { name, role, storeId: flags.store }),
  );
}

function required(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value;
}

/** The organization named by --org (slug or id), or the only one when there is just one. */
async function resolveOrg(db: Db, org: string | undefined): Promise<string> {
  const all = await db.select({ id: organizations.id, slug: organizations.slug }).from(organizations);
  if (org) {
    const found = all.find((o) => o.slug === org || (isUuid(org) && o.id === org));
    if (!found) throw new UsageError(`no organization "${org}"; known: ${all.map((o) => o.slug).join(', ') || 'none'}`);
    return found.id;
  }
  if (all.length === 1) return all[0]!.id;
  throw new UsageError(
    `name the organization with --org (one of: ${all.map((o) => o.slug).join(', ') || 'none yet; run patron start first'})`,
  );
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('password: ');
  }
  let data = '';
  for await (const chunk of process.stdin) data += String(chunk);
  return data;
}
