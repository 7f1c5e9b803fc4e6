/**
 * Column helpers every module's table file uses: the uuid primary key, the creation and update
 * times, and column types Drizzle does not ship for PostgreSQL.
 */
import { sql } from 'drizzle-orm';
import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** Case-insensitive text (the `citext` extension): emails compare equal whatever their case. */
export const citext = customType<{ data: string }>({
  dataType: () => 'citext',
});
