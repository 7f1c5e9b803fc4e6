/**
 * The Treez simulator behaves as REFERENCE.md §1 describes Treez, checked with plain HTTP calls
 * (no client), so the contract tests rest on a faithful fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loopbackAllowedOutbound } from '../../egress/outbound-http.ts';
import { treezVendor } from './registration.ts';
import { type RunningTreezSimulator, startTreezSimulator, type TreezSimRecord, treezSimulator } from './simulator.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

/** The parts of a Treez answer these tests look at. */
interface Answer {
  resultCode?: string;
  resultReason?: unknown;
  access_token?: string;
  expires_at?: string;
  expires_in?: string;
  message?: string;
  data?: unknown;
}
const answer = async (response: Response | Promise<Response>): Promise<Answer> =>
  (await (await response).json()) as Answer;
const one = (a: Answer) => a.data as Record<string, unknown>;
const many = (a: Answer) => a.data as Record<string, unknown>[];

let sim: RunningTreezSimulator;
let token: string;
beforeEach(async () => {
  sim = await startTreezSimulator({ customers: 8, seed: 5 });
  token = (await answer(tokenCall({ client_id: sim.credentials.clientId, apikey: sim.credentials.apiKey })))
    .access_token as string;
});
afterEach(async () => {
  await sim.close();
});

function tokenCall(form: Record<string, string>) {
  return fetch(`${sim.credentials.baseUrl}/config/api/gettokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function call(path: string, init: { method?: string; body?: unknown; authorization?: string | null } = {}) {
  const headers: Record<string, string> = { client_id: sim.credentials.clientId };
  const authorization = init.authorization === undefined ? token : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.credentials.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

const adult = { first_name: 'Ana', last_name: 'Silva', birthday: '1990-02-03', patient_type: 'ADULT' };

describe('treez simulator: auth [1.2]', () => {
  it('issues a 2 h token with expires_in as a string and expires_at offset without a colon', async () => {
    const body = await answer(tokenCall({ client_id: sim.credentials.clientId, apikey: sim.credentials.apiKey }));
    expect(body).toMatchObject({ resultCode: 'SUCCESS', expires_in: '7200' });
    expect(body.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/);
  });

  it('also takes the JSON variant with api_key, and refuses a wrong key with a FAIL envelope', async () => {
    const json = await fetch(`${sim.credentials.baseUrl}/config/api/gettokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sim.credentials.clientId, api_key: sim.credentials.apiKey }),
    });
    expect(json.status).toBe(200);
    const wrong = await tokenCall({ client_id: sim.credentials.clientId, apikey: 'nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ resultCode: 'FAIL' });
  });

  it('answers a call without Authorization with the gateway 403 and a bad token with the 401 envelope', async () => {
    const missing = await call('/customer/1', { authorization: null });
    expect([missing.status, await missing.json()]).toEqual([403, { message: 'Forbidden' }]);
    const bad = await call('/customer/1', { authorization: 'not-a-token' });
    expect([bad.status, await bad.json()]).toEqual([
      401,
      { resultCode: 'FAIL', resultReason: 'Full authentication is required to access this resource' },
    ]);
  });

  it('accepts the token bare or with Bearer, and refuses it once expired', async () => {
    expect((await call('/customer/1')).status).toBe(200);
    expect((await call('/customer/1', { authorization: `Bearer ${token}` })).status).toBe(200);
    sim.tokens.expireAll();
    expect((await call('/customer/1')).status).toBe(401);
  });
});

