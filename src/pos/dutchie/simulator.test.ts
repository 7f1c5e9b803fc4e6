/**
 * The Dutchie simulator behaves as REFERENCE.md §4 describes Dutchie POS, checked with plain HTTP
 * calls (no client), so the contract tests rest on a faithful fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DutchieSimRecord, type RunningDutchieSimulator, startDutchieSimulator } from './simulator.ts';

let sim: RunningDutchieSimulator;
beforeEach(async () => {
  sim = await startDutchieSimulator({ customers: 8, seed: 5 });
});
afterEach(async () => {
  await sim.close();
});

const basic = (user: string, password = '') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function call(path: string, init: { method?: string; body?: unknown; authorization?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const authorization = init.authorization === undefined ? basic(sim.credentials.apiKey) : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.credentials.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}
const json = async <T = Record<string, unknown>>(response: Response | Promise<Response>) =>
  (await (await response).json()) as T;

/** What a create needs [4.3]: type, phone, first and last name, date of birth. */
const adult = {
  firstName: 'Ana',
  lastName: 'Silva',
  dateOfBirth: '1990-02-03',
  customerType: 'Recreational',
  phone: '7025550188',
};

describe('dutchie simulator: auth [4.2, 4.6]', () => {
  it('takes the key as the Basic user name with an empty password, or with an integrator key as password', async () => {
    expect((await call('/whoami')).status).toBe(200);
    expect((await call('/whoami', { authorization: basic(sim.credentials.apiKey, 'integrator-key') })).status).toBe(
      200,
    );
  });

  it('answers a wrong or missing key with 401 and an empty body', async () => {
    for (const authorization of [basic('wrong-key'), null, `Bearer ${sim.credentials.apiKey}`]) {
      const response = await call('/customer/customers', { authorization });
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('');
    }
  });

  it('answers whoami in PascalCase, unlike every other endpoint', async () => {
    expect(Object.keys(await json(call('/whoami')))).toEqual([
      'LocationName',
      'LocationId',
      'CompanyName',
      'CompanyId',
    ]);
  });
});

describe('dutchie simulator: reading [4.3, 4.4, 4.5]', () => {
  it('lists camelCase customers with integer ids and zone-less UTC times as a bare array', async () => {
    const rows = await json<DutchieSimRecord[]>(call('/customer/customers'));
    expect(rows).toHaveLength(8);
    expect(rows[0]?.customerId).toEqual(expect.any(Number));
    expect(rows[0]?.lastModifiedDateUTC).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(rows[0]).toHaveProperty('driversLicenseHash');
    expect(rows[0]).not.toHaveProperty('driversLicenseID');
  });

  it('pages 1-based with PageNumber/PageSize in last-change order, a short page last, in any parameter case', async () => {
    const page = (n: number) =>
      json<DutchieSimRecord[]>(call(`/customer/customers-paginated?PageNumber=${n}&PageSize=3`));
    const [one, two, three] = [await page(1), await page(2), await page(3)];
    expect([one.length, two.length, three.length]).toEqual([3, 3, 2]);
    const times = [...one, ...two, ...three].map((r) => Date.parse(`${r.lastModifiedDateUTC}Z`));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(await json(call('/customer/customers-paginated?pagenumber=1&pagesize=3'))).toEqual(one);
  });

  it('refuses a PageSize over 100', async () => {
    const response = await call('/customer/customers-paginated?PageNumber=1&PageSize=101');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Message: expect.stringContaining('100') });
  });

  it('filters on fromLastModifiedDateUTC (inclusive) and refuses an unreadable one with a problem document', async () => {
    const rows = await json<DutchieSimRecord[]>(call('/customer/customers'));
    const middle = rows[4]?.lastModifiedDateUTC ?? '';
    const since = await json<DutchieSimRecord[]>(
      call(`/customer/customers-paginated?PageNumber=1&PageSize=100&fromLastModifiedDateUTC=${middle}Z`),
    );
    expect(since.map((r) => r.customerId)).toEqual(rows.slice(4).map((r) => r.customerId));
    const bad = await call('/customer/customers?fromLastModifiedDateUTC=yesterday');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { fromLastModifiedDateUTC: [expect.any(String)] } });
  });

  it('looks a customer up by phone or email and answers 404 when nobody matches', async () => {
    const record = sim.store.all().find((r) => r.phone && r.emailAddress?.includes('@'));
    const byPhone = await json(call('/customer/customerLookup', { method: 'POST', body: { phone: record?.phone } }));
    expect(byPhone.customerId).toBe(record?.customerId);
    const byEmail = await json(
      call('/customer/customerLookup', { method: 'POST', body: { emailAddress: record?.emailAddress?.toUpperCase() } }),
    );
    expect(byEmail.customerId).toBe(record?.customerId);
    const none = await call('/customer/customerLookup', { method: 'POST', body: { phone: '3135550000' } });
    expect(none.status).toBe(404);
  });

  it('serves loyalty balances from the reporting snapshot, not on the customer', async () => {
    const rows = await json<{ customerId: number; loyaltyBalance: number }[]>(call('/reporting/loyalty-snapshot'));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ customerId: 1, loyaltyBalance: sim.loyalty.get('1') });
    expect(sim.store.get('1')).not.toHaveProperty('loyaltyBalance');
  });
});

