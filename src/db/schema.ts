/**
 * The database schema of record (Drizzle). `npm run db:generate` turns changes here into SQL
 * migrations under `src/db/migrations/`, which run at start and by `patron migrate`.
 * Every tenant table carries `org_id`, and it leads every composite index, so the data can be
 * distributed by organization later.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { AUTHORIZATION_KINDS, DATA_PROFILE_IDS } from '../domain/data-profiles.ts';
import { citext } from './types.ts';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable('organizations', {
  id: id(),
  /** Stable handle for scripts and the idempotent demo set-up. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** The owning organization: every tenant table has it, and it leads every composite index. */
const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id);

/** When a store's POS gets the customers whose home store it is (stores.create_at_pos). */
export const CREATE_AT_POS = ['onCreate', 'onDemand'] as const;
export type CreateAtPos = (typeof CREATE_AT_POS)[number];

/** The POS's refusal of a push (customer_links.refusal): bad data, or a customer it already holds. */
export interface LinkRefusal {
  kind: 'invalid' | 'exists';
  /** Patron field paths where the vendor's were known; messages in plain words, never values. */
  errors: { path: string; message: string }[];
}

export interface StoreAddress {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export const stores = pgTable(
  'stores',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    address: jsonb('address').$type<StoreAddress | null>(),
    /** The jurisdiction data profile (domain/data-profiles.ts) this store follows; set from its state. */
    dataProfile: text('data_profile', { enum: DATA_PROFILE_IDS }).notNull().default('strict-default'),
    /**
     * `onCreate`: a customer whose home store this is gets created in its POS right away (DESIGN
     * "Outbound"); `onDemand`: only when a link request or a kiosk order asks for it.
     */
    createAtPos: text('create_at_pos', { enum: CREATE_AT_POS }).notNull().default('onCreate'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('stores_org_name_key').on(t.orgId, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: orgId(),
    /** Login is by email alone, so an email names one user across all organizations. */
    email: citext('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['staff', 'manager', 'admin'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email).where(sql`deleted_at IS NULL`),
    index('users_org_idx').on(t.orgId, t.createdAt, t.id),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    orgId: orgId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the bearer token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('sessions_org_user_idx').on(t.orgId, t.userId)],
);

/**
 * An admin's invitation of an email address to become a user of the organization (POST /users).
 * Only the SHA-256 of the token is kept; the token goes to the address by mail, so only its owner can
 * accept. An address that already has an account is mailed a notice instead of a token, and the row
 * is written alike, so the admin cannot tell it from an invitation that was never accepted. Read by
 * token digest before the organization is known (like sessions), hence no row-level policy.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: orgId(),
    email: citext('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['staff', 'manager', 'admin'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** The user the acceptance created. */
    userId: uuid('user_id').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('invitations_org_email_idx').on(t.orgId, t.email, t.id)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: orgId(),
    storeId: uuid('store_id').references(() => stores.id),
    name: text('name').notNull(),
    role: text('role', { enum: ['kiosk', 'integration'] }).notNull(),
    /** SHA-256 of the key; the key is shown once, at creation. */
    keyHash: text('key_hash').notNull().unique(),
    /** The first characters of the key, so an admin can tell keys apart. */
    keyPrefix: text('key_prefix').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_org_idx').on(t.orgId, t.createdAt, t.id)],
);

/**
 * Fixed-window counters for throttles (login, later kiosk identification). Shared through the
 * database so that every API process sees the same counts. Keys are hashed: they name accounts,
 * addresses and phones, which are personal data.
 */
export const rateLimitCounters = pgTable('rate_limit_counters', {
  keyHash: text('key_hash').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});

export interface CustomerAddressColumn {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface ConsentStateColumn {
  granted: boolean;
  at: string | null;
  source: string | null;
}

/**
 * One row per person per organization. Personal columns are nullable only so that erasure can blank
 * them; the check constraint keeps them required on every live row. Card and ID numbers are stored
 * encrypted (`*_enc`) with an HMAC blind index (`*_index`) for equality search, never in plain text.
 */
export const customers = pgTable(
  'customers',
  {
    id: id(),
    orgId: orgId(),
    version: integer('version').notNull().default(1),
    firstName: text('first_name'),
    lastName: text('last_name'),
    preferredName: text('preferred_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    /** E.164. */
    phone: text('phone'),
    /** Lower-cased by the domain before it gets here. */
    email: text('email'),
    customerType: text('customer_type', { enum: ['adult', 'medical'] }).notNull(),
    medicalCardNumberEnc: text('medical_card_number_enc'),
    medicalCardNumberIndex: text('medical_card_number_index'),
    medicalState: text('medical_state'),
    medicalExpiresOn: date('medical_expires_on', { mode: 'string' }),
    idDocumentType: text('id_document_type'),
    idDocumentNumberEnc: text('id_document_number_enc'),
    idDocumentNumberIndex: text('id_document_number_index'),
    idDocumentState: text('id_document_state'),
    idDocumentExpiresOn: date('id_document_expires_on', { mode: 'string' }),
    address: jsonb('address').$type<CustomerAddressColumn | null>(),
    consents: jsonb('consents').$type<{ sms: ConsentStateColumn; email: ConsentStateColumn }>().notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    homeStoreId: uuid('home_store_id').references(() => stores.id),
    /** Lower-cased, accent-free first + preferred + last name, for weak identity matches. */
    nameKey: text('name_key'),
    /** Accent-free, lower-cased names for fuzzy search; computed by the database. */
    searchName: text('search_name').generatedAlwaysAs(
      sql`patron_search_text(coalesce(first_name, '') || ' ' || coalesce(preferred_name, '') || ' ' || coalesce(last_name, ''))`,
    ),
    lastVisitAt: timestamp('last_visit_at', { withTimezone: true }),
    /**
     * When each synced field last changed locally (field -> ISO instant), for per-field conflict
     * resolution against a POS's change time (src/domain/field-conflicts.ts). Set by customers/changes.ts.
     */
    fieldChangedAt: jsonb('field_changed_at').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /** Set when the customer is erased or merged away: the row then answers 404. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    mergedIntoId: uuid('merged_into_id'),
  },
  (t) => [
    check(
      'customers_live_rows_complete',
      sql`deleted_at IS NOT NULL OR (first_name IS NOT NULL AND last_name IS NOT NULL AND date_of_birth IS NOT NULL)`,
    ),
    // One person per identity within an organization; erased and merged rows do not count.
    uniqueIndex('customers_org_id_document_key')
      .on(t.orgId, t.idDocumentNumberIndex)
      .where(sql`deleted_at IS NULL AND id_document_number_index IS NOT NULL`),
    uniqueIndex('customers_org_phone_dob_key')
      .on(t.orgId, t.phone, t.dateOfBirth)
      .where(sql`deleted_at IS NULL AND phone IS NOT NULL`),
    uniqueIndex('customers_org_email_dob_key')
      .on(t.orgId, t.email, t.dateOfBirth)
      .where(sql`deleted_at IS NULL AND email IS NOT NULL`),
    index('customers_org_medical_card_idx')
      .on(t.orgId, t.medicalCardNumberIndex)
      .where(sql`medical_card_number_index IS NOT NULL`),
    index('customers_org_name_key_idx').on(t.orgId, t.nameKey, t.dateOfBirth),
    // `dateOfBirth=` (customers/search.ts), alone or as the person an ID-number search must name.
    index('customers_org_email_prefix_idx').on(t.orgId, sql`email text_pattern_ops`),
    // `q=example.com`, `q=@example.com`: the customers at a domain (customers/search.ts).
    index('customers_org_email_domain_idx').on(t.orgId, sql`(split_part(email, '@', 2)) text_pattern_ops`),
    index('customers_org_sort_name_idx').on(t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id),
    index('customers_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
    // Trigram indexes without org_id: as a GIN key, org_id's posting list spans a whole organization
    // and made every fuzzy search intersect it (measured at 1M customers: 10x slower). The
    // organization is checked on the few candidate rows instead.
    index('customers_search_name_trgm_idx').using('gin', sql`search_name gin_trgm_ops`),
    index('customers_phone_trgm_idx').using('gin', sql`phone gin_trgm_ops`),
    index('customers_tags_idx').using('gin', t.orgId, t.tags),
  ],
);

/** The consent ledger (TCPA): every grant and withdrawal with its time, source and exact wording. */
export const consentEvents = pgTable(
  'consent_events',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    channel: text('channel', { enum: ['sms', 'email'] }).notNull(),
    granted: boolean('granted').notNull(),
    source: text('source').notNull(),
    wording: text('wording'),
    /**
     * When the person gave or withdrew consent: when it was recorded, or earlier as a POS or an
     * import reported it; never later (the latest statement wins, so a future date would win forever).
     */
    at: timestamp('at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('consent_events_customer_idx').on(t.orgId, t.customerId, t.at),
    check('consent_events_not_dated_after_recording', sql`${t.at} <= ${t.recordedAt}`),
  ],
);

/**
 * Loyalty is per store: each linked POS runs its own program, so a customer holds one balance per
 * store whose POS reports one (src/loyalty/balances.ts). Kept apart from `customers` so that a
 * balance read at one store is no edit of the customer (no version, audit row or outbox event) and
 * two stores' balances never overwrite each other. `source` is where the balance comes from: `pos`
 * (read from that store's POS); the local ledger of issue 18 adds `ledger`. `read_at` is when Patron
 * read the balance it holds: a later read of the same points writes nothing and leaves it as it was.
 */
export const loyaltyBalances = pgTable(
  'loyalty_balances',
  {
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    source: text('source', { enum: ['pos'] })
      .notNull()
      .default('pos'),
    /** The POS vendor the balance was read from (`treez`, `flowhub`, ...). */
    vendor: text('vendor').notNull(),
    points: integer('points').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.customerId, t.storeId, t.source] })],
);

/**
 * Authorizations a customer gave in writing that a store's data profile asks for before it keeps
 * more (e.g. South Dakota medical cardholders beyond the registry number): what, when, where and the
 * exact wording shown, like the consent ledger.
 */
export const customerAuthorizations = pgTable(
  'customer_authorizations',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: AUTHORIZATION_KINDS }).notNull(),
    /** Where the customer gave it: `kiosk`, `staff`, `paper form`… */
    source: text('source').notNull(),
    wording: text('wording').notNull(),
    /** When the customer gave it (may precede when it was recorded). */
    at: timestamp('at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('customer_authorizations_customer_idx').on(t.orgId, t.customerId, t.at)],
);

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

/** Pairs of customers that may be one person; a manager decides. Ids are stored in sorted order. */
export const suspectedDuplicates = pgTable(
  'suspected_duplicates',
  {
    orgId: orgId(),
    customerA: uuid('customer_a').notNull(),
    customerB: uuid('customer_b').notNull(),
    reason: text('reason', {
      enum: ['same_phone', 'same_email', 'same_name_and_birthday', 'same_person_at_one_pos'],
    }).notNull(),
    detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.customerA, t.customerB, t.reason] })],
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

