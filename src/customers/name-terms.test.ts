/**
 * The name terms search reads (migration 0027): the database computes them as name-terms.ts does,
 * and the organization's list of terms (customer_name_terms) follows its customers, whoever writes
 * them: a new name adds its terms, a rename or an erasure takes away a term nobody else bears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerTestContext } from '../../test/support/customer-test-context.ts';
import type { TestDatabase } from '../../test/support/test-database.ts';
import { runInOrg } from '../db/org-scope.ts';
import { FIRST_NAMES, NICKNAMES, SURNAMES } from '../demo/synthetic-names.ts';
import { nameTermOf, oneLetterDeletionsOf } from '../domain/name-terms.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import type { CustomerDeps } from './customer-deps.ts';
import { createCustomer, patchCustomer } from './customer-writes.ts';

let database: TestDatabase;
let deps: CustomerDeps;
let staff: AuditContext;
let orgId: string;

beforeAll(async () => {
  ({ database, deps, staff, orgId } = await customerTestContext('name-terms-test', 9));
}, 120_000);
afterAll(() => database?.close());

const TRICKY = [
  "O'Brien",
  'Smith-Jones',
  'De la Cruz',
  'Zoë',
  'Núñez',
  'Łukasz',
  'Straße',
  'Ørsted',
  'Ægir',
  'Þór',
  'Đorđe',
  'ß',
  "-'",
  'Mary Ann',
  'José María',
  'Nguyễn',
  'Ōta',
  'Çelik',
  'Dvořák',
];

describe('name terms', () => {
  it('are computed by the database as name-terms.ts computes them', async () => {
    const names = [...new Set([...SURNAMES, ...FIRST_NAMES, ...Object.values(NICKNAMES).flat(), ...TRICKY])];
    const { rows } = await database.pool.query<{ name: string; term: string | null }>(
      'SELECT name, patron_name_term(name) AS term FROM unnest($1::text[]) AS name',
      [names],
    );
    const differing = rows.filter((r) => r.term !== nameTermOf(r.name));
    expect(differing).toEqual([]);
  });

  it("give the database's one-letter deletions", async () => {
    const terms = ['smith', 'anne', 'obriendiaz', 'jo', 'nunez'];
    const { rows } = await database.pool.query<{ term: string; deletions: string[] }>(
      'SELECT term, patron_one_letter_deletions(term) AS deletions FROM unnest($1::text[]) AS term',
      [terms],
    );
    for (const row of rows) expect(row.deletions.sort(), row.term).toEqual(oneLetterDeletionsOf(row.term).sort());
  });
});

describe("an organization's name terms", () => {
  const termsOf = async () =>
    (
      await database.pool.query<{ term: string }>('SELECT term FROM customer_name_terms WHERE org_id = $1', [orgId])
    ).rows.map((r) => r.term);
  const person = (first: string, last: string, n: number, preferred?: string) => ({
    firstName: first,
    lastName: last,
    ...(preferred ? { preferredName: preferred } : {}),
    dateOfBirth: '1980-02-03',
    phone: `(702) 555-${String(3000 + n).padStart(4, '0')}`,
  });

  it('gain the first, preferred and last name of a new customer', async () => {
    await runInOrg(orgId, () => createCustomer(deps, staff, person('Quillon', 'Vantreese-Orr', 1, 'Quill')));
    expect(await termsOf()).toEqual(expect.arrayContaining(['quillon', 'quill', 'vantreeseorr']));
  });

  it('lose a renamed name nobody else bears, and keep one another customer bears', async () => {
    const a = await runInOrg(orgId, () => createCustomer(deps, staff, person('Ysolde', 'Marrowby', 2)));
    await runInOrg(orgId, () => createCustomer(deps, staff, person('Ysolde', 'Penhallow', 3)));
    await runInOrg(orgId, () => patchCustomer(deps, staff, a.id, { firstName: 'Ysoldine', lastName: 'Tregarthen' }));
    const terms = await termsOf();
    expect(terms).toEqual(expect.arrayContaining(['ysoldine', 'tregarthen', 'ysolde', 'penhallow']));
    expect(terms).not.toContain('marrowby');
  });

  it('lose the names of an erased customer (a name does not outlive its bearer)', async () => {
    const c = await runInOrg(orgId, () => createCustomer(deps, staff, person('Corvinia', 'Aldersgate', 4)));
    expect(await termsOf()).toEqual(expect.arrayContaining(['corvinia', 'aldersgate']));
    // What erasure leaves of the row (privacy/erase-customer.ts): no names, deleted.
    await database.pool.query(
      'UPDATE customers SET deleted_at = now(), first_name = NULL, last_name = NULL, preferred_name = NULL WHERE id = $1',
      [c.id],
    );
    const terms = await termsOf();
    expect(terms).not.toContain('corvinia');
    expect(terms).not.toContain('aldersgate');
  });

  it('are kept apart per organization (row-level security, as every customer table)', async () => {
    const { rows } = await database.pool.query<{ rls: boolean }>(
      "SELECT relrowsecurity AS rls FROM pg_class WHERE relname = 'customer_name_terms'",
    );
    expect(rows[0]?.rls).toBe(true);
  });
});
