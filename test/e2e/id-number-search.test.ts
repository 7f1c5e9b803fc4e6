/**
 * Masked is masked (issue 12, point 4): staff, who see card and ID numbers masked to the last four,
 * cannot use search or a duplicate answer to confirm guesses of the rest; managers search freely.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ID_SEARCH_NEEDS_PERSON } from '../../src/customers/id-number-lookups.ts';
import { adultBody, medicalBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const LIMIT = 20;
const ID_NUMBER = 'D 554-8123';
const CARD_NUMBER = 'NV-MED-3141';

let t: TestApp;
let maria: { id: string };
let staffRef: string;

beforeAll(async () => {
  t = await createTestApp({ idNumberLookups: { limit: LIMIT } });
  const created = await t.request(
    'POST',
    '/api/v1/customers',
    t.tokens.manager,
    medicalBody(1, {
      firstName: 'Maria',
      lastName: 'Lopez',
      dateOfBirth: '1990-01-01',
      email: 'maria.lopez@gmail.test',
      medical: { cardNumber: CARD_NUMBER, state: 'NV', expiresOn: '2031-01-01' },
      idDocument: { type: 'drivers_license', number: ID_NUMBER, state: 'NV' },
    }),
  );
  if (created.statusCode !== 201) throw new Error(created.body);
  maria = created.json();
  // Someone else at the same email domain, with the same first name: a wide `q` must not reach Maria.
  await t.request(
    'POST',
    '/api/v1/customers',
    t.tokens.manager,
    adultBody(2, { firstName: 'Maria', lastName: 'Garcia', email: 'mg@gmail.test' }),
  );
  const staff = await t.database.pool.query("SELECT id FROM users WHERE email = 'staff@demo.test'");
  staffRef = `user:${staff.rows[0].id}`;
});
afterAll(() => t.close());
// Each test starts with the whole hourly budget.
beforeEach(async () => {
  await t.database.pool.query('DELETE FROM rate_limit_counters');
});

const search = (query: string, token = t.tokens.staff) => t.request('GET', `/api/v1/customers?${query}`, token);
const idNumber = `idNumber=${encodeURIComponent(ID_NUMBER)}`;

async function found(query: string, token = t.tokens.staff): Promise<string[]> {
  const res = await search(query, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: { id: string }[] }>().items.map((c) => c.id);
}

describe('searching by ID number below manager', () => {
  it("refuses an ID number alone with 422 at idNumber, asking for the person's name or date of birth", async () => {
    const res = await search(idNumber);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ path: 'idNumber', message: ID_SEARCH_NEEDS_PERSON }]);
  });

  it('finds the customer with the right name or date of birth, and nobody with a wrong one', async () => {
    expect(await found(`${idNumber}&q=Maria%20Lopez`)).toEqual([maria.id]);
    expect(await found(`${idNumber}&q=lopez`)).toEqual([maria.id]);
    expect(await found(`${idNumber}&dateOfBirth=1990-01-01`)).toEqual([maria.id]);
    expect(await found(`${idNumber}&q=Robert%20Brown`)).toEqual([]);
    expect(await found(`${idNumber}&q=garcia`)).toEqual([]);
    expect(await found(`${idNumber}&dateOfBirth=1990-01-02`)).toEqual([]);
  });

  it('matches the name as a name only: an email domain or a phone fragment in q does not stand for the person', async () => {
    // `q=gmail` alone finds both Marias by their email domain; beside an ID number it is no name.
    expect((await found('q=gmail', t.tokens.manager)).length).toBeGreaterThanOrEqual(2);
    expect(await found(`${idNumber}&q=gmail`)).toEqual([]);
    for (const q of ['0123', 'ma', '@gmail.test']) {
      const res = await search(`${idNumber}&q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().errors[0].path).toBe('q');
    }
  });

  it('holds the medical card number to the same rule (the same filter searches both)', async () => {
    const card = `idNumber=${encodeURIComponent(CARD_NUMBER)}`;
    expect((await search(card)).statusCode).toBe(422);
    expect(await found(`${card}&q=Maria%20Lopez`)).toEqual([maria.id]);
  });

  it(`answers the ${LIMIT + 1}st search of the hour 429 with Retry-After, found or not`, async () => {
    for (let i = 0; i < LIMIT; i++) await found(`idNumber=G${1000 + i}&q=Maria%20Lopez`);
    const refused = await search(`${idNumber}&q=Maria%20Lopez`);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
    expect((await search('idNumber=G0&q=Maria%20Lopez')).statusCode).toBe(429);
    // Other searches go on.
    expect(await found('q=Maria%20Lopez')).toContain(maria.id);
  });

  it('does not count a refused search against the budget', async () => {
    for (let i = 0; i < LIMIT + 5; i++) expect((await search(`idNumber=G${i}`)).statusCode).toBe(422);
    expect(await found(`${idNumber}&q=Maria%20Lopez`)).toEqual([maria.id]);
  });

  it('records every ID-number search at once with the actor, on the trail of the customer found, never the number', async () => {
    await found(`${idNumber}&q=Maria%20Lopez`);
    const rows = await t.database.pool.query(
      "SELECT actor, customer_id, fields FROM audit_events WHERE action = 'search' AND 'idNumber' = ANY(fields) ORDER BY id DESC LIMIT 2",
    );
    expect(rows.rows).toEqual(
      expect.arrayContaining([
        { actor: staffRef, customer_id: null, fields: ['q', 'idNumber'] },
        { actor: staffRef, customer_id: maria.id, fields: ['q', 'idNumber'] },
      ]),
    );
    const trail = (await t.request('GET', `/api/v1/customers/${maria.id}/audit`, t.tokens.manager)).json().items;
    expect(trail).toContainEqual(expect.objectContaining({ actor: staffRef, action: 'search' }));
    const all = await t.database.pool.query("SELECT string_agg(row_to_json(a)::text, '') AS text FROM audit_events a");
    expect(all.rows[0].text).not.toMatch(/554-?8123|5548123/);
  });
});

describe('searching by ID number as a manager', () => {
  it('finds by the number alone, without a limit, and is still audited', async () => {
    for (let i = 0; i < LIMIT + 2; i++) expect(await found(idNumber, t.tokens.manager)).toEqual([maria.id]);
    const rows = await t.database.pool.query(
      "SELECT actor FROM audit_events WHERE action = 'search' AND customer_id = $1 AND actor <> $2",
      [maria.id, staffRef],
    );
    expect(rows.rows.length).toBeGreaterThanOrEqual(LIMIT + 2);
  });

  it('searches by exact date of birth, and refuses a date in another layout', async () => {
    expect(await found('dateOfBirth=1990-01-01', t.tokens.manager)).toEqual([maria.id]);
    expect((await search('dateOfBirth=01/01/1990', t.tokens.manager)).statusCode).toBe(422);
  });
});

describe('writes that would confirm an ID number below manager', () => {
  const held = { type: 'drivers_license', number: ID_NUMBER, state: 'NV' };

  it('counts a create refused as a duplicate by ID number, then answers 429 to any create with an ID number', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await t.request(
        'POST',
        '/api/v1/customers',
        t.tokens.staff,
        adultBody(300 + i, { idDocument: held }),
      );
      expect(res.statusCode).toBe(409);
    }
    const guess = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.staff,
      adultBody(400, { idDocument: { ...held, number: 'D 999-0001' } }),
    );
    expect(guess.statusCode).toBe(429);
    expect(
      (await t.request('POST', '/api/v1/customers', t.tokens.staff, adultBody(401, { idDocument: held }))).statusCode,
    ).toBe(429);
    // Signing someone up without an ID number, or as a manager, goes on.
    expect((await t.request('POST', '/api/v1/customers', t.tokens.staff, adultBody(402))).statusCode).toBe(201);
    expect(
      (await t.request('POST', '/api/v1/customers', t.tokens.manager, adultBody(403, { idDocument: held }))).statusCode,
    ).toBe(409);
  });

  it('counts every patch that sends an ID number, whether it would conflict or not', async () => {
    const junk = (await t.request('POST', '/api/v1/customers', t.tokens.staff, adultBody(500))).json();
    for (let i = 0; i < LIMIT; i++) {
      const res = await t.request('PATCH', `/api/v1/customers/${junk.id}`, t.tokens.staff, {
        idDocument: { ...held, number: `D 777-${1000 + i}` },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const guess = await t.request('PATCH', `/api/v1/customers/${junk.id}`, t.tokens.staff, { idDocument: held });
    expect(guess.statusCode).toBe(429);
    expect(Number(guess.headers['retry-after'])).toBeGreaterThan(0);
    // A patch that does not send an ID number is not a lookup.
    expect(
      (await t.request('PATCH', `/api/v1/customers/${junk.id}`, t.tokens.staff, { preferredName: 'Kat' })).statusCode,
    ).toBe(200);
  });
});
