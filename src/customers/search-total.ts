/**
 * How many customers a list's filters match, for the console's "1,204 customers" (`total=true` on
 * `GET /customers` without `q`): counted exactly up to EXACT_UP_TO, read through the same index a
 * page is, so a small answer is exact and cheap; past it, the planner's row estimate of the same
 * WHERE (EXPLAIN, not run), marked as an estimate. An exact count of a common filter (every adult,
 * half the organization) would read every match on every request.
 */
import { and, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { FieldProtector } from '../privacy/field-protector.ts';
import { filterConditions, type ListFilters } from './search-filters.ts';
import { customers } from './tables.ts';

/**
 * Matches counted exactly. A count reads one index entry (and visibility) per match: 1,000 are about
 * a millisecond at 100,000 customers (notes/issue14-filters.md), and a number past a thousand is read
 * as "about" anyway.
 */
export const EXACT_UP_TO = 1000;

export interface Total {
  total: number;
  totalIsEstimate: boolean;
}

export async function countCustomers(
  db: Db,
  orgId: string,
  filters: ListFilters,
  protector: FieldProtector,
): Promise<Total> {
  const { where } = await filterConditions(db, orgId, filters, protector);
  return totalOf(db, where);
}

export async function totalOf(db: Db, where: SQL[]): Promise<Total> {
  const matches = sql`SELECT 1 FROM ${customers} WHERE ${and(...where)}`;
  const counted = await db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM (${matches} LIMIT ${EXACT_UP_TO + 1}) AS capped`,
  );
  const n = Number(counted.rows[0]?.n ?? 0);
  if (n <= EXACT_UP_TO) return { total: n, totalIsEstimate: false };
  const explained = await db.execute<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    sql`EXPLAIN (FORMAT JSON) ${matches}`,
  );
  const estimate = Math.round(explained.rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  // Never fewer than were just counted.
  return { total: Math.max(estimate, n), totalIsEstimate: true };
}
