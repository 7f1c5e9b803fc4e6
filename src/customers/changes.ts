/**
 * What changed about a customer: the transactional outbox (DESIGN "Outbound"), owned by the
 * customers module and consumed by others through `handOverChanges`. Every local change of a
 * customer calls `enqueueCustomerChange` inside the transaction that makes the change: it stamps when
 * each changed field changed here (for per-field conflict resolution) and writes a change row, so a
 * change is never committed without its consumers being due, and never handed over without being
 * committed. The consumers (sync's pushes, sync/outbound/dispatcher.ts; outbound webhooks,
 * webhooks/delivery.ts) are given the rows at assembly; this module knows none of them.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import type { Tx } from '../db/tx.ts';
import type { Logger } from '../logger.ts';
import { stampFieldChanges } from './repository.ts';
import { syncOutbox } from './tables.ts';

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
 * A consumer of changes (sync's pushes, outbound webhook deliveries): runs inside the hand-over
 * transaction with the claimed rows, so the rows are marked dispatched only together with what the
 * consumer wrote.
 */
export type ChangeConsumer = (tx: Tx, rows: readonly OutboxRow[]) => Promise<void>;

export async function enqueueCustomerChange(tx: Tx, change: CustomerChange): Promise<void> {
  const at = (change.at ?? new Date()).toISOString();
  if (change.fields.length > 0) {
    const stamps = Object.fromEntries(change.fields.map((field) => [field, at]));
    await stampFieldChanges(tx, change.orgId, change.customerId, stamps);
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

/** The `created` change of each of many new customers, in one multi-row insert (a page of new POS customers). */
export async function enqueueCreatedCustomers(
  tx: Tx,
  orgId: string,
  customerIds: readonly string[],
  originStoreId: string | null,
): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.insert(syncOutbox).values(
    customerIds.map((customerId) => ({
      orgId,
      customerId,
      kind: 'upsert' as const,
      event: 'created' as const,
      originStoreId,
      fields: [],
    })),
  );
}

/**
 * Hands the waiting changes of every organization to `consumers`, in order, each organization in its
 * own scope (the outbox is under row-level security; the database function names the organizations,
 * ids only). Returns how many rows were handed over, up to `batch` per organization.
 */
export async function handOverChanges(db: Db, consumers: readonly ChangeConsumer[], batch = 200): Promise<number> {
  const orgs = await db.execute<{ org_id: string }>(sql`SELECT patron_orgs_with_pending_outbox() AS org_id`);
  let handed = 0;
  for (const { org_id } of orgs.rows) {
    handed += await runInOrg(org_id, () => handOverOrgChanges(db, consumers, batch));
  }
  return handed;
}

/**
 * Claims undispatched change rows (SKIP LOCKED: any number of workers share the work), gives them
 * to each consumer, and marks the rows dispatched in the same transaction. A crash before the commit
 * hands them over again: consumers are idempotent.
 */
async function handOverOrgChanges(db: Db, consumers: readonly ChangeConsumer[], batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(syncOutbox)
      .where(isNull(syncOutbox.dispatchedAt))
      .orderBy(syncOutbox.id)
      .limit(batch)
      .for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    for (const consume of consumers) await consume(tx, rows);
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
 * Hands over every `everyMs` (short: a local change should reach the POS within about two seconds,
 * and an empty poll is one indexed query), draining the outbox while there is more.
 */
export function pollChanges(db: Db, consumers: readonly ChangeConsumer[], logger: Logger | undefined, everyMs = 200) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      while ((await handOverChanges(db, consumers, 200)) > 0) {
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

/** A change as the data-subject export lists it (privacy/customer-export.ts): which fields, when, when handed on. */
export interface ChangeHistoryEntry {
  kind: string;
  fields: string[];
  originStoreId: string | null;
  createdAt: Date;
  dispatchedAt: Date | null;
}

/** The changes of `customerIds` (the person and records merged into it), oldest first. */
export async function changeHistoryOf(db: Db, orgId: string, customerIds: string[]): Promise<ChangeHistoryEntry[]> {
  return db
    .select({
      kind: syncOutbox.kind,
      fields: syncOutbox.fields,
      originStoreId: syncOutbox.originStoreId,
      createdAt: syncOutbox.createdAt,
      dispatchedAt: syncOutbox.dispatchedAt,
    })
    .from(syncOutbox)
    .where(and(eq(syncOutbox.orgId, orgId), inArray(syncOutbox.customerId, customerIds)))
    .orderBy(asc(syncOutbox.id));
}
