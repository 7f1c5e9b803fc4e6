/**
 * Why a figure is what it is: the plan of a benchmarked search's first statement (as captured from
 * Patron), timed by EXPLAIN ANALYZE: which indexes it reads and how many rows it sorts.
 */
import type pg from 'pg';
import type { Statement } from './captured-searches.ts';

export interface PlanReport {
  query: string;
  executionMs: number;
  planningMs: number;
  /** Indexes of customers the plan reads. */
  indexes: string[];
  /** Rows fed to its sorts, in all. */
  sortedRows: number;
  plan: string;
}

export async function explainSearch(pool: pg.Pool, q: string, statement: Statement): Promise<PlanReport> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.params,
  );
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  const number = (pattern: RegExp) => Number(pattern.exec(plan)?.[1] ?? Number.NaN);
  const sorts = [
    ...plan.matchAll(/Sort[^\n]*\n(?:[^\n]*\n)*?[^\n]*->[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+)/g),
  ];
  return {
    query: q,
    executionMs: number(/Execution Time: ([\d.]+) ms/),
    planningMs: number(/Planning Time: ([\d.]+) ms/),
    indexes: [...new Set([...plan.matchAll(/using (customers\w*)/g)].map((m) => m[1]!))],
    sortedRows: sorts.reduce((n, m) => n + Number(m[1]), 0),
    plan,
  };
}

/** The most common surname among the seeded customers, with its share. */
export async function commonestSurname(pool: pg.Pool, orgId: string): Promise<{ name: string; share: number }> {
  const { rows } = await pool.query<{ last_name: string; share: number }>(
    `SELECT last_name, count(*)::float / sum(count(*)) OVER () AS share FROM customers
     TABLESAMPLE SYSTEM (5) REPEATABLE (3) WHERE org_id = $1 GROUP BY last_name ORDER BY count(*) DESC LIMIT 1`,
    [orgId],
  );
  return { name: rows[0]?.last_name ?? 'Smith', share: rows[0]?.share ?? 0 };
}
