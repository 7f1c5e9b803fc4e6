/**
 * The kiosk module's tables (Drizzle): kiosk orders, and /me requests held for a second factor.
 */
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { createdAt, id } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

/** A kiosk order and the customer it was attached to; `orderRef` is the ordering system's, unique per store. */
export const kioskOrders = pgTable(
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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('kiosk_orders_store_ref_key').on(t.orgId, t.storeId, t.orderRef),
    index('kiosk_orders_customer_idx').on(t.orgId, t.customerId),
  ],
);

/** What a customer asked for on /me that needs a second factor before it is done (kiosk/second-factor/). */
export const CUSTOMER_REQUEST_KINDS = ['export', 'erasure', 'identity_change'] as const;
export const CUSTOMER_REQUEST_STATUSES = ['awaiting_verification', 'done', 'void'] as const;

/**
 * A customer's export, erasure or identity change held until a second factor: a one-time code sent
 * to the email on file (stored as a keyed hash, a few attempts) or a confirmation by staff. Only the
 * held identity change (`change`: new phone or email) is personal data; erasure deletes the rows.
 */
export const customerRequests = pgTable(
  'customer_requests',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    /** The kiosk's store where it was asked, for the staff there. */
    storeId: uuid('store_id').references(() => stores.id),
    kind: text('kind', { enum: CUSTOMER_REQUEST_KINDS }).notNull(),
    status: text('status', { enum: CUSTOMER_REQUEST_STATUSES }).notNull().default('awaiting_verification'),
    /** HMAC of the one-time code; null when only staff may confirm (no email on file, or an identity change). */
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    /** The identity fields an identity change sets, normalized. */
    change: jsonb('change').$type<Record<string, string | null>>(),
    requestedBy: text('requested_by').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    /** Who carried it out or voided it: the customer (code) or the member of staff (`user:<id>`). */
    settledBy: text('settled_by'),
  },
  (t) => [
    index('customer_requests_org_status_idx').on(t.orgId, t.status, t.createdAt),
    index('customer_requests_org_customer_idx').on(t.orgId, t.customerId),
  ],
);
