/**
 * Placing an order (POST /orders for staff and integration keys, POST /kiosk/orders for kiosks): the
 * one set of rules, whoever calls. The customer of the caller's organization is attached to the
 * order `orderRef` of a store, and that store's POS is made to know them (the link logic behind
 * POST /customers/{id}/stores/{storeId}/link, waiting for the POS id). That logic is sync's; orders
 * asks for it through the `PosLinks` port, which the assembly (src/http/app.ts) fills with sync's
 * functions, so that orders does not import sync.
 * The order reference is claimed first, so a reference is never attached to two customers; asking
 * again with the same reference and customer is harmless and answers the POS id once it is known.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import { customers } from '../customers/tables.ts';
import type { Db } from '../db/database.ts';
import { Conflict, Forbidden, NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { stores } from '../stores/tables.ts';
import { type OrderChannel, orders } from './tables.ts';

/** API.md: the link waits up to 10 s for the POS id. */
export const ORDER_LINK_WAIT_MS = 10_000;

/** What an order needs of sync: whether the store has a POS, and the customer linked at it. */
export interface PosLinks {
  /** Whether the store has a POS integration (without one, an order is attached locally only). */
  storeHasPos(orgId: string, storeId: string): Promise<boolean>;
  /**
   * The customer linked to the store's POS (created there when needed), waiting up to `waitMs` for
   * the POS id: 200 with it, or 202 while the POS is still being told. The order's ability covers it.
   */
  link(
    scope: { orgId: string; storeId: string },
    customerId: string,
    waitMs: number,
  ): Promise<{ status: 200 | 202; externalId: string | null }>;
}

export interface OrderDeps {
  db: Db;
  posLinks: PosLinks;
  /** How long to wait for the POS id before answering 202 (`ORDER_LINK_WAIT_MS` unless a test says otherwise). */
  linkWaitMs: number;
}

export interface OrderRequest {
  orderRef: string;
  customerId: string;
  storeId: string;
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

/**
 * The channel of the caller, after its ability: a kiosk key orders at its own store only (kiosk
 * routes pass that store), a store-bound integration key likewise, staff at any store of the organization.
 */
function channelOf(actor: Actor, storeId: string): OrderChannel {
  if (actor.kind === 'apiKey' && actor.role === 'kiosk') {
    authorize(actor, 'create', 'kioskOrder');
    if (actor.storeId !== storeId) throw new Forbidden('A kiosk key places orders at its own store only.');
    return 'kiosk';
  }
  authorize(actor, 'create', 'order');
  if (actor.kind === 'apiKey') {
    if (actor.storeId && actor.storeId !== storeId) {
      throw new Forbidden('This integration key is bound to another store: it places orders at its own store only.');
    }
    return 'integration';
  }
  if (actor.kind === 'user') return 'staff';
  throw new Forbidden('Only staff, kiosk keys and integration keys place orders.');
}

export async function placeOrder(deps: OrderDeps, ctx: AuditContext, request: OrderRequest): Promise<OrderAnswer> {
  const { orderRef, customerId, storeId } = request;
  const channel = channelOf(ctx.actor, storeId);
  const orgId = ctx.actor.orgId;
  if (!isUuid(customerId)) throw new NotFound('customer');
  const [customer] = await deps.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId), isNull(customers.deletedAt)));
  if (!customer) throw new NotFound('customer');
  if (!isUuid(storeId)) throw new NotFound('store');
  const [store] = await deps.db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), eq(stores.id, storeId)));
  if (!store) throw new NotFound('store');

  const order = { orgId, storeId, orderRef };
  await deps.db
    .insert(orders)
    .values({ ...order, customerId, channel })
    .onConflictDoNothing();
  const [claimed] = await deps.db.select().from(orders).where(orderKey(order));
  if (claimed!.customerId !== customerId) {
    throw new Conflict('This order reference is already attached to another customer.');
  }

  let posCustomerId = claimed!.posCustomerId;
  let status: 200 | 202 = 200;
  if (!posCustomerId && (await deps.posLinks.storeHasPos(orgId, storeId))) {
    const link = await deps.posLinks.link({ orgId, storeId }, customerId, deps.linkWaitMs);
    status = link.status;
    posCustomerId = link.externalId;
    if (posCustomerId) await deps.db.update(orders).set({ posCustomerId }).where(orderKey(order));
  }
  return { status, attachment: { orderRef, customerId, posCustomerId } };
}

function orderKey(order: { orgId: string; storeId: string; orderRef: string }) {
  return and(eq(orders.orgId, order.orgId), eq(orders.storeId, order.storeId), eq(orders.orderRef, order.orderRef));
}
