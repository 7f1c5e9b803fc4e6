/**
 * The organization, the tenant every other table belongs to, and the `org_id` column that says so.
 * Each module declares its own tables in its `tables.ts` (drizzle.config.ts reads them all);
 * `npm run db:generate` turns changes there into SQL migrations under `src/db/migrations/`, one
 * sequence for all modules, run at start and by `patron migrate`. Every tenant table carries
 * `org_id`, and it leads every composite index, so the data can be distributed by organization later.
 */
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

export const organizations = pgTable('organizations', {
  id: id(),
  /** Stable handle for scripts and the idempotent demo set-up. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** The owning organization: every tenant table has it, and it leads every composite index. */
export const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id);
