/**
 * The saved-views module's table (Drizzle): a person's named search filters on the console's search
 * page, personal or shared with the organization (issue 16).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.ts';
import { createdAt, id, updatedAt } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';

/** A view's filter as `GET /customers` takes it: parameter name -> value, every value a string. */
export type ViewFilterValues = Record<string, string>;

export const customerViews = pgTable(
  'customer_views',
  {
    id: id(),
    orgId: orgId(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** Filters only, never a search term or an identity (schemas.ts refuses them): no personal data here. */
    filter: jsonb('filter').$type<ViewFilterValues>().notNull(),
    shared: boolean('shared').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One name per owner whatever its case: "Regulars" and "regulars" would be one entry in a menu.
    uniqueIndex('customer_views_owner_name_key').on(t.orgId, t.ownerId, sql`lower(${t.name})`),
    // The list: an owner's views and the organization's shared ones, by name.
    index('customer_views_org_name_idx').on(t.orgId, t.name, t.id),
  ],
);
