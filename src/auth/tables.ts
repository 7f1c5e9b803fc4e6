/**
 * The auth module's tables (Drizzle): users, sessions, invitations, API keys, the throttles' shared counters, and the customer tokens a kiosk issues.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { citext, createdAt, id, updatedAt } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

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
