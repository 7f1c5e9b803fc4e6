/**
 * A customer's orders as the rest of the system sees them: the page of GET /customers/{id}/orders
 * (newest first, with the store's name), the data-subject export's section (privacy reaches it
 * through its ports, http/privacy-ports.ts) and a merge's part (the orders follow the surviving
 * record, as links and consents do; customers reaches it through its ports, http/customer-ports.ts).
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import { customers } from '../customers/tables.ts';
import type { Db } from '../db/database.ts';
import { type DescendingKey, newestFirst, type Page, type PageRequest, toNewestFirstPage } from '../db/keyset.ts';
import type { Tx } from '../db/tx.ts';
import { NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { type AuditContext, recordAccess } from '../privacy/audit-log.ts';
import { stores } from '../stores/tables.ts';
import { type OrderChannel, orders } from './tables.ts';

export interface CustomerOrder {
  orderRef: string;
  storeId: string;
  storeName: string;
  channel: OrderChannel;
  posCustomerId: string | null;
  createdAt: Date;
}

const ORDER_ORDER: readonly DescendingKey[] = [
  { column: orders.createdAt, type: 'timestamptz' },
  { column: orders.id, type: 'uuid' },
];

/** One page of the customer's orders, newest first; 404 for an unknown, foreign or erased customer. */
export async function listCustomerOrders(
  db: Db,
  ctx: AuditContext,
  customerId: string,
  page: PageRequest,
): Promise<Page<CustomerOrder>> {
  authorize(ctx.actor, 'read', 'order');
  const orgId = ctx.actor.orgId;
  if (!isUuid(customerId)) throw new NotFound('customer');
  const [customer] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId), isNull(customers.deletedAt)));
  if (!customer) throw new NotFound('customer');
  const { where, orderBy, cursorKey } = newestFirst(ORDER_ORDER, page.cursor);
  const rows = await db
    .select({
      orderRef: orders.orderRef,
      storeId: orders.storeId,
      storeName: stores.name,
      channel: orders.channel,
      posCustomerId: orders.posCustomerId,
      createdAt: orders.createdAt,
      cursorKey,
    })
    .from(orders)
    .innerJoin(stores, and(eq(stores.orgId, orders.orgId), eq(stores.id, orders.storeId)))
    .where(and(eq(orders.orgId, orgId), eq(orders.customerId, customerId), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  // Recorded once the page was read: a refused request (a cursor this API never gave) viewed nothing.
  recordAccess(db, ctx, { action: 'view', customerId, fields: ['orders'] });
  return toNewestFirstPage(rows, page.limit);
}

/** An order as the data-subject export lists it (privacy/privacy-ports.ts `ExportedKioskOrder`). */
export interface ExportedOrder {
  storeId: string;
  orderRef: string;
  posCustomerId: string | null;
  createdAt: Date;
}

/** The orders of `customerIds` (the customer and the records merged into it), oldest first. */
export async function exportedOrders(db: Db | Tx, orgId: string, customerIds: string[]): Promise<ExportedOrder[]> {
  if (customerIds.length === 0) return [];
  return db
    .select({
      storeId: orders.storeId,
      orderRef: orders.orderRef,
      posCustomerId: orders.posCustomerId,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(and(eq(orders.orgId, orgId), inArray(orders.customerId, customerIds)))
    .orderBy(asc(orders.createdAt), asc(orders.id));
}

/** A merge's part: the merged-away customer's orders belong to the survivor. */
export async function moveOrders(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void> {
  await tx
    .update(orders)
    .set({ customerId: toId })
    .where(and(eq(orders.orgId, orgId), eq(orders.customerId, fromId)));
}
