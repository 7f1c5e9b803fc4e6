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
  /** The searches, per shape (issue 14's list), as list query strings: what staff type or pick. */
  searches: Record<SearchShape, string[]>;
}

export const SEARCH_SHAPES = [
  'full name',
  'common surname',
  'name with a typo',
  'phone last 4',
  'email domain',
  'city + medical',
  'birthday + home store',
] as const;
export type SearchShape = (typeof SEARCH_SHAPES)[number];

/** Searches per shape, cycled through by the load (each is captured for the minimal server first). */
const PER_SHAPE = 400;

export async function sampleInputs(pool: pg.Pool, orgId: string, seeded: number, wanted = 5_000): Promise<Sample> {
  // A block sample reads a few pages instead of sorting the whole table by random().
  const percent = Math.min(100, (200 * wanted) / Math.max(seeded, 1));
  const { rows } = await pool.query<{
    id: string;
    phone: string | null;
    email: string | null;
    first_name: string;
    last_name: string;
    city: string | null;
    birthday: string;
    home_store_id: string | null;
  }>(
    `SELECT id, phone, email, first_name, last_name, address->>'city' AS city, to_char(date_of_birth, 'MM-DD') AS birthday,
            home_store_id
       FROM customers TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (7)
     WHERE org_id = $1 AND deleted_at IS NULL LIMIT ${wanted}`,
    [orgId],
  );
  if (rows.length === 0) throw new Error('no customers to sample');
  const surnames = await pool.query<{ last_name: string }>(
    `SELECT last_name FROM customers TABLESAMPLE SYSTEM (${percent.toFixed(4)}) REPEATABLE (3)
      WHERE org_id = $1 GROUP BY last_name ORDER BY count(*) DESC, last_name LIMIT 10`,
    [orgId],
  );
  const some = rows.slice(0, PER_SHAPE);
  const q = (text: string) => new URLSearchParams({ q: text }).toString();
  const list = (params: Record<string, string>) => new URLSearchParams(params).toString();
  return {
    ids: rows.map((r) => r.id),
    phones: rows.flatMap((r) => (r.phone ? [r.phone] : [])),
    searches: {
      'full name': some.map((r) => q(`${r.first_name} ${r.last_name}`)),
      'common surname': surnames.rows.map((r) => q(r.last_name)),
      'name with a typo': some.map((r, i) =>
        q(i % 2 === 0 ? `${r.first_name} ${transposed(r.last_name)}` : `${transposed(r.first_name)} ${r.last_name}`),
      ),
      'phone last 4': [...new Set(some.flatMap((r) => (r.phone ? [q(r.phone.slice(-4))] : [])))],
      'email domain': [...new Set(rows.flatMap((r) => (r.email ? [q(`@${r.email.split('@')[1]}`)] : [])))],
      'city + medical': [
        ...new Set(some.flatMap((r) => (r.city ? [list({ city: r.city, customerType: 'medical' })] : []))),
      ],
      'birthday + home store': some.flatMap((r) =>
        r.home_store_id ? [list({ birthday: r.birthday, homeStoreId: r.home_store_id })] : [],
      ),
    },
  };
}

/** Two letters in the middle swapped, as a hurried typist does ("Jmaes"). */
function transposed(name: string): string {
  if (name.length < 4) return name;
  const at = Math.floor(name.length / 2) - 1;
  return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
}

export type Operation = 'get by id' | 'phone lookup' | SearchShape | 'create';

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
    default: {
      const searches = sample.searches[operation];
      return () => ({ method: 'GET', path: `${prefix}/customers?${cycle(searches)}` });
    }
  }
}
