/**
 * The BLAZE simulator behaves as REFERENCE.md §5 describes BLAZE, checked with plain HTTP calls
 * (no client), so the contract tests rest on a faithful fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BLAZE_SIM_CHOICES,
  type BlazeSimMember,
  type RunningBlazeSimulator,
  startBlazeSimulator,
} from './simulator.ts';

interface ListAnswer {
  values: BlazeSimMember[];
  skip: number;
  limit: number;
  total: number;
}

let sim: RunningBlazeSimulator;
beforeEach(async () => {
  sim = await startBlazeSimulator({ customers: 8, seed: 5 });
});
afterEach(async () => {
  await sim.close();
});

function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string | null> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const wanted: Record<string, string | null> = {
    'x-api-key': sim.credentials.partnerKey,
    authorization: sim.credentials.apiKey,
    ...init.headers,
  };
  for (const [name, value] of Object.entries(wanted)) if (value !== null) headers[name] = value;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.url}/api/v1/partner${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

const list = async (query: string) => (await (await call(`/members?${query}`)).json()) as ListAnswer;
const adult = { firstName: 'Ana', lastName: 'Silva', dob: Date.UTC(1990, 1, 3), medical: false };

describe('blaze simulator: auth [5.2]', () => {
  it('takes the partner key as x-api-key in any case or as partner_key, with the raw developer key', async () => {
    expect((await call('/members?limit=1')).status).toBe(200);
    expect((await call('/members?limit=1', { headers: { 'x-api-key': null, 'X-API-Key': 'x' } })).status).toBe(401);
    const upper = await call('/members?limit=1', {
      headers: { 'x-api-key': null, 'X-API-Key': sim.credentials.partnerKey },
    });
    expect(upper.status).toBe(200);
    const legacy = await call('/members?limit=1', {
      headers: { 'x-api-key': null, partner_key: sim.credentials.partnerKey },
    });
    expect(legacy.status).toBe(200);
  });

  it('refuses a Bearer scheme, a wrong developer key and a missing partner key with 401 and a message', async () => {
    const bearer = await call('/members/x', { headers: { authorization: `Bearer ${sim.credentials.apiKey}` } });
    expect([bearer.status, await bearer.json()]).toEqual([401, BLAZE_SIM_CHOICES.badDeveloperKeyBody]);
    expect((await call('/members', { headers: { authorization: 'wrong' } })).status).toBe(401);
    const noPartner = await call('/members', { headers: { 'x-api-key': null } });
    expect([noPartner.status, await noPartner.json()]).toEqual([401, BLAZE_SIM_CHOICES.badPartnerKeyBody]);
  });

  it('answers 403 when the partner key lacks a permission', async () => {
    const limited = await startBlazeSimulator({ customers: 1, permissions: ['ACCEPT_MEMBER'] });
    try {
      const response = await fetch(`${limited.url}/api/v1/partner/members`, {
        headers: { 'x-api-key': limited.credentials.partnerKey, authorization: limited.credentials.apiKey },
      });
      expect(response.status).toBe(403);
    } finally {
      await limited.close();
    }
  });
});

describe('blaze simulator: reading [5.3, 5.5]', () => {
  it('answers {values, skip, limit, total} with camelCase members, 24-hex ids and epoch-ms dates', async () => {
    const answer = await list('skip=0&limit=3');
    expect([answer.values.length, answer.skip, answer.limit, answer.total]).toEqual([3, 0, 3, 8]);
    const member = answer.values[0] as BlazeSimMember;
    expect(member.id).toMatch(/^[0-9a-f]{24}$/);
    expect(typeof member.created).toBe('number');
    expect(typeof member.modified).toBe('number');
    expect(member).toHaveProperty('primaryPhone');
    expect(member).toHaveProperty('textOptIn');
  });

  it('pages with skip or with start, in modified order, empty past the end', async () => {
    const [one, two, three] = [
      await list('skip=0&limit=5'),
      await list('start=5&limit=5'),
      await list('skip=8&limit=5'),
    ];
    expect([one.values.length, two.values.length, three.values.length]).toEqual([5, 3, 0]);
    const times = [...one.values, ...two.values].map((m) => m.modified);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set([...one.values, ...two.values].map((m) => m.id)).size).toBe(8);
  });

  it('cuts a limit over the maximum and defaults to 50 when none is asked for', async () => {
    expect((await list('limit=100000')).limit).toBe(BLAZE_SIM_CHOICES.maxLimit);
    expect((await list('')).limit).toBe(50);
  });

  it('filters by modified between startDate and endDate in epoch ms, and refuses a date string', async () => {
    const all = (await list('limit=50')).values.map((m) => m.modified).sort((a, b) => a - b);
    const [from, to] = [all[2] as number, all[5] as number];
    const window = await list(`startDate=${from}&endDate=${to}&limit=50`);
    expect(window.values.map((m) => m.modified)).toEqual(all.slice(2, 6));
    expect(window.total).toBe(4);
    const iso = await call('/members?startDate=2024-01-01');
    expect(iso.status).toBe(400);
    expect(await iso.json()).toMatchObject({ field: 'startDate', errorType: 'BlazeInvalidArgException' });
  });

  it('gets a member by id, and answers an unknown one with 400 "does not exist"', async () => {
    const id = sim.store.all()[1]?.id as string;
    expect(((await (await call(`/members/${id}`)).json()) as BlazeSimMember).id).toBe(id);
    const missing = await call('/members/65f0a1b2c3d4e5f6ffffffff');
    expect([missing.status, await missing.json()]).toEqual([400, BLAZE_SIM_CHOICES.notFound.body]);
  });

  it('answers 429 with a message past the configured rate for one developer key', async () => {
    const answers = await Promise.all(Array.from({ length: 14 }, () => call('/members?limit=1')));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(await limited[0]?.json()).toEqual(BLAZE_SIM_CHOICES.rateLimitedBody);
    expect(limited[0]?.headers.get('retry-after')).toBe('1');
  });
});

describe('blaze simulator: writing [5.3]', () => {
  it('creates a member with a new 24-hex id, defaulting opt-ins to false', async () => {
    const created = (await (await call('/members', { method: 'POST', body: adult })).json()) as BlazeSimMember;
    expect(created).toMatchObject({ id: '65f0a1b2c3d4e5f600000009', firstName: 'Ana', textOptIn: false });
    expect(sim.store.size).toBe(9);
  });

  it('refuses a blank name and a date string with the field named', async () => {
    const blank = await call('/members', { method: 'POST', body: { ...adult, firstName: ' ' } });
    expect([blank.status, await blank.json()]).toEqual([
      400,
      { field: 'firstName', message: 'First name is required.', errorType: 'BlazeInvalidArgException' },
    ]);
    const dated = await call('/members', { method: 'POST', body: { ...adult, dob: '1990-02-03' } });
    expect(((await dated.json()) as { field: string }).field).toBe('dob');
  });

  it('clears on update every writable field the body leaves out, keeping id and created', async () => {
    const id = sim.store.all()[2]?.id as string;
    sim.editRecord(id, { doctorFirstName: 'Greta', email: 'x@example.com', pointsBalance: 40 });
    const before = sim.store.get(id) as BlazeSimMember;
    const response = await call(`/members/${id}`, { method: 'POST', body: { ...adult, firstName: 'Changed' } });
    const after = (await response.json()) as BlazeSimMember;
    expect(after).toMatchObject({ id, created: before.created, firstName: 'Changed', email: null });
    expect([after.doctorFirstName, after.pointsBalance]).toEqual([null, 0]);
    expect((await call(`/members/${id}`, { method: 'PUT', body: adult })).status).toBe(200);
  });
});

describe('blaze simulator: seed and faults', () => {
  it('is the same for the same seed and carries the mess of real POS data', async () => {
    const again = await startBlazeSimulator({ customers: 8, seed: 5 });
    const big = await startBlazeSimulator({ customers: 200, seed: 5 });
    try {
      expect(again.store.all()).toEqual(sim.store.all());
      const members = big.store.all();
      expect(members.some((m) => m.dob === Date.UTC(1900, 0, 1))).toBe(true);
      expect(members.some((m) => m.email === 'N/A')).toBe(true);
      expect(members.some((m) => m.medical && (m.recExpiration ?? 0) < Date.UTC(2026, 0, 1))).toBe(true);
    } finally {
      await Promise.all([again.close(), big.close()]);
    }
  });

  it('lets the admin surface add and edit members in BLAZE field names, moving modified', async () => {
    const added = (await (
      await fetch(`${sim.url}/_sim/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lastName: 'Walk-In' }),
      })
    ).json()) as BlazeSimMember;
    expect(added).toMatchObject({ id: '65f0a1b2c3d4e5f600000009', lastName: 'Walk-In' });
    const before = sim.store.get(added.id)?.modified ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = await fetch(`${sim.url}/_sim/customers/${added.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ textOptIn: true }),
    });
    expect(((await edited.json()) as BlazeSimMember).textOptIn).toBe(true);
    expect(sim.store.get(added.id)?.modified).toBeGreaterThan(before);
  });

  it('serves a record broken on demand in lists and by id', async () => {
    const id = sim.store.all()[0]?.id as string;
    sim.faults.set({ malformedIds: [id] });
    const broken = (await list('limit=50')).values.find((m) => m.id === id) as unknown as Record<string, unknown>;
    expect(broken.firstName).toBe(42);
    expect(((await (await call(`/members/${id}`)).json()) as Record<string, unknown>).dob).toEqual([
      'not',
      'a',
      'date',
    ]);
  });
});