/**
 * The transactional outbox: one row per local change of a customer, written in the same transaction
 * as the change. The worker's dispatcher turns each into push jobs for the customer's linked stores.
 */
export const syncOutbox = pgTable(
  'sync_outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: orgId(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: ['upsert', 'erase'] }).notNull(),
    /** The store a change came from (inbound): its POS already holds it, so it is not pushed back there. */
    originStoreId: uuid('origin_store_id'),
    /** Field names changed (never values). */
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    /** What happened, as outbound webhooks name it (`customer.<event>`). */
    event: text('event', { enum: ['created', 'updated', 'merged', 'erased'] })
      .notNull()
      .default('updated'),
    createdAt: createdAt(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [index('sync_outbox_pending_idx').on(t.id).where(sql`dispatched_at IS NULL`)],
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

/**
 * Short-lived tokens a kiosk hands to the customer it identified or signed up (`pct_…`, the kiosk
 * section of API.md). Only the SHA-256 of a token is kept. A token speaks for one customer and is
 * bound to the issuing kiosk key and its store: revoking the key, erasing or merging the customer, or
 * the expiry ends it.
 */
export const customerTokens = pgTable(
  'customer_tokens',
  {
    id: id(),
    orgId: orgId(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('customer_tokens_org_customer_idx').on(t.orgId, t.customerId)],
);

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
