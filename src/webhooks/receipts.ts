/**
 * The memory of inbound webhooks already accepted, so that a copy of a signed call, resent within
 * the signature's tolerance, is refused (webhook_receipts, per store, in the store's organization).
 * The signature's digest is always a key: the delivery id header is not signed, so a replay could
 * carry a fresh one, and only the digest ties the copy to the original. The delivery id is a second
 * key, for a sender that re-signs a retry of a delivery already accepted.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { webhookReceipts } from './tables.ts';

export interface Receipt {
  orgId: string;
  storeId: string;
  /** The digest that matched (`SignatureCheck.replayKey`). */
  signatureDigest: string;
  /** The sender's delivery id, when it sent one. */
  deliveryId: string | undefined;
  /** Until when a copy could still pass the timestamp check: the signed time plus the tolerance. */
  expiresAt: Date;
}

/**
 * Records the receipt; false when one of its keys was recorded before (a replay). Expired keys of
 * the store are dropped first, so the table holds one tolerance window of calls per store. Must run
 * in the store's organization (row-level security).
 */
export async function recordReceipt(db: Db, receipt: Receipt): Promise<boolean> {
  const keys = keysOf(receipt);
  return db.transaction(async (tx) => {
    await tx
      .delete(webhookReceipts)
      .where(
        and(
          eq(webhookReceipts.orgId, receipt.orgId),
          eq(webhookReceipts.storeId, receipt.storeId),
          lt(webhookReceipts.expiresAt, sql`now()`),
        ),
      );
    const inserted = await tx
      .insert(webhookReceipts)
      .values(
        keys.map((replayKey) => ({
          orgId: receipt.orgId,
          storeId: receipt.storeId,
          replayKey,
          expiresAt: receipt.expiresAt,
        })),
      )
      .onConflictDoNothing()
      .returning({ replayKey: webhookReceipts.replayKey });
    // Committed even when refused: the copy's other key is remembered too.
    return inserted.length === keys.length;
  });
}

/**
 * Forgets a receipt whose call could not be served (the pull was not queued), so that the sender's
 * retry of the same delivery is not refused as a replay.
 */
export async function forgetReceipt(db: Db, receipt: Receipt): Promise<void> {
  await db
    .delete(webhookReceipts)
    .where(
      and(
        eq(webhookReceipts.orgId, receipt.orgId),
        eq(webhookReceipts.storeId, receipt.storeId),
        inArray(webhookReceipts.replayKey, keysOf(receipt)),
      ),
    );
}

function keysOf(receipt: Receipt): string[] {
  const keys = [`sig:${receipt.signatureDigest}`];
  if (receipt.deliveryId !== undefined) keys.push(`id:${receipt.deliveryId}`);
  return keys;
}
