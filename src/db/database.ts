/**
 * The database handles, on the embedded server by default or on `DATABASE_URL` when set: the
 * application's (logged in as `patron_app` with its own password, under row-level security, see
 * org-scope.ts and app-login.ts) and the owner's (migrations, pg-boss, operator maintenance). Closing
 * them also stops the embedded server when we started it.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { applicationUrl, applicationUrlFor, ensureApplicationLogin, storedAppPassword } from './app-login.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { runMigrations } from './migrate.ts';
import { OrgScopedPool, scopeTransactionsToOrg } from './org-scope.ts';
import { drainablePools } from './pool-drain.ts';
import type { Db } from './tx.ts';

export type { Db } from './tx.ts';

export interface Database {
  /**
   * The application's queries: role `patron_app`, which sees only the rows of the organization of
   * the current unit of work (`runInOrg`, or the request's actor), and nothing outside one.
   */
  db: Db;
  /**
   * The owner's connection, which row-level security does not restrict: migrations, pg-boss, and
   * operator maintenance across organizations (key rotation, seeding, bootstrap). Tests assert with it.
   */
  ownerDb: Db;
  /** The owner's pool (see `ownerDb`). */
  pool: pg.Pool;
  /** Where we are connected, without the password, for logs. */
  describe: string;
  /**
   * Applies the migrations, then makes sure the application's login works and cannot reach the
   * owner (setting its password with the owner's connection when needed): before any other use.
   */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Both logins: the owner's (row-level security does not restrict it) and the application's. */
export interface DatabaseUrls {
  ownerUrl: string;
  appUrl: string;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** The application's login on that server (`PATRON_APP_DATABASE_URL`); derived when absent. */
  appDatabaseUrl?: string | undefined;
  dataDir: string;
  embeddedPgPort?: number | undefined;
  logger?: Logger | undefined;
  poolSize?: number;
}

const EMBEDDED_DATABASE = 'patron';

/**
 * How long closing waits for lent connections. Work that should finish has had its time already
 * (the HTTP drain, the workers' grace); what is still running is work the queue gave up on.
 */
const POOL_END_GRACE_MS = 5_000;

/**
 * How alike a name must be to match in search (pg_trgm's `%` for full names, `<%` for one word),
 * set for every connection when it opens. With the defaults (0.3, 0.6) a first name alone matched a
 * full-name query: every Matthew for "Matthew Kelly", 12,000 candidates at 1M customers. 0.6 for
 * full names still finds a typo in each word ("Kathlen Scot" is 0.65 from "Kathleen Scott"); 0.5 for
 * one word keeps a typo in a short name ("wriht" is 0.5 from "wright").
 */
export const TRIGRAM_MATCH_OPTIONS = '-c pg_trgm.similarity_threshold=0.6 -c pg_trgm.word_similarity_threshold=0.5';

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const appUrl = await applicationUrlFor(opts.databaseUrl, opts.dataDir, opts.appDatabaseUrl);
    return connect({ ownerUrl: opts.databaseUrl, appUrl }, opts, async () => {});
  }
  const server = await startEmbeddedPostgres({ dir: opts.dataDir, port: opts.embeddedPgPort, logger: opts.logger });
  try {
    await ensureDatabaseExists(server.adminUrl, EMBEDDED_DATABASE);
    const ownerUrl = withDatabase(server.adminUrl, EMBEDDED_DATABASE);
    // Generated once into the data folder, beside the server's own password.
    const appUrl = applicationUrl(ownerUrl, await storedAppPassword(opts.dataDir));
    return connect({ ownerUrl, appUrl }, opts, server.stop);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export function connect(
  urls: DatabaseUrls,
  opts: { poolSize?: number; logger?: Logger | undefined },
  onClose: () => Promise<void>,
): Database {
  const url = urls.ownerUrl;
  const settings = { max: opts.poolSize ?? 20, application_name: 'patron', options: TRIGRAM_MATCH_OPTIONS };
  const pool = new pg.Pool({ ...settings, connectionString: url });
  // A login of its own, not the owner's switching roles: `RESET ROLE` leads back to patron_app only.
  const appPool = new OrgScopedPool({ ...settings, connectionString: urls.appUrl });
  // An idle client losing its server must not crash the process; the next query reconnects.
  const onIdleError = (error: Error) =>
    opts.logger?.warn({ err: { message: error.message } }, 'idle database client error');
  pool.on('error', onIdleError);
  appPool.on('error', onIdleError);
  const pools = drainablePools(url, [appPool, pool], opts.logger);
  const parsed = new URL(url);
  let closed = false;
  return {
    db: scopeTransactionsToOrg(drizzle({ client: appPool })),
    ownerDb: drizzle({ client: pool }),
    pool,
    describe: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    migrate: async () => {
      await runMigrations(pool);
      await ensureApplicationLogin(pool, urls.appUrl, opts.logger);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pools.end(POOL_END_GRACE_MS);
      await onClose();
    },
  };
}

/** The pool behind a handle, for a library that takes SQL text and values (pg-boss's `send`). */
export function poolOf(db: Db): pg.Pool {
  return (db as Db & { $client: pg.Pool }).$client;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function ensureDatabaseExists(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}
