/**
 * The audit trail: who viewed, searched, created, changed (which fields, never their values),
 * merged, erased or exported which customer, and from where. Changes are recorded in the same
 * transaction as the change they describe; the table itself refuses updates and deletes.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, actorRef } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { type DescendingKey, newestFirst, type Page, type PageRequest, toNewestFirstPage } from '../db/keyset.ts';
import { runInOrg } from '../db/org-scope.ts';
import { auditEvents } from './tables.ts';

export type AuditAction =
  | 'view'
  | 'search'
  | 'create'
  | 'update'
  | 'tags'
  | 'consent'
  /** A migration re-dated consent statements dated after their recording, or re-sourced a customer's claimed source. */
  | 'consent_retimed'
  | 'consent_resourced'
  /** A customer's written authorization that a store's data profile asks for (customers/authorizations.ts). */
  | 'authorization'
  | 'merge'
  | 'merged_into'
  | 'erase'
  /** Hard deletion by the retention sweep (policy action `delete`): only this row and earlier ones remain. */
  | 'delete'
  | 'export'
  /** A kiosk identification attempt by phone and date of birth; the customer id only when found. */
  | 'identify'
  /** A customer asked on /me for what needs a second factor (export, erasure, identity change); `fields`: the kind. */
  | 'second_factor_request'
  /** A one-time code was tried; `fields`: the kind and `accepted`, `wrong_code` or `void`. */
  | 'second_factor_verify'
  /** A member of staff confirmed a customer's request in person; `fields`: the kind. */
  | 'second_factor_confirm'
  /** Staff asked for the customer's state to be pushed to a store's POS now; `fields`: `store:<id>`. */
  | 'push';

export interface AuditEntry {
  action: AuditAction;
  customerId: string | null;
  fields?: readonly string[];
}

/** Where a request came from, for the `origin` column: the request id links it to the logs. */
export interface AuditContext {
  actor: Actor;
  origin: string | undefined;
}

type Executor = Pick<Db, 'insert'>;

export async function recordAudit(
  db: Executor,
  context: AuditContext,
  entry: AuditEntry | readonly AuditEntry[],
): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry as AuditEntry];
  if (entries.length === 0) return;
  // Several entries of one act (e.g. one per customer a search found) go in one multi-row insert.
  await db.insert(auditEvents).values(
    entries.map((e) => ({
      orgId: context.actor.orgId,
      actor: actorRef(context.actor),
      action: e.action,
      customerId: e.customerId,
      fields: [...(e.fields ?? [])],
      origin: context.origin ?? null,
    })),
  );
}

/**
 * Views and searches are recorded in batches: each read adds a row to a short queue that one
 * multi-row insert writes, with asynchronous commit, every few milliseconds. A read then costs no
 * round trip of its own; a crash may lose the last moments of view records, never a change (those
 * are written in the change's own transaction by `recordAudit`). Reading the trail flushes first.
 */
export function recordAccess(db: Db, context: AuditContext, entry: AuditEntry): void {
  accessQueueOf(db).add({
    orgId: context.actor.orgId,
    actor: actorRef(context.actor),
    action: entry.action,
    customerId: entry.customerId,
    fields: (entry.fields ?? []).join(','),
    origin: context.origin ?? null,
    at: new Date(),
  });
}

/** Writes every queued view and search record now (before reading the trail, and at shutdown). */
export function flushAccessRecords(db: Db): Promise<void> {
  return accessQueueOf(db).flush();
}

interface AccessRow {
  orgId: string;
  actor: string;
  action: string;
  customerId: string | null;
  fields: string;
  origin: string | null;
  at: Date;
}

const FLUSH_AFTER_MS = 20;
const FLUSH_AT_ROWS = 500;
/** Past this, a failing database makes the queue drop its oldest rows rather than grow without end. */
const MAX_QUEUED_ROWS = 20_000;

const queues = new WeakMap<Db, AccessQueue>();

function accessQueueOf(db: Db): AccessQueue {
  let queue = queues.get(db);
  if (!queue) {
    queue = new AccessQueue(db);
    queues.set(db, queue);
  }
  return queue;
}

class AccessQueue {
  private rows: AccessRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  add(row: AccessRow): void {
    this.rows.push(row);
    if (this.rows.length > MAX_QUEUED_ROWS) this.rows.splice(0, this.rows.length - MAX_QUEUED_ROWS);
    if (this.rows.length >= FLUSH_AT_ROWS) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.rows;
    this.rows = [];
    // Writes are chained so that a flush resolves only when everything queued before it is stored.
    this.writing = this.writing.then(() => (batch.length ? this.write(batch) : undefined));
    return this.writing;
  }

  private async write(batch: AccessRow[]): Promise<void> {
    // Row-level security takes each organization's rows in that organization's scope.
    const byOrg = Map.groupBy(batch, (row) => row.orgId);
    for (const [orgId, rows] of byOrg) {
      try {
        await runInOrg(orgId, () => this.insert(rows));
      } catch {
        // The database is away: keep the rows for the next flush (bounded by MAX_QUEUED_ROWS).
        this.rows.unshift(...rows);
      }
    }
  }

  private async insert(batch: AccessRow[]): Promise<void> {
    const column = <T>(pick: (row: AccessRow) => T) => sql.param(batch.map(pick));
    await this.db.execute(sql`
      WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
      INSERT INTO audit_events (org_id, actor, action, customer_id, fields, origin, at)
      SELECT o, a, act, c, string_to_array(f, ','), orig, t
      FROM async_commit,
        unnest(${column((r) => r.orgId)}::uuid[], ${column((r) => r.actor)}::text[], ${column((r) => r.action)}::text[],
               ${column((r) => r.customerId)}::uuid[], ${column((r) => r.fields)}::text[], ${column((r) => r.origin)}::text[],
               ${column((r) => r.at.toISOString())}::timestamptz[]) AS u(o, a, act, c, f, orig, t)`);
  }
}

export interface AuditView {
  at: Date;
  actor: string;
  action: string;
  fields: string[];
}

const AUDIT_ORDER: readonly DescendingKey[] = [
  { column: auditEvents.at, type: 'timestamptz' },
  { column: auditEvents.id, type: 'bigint' },
];

/** One page of the trail of the given customers (a customer and those merged into it), newest first. */
export async function auditTrailOf(
  db: Db,
  orgId: string,
  customerIds: string[],
  page: PageRequest,
): Promise<Page<AuditView>> {
  await flushAccessRecords(db);
  const { where, orderBy, cursorKey } = newestFirst(AUDIT_ORDER, page.cursor);
  const rows = await db
    .select({
      at: auditEvents.at,
      actor: auditEvents.actor,
      action: auditEvents.action,
      fields: auditEvents.fields,
      cursorKey,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), inArray(auditEvents.customerId, customerIds), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toNewestFirstPage(rows, page.limit);
}
