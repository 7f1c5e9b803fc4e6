/** The CLI's database commands: migrate, create a user, create an API key, seed demo customers (and the database handle other commands share). */
import { KEY_ROLES, type KeyRole, USER_ROLES, type UserRole } from '../auth/actor.ts';
import { insertApiKey } from '../auth/api-keys.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';
import { insertUser } from '../auth/users.ts';
import type { Config } from '../config.ts';
import { type Database, type Db, openDatabase } from '../db/database.ts';
import { organizations } from '../db/tables.ts';
import { type SeedResult, seedCustomers } from '../demo/seed-customers.ts';
import { isUuid } from '../domain/ids.ts';
import type { Logger } from '../logger.ts';
import { createFieldProtection } from '../privacy/field-protector.ts';
import { loadMasterKey } from '../privacy/master-key.ts';
import { UsageError } from './usage-error.ts';

type Flags = {
  email?: string | undefined;
  name?: string | undefined;
  role?: string | undefined;
  org?: string | undefined;
  store?: string | undefined;
  customers?: string | undefined;
  seed?: string | undefined;
};

export async function withDatabase<T>(
  config: Config,
  logger: Logger,
  work: (db: Db, database: Database) => Promise<T>,
  poolSize = 2,
): Promise<T> {
  const database: Database = await openDatabase({
    databaseUrl: config.databaseUrl,
    appDatabaseUrl: config.appDatabaseUrl,
    dataDir: config.dataDir,
    embeddedPgPort: config.embeddedPgPort,
    logger,
    poolSize,
  });
  try {
    await database.migrate();
    return await work(database.db, database);
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

const SEED_CONCURRENCY = 2;

/** `demo seed`: N synthetic customers into an organization (the demo one unless --org names another). */
export async function demoSeed(
  config: Config,
  logger: Logger,
  flags: Flags,
  say: (line: string) => void,
): Promise<SeedResult> {
  const count = positiveInteger(required(flags, 'customers'), 'customers');
  const seed = flags.seed === undefined ? Date.now() % 1_000_000 : positiveInteger(flags.seed, 'seed');
  // The same key as the server's, or the encrypted card and ID numbers would not decrypt.
  const masterKey = await loadMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir });
  const protection = createFieldProtection(masterKey.key);
  return withDatabase(
    config,
    logger,
    async (db, database) => {
      const orgId = await resolveOrg(db, flags.org ?? DEMO_ORG_SLUG);
      let reported = 0;
      say(`seeding ${count} customers (seed ${seed})`);
      return seedCustomers(database.pool, {
        orgId,
        count,
        seed,
        protector: protection.forOrg(orgId),
        concurrency: SEED_CONCURRENCY,
        onProgress: ({ done, total, elapsedMs }) => {
          // About every tenth of the work, and at the end.
          if (done < total && done - reported < total / 10) return;
          reported = done;
          say(`  ${done}/${total} (${Math.round(done / (elapsedMs / 1000))}/s)`);
        },
      });
    },
    SEED_CONCURRENCY + 1,
  );
}

const DEMO_ORG_SLUG = 'demo-dispensary';

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a positive whole number (got "${value}")`);
  return n;
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
