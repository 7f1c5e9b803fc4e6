/**
 * Kiosk orders (POST /kiosk/orders): attach a customer of the kiosk's organization to an order of
 * the kiosk's store, and make sure that store's POS knows them: the link logic behind
 * POST /customers/{id}/stores/{storeId}/link (src/sync/links/customer-links.ts), waiting for the POS id.
 * That logic is sync's; kiosk asks for it through the `PosLinks` port, which the assembly
 * (src/http/app.ts) fills with sync's functions, so that kiosk does not import sync.
 * The order reference is claimed first, so a reference is never attached to two customers; asking
 * again with the same reference and customer is harmless and answers the POS id once it is known.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { customers } from '../customers/tables.ts';
import type { Db } from '../db/database.ts';
import { Conflict, NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { asKiosk, type KioskActor } from './kiosk-actor.ts';
import { kioskOrders } from './tables.ts';

/** API.md: the link waits up to 10 s for the POS id. */
export const ORDER_LINK_WAIT_MS = 10_000;

/** What an order needs of sync: whether the store has a POS, and the customer linked at it. */
export interface PosLinks {
  /** Whether the store has a POS integration (without one, an order is attached locally only). */
  storeHasPos(orgId: string, storeId: string): Promise<boolean>;
  /**
   * The customer linked to the store's POS (created there when needed), waiting up to `waitMs` for
   * the POS id: 200 with it, or 202 while the POS is still being told.
   */
  link(
    kiosk: KioskActor,
    customerId: string,
    storeId: string,
    waitMs: number,
  ): Promise<{ status: 200 | 202; externalId: string | null }>;
}

export interface OrderDeps {
  db: Db;
  posLinks: PosLinks;
  /** How long to wait for the POS id before answering 202 (`ORDER_LINK_WAIT_MS` unless a test says otherwise). */
  linkWaitMs: number;
}

export interface OrderAttachment {
  orderRef: string;
  customerId: string;
  /** The store's POS id of the customer; null while the POS is still being told, or when the store has no POS. */
  posCustomerId: string | null;
}

export interface OrderAnswer {
  /** 202 while the POS does not know the customer yet (ask again for the id). */
  status: 200 | 202;
  attachment: OrderAttachment;
}

export async function attachCustomerToOrder(
  deps: OrderDeps,
  ctx: AuditContext,
  request: { orderRef: string; customerId: string },
): Promise<OrderAnswer> {
  const kiosk = asKiosk(ctx.actor, 'kioskOrder');
  const { orderRef, customerId } = request;
  if (!isUuid(customerId)) throw new NotFound('customer');
  const [customer] = await deps.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, kiosk.orgId), eq(customers.id, customerId), isNull(customers.deletedAt)));
  if (!customer) throw new NotFound('customer');

  const order = { orgId: kiosk.orgId, storeId: kiosk.storeId, orderRef };
  await deps.db
    .insert(kioskOrders)
    .values({ ...order, customerId })
    .onConflictDoNothing();
  const [claimed] = await deps.db.select().from(kioskOrders).where(orderKey(order));
  if (claimed!.customerId !== customerId) {
    throw new Conflict('This order reference is already attached to another customer.');
  }

  let posCustomerId = claimed!.posCustomerId;
  let status: 200 | 202 = 200;
  if (!posCustomerId && (await deps.posLinks.storeHasPos(kiosk.orgId, kiosk.storeId))) {
    const link = await deps.posLinks.link(kiosk, customerId, kiosk.storeId, deps.linkWaitMs);
    status = link.status;
    posCustomerId = link.externalId;
    if (posCustomerId) await deps.db.update(kioskOrders).set({ posCustomerId }).where(orderKey(order));
  }
  return { status, attachment: { orderRef, customerId, posCustomerId } };
}

function orderKey(order: { orgId: string; storeId: string; orderRef: string }) {
  return and(
    eq(kioskOrders.orgId, order.orgId),
    eq(kioskOrders.storeId, order.storeId),
    eq(kioskOrders.orderRef, order.orderRef),
  );
}
