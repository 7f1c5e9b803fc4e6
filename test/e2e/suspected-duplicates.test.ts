/**
 * DESIGN, identity resolution: "A weaker match (same name and date of birth, different phone) never
 * merges by itself: it raises a suspected duplicate for a manager." Each way a customer is written
 * through the API (staff create, an edit of the name or birthday, a kiosk signup) raises it, accent
 * and case aside, and `GET /duplicates` shows why. Sync's paths are in src/sync (identity-resolution
 * and page-batch tests).
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const create = async (body: Record<string, unknown>, token = t.tokens.staff) => {
  const res = await t.request('POST', '/api/v1/customers', token, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

async function reasonsFor(a: string, b: string): Promise<string[]> {
  const pair = [a, b].sort();
  const reasons: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.request(
      'GET',
      `/api/v1/duplicates?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      t.tokens.manager,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: { customerIds: string[]; reason: string }[]; nextCursor: string | null };
    for (const d of body.items) if (d.customerIds.join() === pair.join()) reasons.push(d.reason);
    cursor = body.nextCursor;
  } while (cursor);
  return reasons.sort();
}

describe('same first and last name and date of birth, other phone and email', () => {
  it('raises a suspected duplicate when staff create the second, accents and case aside', async () => {
    const a = await create(adultBody(1, { firstName: 'José', lastName: 'Núñez', dateOfBirth: '1979-06-30' }));
    const b = await create(adultBody(2, { firstName: 'JOSE', lastName: 'nunez', dateOfBirth: '1979-06-30' }));
    expect(await reasonsFor(a, b)).toEqual(['same_name_and_birthday']);
  });

  it('folds letters that have no accent to strip as unaccent does (Ł, ø, ß)', async () => {
    const a = await create(adultBody(3, { firstName: 'Łukasz', lastName: 'Søgaard-Weiß', dateOfBirth: '1981-02-03' }));
    const b = await create(adultBody(4, { firstName: 'Lukasz', lastName: 'Sogaard Weiss', dateOfBirth: '1981-02-03' }));
    expect(await reasonsFor(a, b)).toEqual(['same_name_and_birthday']);
  });

  it('raises one when an edit gives a customer the name of another born the same day', async () => {
    const a = await create(adultBody(5, { firstName: 'Ingrid', lastName: 'Dubois', dateOfBirth: '1990-10-10' }));
    const b = await create(adultBody(6, { firstName: 'Inga', lastName: 'Dubois', dateOfBirth: '1990-10-10' }));
    expect(await reasonsFor(a, b)).toEqual([]);
    const res = await t.request('PATCH', `/api/v1/customers/${b}`, t.tokens.staff, { firstName: 'Ingrid' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await reasonsFor(a, b)).toEqual(['same_name_and_birthday']);
  });

  it('raises one when an edit of the birthday makes two namesakes born the same day', async () => {
    const a = await create(adultBody(7, { firstName: 'Marta', lastName: 'Keller', dateOfBirth: '1970-01-01' }));
    const b = await create(adultBody(8, { firstName: 'Marta', lastName: 'Keller', dateOfBirth: '1970-01-02' }));
    expect(await reasonsFor(a, b)).toEqual([]);
    const res = await t.request('PATCH', `/api/v1/customers/${b}`, t.tokens.staff, { dateOfBirth: '1970-01-01' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await reasonsFor(a, b)).toEqual(['same_name_and_birthday']);
  });

  it('raises one for a kiosk signup of a namesake born the same day', async () => {
    const a = await create(adultBody(9, { firstName: 'Kiosk', lastName: 'Namesake', dateOfBirth: '1985-05-05' }));
    const res = await t.request('POST', '/api/v1/kiosk/signup', t.tokens.kiosk, {
      firstName: 'kiosk',
      lastName: 'NAMESAKE',
      dateOfBirth: '1985-05-05',
      phone: '(702) 555-8899',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await reasonsFor(a, res.json().customer.id)).toEqual(['same_name_and_birthday']);
  });

  it('raises none for namesakes born on other days', async () => {
    const a = await create(adultBody(10, { firstName: 'Paul', lastName: 'Martin', dateOfBirth: '1960-03-03' }));
    const b = await create(adultBody(11, { firstName: 'Paul', lastName: 'Martin', dateOfBirth: '1960-03-04' }));
    expect(await reasonsFor(a, b)).toEqual([]);
  });
});

describe('migration 0017_fold_name_keys', () => {
  it('folds the name keys stored before and raises the pairs they now make', async () => {
    const a = await create(adultBody(20, { firstName: 'Björn', lastName: 'Østergård', dateOfBirth: '1975-07-07' }));
    const b = await create(adultBody(21, { firstName: 'Bjorn', lastName: 'Ostergard', dateOfBirth: '1975-07-07' }));
    // As the previous normalizeName stored them: "ø" kept, so no pair was raised.
    await t.database.pool.query("UPDATE customers SET name_key = 'bjorn|østergard|1975-07-07' WHERE id = $1", [a]);
    await t.database.pool.query('DELETE FROM suspected_duplicates WHERE customer_a = ANY($1) OR customer_b = ANY($1)', [
      [a, b],
    ]);
    expect(await reasonsFor(a, b)).toEqual([]);

    const migration = await readFile(
      new URL('../../src/db/migrations/0017_fold_name_keys.sql', import.meta.url),
      'utf8',
    );
    const client = await t.database.pool.connect();
    try {
      for (const statement of migration.split('--> statement-breakpoint')) await client.query(statement);
    } finally {
      client.release();
    }

    const keys = await t.database.pool.query('SELECT name_key FROM customers WHERE id = ANY($1)', [[a, b]]);
    expect(keys.rows.map((r) => r.name_key)).toEqual(['bjorn|ostergard|1975-07-07', 'bjorn|ostergard|1975-07-07']);
    expect(await reasonsFor(a, b)).toEqual(['same_name_and_birthday']);
  });
});
