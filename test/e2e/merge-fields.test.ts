/**
 * POST /customers/{id}/merge with `fields` (issue 16, the console's side-by-side merge): the survivor
 * takes the chosen values from the source in the merge's transaction; a value that breaks the rules
 * (422) or that a third customer holds as identity (409) stores nothing: the source still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const create = async (body: Record<string, unknown>) => {
  const res = await t.request('POST', '/api/v1/customers', t.tokens.staff, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; email: string; phone: string; version: number };
};
const merge = (targetId: string, body: Record<string, unknown>) =>
  t.request('POST', `/api/v1/customers/${targetId}/merge`, t.tokens.manager, body);
const get = (id: string) => t.request('GET', `/api/v1/customers/${id}`, t.tokens.manager);

describe('merge with fields taken from the source', () => {
  it('takes the chosen fields from the source and keeps the others; the source then answers 404', async () => {
    const target = await create(adultBody(501, { address: null }));
    const source = await create(
      adultBody(502, {
        dateOfBirth: '1970-01-01',
        address: { line1: '1 Main St', city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
      }),
    );
    const res = await merge(target.id, { sourceId: source.id, fields: ['email', 'address'] });
    expect(res.statusCode, res.body).toBe(200);
    const survivor = res.json();
    expect(survivor.id).toBe(target.id);
    expect(survivor.email).toBe(source.email);
    expect(survivor.phone).toBe(target.phone);
    expect(survivor.dateOfBirth).toBe('1988-04-02');
    expect(survivor.address.city).toBe('Reno');
    expect((await get(source.id)).statusCode).toBe(404);
    expect((await get(target.id)).json().email).toBe(source.email);
    const audit = (await t.request('GET', `/api/v1/customers/${target.id}/audit`, t.tokens.manager)).json().items;
    const mergeEntry = audit.find((e: { action: string }) => e.action === 'merge');
    expect(mergeEntry.fields).toEqual(expect.arrayContaining(['email', 'address']));
  });

  it('answers 409 with duplicateOf when a taken value is a third customer identity, and stores nothing', async () => {
    const third = await create(adultBody(511, { dateOfBirth: '1975-05-05' }));
    const target = await create(adultBody(512, { dateOfBirth: '1975-05-05' }));
    // The same email as the third, another birthday: allowed on the source, but not on the target.
    const source = await create(adultBody(513, { dateOfBirth: '1976-06-06', email: third.email }));
    const res = await merge(target.id, { sourceId: source.id, fields: ['email'] });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().duplicateOf).toBe(third.id);
    expect(res.json().detail).toMatch(/email/i);
    expect((await get(source.id)).statusCode).toBe(200);
    const after = (await get(target.id)).json();
    expect(after.email).toBe(target.email);
    expect(after.version).toBe(target.version);
  });

  it('answers 422 when the combination breaks the rules (medical without a card), and stores nothing', async () => {
    const target = await create(adultBody(521));
    const source = await create(
      adultBody(522, {
        dateOfBirth: '2001-01-01',
        customerType: 'medical',
        medical: { cardNumber: 'MED-522', state: 'NV', expiresOn: '2099-01-01' },
      }),
    );
    const res = await merge(target.id, { sourceId: source.id, fields: ['customerType'] });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors.length).toBeGreaterThan(0);
    expect((await get(source.id)).statusCode).toBe(200);
    expect((await get(target.id)).json().customerType).toBe('adult');
  });

  it('refuses a field that is not mergeable with 422, naming it', async () => {
    const target = await create(adultBody(531));
    const source = await create(adultBody(532, { dateOfBirth: '1960-01-01' }));
    const res = await merge(target.id, { sourceId: source.id, fields: ['consents'] });
    expect(res.statusCode).toBe(422);
    expect(JSON.stringify(res.json().errors)).toMatch(/fields/);
    expect((await get(source.id)).statusCode).toBe(200);
  });
});
