/**
 * The outbox dispatcher (DESIGN "Outbound"): sync's consumer of customer changes
 * (customers/changes.ts). For each changed customer it marks the links at stores with an enabled
 * integration `pending` and sends a push job per store, skipping the store a change came from; a
 * merge's retired POS records (links/merge-links.ts) are pushed with the survivor's change. Outbound
 * webhooks ride the same hand-over (`onRows`, webhooks/delivery.ts), before the pushes.
 */
import { and, eq, inArray, ne } from 'drizzle-orm';
import { type ChangeConsumer, handOverChanges, type OutboxRow, pollChanges } from '../../customers/changes.ts';
import type { Db } from '../../db/database.ts';
import type { Tx } from '../../db/tx.ts';
import type { Logger } from '../../logger.ts';
import { pendingRetirements } from '../links/merge-links.ts';
import { customerLinks, storeIntegrations } from '../tables.ts';

export interface PushTarget {
  orgId: string;
  storeId: string;
  customerId: string;
}

/** Sends one push job; a push already queued for the same store and customer absorbs it. */
export type SendPush = (target: PushTarget) => Promise<void>;

/**
 * Dispatches the outbox of every organization with changes waiting: `onRows` (outbound webhooks)
 * then the pushes. Returns how many rows were dispatched, up to `batch` per organization.
 */
export async function dispatchOutbox(db: Db, send: SendPush, batch = 200, onRows?: ChangeConsumer): Promise<number> {
  return handOverChanges(db, consumersOf(send, onRows), batch);
}

/** Dispatches every `everyMs` (customers/changes.ts `pollChanges`), draining the outbox while there is more. */
export function startOutboxDispatcher(
  db: Db,
  send: SendPush,
  logger: Logger | undefined,
  everyMs = 200,
  onRows?: ChangeConsumer,
) {
  return pollChanges(db, consumersOf(send, onRows), logger, everyMs);
}

function consumersOf(send: SendPush, onRows: ChangeConsumer | undefined): ChangeConsumer[] {
  const pushes: ChangeConsumer = (tx, rows) => pushChanges(tx, send, rows);
  return onRows ? [onRows, pushes] : [pushes];
}

/** Sends a push for each linked store with an enabled integration, inside the hand-over transaction. */
async function pushChanges(tx: Tx, send: SendPush, rows: readonly OutboxRow[]): Promise<void> {
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
}
