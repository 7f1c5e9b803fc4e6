/** Column types Drizzle does not ship for PostgreSQL. */
import { customType } from 'drizzle-orm/pg-core';

/** Case-insensitive text (the `citext` extension): emails compare equal whatever their case. */
export const citext = customType<{ data: string }>({
  dataType: () => 'citext',
});
