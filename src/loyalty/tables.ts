/**
 * The loyalty module's tables (Drizzle): per-store balances.
 */
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/tables.ts';
import { orgId } from '../db/tables.ts';
import { stores } from '../stores/tables.ts';

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
