/**
 * The kiosk module's table (Drizzle): /me requests held for a second factor. Kiosk orders are the
 * orders module's (src/orders/tables.ts).
 */
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { createdAt, id } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

/**
 * What a customer asked for on /me that needs a second factor before it is done (kiosk/second-factor/).
 * `medical_card_renewal`: a new expiry (and card number or state) for their medical card, which staff
 * confirm once they have seen the card. The column is text (no database enum): a new kind needs no migration.
 */
export const CUSTOMER_REQUEST_KINDS = ['export', 'erasure', 'identity_change', 'medical_card_renewal'] as const;
export const CUSTOMER_REQUEST_STATUSES = ['awaiting_verification', 'done', 'void'] as const;

/** A renewed medical card as held until staff confirm it: the card number sealed like the customer's own column. */
export interface HeldMedicalCard {
  /** AES-256-GCM under the organization's `medicalCardNumber` field key (privacy/field-protector.ts). */
  cardNumberSealed: string;
  state: string;
  expiresOn: string;
}

/**
 * What a held change sets once confirmed, normalized: an identity change the new phone or email
 * (null removes it), a medical card renewal the whole card as it will be. Rows written before the
 * renewal existed hold only phone and email, which this type still reads.
 */
export interface HeldChange {
  phone?: string | null;
  email?: string | null;
  medical?: HeldMedicalCard;
}

/**
 * A customer's export, erasure, identity change or medical card renewal held until a second factor:
 * a one-time code sent to the email on file (stored as a keyed hash, a few attempts) or a
 * confirmation by staff. Only the held change (`change`: new phone or email, renewed card) is
 * personal data, its card number sealed; erasure deletes the rows.
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
    /** HMAC of the one-time code; null when only staff may confirm (no email on file, an identity change, a card renewal). */
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    /** What an identity change or a card renewal sets, normalized (`HeldChange`); null for the other kinds. */
    change: jsonb('change').$type<HeldChange>(),
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
