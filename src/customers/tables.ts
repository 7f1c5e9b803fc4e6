/**
 * The customers module's tables (Drizzle): customers, the consent ledger, written authorizations,
 * suspected duplicates, and the outbox of customer changes (customers/changes.ts).
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
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { AUTHORIZATION_KINDS } from '../domain/data-profiles.ts';
import { stores } from '../stores/tables.ts';

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

/** The consents of a customer nobody has asked yet, and of an erased one: neither channel granted. */
export const NO_CONSENT: { sms: ConsentStateColumn; email: ConsentStateColumn } = {
  sms: { granted: false, at: null, source: null },
  email: { granted: false, at: null, source: null },
};

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
    /**
     * The email's domain, computed by the database: a column rather than an expression index on
     * `split_part(email, '@', 2)`, because under row-level security the planner will not match a
     * non-leakproof function's result to an index (the domain arm of a search scanned the organization).
     */
    emailDomain: text('email_domain').generatedAlwaysAs(sql`split_part(email, '@', 2)`),
    /**
     * Each name as one search term (accent-free, lower-case, letters and digits only: "O'Brien-Díaz" is
     * `obriendiaz`), computed by the database in the "C" collation (migration 0027), so that a name,
     * a name being typed (a prefix) and a set of near names are each a btree range, index-ordered by
     * name: the first tiers of search (customers/name-search.ts).
     */
    firstTerm: text('first_term').generatedAlwaysAs(sql`patron_name_term(first_name)`),
    lastTerm: text('last_term').generatedAlwaysAs(sql`patron_name_term(last_name)`),
    preferredTerm: text('preferred_term').generatedAlwaysAs(sql`patron_name_term(preferred_name)`),
    /** The "last four" a customer says at the counter, as an index key of its own. */
    phoneLast4: text('phone_last4').generatedAlwaysAs(sql`right(phone, 4)`),
    lastVisitAt: timestamp('last_visit_at', { withTimezone: true }),
    /*
     * Keys of the list filters (customers/search-filters.ts), computed by the database so that each is
     * a plain column with a plain index: under row-level security the planner matches no
     * non-leakproof function (EXTRACT, unaccent, ->>) to an expression index.
     */
    /** Month and day of birth as MMDD (`birthday=04-02` is 402), for birthdays in any year. */
    birthdayMd: smallint('birthday_md').generatedAlwaysAs(
      sql`(EXTRACT(MONTH FROM date_of_birth) * 100 + EXTRACT(DAY FROM date_of_birth))::smallint`,
    ),
    /**
     * The date of birth again, read only by search (`dateOfBirth=`, `ageMin`, `ageMax`): an index led
     * by `date_of_birth` itself was what the planner without statistics took for sync's identity
     * lookups (migration 0025, src/sync/inbound/page-batch-plans.test.ts); theirs never name this one.
     */
    birthDate: date('birth_date', { mode: 'string' }).generatedAlwaysAs(sql`date_of_birth`),
    /** The address's city, accent-free and lower-case, trimmed: `city=` matches it exactly. */
    cityKey: text('city_key').generatedAlwaysAs(sql`patron_search_text(btrim(address->>'city'))`),
    /** The address's postal code, upper-case without spaces (`k1a 0b1` is `K1A0B1`). */
    postalCodeKey: text('postal_code_key').generatedAlwaysAs(sql`upper(replace(address->>'postalCode', ' ', ''))`),
    /** Whether each channel's consent is currently granted (`consents` is re-derived from the ledger). */
    consentSms: boolean('consent_sms').generatedAlwaysAs(sql`coalesce((consents->'sms'->>'granted')::boolean, false)`),
    consentEmail: boolean('consent_email').generatedAlwaysAs(
      sql`coalesce((consents->'email'->>'granted')::boolean, false)`,
    ),
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
    index('customers_org_email_prefix_idx').on(t.orgId, sql`email text_pattern_ops`, t.id),
    // `q=example.com`, `q=@example.com`: the customers at a domain (customers/search.ts).
    index('customers_org_email_domain_idx').on(t.orgId, sql`email_domain text_pattern_ops`, t.id),
    index('customers_org_sort_name_idx').on(t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id),
    index('customers_org_updated_idx').on(t.orgId, t.updatedAt, t.id),
    // Trigram indexes without org_id: as a GIN key, org_id's posting list spans a whole organization
    // and made every fuzzy search intersect it (measured at 1M customers: 10x slower). The
    // organization is checked on the few candidate rows instead.
    index('customers_search_name_trgm_idx').using('gin', sql`search_name gin_trgm_ops`),
    index('customers_phone_trgm_idx').using('gin', sql`phone gin_trgm_ops`),
    index('customers_tags_idx').using('gin', t.orgId, t.tags),
    // Name search's tiers (customers/name-search.ts): each index answers "this term (or range of
    // terms) in that name" in name order, so a surname a third of a town shares still reads one page.
    // The term leads, the organization second: an index led by org_id and limited to live rows was
    // the planner's pick, before statistics, for any lookup of live customers (first-start sync
    // reads ranged over the whole organization, as migration 0025 found of the birth-date index).
    // The last- and first-name indexes also INCLUDE preferred_term (migration 0027; drizzle-kit has
    // no INCLUDE), so a step's "not found by an earlier step" is read from the index alone.
    index('customers_last_term_idx').on(t.lastTerm, t.orgId, t.firstTerm, t.id).where(sql`deleted_at IS NULL`),
    index('customers_first_term_idx').on(t.firstTerm, t.orgId, t.lastTerm, t.id).where(sql`deleted_at IS NULL`),
    index('customers_preferred_term_idx')
      .on(t.preferredTerm, t.orgId, t.lastTerm, t.firstTerm, t.id)
      .where(sql`deleted_at IS NULL AND preferred_term IS NOT NULL`),
    index('customers_phone_last4_idx')
      .on(t.phoneLast4, t.orgId, t.lastTerm, t.firstTerm, t.id)
      .where(sql`deleted_at IS NULL AND phone IS NOT NULL`),
    // List filters (customers/search-filters.ts). An equality filter's index holds the name order
    // after the key, so `?birthday=04-02` (listed by name, the default) reads one page and stops;
    // a range filter's index is read in its own order. Each is led by the filtered column, the
    // organization second (see the name-term indexes above for why not org_id first).
    index('customers_birthday_idx')
      .on(t.birthdayMd, t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id)
      .where(sql`deleted_at IS NULL`),
    index('customers_city_idx')
      .on(t.cityKey, t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id)
      .where(sql`deleted_at IS NULL AND city_key IS NOT NULL`),
    index('customers_postal_code_idx')
      .on(t.postalCodeKey, t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id)
      .where(sql`deleted_at IS NULL AND postal_code_key IS NOT NULL`),
    index('customers_home_store_idx')
      .on(t.homeStoreId, t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id)
      .where(sql`deleted_at IS NULL AND home_store_id IS NOT NULL`),
    index('customers_consent_sms_idx')
      .on(t.consentSms, t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id)
      .where(sql`deleted_at IS NULL AND consent_sms`),
    index('customers_consent_email_idx')
      .on(t.consentEmail, t.orgId, sql`lower(last_name)`, sql`lower(first_name)`, t.id)
      .where(sql`deleted_at IS NULL AND consent_email`),
    index('customers_medical_expiry_idx')
      .on(t.medicalExpiresOn, t.orgId, t.id)
      .where(sql`deleted_at IS NULL AND medical_expires_on IS NOT NULL`),
    index('customers_birth_date_idx').on(t.birthDate, t.orgId, t.id).where(sql`deleted_at IS NULL`),
    // Sorts (and range filters) by creation and last visit, as customers_org_updated_idx by change.
    index('customers_org_created_idx').on(t.orgId, t.createdAt, t.id),
    index('customers_org_last_visit_idx').on(t.orgId, t.lastVisitAt.desc().nullsLast(), t.id.desc()),
  ],
);

/**
 * Every distinct name term of an organization's live customers, kept by triggers on `customers`
 * (migration 0027), with what finds a misspelling of it: its one-letter deletions (a query within
 * one edit of a term shares a deletion with it, or is one) and its Double Metaphone codes (it sounds
 * the same). A few thousand rows where customers are a million: search looks up near terms here,
 * then reads customers by term through the btree indexes above.
 */
export const customerNameTerms = pgTable(
  'customer_name_terms',
  {
    orgId: orgId(),
    term: text('term').notNull(),
    deletions: text('deletions').array().generatedAlwaysAs(sql`patron_one_letter_deletions(term)`),
    sound: text('sound').generatedAlwaysAs(sql`dmetaphone(term)`),
    soundAlt: text('sound_alt').generatedAlwaysAs(sql`dmetaphone_alt(term)`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.term] }),
    index('customer_name_terms_deletions_idx').using('gin', t.deletions),
    index('customer_name_terms_sound_idx').on(t.orgId, t.sound),
    index('customer_name_terms_sound_alt_idx').on(t.orgId, t.soundAlt),
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
