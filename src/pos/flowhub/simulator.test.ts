/**
 * The Flowhub simulator behaves as REFERENCE.md §2 describes Flowhub, checked with plain HTTP calls
 * (no client), so the contract tests rest on a faithful fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowhubSimRecord } from './sim-record.ts';
import { type RunningFlowhubSimulator, startFlowhubSimulator } from './simulator.ts';

interface Answer {
  status?: number;
  message?: string;
  data?: Record<string, unknown>[];
  errors?: { field: string; message: string }[];
  [field: string]: unknown;
}

let sim: RunningFlowhubSimulator;
beforeEach(async () => {
  sim = await startFlowhubSimulator({ customers: 8, seed: 5 });
});
afterEach(async () => {
  await sim.close();
});

function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> | null } = {}) {
  const headers: Record<string, string> = init.headers ?? {
    clientId: sim.credentials.clientId,
    key: sim.credentials.key,
  };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.credentials.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}
const answer = async (response: Response | Promise<Response>): Promise<Answer> =>
  (await (await response).json()) as Answer;
const ids = () => sim.store.all().map((r) => r.id);
const writeQuery = () => `?store_id=${sim.credentials.locationId}`;
const jane = { name: 'Jane Doe', birthDate: '1990-05-15', state: 'CO', type: 'recCustomer' };

describe('flowhub simulator: auth [2.2]', () => {
  it('takes clientId and key headers in any letter case', async () => {
    const lower = await call('/v1/customers/', { headers: { clientid: 'patron-sim-client', key: 'patron-sim-key' } });
    expect(lower.status).toBe(200);
    const upper = await call('/v1/customers/', { headers: { Clientid: 'patron-sim-client', Key: 'patron-sim-key' } });
    expect(upper.status).toBe(200);
  });

  it('refuses a wrong key or missing headers with 401 and a message body', async () => {
    const wrong = await call('/v1/customers/', { headers: { clientId: sim.credentials.clientId, key: 'nope' } });
    expect([wrong.status, await wrong.json()]).toEqual([401, { status: 401, message: 'Unauthorized' }]);
    expect((await call('/v1/customers/', { headers: {} })).status).toBe(401);
  });
});

describe('flowhub simulator: reading [2.3, 2.5]', () => {
  it('lists camelCase customers in a {status, data} envelope at the trailing-slash path only', async () => {
    const body = await answer(call('/v1/customers/'));
    expect(body.status).toBe(200);
    expect(body.data).toHaveLength(8);
    expect(Object.keys(body.data?.[0] ?? {})).toEqual(
      expect.arrayContaining(['id', 'name', 'birthDate', 'type', 'state', 'consentsToPromotionalSMS', 'groups']),
    );
    expect((await call('/v1/customers')).status).toBe(404);
  });

  it('never serves the write-only card and state ID fields', async () => {
    const body = await answer(call('/v1/customers/'));
    for (const record of body.data ?? []) {
      expect(record).not.toHaveProperty('medId');
      expect(record).not.toHaveProperty('stateId');
    }
    expect(sim.store.all().some((r) => r.medId)).toBe(true);
  });

  it('pages 1-based with page_size, ordered by updatedAt, ascending or descending', async () => {
    const page = async (n: number, order = 'asc') =>
      (await answer(call(`/v1/customers/?page=${n}&page_size=3&order_by=${order}`))).data ?? [];
    const [one, two, three, four] = [await page(1), await page(2), await page(3), await page(4)];
    expect([one.length, two.length, three.length, four.length]).toEqual([3, 3, 2, 0]);
    const times = [...one, ...two, ...three].map((r) => Date.parse(String(r.updatedAt)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect((await page(1, 'desc'))[0]?.id).toBe(three.at(-1)?.id);
  });

  it('cuts a page_size over 500 to 500', async () => {
    const big = await startFlowhubSimulator({ customers: 520, seed: 2 });
    try {
      const response = await fetch(`${big.url}/v1/customers/?page_size=1000`, {
        headers: { clientId: big.credentials.clientId, key: big.credentials.key },
      });
      expect(((await response.json()) as Answer).data).toHaveLength(500);
    } finally {
      await big.close();
    }
  });

  it('filters updated_after by the store-local day, and refuses a full timestamp with 404 yyyy-mm-dd', async () => {
    sim.editRecord(ids()[2] ?? '', { name: 'Edited Today' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: sim.timeZone }).format(new Date());
    const changed = await answer(call(`/v1/customers/?updated_after=${today}`));
    expect(changed.data?.map((r) => r.name)).toEqual(['Edited Today']);
    const bad = await call('/v1/customers/?updated_after=2024-05-14T00:00:00Z');
    expect([bad.status, await bad.json()]).toEqual([
      404,
      { status: 404, message: 'updated_after must be in format yyyy-mm-dd' },
    ]);
  });

  it('gets one customer as a bare object, adding loyaltyPointsInPennies only with store_id', async () => {
    const id = ids()[1];
    const plain = await answer(call(`/v1/customers/${id}`));
    expect(plain).toMatchObject({ id });
    expect(plain).not.toHaveProperty('loyaltyPointsInPennies');
    const atStore = await answer(call(`/v1/customers/${id}${writeQuery()}`));
    expect(atStore.loyaltyPointsInPennies).toBe(atStore.loyaltyPoints);
    const missing = await call('/v1/customers/00000000-0000-0000-0000-000000000000');
    expect([missing.status, await missing.json()]).toEqual([404, { status: 404, message: 'Customer not found' }]);
    expect((await call(`/v1/customers/${id}?store_id=elsewhere`)).status).toBe(404);
  });

  it('finds a customer by phone digits whatever the stored punctuation, and answers 404 for no match', async () => {
    const withPhone = sim.store.all().find((r) => r.phone?.startsWith('(')) as FlowhubSimRecord;
    const digits = withPhone.phone?.replace(/\D/g, '');
    expect(await answer(call(`/v1/customers/findByPhoneNumber?phone_number=${digits}`))).toMatchObject({
      id: withPhone.id,
    });
    expect((await call('/v1/customers/findByPhoneNumber?phone_number=3135550000')).status).toBe(404);
  });

  it('answers 429 without rate-limit headers past about 59 calls a second for one client', async () => {
    const answers = await Promise.all(Array.from({ length: 70 }, () => call('/v1/customers/?page_size=1')));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(await limited[0]?.json()).toEqual({ status: 429, message: 'Too Many Requests' });
    expect(limited[0]?.headers.get('retry-after')).toBeNull();
    expect([...(limited[0]?.headers.keys() ?? [])].filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
  });
});

describe('flowhub simulator: writing [2.3, 2.4]', () => {
  it('creates at the singular path with store_id, joining group ids to back-office names', async () => {
    const created = await call(`/v1/customer${writeQuery()}`, {
      method: 'POST',
      body: { ...jane, groups: [{ groupId: 'grp-vip' }, { groupId: 'Walk-ins' }], medId: 'MMJ-1' },
    });
    expect(created.status).toBe(200);
    const body = (await created.json()) as Answer;
    expect(body).toMatchObject({ name: 'Jane Doe', groups: [{ name: 'VIP' }, { name: 'Walk-ins' }], country: 'US' });
    expect(body).not.toHaveProperty('medId');
    expect(sim.store.get(String(body.id))?.medId).toBe('MMJ-1');
  });

  it('refuses a write without store_id (400) or with an unknown one (404)', async () => {
    expect((await call('/v1/customer', { method: 'POST', body: jane })).status).toBe(400);
    expect((await call('/v1/customer?store_id=elsewhere', { method: 'POST', body: jane })).status).toBe(404);
  });

  it('answers 422 with errors[] naming each missing required field', async () => {
    const refused = await call(`/v1/customer${writeQuery()}`, {
      method: 'POST',
      body: { name: ' ', birthDate: '05/15/1990' },
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as Answer).errors?.map((e) => e.field)).toEqual([
      'name',
      'birthDate',
      'state',
      'type',
    ]);
  });

  it('replaces the whole record on PUT: what the body leaves out is cleared', async () => {
    const id = ids()[3] ?? '';
    sim.editRecord(id, { email: 'keep@example.com', streetAddress1: '1 Old Rd', isLoyal: true });
    const updated = await answer(call(`/v1/customer/${id}${writeQuery()}`, { method: 'PUT', body: jane }));
    expect(updated).toMatchObject({ id, name: 'Jane Doe', email: null, streetAddress1: null, isLoyal: false });
    expect((await call(`/v1/customer/nope${writeQuery()}`, { method: 'PUT', body: jane })).status).toBe(404);
  });
});

describe('flowhub simulator: seed', () => {
  it('is the same for the same seed, with UUID ids, microsecond UTC times and free-text phones', async () => {
    const again = await startFlowhubSimulator({ customers: 8, seed: 5 });
    try {
      expect(again.store.all()).toEqual(sim.store.all());
      const record = sim.store.all()[0] as FlowhubSimRecord;
      expect(record.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(record.updatedAt).toMatch(/\.\d{6}Z$/);
      expect(sim.store.all().some((r) => /^\(\d{3}\) \d{3}-\d{4}$/.test(r.phone ?? ''))).toBe(true);
      expect(sim.store.all().every((r) => r.type === 'medCustomer' || r.type === 'recCustomer')).toBe(true);
    } finally {
      await again.close();
    }
  });
});
