/**
 * What the kiosk holds on a customer as the rest of the system sees it: the kiosk orders, listed in the
 * data-subject export and carried over when a manager merges two records of the same person (as links
 * and consents are), and the erasure's part (the second-factor requests, which may hold a new phone or
 * email). Privacy reaches these through its ports (http/privacy-ports.ts), customers through its own.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/tx.ts';
import { customerRequests, kioskOrders } from './tables.ts';

export interface KioskOrderEntry {
  storeId: string;
  orderRef: string;
  posCustomerId: string | null;
  createdAt: Date;
}

export async function kioskOrdersOf(db: Db | Tx, orgId: string, customerIds: string[]): Promise<KioskOrderEntry[]> {
  if (customerIds.length === 0) return [];
  return db
    .select({
      storeId: kioskOrders.storeId,
      orderRef: kioskOrders.orderRef,
      posCustomerId: kioskOrders.posCustomerId,
      createdAt: kioskOrders.createdAt,
    })
    .from(kioskOrders)
    .where(and(eq(kioskOrders.orgId, orgId), inArray(kioskOrders.customerId, customerIds)))
    .orderBy(asc(kioskOrders.createdAt), asc(kioskOrders.id));
}

export async function moveKioskOrders(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void> {
  await tx
    .update(kioskOrders)
    .set({ customerId: toId })
    .where(and(eq(kioskOrders.orgId, orgId), eq(kioskOrders.customerId, fromId)));
}

/** Erasure's part: the customer's second-factor requests go (a held identity change names the new value). */
export async function eraseKioskHeld(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void> {
  await tx
    .delete(customerRequests)
    .where(and(eq(customerRequests.orgId, orgId), inArray(customerRequests.customerId, [...customerIds])));
}
