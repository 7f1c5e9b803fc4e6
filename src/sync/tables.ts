/**
 * The sync engine's tables (Drizzle): customer links, POS integrations and their cursor, sync runs,
 * quarantined records, conflicts and erasure propagations. (`schemas.ts` next to it holds the zod wire
 * shapes; this file is the storage.)
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { createdAt, id, updatedAt } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

/** The POS's refusal of a push (customer_links.refusal): bad data, or a customer it already holds. */
export interface LinkRefusal {
  kind: 'invalid' | 'exists';
  /** Patron field paths where the vendor's were known; messages in plain words, never values. */
  errors: { path: string; message: string }[];
}

/**
 * A customer's identity in one store's POS. The sync engine owns these rows; the customers module
 * reads them (e.g. `GET /customers?storeId=`) and moves them on merge.
 */
export const customerLinks = pgTable(
  'customer_links',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    /** Null while Patron is creating the customer in this POS (see `pendingCreateAt`). */
    externalId: text('external_id'),
    /** `pending`: a push is due; `conflict`: a disagreement a manager must settle; `error`: the last push or pull failed. */
    status: text('status', { enum: ['synced', 'pending', 'error', 'conflict'] })
      .notNull()
      .default('synced'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    /** Last time a pull read this record; a full resync counts links it did not see. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** A safe, non-personal description of the last failure. */
    lastError: text('last_error'),
    /** SHA-256 of the last `PosCustomer` read: an identical re-read is `unchanged`. */
    lastPulledHash: text('last_pulled_hash'),
    /** SHA-256 of what Patron last wrote to the POS (echo suppression, outbound slice). */
    lastPushedHash: text('last_pushed_hash'),
    /** The POS's own change time of the record. */
    posUpdatedAt: timestamp('pos_updated_at', { withTimezone: true }),
    /**
     * The synced fields as this POS holds them, as far as Patron knows (after the last pull or push),
     * sealed: the base of the three-way, per-field merge. A POS value equal to it is no POS change.
     */
    posBaseEnc: text('pos_base_enc'),
    lastPushedAt: timestamp('last_pushed_at', { withTimezone: true }),
    /**
     * Set (and committed) before asking the POS to create the customer: a retry that finds it set
     * looks the customer up at the POS before creating again (creates are not idempotent).
     */
    pendingCreateAt: timestamp('pending_create_at', { withTimezone: true }),
    /** A push of this link is in progress until then (one pusher at a time, even across workers). */
    pushLeaseUntil: timestamp('push_lease_until', { withTimezone: true }),
    /**
     * Why the POS refused the last push's data, field paths (Patron's) and plain-words messages only:
     * what a link request answers as 422 or 409. Cleared by a push the POS accepts.
     */
    refusal: jsonb('refusal').$type<LinkRefusal | null>(),
    /**
     * Set when a merge retired this POS record: both merged customers were linked to this store, the
     * survivor kept the other record, and this link stays on the merged-away customer (a tombstone a
     * pull does not re-create from) while a push merges, deactivates or blanks the record at the POS
     * (sync/links/merge-links.ts). `retirement` says how that went.
     */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
    retirement: text('retirement', { enum: ['pending', 'deactivated', 'blanked', 'failed'] }),
    /** Data-quality findings the POS record carries (placeholders, unparseable values), field and problem only. */
    issues: jsonb('issues').$type<{ field: string; problem: string }[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('customer_links_store_external_key').on(t.orgId, t.storeId, t.externalId),
    // A customer's links, and one store's link of a customer: one link per customer and store (a merge
    // retires the second record: sync/links/merge-links.ts). Led by the customer, not the store: with the
    // unique one above, an index led by (org, store) misled a planner without statistics into reading
    // every link of the store per record (issue 11, point 12).
    uniqueIndex('customer_links_customer_store_key').on(t.orgId, t.customerId, t.storeId),
  ],
);

/** Where a store's POS integration stands in its reading of the vendor's customers. */
export interface SyncCursorColumn {
  /** High-water mark: every change up to here has been applied. Never moves backwards. */
  since: string | null;
  /** The pass in progress, when a pull stopped before its last page: resumed as it was. */
  pass: { mode: 'incremental' | 'full'; since: string | null; resume: string | null; startedAt: string } | null;
}

/**
 * At most one POS integration per store. Credentials are sealed (AES-256-GCM bound to the
 * organization and store) and never leave the service in clear; only the base URL is shown.
 */
export const storeIntegrations = pgTable(
  'store_integrations',
  {
    id: id(),
    orgId: orgId(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    vendor: text('vendor').notNull(),
    credentialsEnc: text('credentials_enc').notNull(),
    baseUrl: text('base_url').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    pollIntervalSeconds: integer('poll_interval_seconds').notNull(),
    /** Health of the last pull: `never` until the first, then `ok` or `error`. */
    status: text('status', { enum: ['never', 'ok', 'error'] })
      .notNull()
      .default('never'),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
    lastError: text('last_error'),
    cursor: jsonb('cursor').$type<SyncCursorColumn>().notNull().default(sql`'{"since":null,"pass":null}'::jsonb`),
    /** When the scheduler next queues an incremental pull. */
    nextPullAt: timestamp('next_pull_at', { withTimezone: true }).notNull().defaultNow(),
    /** Key of the HMAC on inbound POS webhooks (sealed, purpose `webhook-secret`); null: webhooks refused. */
    webhookSecretEnc: text('webhook_secret_enc'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // One row per store: the scheduler's scan across organizations reads the whole (small) table.
  (t) => [uniqueIndex('store_integrations_store_key').on(t.orgId, t.storeId)],
);

export interface SyncRunStatsColumn {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  linked: number;
  conflicts: number;
  quarantined: number;
  pushed: number;
  errors: number;
}

/** One pull of one store: queued by the scheduler or an admin, counts updated after every page. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: id(),
    orgId: orgId(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    mode: text('mode', { enum: ['incremental', 'full'] }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'request', 'demo', 'webhook'] }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull(),
    stats: jsonb('stats').$type<SyncRunStatsColumn>().notNull(),
    /** Full resync only: links of this store the vendor no longer listed. */
    notSeen: integer('not_seen'),
    attempts: integer('attempts').notNull().default(0),
    /** Non-personal: the error kind and the vendor route template. */
    error: text('error'),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('sync_runs_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('sync_runs_org_store_created_idx').on(t.orgId, t.storeId, t.createdAt, t.id),
  ],
);

/** Vendor records that could not be read or applied, with the raw payload (sealed) and the reason. */
export const quarantinedRecords = pgTable(
  'quarantined_records',
  {
    id: id(),
    orgId: orgId(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    runId: uuid('run_id').references(() => syncRuns.id),
    externalId: text('external_id'),
    reason: text('reason').notNull(),
    /** The raw payload as JSON, sealed like credentials: it is personal data. */
    rawEnc: text('raw_enc').notNull(),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('quarantined_records_org_store_idx').on(t.orgId, t.storeId, t.createdAt)],
);

/**
 * Disagreements rules cannot settle (two dates of birth, two ID numbers): both values kept, sealed,
 * until a manager picks one. At most one open conflict per customer, store and field.
 */
export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    field: text('field').notNull(),
    localValueEnc: text('local_value_enc'),
    posValueEnc: text('pos_value_enc'),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sync_conflicts_open_key').on(t.orgId, t.customerId, t.storeId, t.field).where(sql`status = 'open'`),
    index('sync_conflicts_org_status_idx').on(t.orgId, t.status, t.detectedAt),
  ],
);

/** What each linked POS did with an erasure: deactivated (and blanked), blanked, or why it could not. */
export const erasurePropagations = pgTable(
  'erasure_propagations',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id').notNull(),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    externalId: text('external_id'),
    /** `absent`: the POS never had the customer (Patron had not created them there yet). */
    outcome: text('outcome', { enum: ['deactivated', 'blanked', 'failed', 'absent'] }).notNull(),
    /** Non-personal: the reason a POS could not do it. */
    detail: text('detail'),
    at: createdAt(),
  },
  (t) => [uniqueIndex('erasure_propagations_key').on(t.orgId, t.customerId, t.storeId)],
);
