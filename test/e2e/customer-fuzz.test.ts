/**
 * Random bodies thrown at create and edit: whatever arrives, the answer is never a 5xx, and a
 * refused request leaves the stored data exactly as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const FIELDS = [
  'notes',
  'notes',
  'address',
  'consents',
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'customerType',
  'medical',
  'idDocument',
  'address',
  'consents',
  'tags',
  'notes',
  'homeStoreId',
  'id',
  'version',
  'loyalty',
  '__proto__',
  'constructor',
];

const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE customers;--",
    '%',
    '\u0000',
    'a\u0000b',
    '😀',
    'مريم',
    '1900-01-01',
    'N/A',
    '2999-12-31',
    '+1',
    'x'.repeat(10_000),
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: nasty,
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('leaf'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'cardNumber',
        'state',
        'expiresOn',
        'number',
        'type',
        'line1',
        'city',
        'postalCode',
        'granted',
        'sms',
        'email',
        'source',
      ),
      tie('leaf'),
      { maxKeys: 4 },
    ),
  ),
})).node;

/** A valid body with some fields replaced or added at random, so bodies get past the first checks. */
const body = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 4 }))
  .map(([n, changes]) => ({ ...adultBody(1000 + n), ...changes }));

const snapshot = async () =>
  (
    await t.database.pool.query(
      "SELECT md5(string_agg(row_to_json(c)::text, '' ORDER BY id)) AS h, count(*)::int AS n FROM customers c",
    )
  ).rows[0];

describe('customer endpoints under random input', () => {
  it('create never answers 5xx, and stores nothing when it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await snapshot();
        const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, b);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('edit never answers 5xx, and changes nothing when it refuses', async () => {
    const target = (await t.request('POST', '/api/v1/customers', t.tokens.manager, adultBody(7))).json();
    const patches = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 3 }), value);
    await fc.assert(
      fc.asyncProperty(patches, async (patch) => {
        const before = await snapshot();
        const res = await t.request('PATCH', `/api/v1/customers/${target.id}`, t.tokens.manager, patch);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
