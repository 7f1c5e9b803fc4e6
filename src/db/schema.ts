/**
 * The database schema of record (Drizzle). `npm run db:generate` turns changes here into SQL
 * migrations under `src/db/migrations/`, which run at start and by `patron migrate`.
 * Every tenant table carries `org_id`, and it leads every composite index, so the data can be
 * distributed by organization later.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    address: jsonb('address').$type<StoreAddress | null>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('stores_org_name_key').on(t.orgId, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
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
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
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

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
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
