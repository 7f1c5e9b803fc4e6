/**
 * Request inputs drawn from the seeded customers, so every request looks up someone different (no
 * single hot row) and both servers see the same sequence. Creates are new synthetic people at
 * positions past the seeded ones, a separate range per server, so no create hits a duplicate.
 */
import type pg from 'pg';
import { syntheticCustomer } from '../src/demo/synthetic-customers.ts';
import type { RequestSpec } from './measure.ts';

export interface Sample {
  ids: string[];
  phones: string[];
  /** What staff type to find someone: first and last name, a quarter of them with a typo. */
  names: string[];
}

export async function sampleInputs(pool: pg.Pool, orgId: string, seeded: number, wanted = 5_000): Promise<Sample> {
  // A block sample reads a few pages instead of sorting the whole table by random().
  const percent = Math.min(100, (200 * wanted) / Math.max(seeded, 1));
  const { rows } = await pool.query<{ id: string; phone: string | null; first_name: string; last_name: string }>(
    `SELECT id, phone, first_name, last_name FROM customers TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (7)
     WHERE org_id = $1 AND deleted_at IS NULL LIMIT ${wanted}`,
    [orgId],
  );
  if (rows.length === 0) throw new Error('no customers to sample');
  return {
    ids: rows.map((r) => r.id),
    phones: rows.flatMap((r) => (r.phone ? [r.phone] : [])),
    names: rows.map((r, i) => `${r.first_name} ${i % 4 === 3 ? typo(r.last_name) : r.last_name}`),
  };
}

/** Drops one letter from the middle, as a hurried typist does. */
function typo(name: string): string {
  if (name.length < 5) return name;
  const at = Math.floor(name.length / 2);
  return name.slice(0, at) + name.slice(at + 1);
}

export type Operation = 'get by id' | 'phone lookup' | 'fuzzy name search' | 'create';

/** Endless request sequences per operation, each starting at its beginning. */
export function requestSource(
  operation: Operation,
  sample: Sample,
  create: { firstPosition: number; today: string; storeIds: readonly string[] },
  prefix: string,
): () => RequestSpec {
  let n = 0;
  const cycle = <T>(list: readonly T[]): T => list[n++ % list.length]!;
  switch (operation) {
    case 'get by id':
      return () => ({ method: 'GET', path: `${prefix}/customers/${cycle(sample.ids)}` });
    case 'phone lookup':
      return () => ({ method: 'GET', path: `${prefix}/customers?phone=${encodeURIComponent(cycle(sample.phones))}` });
    case 'fuzzy name search':
      return () => ({ method: 'GET', path: `${prefix}/customers?q=${encodeURIComponent(cycle(sample.names))}` });
    case 'create':
      return () => {
        const { customer } = syntheticCustomer(create.firstPosition + n++, {
          seed: 77,
          today: create.today,
          storeIds: create.storeIds,
        });
        // Adult signups without documents: the minimal route stores fields as given, it does not encrypt.
        const body = { ...customer, customerType: 'adult', medical: null, idDocument: null };
        return { method: 'POST', path: `${prefix}/customers`, body: JSON.stringify(body) };
      };
  }
}
