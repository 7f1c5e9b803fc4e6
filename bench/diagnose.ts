/**
 * Why a figure is what it is: the fuzzy search plan (is the trigram GIN index used, how many rows
 * does it rank) for a typical full-name query and for a bare common surname, timed by EXPLAIN ANALYZE.
 */
import type pg from 'pg';
import { FUZZY_NAME, FUZZY_WORD } from './minimal-sql.ts';

export interface PlanReport {
  query: string;
  executionMs: number;
  usesTrigramIndex: boolean;
  /** Rows the index handed over for ranking (after the recheck). */
  candidates: number;
  plan: string;
}

export async function explainSearch(pool: pg.Pool, orgId: string, q: string): Promise<PlanReport> {
  const oneWord = !/\s/.test(q);
  const params = oneWord ? [q, `${q.toLowerCase()}%`, orgId, 51] : [q, orgId, 51];
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${oneWord ? FUZZY_WORD : FUZZY_NAME}`,
    params,
  );
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  const execution = /Execution Time: ([\d.]+) ms/.exec(plan);
  const heap = /Bitmap Heap Scan[^\n]*actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(plan);
  return {
    query: q,
    executionMs: execution ? Number(execution[1]) : Number.NaN,
    usesTrigramIndex: plan.includes('customers_search_name_trgm_idx'),
    candidates: heap ? Number(heap[1]) : Number.NaN,
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
