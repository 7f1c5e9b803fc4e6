/**
 * The segments module's table (Drizzle): an organization's named customer filters, the groups its
 * managers count, list and export (issue 17). The prebuilt segments are not rows: their filters
 * move with the date (prebuilt.ts).
 */
import { sql } from 'drizzle-orm';
import { jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/tables.ts';
import type { StoredFilterValues } from '../customers/stored-filter.ts';
import { createdAt, id, updatedAt } from '../db/columns.ts';
import { orgId } from '../db/tables.ts';

export const segments = pgTable(
  'segments',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    /** Filters only, never a search term or an identity (stored-filter.ts refuses them). */
    filter: jsonb('filter').$type<StoredFilterValues>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One name per organization whatever its case; also the list's order (by name).
    uniqueIndex('segments_org_name_key').on(t.orgId, sql`lower(${t.name})`),
    uniqueIndex('segments_org_name_id_key').on(t.orgId, t.name, t.id),
  ],
);
