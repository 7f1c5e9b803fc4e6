/**
 * The webhooks module's tables (Drizzle): outbound subscriptions and deliveries, inbound receipts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

/** Outbound webhook subscriptions (API.md `/webhook-subscriptions`); the signing secret is sealed. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    orgId: orgId(),
    url: text('url').notNull(),
    /** Event names without the `customer.` prefix: created, updated, merged, erased. */
    events: text('events').array().notNull(),
    /** Sealed by the sync vault (purpose `webhook-subscription`, bound to this row's id). */
    secretEnc: text('secret_enc').notNull(),
    createdAt: createdAt(),
    /** Set by DELETE: nothing more is delivered; the row stays for the delivery log. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [index('webhook_subscriptions_org_idx').on(t.orgId, t.createdAt)],
);

/** One event for one subscription, and how its delivery went. No personal data: ids and statuses only. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    orgId: orgId(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id),
    event: text('event', { enum: ['created', 'updated', 'merged', 'erased'] }).notNull(),
    customerId: uuid('customer_id').notNull(),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: ['pending', 'retrying', 'delivered', 'failed', 'cancelled'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    /** When the change happened (the payload's `occurredAt`, the same on every attempt). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_deliveries_subscription_idx').on(t.orgId, t.subscriptionId, t.createdAt, t.id)],
);

/**
 * Inbound POS webhooks already accepted, per store, so a copy is refused: the signature's digest
 * always, and the sender's delivery id when it sends one. A row is needed only while its signed
 * timestamp is within the tolerance (after that the timestamp alone refuses the copy): `expires_at`.
 */
export const webhookReceipts = pgTable(
  'webhook_receipts',
  {
    orgId: orgId(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    /** `sig:<hex digest>` or `id:<delivery id>`. */
    replayKey: text('replay_key').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.storeId, t.replayKey] }),
    index('webhook_receipts_expiry_idx').on(t.orgId, t.storeId, t.expiresAt),
  ],
);
