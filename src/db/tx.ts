/**
 * The types of the database handle (`Db`, re-exported by database.ts where most code takes it) and
 * of a transaction passed around (a Drizzle transaction or savepoint). Apart from database.ts so that
 * org-scope.ts, which database.ts uses, can name `Db` without a file cycle. Without a schema: queries
 * name the table objects they import from each module's `tables.ts`, and nothing uses Drizzle's
 * relational `db.query.*` API, so the handle need not know every module's tables.
 */
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';

export type Db = NodePgDatabase;

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
