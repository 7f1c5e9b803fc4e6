/**
 * Patron's statements for each benchmarked search and filtered list, captured by running Patron's own search
 * (searchCustomers) once per input before the load: the minimal server then runs exactly these,
 * text and parameters, in the same order, so the gap between the two is Patron's own cost (HTTP
 * routing, authentication, validation, row-level security, building the statement, audit,
 * decryption, serialization). The tiered search's text depends on the query's shape, so it cannot
 * be one constant as the lookups' statements are (minimal-sql.ts).
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { CustomerListQuery } from '../src/customers/schemas.ts';
import { type CustomerFilters, searchCustomers } from '../src/customers/search.ts';
import type { Db } from '../src/db/database.ts';
import type { FieldProtector } from '../src/privacy/field-protector.ts';

export interface Statement {
  text: string;
  params: unknown[];
}

/** A list request's query string (`q=...`, `city=...&customerType=medical`) → the statements Patron sent for it, in order. */
export type CapturedSearches = Record<string, Statement[]>;

/** Each query string read as the route reads it (its zod schema), then searched as the route searches. */
export async function captureSearches(
  pool: pg.Pool,
  orgId: string,
  protector: FieldProtector,
  queryStrings: readonly string[],
): Promise<CapturedSearches> {
  let into: Statement[] = [];
  const db = drizzle(pool, { logger: { logQuery: (text, params) => into.push({ text, params }) } }) as unknown as Db;
  const captured: CapturedSearches = {};
  for (const queryString of new Set(queryStrings)) {
    into = [];
    const filters = CustomerListQuery.parse(Object.fromEntries(new URLSearchParams(queryString))) as CustomerFilters;
    await searchCustomers(db, orgId, filters, protector);
    captured[queryString] = into;
  }
  return captured;
}