describe('treez simulator: reading [1.3, 1.5]', () => {
  it('answers get-by-id with an object of snake_case fields and a string id', async () => {
    const body = await answer(call('/customer/2'));
    expect(body).toMatchObject({ resultCode: 'SUCCESS', resultReason: null, data: { customer_id: '2' } });
    expect(one(body)).toHaveProperty('patient_type');
    expect(one(body)).toHaveProperty('rewards_type', 'POINTS');
  });

  it('answers lookups with an array, and no match with 404 NOT_FOUND', async () => {
    const record = sim.store.all().find((r) => r.phone);
    const found = await answer(call(`/customer/phone/${record?.phone}`));
    expect(Array.isArray(found.data)).toBe(true);
    const none = await call('/customer/email/nobody%40example.com');
    expect([none.status, (await answer(none)).resultReason]).toEqual([404, 'NOT_FOUND']);
    const missing = await call('/customer/999');
    expect((await answer(missing)).resultReason).toBe('CUSTOMER_DOESNT_EXIST');
  });

  it('refuses pages over 50 with RESPONSE_LIMIT_EXCEEDS and a bad datetime with INVALID_DATE_FORMAT', async () => {
    const since = encodeURIComponent('2019-09-18T11:11:36.000-07:00');
    const big = await call(`/customer/lastUpdated/after/${since}/page/1/pagesize/51`);
    expect([big.status, (await answer(big)).resultReason]).toEqual([400, 'RESPONSE_LIMIT_EXCEEDS']);
    const bad = await call('/customer/lastUpdated/after/yesterday/page/1/pagesize/10');
    expect([bad.status, (await answer(bad)).resultReason]).toEqual([400, 'INVALID_DATE_FORMAT']);
  });

  it('pages 1-based, in last_update order, with an empty page past the end', async () => {
    const since = encodeURIComponent('2000-01-01T00:00:00.000Z');
    const page = async (n: number) =>
      many(await answer(call(`/customer/lastUpdated/after/${since}/page/${n}/pagesize/5`))) as unknown as Pick<
        TreezSimRecord,
        'last_update'
      >[];
    const [one, two, three] = [await page(1), await page(2), await page(3)];
    expect([one.length, two.length, three.length]).toEqual([5, 3, 0]);
    const times = [...one, ...two].map((r) => Date.parse(r.last_update.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('answers 429 with the FAIL envelope past 10 calls a second for one dispensary', async () => {
    const answers = await Promise.all(Array.from({ length: 14 }, () => call('/customer/1')));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(await limited[0]?.json()).toMatchObject({ resultCode: 'FAIL', resultReason: 'TOO_MANY_REQUESTS' });
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
  });
});

describe('treez simulator: writing [1.4, 1.8]', () => {
  it('creates customers pending verification, storing address types lower-case and permit dates with a time', async () => {
    const body = await answer(
      call('/customer/detailcustomer', {
        method: 'POST',
        body: {
          ...adult,
          patient_type: 'MEDICAL_MMID',
          state_medical_id: 'MMJ-9',
          permit_expiration: '2027-01-31',
          addresses: [{ type: 'ADDRESS_OF_RECORD', street1: '1 Main', city: 'Reno', state: 'NV', zipcode: '89501' }],
        },
      }),
    );
    expect(one(body)).toMatchObject({
      customer_id: '9',
      verification_status: 'VERIFICATION_PENDING',
      permit_expiration: '2027-01-31 00:00:00.000',
      addresses: [{ type: 'address_of_record', primary: true }],
    });
  });

  it('refuses MEDICAL_MMID without a card, a phone starting with 1, and a duplicate phone', async () => {
    const reason = async (body: unknown) =>
      (await answer(call('/customer/detailcustomer', { method: 'POST', body }))).resultReason;
    expect(await reason({ ...adult, patient_type: 'MEDICAL_MMID' })).toBe('MODEL_VALIDATION_FAIL');
    expect(await reason({ ...adult, phone: '1025550123' })).toBe('MODEL_VALIDATION_FAIL');
    expect(await reason({ ...adult, first_name: '' })).toBe('CUSTOMER_FIRST_NAME_BLANK');
    await call('/customer/detailcustomer', { method: 'POST', body: { ...adult, phone: '7025551111' } });
    expect(await reason({ ...adult, phone: '7025551111' })).toBe('CUSTOMER_ALREADY_EXISTS');
  });

  it('wipes every field an update leaves out (full replacement)', async () => {
    sim.editRecord('3', { notes: 'keep me?', physician_first_name: 'Greta', email: 'x@example.com' });
    const updated = await answer(
      call('/customer/update/3', { method: 'POST', body: { ...adult, first_name: 'Changed' } }),
    );
    expect(one(updated)).toMatchObject({
      customer_id: '3',
      first_name: 'Changed',
      notes: null,
      physician_first_name: null,
      email: null,
    });
  });
});

describe('treez simulator: seed', () => {
  it('is the same for the same seed and carries Treez placeholders', async () => {
    const again = await startTreezSimulator({ customers: 8, seed: 5 });
    try {
      const strip = (r: TreezSimRecord) => ({ ...r, last_update: undefined });
      expect(again.store.all().map(strip)).toEqual(sim.store.all().map(strip));
      expect(sim.store.all().some((r) => r.caregiver_name_1 === 'N/A')).toBe(true);
    } finally {
      await again.close();
    }
  });
});

describe('a customer added at the POS', () => {
  it('counts as changed now, so an incremental read sees it', async () => {
    const { simulator, credentials } = await treezSimulator.start({ customers: 5 });
    try {
      const client = treezVendor.createClient({ outbound, credentials, timeZone: 'America/Los_Angeles' });
      const since = new Date(Date.now() - 1_000).toISOString();
      const added = simulator.addCustomer() as { customer_id: string };
      const seen: string[] = [];
      for await (const page of client.listChangedSince({ since, resume: null })) {
        seen.push(...page.customers.map((c) => c.externalId));
        if (page.done) break;
      }
      expect(seen).toContain(String(added.customer_id));
    } finally {
      await simulator.close();
    }
  });
});
