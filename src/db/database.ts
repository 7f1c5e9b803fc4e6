/**
 * The database handles, on the embedded server by default or on `DATABASE_URL` when set: the
 * application's (role `patron_app`, under row-level security, see org-scope.ts) and the owner's
 * (migrations, pg-boss, operator maintenance). Closing them also stops the embedded server when we
 * started it.
 */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { OrgScopedPool, scopeTransactionsToOrg } from './org-scope.ts';
import { drainablePools } from './pool-drain.ts';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;

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
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
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

/** The role of the application's connections (migration 0011): not an owner, no BYPASSRLS. */
export const APPLICATION_ROLE = 'patron_app';

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return connect(opts.databaseUrl, opts, async () => {});
  const server = await startEmbeddedPostgres({ dir: opts.dataDir, port: opts.embeddedPgPort, logger: opts.logger });
  try {
    await ensureDatabaseExists(server.adminUrl, EMBEDDED_DATABASE);
    return await connect(withDatabase(server.adminUrl, EMBEDDED_DATABASE), opts, server.stop);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export function connect(
  url: string,
  opts: { poolSize?: number; logger?: Logger | undefined },
  onClose: () => Promise<void>,
): Database {
  const settings = { connectionString: url, max: opts.poolSize ?? 20, application_name: 'patron' };
  const pool = new pg.Pool({ ...settings, options: TRIGRAM_MATCH_OPTIONS });
  // The owner's connection switches to the application role as it opens: one URL serves both.
  const appPool = new OrgScopedPool({ ...settings, options: `-c role=${APPLICATION_ROLE} ${TRIGRAM_MATCH_OPTIONS}` });
  // An idle client losing its server must not crash the process; the next query reconnects.
  const onIdleError = (error: Error) =>
    opts.logger?.warn({ err: { message: error.message } }, 'idle database client error');
  pool.on('error', onIdleError);
  appPool.on('error', onIdleError);
  const pools = drainablePools(url, [appPool, pool], opts.logger);
  const parsed = new URL(url);
  let closed = false;
  return {
    db: scopeTransactionsToOrg(drizzle({ client: appPool, schema })),
    ownerDb: drizzle({ client: pool, schema }),
    pool,
    describe: `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`,
    close: async () => {
      if (closed) return;
      closed = true;
      await pools.end(POOL_END_GRACE_MS);
      await onClose();
    },
  };
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
