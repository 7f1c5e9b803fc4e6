/**
 * The orders module's table (Drizzle): an order of a store and the customer attached to it, from
 * the kiosk, the counter (staff) or an order-management system (integration key). The table keeps
 * the name it had when only kiosks placed orders, `kiosk_orders`: renaming it would buy nothing
 * but a risky migration; `channel` (migration 0030) says where each order came from.
 */
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { createdAt, id } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

/** Where an order came from: a kiosk key, a signed-in member of staff, an integration key. */
export const ORDER_CHANNELS = ['kiosk', 'staff', 'integration'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];

/** `orderRef` is the ordering system's, unique per store: asking again with it is harmless. */
export const orders = pgTable(
  'kiosk_orders',
  {
    id: id(),
    orgId: orgId(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    orderRef: text('order_ref').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The store's POS id of the customer, once that POS knows them. */
    posCustomerId: text('pos_customer_id'),
    /** Rows from before migration 0030 were all placed at kiosks. */
    channel: text('channel', { enum: ORDER_CHANNELS }).notNull().default('kiosk'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('kiosk_orders_store_ref_key').on(t.orgId, t.storeId, t.orderRef),
    // The customer's orders newest first (GET /customers/{id}/orders) read this index backwards.
    index('kiosk_orders_customer_idx').on(t.orgId, t.customerId, t.createdAt, t.id),
    check('kiosk_orders_channel_check', sql`${t.channel} IN ('kiosk', 'staff', 'integration')`),
  ],
);