describe('dutchie simulator: rate limits [4.6]', () => {
  it('answers 429 with the documented body once one key passes the limit on one endpoint, and counts endpoints apart', async () => {
    await sim.close();
    sim = await startDutchieSimulator({ customers: 2, rateLimit: { limit: 4, intervalMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await call('/customer/customers')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const limited = await call('/customer/customers');
    expect(await limited.json()).toMatchObject({
      Message: 'Too many requests - only 4 per minute allowed',
      TraceId: expect.any(String),
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('/customer/customers-paginated?PageNumber=1&PageSize=5')).status).toBe(200);
  });

  it('holds the reporting endpoint to 60 a minute', async () => {
    const answers = [];
    for (let i = 0; i < 62; i += 1) answers.push((await call('/reporting/loyalty-snapshot')).status);
    expect(answers.filter((s) => s === 429)).toHaveLength(2);
  });
});

describe('dutchie simulator: writing [4.3]', () => {
  it('creates a customer without customerId, storing dates with a time and the licence only as a hash', async () => {
    const created = await json(
      call('/customer/customer', { method: 'POST', body: { ...adult, driversLicenseID: 'NV123' } }),
    );
    expect(created).toMatchObject({
      customerId: 9,
      status: 'Active',
      dateOfBirth: '1990-02-03T00:00:00',
      driversLicenseHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(created)).not.toContain('NV123');
  });

  it('updates sparsely with customerId: fields left out are kept, null clears', async () => {
    sim.editRecord('3', { notes: 'keep me', emailAddress: 'x@example.com', middleName: 'Q' });
    const updated = await json(
      call('/customer/customer', { method: 'POST', body: { customerId: 3, firstName: 'Changed', middleName: null } }),
    );
    expect(updated).toMatchObject({
      customerId: 3,
      firstName: 'Changed',
      middleName: null,
      notes: 'keep me',
      emailAddress: 'x@example.com',
    });
  });

  it('refuses missing required fields with a 400 problem document and business rules with 422', async () => {
    const missing = await call('/customer/customer', { method: 'POST', body: { ...adult, firstName: '' } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ errors: { FirstName: [expect.any(String)] } });
    const noPhone = await call('/customer/customer', { method: 'POST', body: { ...adult, phone: undefined } });
    expect([noPhone.status, await noPhone.json()]).toEqual([
      400,
      expect.objectContaining({ errors: { Phone: ['The Phone field is required.'] } }),
    ]);
    const medical = await call('/customer/customer', { method: 'POST', body: { ...adult, customerType: 'Medical' } });
    expect([medical.status, await medical.json()]).toEqual([
      422,
      [{ propertyName: 'mmjidNumber', errorMessage: expect.any(String) }],
    ]);
    const phone = await call('/customer/customer', { method: 'POST', body: { ...adult, phone: '1025550123' } });
    expect(phone.status).toBe(422);
    const type = await call('/customer/customer', { method: 'POST', body: { ...adult, customerType: undefined } });
    expect(type.status).toBe(422);
  });

  it('answers 404 to an update of an unknown customerId', async () => {
    const response = await call('/customer/customer', { method: 'POST', body: { ...adult, customerId: 999 } });
    expect(response.status).toBe(404);
  });
});

describe('dutchie simulator: admin surface', () => {
  it('edits a customer at the POS, moving lastModifiedDateUTC, and sets a loyalty balance off the record', async () => {
    const before = sim.store.get('2')?.lastModifiedDateUTC;
    const edited = await fetch(`${sim.url}/_sim/customers/2`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Renamed', loyaltyBalance: 42 }),
    });
    expect(await edited.json()).toMatchObject({ customerId: 2, firstName: 'Renamed' });
    expect(sim.store.get('2')?.lastModifiedDateUTC).not.toBe(before);
    expect(sim.store.get('2')).not.toHaveProperty('loyaltyBalance');
    const snapshot = await json<{ customerId: number; loyaltyBalance: number }[]>(call('/reporting/loyalty-snapshot'));
    expect(snapshot.find((r) => r.customerId === 2)?.loyaltyBalance).toBe(42);
  });

  it('answers 403 with {Message} to a key without the scope an endpoint needs, and counts limits per key', async () => {
    await sim.close();
    sim = await startDutchieSimulator({ customers: 2, scopedKeys: { 'customers-only': ['customers'] } });
    const limited = basic('customers-only');
    expect((await call('/customer/customers', { authorization: limited })).status).toBe(200);
    const forbidden = await call('/reporting/loyalty-snapshot', { authorization: limited });
    expect([forbidden.status, await forbidden.json()]).toEqual([
      403,
      { Message: expect.any(String), TraceId: expect.any(String) },
    ]);
    expect((await call('/whoami', { authorization: limited })).status).toBe(200);
  });
});

describe('dutchie simulator: seed and faults', () => {
  it('is the same for the same seed and carries Dutchie placeholders and dispensary types', async () => {
    const again = await startDutchieSimulator({ customers: 8, seed: 5 });
    try {
      expect(again.store.all()).toEqual(sim.store.all());
    } finally {
      await again.close();
    }
    const big = await startDutchieSimulator({ customers: 300, seed: 2 });
    try {
      const rows = big.store.all();
      expect(rows.some((r) => r.dateOfBirth === '1900-01-01T00:00:00')).toBe(true);
      expect(rows.some((r) => r.notes === 'N/A')).toBe(true);
      expect(new Set(rows.map((r) => r.customerType))).toEqual(
        new Set(['Recreational', 'Medical', 'Medical - Out of State']),
      );
    } finally {
      await big.close();
    }
  });

  it('serves a record named in malformedIds broken and the rest intact, and 5xx as {Message}', async () => {
    sim.faults.set({ malformedIds: ['2'], serverErrorBurst: 1 });
    const down = await call('/customer/customers');
    expect([down.status, await down.json()]).toEqual([
      503,
      { Message: 'Service Unavailable', TraceId: expect.any(String) },
    ]);
    const rows = await json<Record<string, unknown>[]>(call('/customer/customers'));
    expect(rows.find((r) => r.customerId === 2)?.firstName).toBe(42);
    expect(rows.find((r) => r.customerId === 1)?.firstName).toEqual(expect.any(String));
  });
});
