/**
 * The privacy module's tables (Drizzle): the audit trail, erasure requests, the retention policy and
 * data-quality flags.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { id, updatedAt } from '../db/columns.ts';
import { organizations, orgId } from '../db/tables.ts';

/**
 * Append-only audit trail (a trigger refuses UPDATE and DELETE): who did what to which customer,
 * with field names but never values, so it can outlive an erasure.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    customerId: uuid('customer_id'),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    /** Where it came from: the request id, or the job or command. */
    origin: text('origin'),
  },
  (t) => [index('audit_events_customer_idx').on(t.orgId, t.customerId, t.at)],
);

/** Erasure requests and their outcome, local and (later) per POS. */
export const erasures = pgTable('erasures', {
  id: id(),
  orgId: orgId(),
  customerId: uuid('customer_id').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status', { enum: ['pending', 'completed'] }).notNull(),
});

/**
 * An organization's retention policy (API.md `/settings/data-policy`), applied by the daily sweep
 * (src/privacy/retention.ts). No row: nothing is swept, expired medical cards are still flagged.
 */
export const dataPolicies = pgTable('data_policies', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id),
  /** Customers with no visit and no change for this many days are swept; null: never. */
  inactiveRetentionDays: integer('inactive_retention_days'),
  action: text('action', { enum: ['anonymize', 'delete'] }).notNull(),
  flagExpiredMedicalCards: boolean('flag_expired_medical_cards').notNull(),
  updatedAt: updatedAt(),
  updatedBy: text('updated_by').notNull(),
});

/**
 * Data-quality findings about a customer that a manager should look at, e.g. `medical_card_expired`.
 * Open while `resolved_at` is null; the sweep opens and resolves them. Kind and dates only, no values.
 */
export const dataQualityFlags = pgTable(
  'data_quality_flags',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: ['medical_card_expired'] }).notNull(),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('data_quality_flags_open_key').on(t.orgId, t.customerId, t.kind).where(sql`resolved_at IS NULL`),
    index('data_quality_flags_org_kind_idx').on(t.orgId, t.kind, t.detectedAt, t.id),
  ],
);
