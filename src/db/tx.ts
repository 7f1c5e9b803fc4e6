/**
 * The types of the database handle (`Db`, re-exported by database.ts where most code takes it) and
 * of a transaction the sync engine passes around (a Drizzle transaction or savepoint). Apart from
 * database.ts so that org-scope.ts, which database.ts uses, can name `Db` without a file cycle.
 */
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
