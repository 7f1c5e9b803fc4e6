/**
 * The organization of the current unit of work (a request, a job, one organization's sweep), carried
 * by AsyncLocalStorage so that the ~40 query sites need not pass it to the database themselves. The
 * application's pool (`OrgScopedPool`) hands out connections carrying it as `app.org_id`, which the
 * row-level security policies compare with each row's `org_id` (migration 0011): a query that
 * forgets its `org_id` filter still sees only its own organization, and one with no organization
 * set sees no customer data at all.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './tx.ts';

interface OrgStore {
  orgId: string | undefined;
}

const scope = new AsyncLocalStorage<OrgStore>();

/**
 * Runs `fn` with `orgId` as the organization of every query it makes. What it returns is awaited
 * inside the scope: Drizzle's queries are lazy and would otherwise run when awaited outside it.
 */
export function runInOrg<T>(orgId: string, fn: () => T | PromiseLike<T>): Promise<T> {
  return scope.run({ orgId }, async () => await fn());
}

/**
 * Callback style, for a Fastify hook: what follows `next` (the later hooks and the handler) runs in
 * `orgId`'s scope, or in a scope without organization when it is undefined.
 */
export function continueInOrg(orgId: string | undefined, next: () => void): void {
  scope.run({ orgId }, next);
}

export function currentOrg(): string | undefined {
  return scope.getStore()?.orgId;
}

const SET_ORG_FOR_SESSION = "SELECT set_config('app.org_id', $1, false)";

/** What each connection carrying organizations was last set to; a new one holds nothing (''). */
const connectionOrg = new WeakMap<pg.PoolClient, string>();

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * A pool whose connections carry the caller's organization. The organization is read when
 * `connect` is called (a waiting checkout may be resumed from another request's release, in that
 * request's async context), and the connection's setting is changed only when it differs from
 * what it holds: a run of queries of one organization costs no extra round trip. Work outside any
 * organization (token lookups before the actor is known, the scheduler's scan) takes connections
 * of its own that never carry one, so it does not make the others switch back and forth.
 */
export class OrgScopedPool extends pg.Pool {
  private readonly withoutOrg: pg.Pool;

  constructor(config: pg.PoolConfig) {
    super(config);
    this.withoutOrg = new pg.Pool({ ...config, max: Math.max(2, Math.ceil((config.max ?? 10) / 2)) });
    this.withoutOrg.on('error', (error, client) => this.emit('error', error, client));
    // Its connections are this pool's too, for whoever watches them (pool-drain.ts).
    for (const event of ['connect', 'acquire', 'release', 'remove'] as const) {
      this.withoutOrg.on(event, (...args: unknown[]) => this.emit(event, ...args));
    }
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | undefined {
    const orgId = currentOrg();
    const ready =
      orgId === undefined ? this.withoutOrg.connect() : super.connect().then((client) => carryOrg(client, orgId));
    if (!callback) return ready;
    ready.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | boolean | undefined)),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  }

  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | undefined {
    const ended = Promise.all([super.end(), this.withoutOrg.end()]).then(() => undefined);
    if (!callback) return ended;
    ended.then(callback, callback);
    return undefined;
  }
}

async function carryOrg(client: pg.PoolClient, orgId: string): Promise<pg.PoolClient> {
  if ((connectionOrg.get(client) ?? '') === orgId) return client;
  try {
    await client.query(SET_ORG_FOR_SESSION, [orgId]);
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  connectionOrg.set(client, orgId);
  return client;
}

/**
 * Makes every transaction of `db` set its organization right after BEGIN (transaction-local, like
 * `SET LOCAL`), so a transaction is keyed by its own organization whatever its connection held.
 */
export function scopeTransactionsToOrg(db: Db): Db {
  const begin = db.transaction.bind(db);
  db.transaction = (work, config) =>
    begin(async (tx) => {
      await tx.execute(sql`SELECT set_config('app.org_id', ${currentOrg() ?? ''}, true)`);
      return work(tx);
    }, config);
  return db;
}
