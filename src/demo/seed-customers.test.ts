import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../../test/support/test-app.ts';
import type { Customer } from '../domain/customer-schema.ts';
import { validateNewCustomer } from '../domain/customer-validation.ts';
import { createFieldProtection } from '../privacy/field-protector.ts';
import { seedCustomers } from './seed-customers.ts';
import { phoneAt, syntheticCustomer } from './synthetic-customers.ts';

const protection = createFieldProtection(TEST_MASTER_KEY);
const TODAY = '2026-03-15';
const FIRST_RUN = 3_000;
const SECOND_RUN = 1_500;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async (sql: string, params: unknown[] = []) =>
  (await t.database.pool.query(sql, params)).rows[0].n as number;

describe('synthetic customers', () => {
  const options = { seed: 1, today: TODAY, storeIds: ['00000000-0000-4000-8000-000000000001'] };

  it('are the same person for the same seed and position, and mostly other people for another seed', () => {
    expect(syntheticCustomer(42, options)).toEqual(syntheticCustomer(42, options));
    const differ = Array.from({ length: 100 }, (_, i) => i).filter((i) => {
      const a = syntheticCustomer(i, options).customer;
      const b = syntheticCustomer(i, { ...options, seed: 2 }).customer;
      return a.firstName !== b.firstName || a.lastName !== b.lastName || a.dateOfBirth !== b.dateOfBirth;
    });
    expect(differ.length).toBeGreaterThan(90);
  });

  it('pass the service validation unchanged (normalized phone and email, ages 21 to 80, current cards)', () => {
    for (let position = 0; position < 2_000; position++) {
      const { customer } = syntheticCustomer(position, options);
      const validated = validateNewCustomer(customer, TODAY);
      expect(validated).toEqual(customer);
      const age = Number(TODAY.slice(0, 4)) - Number(customer.dateOfBirth.slice(0, 4));
      expect(age).toBeGreaterThanOrEqual(21);
      expect(age).toBeLessThanOrEqual(81);
    }
  });

  it('give every position its own phone number', () => {
    const phones = new Set(Array.from({ length: 50_000 }, (_, i) => phoneAt(i)));
    expect(phones.size).toBe(50_000);
  });

  it('repeat common surnames, include accented and hyphenated names, and about one in ten is medical', () => {
    const people = Array.from({ length: 5_000 }, (_, i) => syntheticCustomer(i, options).customer);
    const bySurname = new Map<string, number>();
    for (const p of people) bySurname.set(p.lastName, (bySurname.get(p.lastName) ?? 0) + 1);
    expect(Math.max(...bySurname.values())).toBeGreaterThan(50);
    expect(people.some((p) => /[\u00C0-\u017F]/.test(p.firstName + p.lastName))).toBe(true);
    expect(people.some((p) => p.lastName.includes('-'))).toBe(true);
    const medical = people.filter((p) => p.customerType === 'medical').length / people.length;
    expect(medical).toBeGreaterThan(0.07);
    expect(medical).toBeLessThan(0.13);
  });
});

describe('seeding customers', () => {
  it('inserts the requested number of customers into the organization', async () => {
    const result = await seedCustomers(t.database.pool, {
      orgId: t.demo.orgId,
      count: FIRST_RUN,
      seed: 1,
      protector: protection.forOrg(t.demo.orgId),
      today: TODAY,
      batchSize: 700,
    });
    expect(result).toMatchObject({ inserted: FIRST_RUN, skipped: 0, startAt: 0 });
    expect(await count('SELECT count(*)::int AS n FROM customers WHERE org_id = $1', [t.demo.orgId])).toBe(FIRST_RUN);
  });

  it('stores rows the API reads back: decryptable card numbers, empty consents, found by phone and name', async () => {
    const [row] = (
      await t.database.pool.query(
        `SELECT id, first_name, last_name, phone FROM customers
         WHERE org_id = $1 AND medical_card_number_enc IS NOT NULL AND phone IS NOT NULL LIMIT 1`,
        [t.demo.orgId],
      )
    ).rows;
    const shown = await t.request('GET', `/api/v1/customers/${row.id}`, t.tokens.manager);
    expect(shown.statusCode).toBe(200);
    const customer = shown.json<Customer>();
    expect(customer.customerType).toBe('medical');
    expect(customer.medical?.cardNumber).toMatch(/^[A-Z]{2}-MMP-\d{8}$/);
    expect(customer.consents.sms).toEqual({ granted: false, at: null, source: null });

    const ids = async (query: string) => {
      const res = await t.request('GET', `/api/v1/customers?${query}`, t.tokens.staff);
      expect(res.statusCode).toBe(200);
      return res.json<{ items: Customer[] }>().items.map((c) => c.id);
    };
    expect(await ids(`phone=${encodeURIComponent(row.phone)}`)).toEqual([row.id]);
    expect(await ids(`q=${encodeURIComponent(`${row.first_name} ${row.last_name}`)}&limit=200`)).toContain(row.id);
  });

  it('leaves no two live customers sharing an identity key', async () => {
    const duplicates = await count(`SELECT (
        (SELECT count(*) FROM (SELECT 1 FROM customers WHERE phone IS NOT NULL GROUP BY org_id, phone HAVING count(*) > 1) p)
      + (SELECT count(*) FROM (SELECT 1 FROM customers WHERE email IS NOT NULL GROUP BY org_id, email HAVING count(*) > 1) e)
      + (SELECT count(*) FROM (SELECT 1 FROM customers WHERE id_document_number_index IS NOT NULL
                               GROUP BY org_id, id_document_number_index HAVING count(*) > 1) i))::int AS n`);
    expect(duplicates).toBe(0);
  });

  it('adds more customers on a second run with another seed, without conflicts', async () => {
    const result = await seedCustomers(t.database.pool, {
      orgId: t.demo.orgId,
      count: SECOND_RUN,
      seed: 2,
      protector: protection.forOrg(t.demo.orgId),
      today: TODAY,
      batchSize: 500,
      concurrency: 3,
    });
    expect(result).toMatchObject({ inserted: SECOND_RUN, skipped: 0, startAt: FIRST_RUN });
    expect(await count('SELECT count(*)::int AS n FROM customers WHERE org_id = $1', [t.demo.orgId])).toBe(
      FIRST_RUN + SECOND_RUN,
    );
  });

  it('skips, and counts, customers whose identity is already held when positions are reused', async () => {
    const result = await seedCustomers(t.database.pool, {
      orgId: t.demo.orgId,
      count: 100,
      seed: 1,
      startAt: 0,
      protector: protection.forOrg(t.demo.orgId),
      today: TODAY,
    });
    expect(result).toMatchObject({ inserted: 0, skipped: 100 });
  });
});
