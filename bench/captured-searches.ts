/**
 * Patron's statements for each benchmarked search, captured by running Patron's own search
 * (searchCustomers) once per input before the load: the minimal server then runs exactly these,
 * text and parameters, in the same order, so the gap between the two is Patron's own cost (HTTP
 * routing, authentication, validation, row-level security, building the statement, audit,
 * decryption, serialization). The tiered search's text depends on the query's shape, so it cannot
 * be one constant as the lookups' statements are (minimal-sql.ts).
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { searchCustomers } from '../src/customers/search.ts';
import type { Db } from '../src/db/database.ts';
import type { FieldProtector } from '../src/privacy/field-protector.ts';

export interface Statement {
  text: string;
  params: unknown[];
}

/** q → the statements Patron sent for it, in order. */
export type CapturedSearches = Record<string, Statement[]>;

export async function captureSearches(
  pool: pg.Pool,
  orgId: string,
  protector: FieldProtector,
  queries: readonly string[],
  limit: number,
): Promise<CapturedSearches> {
  let into: Statement[] = [];
  const db = drizzle(pool, { logger: { logQuery: (text, params) => into.push({ text, params }) } }) as unknown as Db;
  const captured: CapturedSearches = {};
  for (const q of new Set(queries)) {
    into = [];
    await searchCustomers(db, orgId, { q, limit }, protector);
    captured[q] = into;
  }
  return captured;
}
