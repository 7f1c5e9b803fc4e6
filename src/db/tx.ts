/** The transaction handle the sync engine passes around (a Drizzle transaction or savepoint). */
import type { Db } from './database.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
