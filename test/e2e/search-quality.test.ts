/**
 * Issue 14 item 2, match quality measured: 20,000 demo-seed customers, a generated evaluation set
 * (test/support/search-evaluation.ts) sent through `GET /customers?q=` as staff, and recall@1 /
 * recall@10 per category held by thresholds, so a faster search that finds less fails here; the
 * numbers and what misses are in bench/RESULTS.md ("Search quality"). Writes test-results/search-quality.json.
 *
 * Deterministic: the seed fixes the people, and their ids are set from their email or phone (the
 * seed's bijections of the position), so ties in rank break the same way on every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../src/demo/seed-customers.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import {
  type CategoryRecall,
  type EvalPerson,
  type EvalQuery,
  generateEvaluation,
  recallByCategory,
} from '../support/search-evaluation.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';

const POPULATION = 20_000;
const SEED = 14;
const PER_CATEGORY = 50;
const TODAY = '2026-03-15';

let t: TestApp;
let queries: EvalQuery[];
let recall: Map<CategoryRecall['category'], CategoryRecall>;

beforeAll(async () => {
  t = await createTestApp();
  const started = performance.now();
  await seedCustomers(t.database.pool, {
    orgId: t.demo.orgId,
    count: POPULATION,
    seed: SEED,
    protector: createFieldProtection(TEST_MASTER_KEY).forOrg(t.demo.orgId),
    today: TODAY,
  });
  // Ids from what the seed fixes (a v4-shaped uuid of the email or phone), so ties sort the same.
  await t.database.pool.query(
    `UPDATE customers SET id = (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid
     FROM (SELECT id AS old, md5('search-quality:' || coalesce(email, phone)) AS h FROM customers WHERE org_id = $1) k
     WHERE customers.id = k.old`,
    [t.demo.orgId],
  );
  await t.database.pool.query('ANALYZE customers');
  const seededMs = performance.now() - started;

  const people = (
    await t.database.pool.query<EvalPerson>(
      `SELECT id, first_name AS "firstName", last_name AS "lastName", preferred_name AS "preferredName", phone, email
       FROM customers WHERE org_id = $1 AND deleted_at IS NULL`,
      [t.demo.orgId],
    )
  ).rows;
  queries = generateEvaluation(people, { seed: SEED, perCategory: PER_CATEGORY });

  const searched = performance.now();
  const results: string[][] = [];
  for (const q of queries) {
    const res = await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q.query)}&limit=10`, t.tokens.staff);
    if (res.statusCode !== 200) throw new Error(`q=${q.query}: ${res.statusCode} ${res.body}`);
    results.push(res.json<{ items: { id: string }[] }>().items.map((c) => c.id));
  }
  const searchMs = performance.now() - searched;

  const rows = recallByCategory(queries, (_, i) => results[i]!);
  recall = new Map(rows.map((r) => [r.category, r]));
  const misses = queries.flatMap((q, i) =>
    results[i]!.slice(0, 10).some((id) => q.acceptIds.includes(id))
      ? []
      : [{ category: q.category, query: q.query, target: nameOf(people, q.targetId), found: results[i]!.length }],
  );
  mkdirSync('test-results', { recursive: true });
  writeFileSync(
    join('test-results', 'search-quality.json'),
    `${JSON.stringify({ population: POPULATION, seed: SEED, queries: queries.length, seededMs, searchMs, recall: rows, misses }, null, 2)}\n`,
  );
  console.log(
    `search quality: ${queries.length} queries over ${POPULATION} customers (seeded in ${Math.round(seededMs)} ms, searched in ${Math.round(searchMs)} ms)\n${table(rows)}`,
  );
}, 240_000);
afterAll(() => t?.close());

function nameOf(people: readonly EvalPerson[], id: string): string {
  const p = people.find((x) => x.id === id)!;
  return `${p.firstName} ${p.preferredName ? `(${p.preferredName}) ` : ''}${p.lastName} ${p.phone ?? ''} ${p.email ?? ''}`;
}

function table(rows: readonly CategoryRecall[]): string {
  const line = (c: string, n: string, r1: string, r10: string) =>
    `${c.padEnd(16)} ${n.padStart(5)} ${r1.padStart(9)} ${r10.padStart(10)}`;
  return [
    line('category', 'count', 'recall@1', 'recall@10'),
    ...rows.map((r) => line(r.category, String(r.count), r.recallAt1.toFixed(3), r.recallAt10.toFixed(3))),
  ].join('\n');
}

const of = (category: CategoryRecall['category']) => recall.get(category)!;

/**
 * What each category must keep. recall@10: the target (the issue's 0.95 for one-edit typos; for the
 * other categories the targets proposed in its note: 0.90 for nicknames and sound-alikes, 0.95 or
 * all for the rest), which today's search meets in every category. recall@1, for which the issue
 * sets no target: today's value less 0.01 (the run is deterministic, so that is a floor, not noise
 * room). Measured numbers: bench/RESULTS.md ("Search quality").
 */
interface Held {
  category: CategoryRecall['category'];
  at1: number;
  at10: number;
}
const HELD: readonly Held[] = [
  { category: 'exact', at1: 1, at10: 1 },
  { category: 'one-edit', at1: 0.975, at10: 0.95 },
  { category: 'substitution', at1: 0.99, at10: 0.95 },
  { category: 'insertion', at1: 0.99, at10: 0.95 },
  { category: 'deletion', at1: 0.93, at10: 0.95 },
  { category: 'transposition', at1: 0.99, at10: 0.95 },
  { category: 'accents', at1: 0.99, at10: 0.95 },
  { category: 'nickname', at1: 0.91, at10: 0.9 },
  { category: 'sound-alike', at1: 0.81, at10: 0.9 },
  { category: 'swapped', at1: 0.97, at10: 0.95 },
  { category: 'phone-last4', at1: 0.99, at10: 1 },
  { category: 'phone-formatted', at1: 0.99, at10: 1 },
  { category: 'email-address', at1: 0.99, at10: 1 },
  { category: 'email-local', at1: 0.97, at10: 1 },
  { category: 'email-domain', at1: 0.99, at10: 1 },
];

describe('search match quality (issue 14)', () => {
  it('asks at least 500 queries, with at least 20 in each category', () => {
    expect(queries.length).toBeGreaterThanOrEqual(500);
    for (const row of recall.values()) expect(row.count, row.category).toBeGreaterThanOrEqual(20);
    expect(HELD.map((h) => h.category).sort()).toEqual([...recall.keys()].sort());
  });

  for (const { category, at1, at10 } of HELD) {
    it(`${category}: recall@10 at least ${at10}, recall@1 at least ${at1}`, () => {
      expect(of(category).recallAt10).toBeGreaterThanOrEqual(at10);
      expect(of(category).recallAt1).toBeGreaterThanOrEqual(at1);
    });
  }
});
