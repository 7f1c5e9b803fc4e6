/**
 * The transactional outbox (DESIGN "Outbound"). Every local change of a customer calls
 * `enqueueCustomerChange` inside the transaction that makes the change: it stamps when each changed
 * field changed here (for per-field conflict resolution) and writes an outbox row, so a change is
 * never committed without its push being due, and never pushed without being committed. The
 * worker's dispatcher (`dispatchOutbox`) turns rows into push jobs, one per linked store.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import type { Tx } from '../db/tx.ts';
import type { Logger } from '../logger.ts';
import { pendingRetirements } from '../sync/links/merge-links.ts';
import { customerLinks, storeIntegrations } from '../sync/tables.ts';
import { customers, syncOutbox } from './tables.ts';

export interface CustomerChange {
  orgId: string;
  customerId: string;
  kind?: 'upsert' | 'erase';
  /**
   * What happened, for outbound webhooks: `created` and `merged` are said by the caller; otherwise
   * an erase is `erased` and anything else `updated`.
   */
  event?: OutboxEvent;
  /** Field names changed (e.g. `phone`, `consents.sms`); stamped with `at`. */
  fields: readonly string[];
  /** When the change was made; defaults to now. A POS change passes the POS's own time. */
  at?: Date;
  /** The store whose POS the change came from: it already holds it and is not pushed to. */
  originStoreId?: string | null;
}

export type OutboxEvent = 'created' | 'updated' | 'merged' | 'erased';
export type OutboxRow = typeof syncOutbox.$inferSelect;

/**
 * Runs inside the dispatch transaction with the claimed rows (e.g. outbound webhook deliveries),
 * so the rows are marked dispatched only together with what the hook wrote.
 */
export type OutboxHook = (tx: Tx, rows: readonly OutboxRow[]) => Promise<void>;

export async function enqueueCustomerChange(tx: Tx, change: CustomerChange): Promise<void> {
  const at = (change.at ?? new Date()).toISOString();
  if (change.fields.length > 0) {
    const stamps = Object.fromEntries(change.fields.map((field) => [field, at]));
    await tx
      .update(customers)
      .set({ fieldChangedAt: sql`${customers.fieldChangedAt} || ${JSON.stringify(stamps)}::jsonb` })
      .where(and(eq(customers.orgId, change.orgId), eq(customers.id, change.customerId)));
  }
  await tx.insert(syncOutbox).values({
    orgId: change.orgId,
    customerId: change.customerId,
    kind: change.kind ?? 'upsert',
    event: change.event ?? (change.kind === 'erase' ? 'erased' : 'updated'),
    originStoreId: change.originStoreId ?? null,
    fields: [...change.fields],
  });
}

export interface PushTarget {
  orgId: string;
  storeId: string;
  customerId: string;
}

/** Sends one push job; a push already queued for the same store and customer absorbs it. */
export type SendPush = (target: PushTarget) => Promise<void>;

/**
 * Dispatches the outbox of every organization with changes waiting, each in its own scope (the
 * outbox is under row-level security; the database function names the organizations, ids only).
 * Returns how many rows were dispatched, up to `batch` per organization.
 */
export async function dispatchOutbox(db: Db, send: SendPush, batch = 200, onRows?: OutboxHook): Promise<number> {
  const orgs = await db.execute<{ org_id: string }>(sql`SELECT patron_orgs_with_pending_outbox() AS org_id`);
  let dispatched = 0;
  for (const { org_id } of orgs.rows) {
    dispatched += await runInOrg(org_id, () => dispatchOrgOutbox(db, send, batch, onRows));
  }
  return dispatched;
}

/**
 * Claims undispatched outbox rows (SKIP LOCKED: any number of workers share the work), sends a push
 * for each linked store with an enabled integration, and marks the rows dispatched in the same
 * transaction. A crash before the commit dispatches them again: pushes are idempotent.
 */
async function dispatchOrgOutbox(db: Db, send: SendPush, batch: number, onRows?: OutboxHook): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(syncOutbox)
      .where(isNull(syncOutbox.dispatchedAt))
      .orderBy(syncOutbox.id)
      .limit(batch)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    await onRows?.(tx, rows);
    // A store is skipped only when every change of the customer in this batch came from it.
    const targets = new Map<string, PushTarget & { origins: (string | null)[] }>();
    for (const row of rows) {
      const key = `${row.orgId}:${row.customerId}`;
      const entry = targets.get(key) ?? { orgId: row.orgId, customerId: row.customerId, storeId: '', origins: [] };
      entry.origins.push(row.originStoreId);
      targets.set(key, entry);
    }
    // One query for the linked stores of every customer in the batch: after an import the outbox
    // holds a row per created customer, and a query per customer made a change wait behind them.
    const linked = await tx
      .selectDistinct({ customerId: customerLinks.customerId, storeId: customerLinks.storeId })
      .from(customerLinks)
      .innerJoin(
        storeIntegrations,
        and(eq(storeIntegrations.orgId, customerLinks.orgId), eq(storeIntegrations.storeId, customerLinks.storeId)),
      )
      .where(
        and(
          eq(customerLinks.orgId, rows[0]!.orgId), // the rows are of the one organization in scope
          inArray(customerLinks.customerId, [...new Set(rows.map((r) => r.customerId))]),
          eq(storeIntegrations.enabled, true),
        ),
      );
    // A merge's retired POS records (merge-links.ts) are pushed with the survivor's `merged` change,
    // and again with its erasure (a retirement still due then is the last chance to blank the record).
    const survivors = [
      ...new Set(rows.filter((r) => r.event === 'merged' || r.event === 'erased').map((r) => r.customerId)),
    ];
    for (const retired of await pendingRetirements(tx, rows[0]!.orgId, survivors)) {
      await send({ orgId: rows[0]!.orgId, storeId: retired.storeId, customerId: retired.customerId });
    }
    for (const target of targets.values()) {
      const links = linked.filter((l) => l.customerId === target.customerId);
      const origin = target.origins.every((o) => o !== null && o === target.origins[0]) ? target.origins[0] : null;
      const stores = links.map((l) => l.storeId).filter((storeId) => storeId !== origin);
      if (stores.length === 0) continue;
      await tx
        .update(customerLinks)
        .set({ status: 'pending' })
        .where(
          and(
            eq(customerLinks.orgId, target.orgId),
            eq(customerLinks.customerId, target.customerId),
            inArray(customerLinks.storeId, stores),
            ne(customerLinks.status, 'conflict'),
          ),
        );
      for (const storeId of stores) await send({ orgId: target.orgId, storeId, customerId: target.customerId });
    }
    await tx
      .update(syncOutbox)
      .set({ dispatchedAt: new Date() })
      .where(
        inArray(
          syncOutbox.id,
          rows.map((r) => r.id),
        ),
      );
    return rows.length;
  });
}

/**
 * Dispatches every `everyMs` (short: a local change should reach the POS within about two seconds,
 * and an empty poll is one indexed query), draining the outbox while there is more.
 */
export function startOutboxDispatcher(
  db: Db,
  send: SendPush,
  logger: Logger | undefined,
  everyMs = 200,
  onRows?: OutboxHook,
) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      while ((await dispatchOutbox(db, send, 200, onRows)) > 0) {
        // more waiting
      }
    } catch (error) {
      logger?.warn({ err: { message: error instanceof Error ? error.message : 'unknown' } }, 'outbox dispatch failed');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => {
    running = tick();
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
