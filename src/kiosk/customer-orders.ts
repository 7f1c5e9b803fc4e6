/**
 * A customer's kiosk orders as the rest of the system sees them: listed in the data-subject export
 * and carried over when a manager merges two records of the same person (as links and consents are).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/tx.ts';
import { kioskOrders } from './tables.ts';

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
