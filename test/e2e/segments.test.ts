/**
 * Segments (issue 17): a named filter in the vocabulary of GET /customers with a live count and its
 * members, the prebuilt segments every organization has, and the rules a kept filter follows (no
 * personal search terms, unknown keys refused, one name per organization). Counts are checked
 * against a hand-built set of customers, told apart from the demo's by a tag of their own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody, medicalBody, smsConsentBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const TAG = 'segment-test';

/** Today's date in Honolulu (the organization-wide "today" when no store is named), by hand. */
const honolulu = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Honolulu' }).format(new Date());
const thisMonth = Number(honolulu.slice(5, 7));
const otherMonth = (thisMonth % 12) + 1;
const pad = (n: number) => String(n).padStart(2, '0');
const inDays = (days: number) =>
  new Date(Date.parse(`${honolulu}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const people: Record<'smsAdult' | 'birthdayAdult' | 'medicalSoon' | 'medicalLater', string> = {
  smsAdult: '',
  birthdayAdult: '',
  medicalSoon: '',
  medicalLater: '',
};

async function newCustomer(body: Record<string, unknown>): Promise<string> {
  const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, { ...body, tags: [TAG] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await createTestApp();
  people.smsAdult = await newCustomer(adultBody(8901, { dateOfBirth: `1988-${pad(otherMonth)}-02` }));
  const consent = await t.request(
    'POST',
    `/api/v1/customers/${people.smsAdult}/consents`,
    t.tokens.manager,
    smsConsentBody(true),
  );
  expect(consent.statusCode, consent.body).toBe(201);
  people.birthdayAdult = await newCustomer(adultBody(8902, { dateOfBirth: `1990-${pad(thisMonth)}-15` }));
  people.medicalSoon = await newCustomer(
    medicalBody(8903, {
      dateOfBirth: `2000-${pad(otherMonth)}-10`,
      medical: { cardNumber: 'MED-SEG-1', state: 'NV', expiresOn: inDays(10) },
    }),
  );
  people.medicalLater = await newCustomer(
    medicalBody(8904, {
      dateOfBirth: `2001-${pad(otherMonth)}-11`,
      medical: { cardNumber: 'MED-SEG-2', state: 'NV', expiresOn: '2031-06-30' },
    }),
  );
});
afterAll(() => t.close());

const create = (body: unknown, token = t.tokens.manager) => t.request('POST', '/api/v1/segments', token, body);
const get = (path: string, token = t.tokens.manager) => t.request('GET', `/api/v1${path}`, token);
const memberIds = async (id: string, query = '') => {
  const res = await get(`/segments/${id}/customers${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string }[]; nextCursor: string | null };
};
const errorPaths = (res: { json(): { errors?: { path: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.path).join(' ');

describe('a segment of its own', () => {
  let medicalId: string;

  it('is saved (201, Location) with its filter as GET /customers query values and its exact count', async () => {
    const res = await create({ name: 'Tagged medical', filter: { customerType: 'medical', tags: TAG } });
    expect(res.statusCode, res.body).toBe(201);
    const segment = res.json();
    medicalId = segment.id;
    expect(res.headers.location).toBe(`/api/v1/segments/${segment.id}`);
    expect(segment).toMatchObject({
      name: 'Tagged medical',
      filter: { customerType: 'medical', tags: TAG },
      count: 2,
      prebuilt: false,
      description: null,
    });
  });

  it('lists exactly its members, a page at a time without repeats', async () => {
    const first = await memberIds(medicalId, '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await memberIds(medicalId, `?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    const seen = [...first.items, ...second.items].map((c) => c.id).sort();
    expect(seen).toEqual([people.medicalSoon, people.medicalLater].sort());
    if (second.nextCursor) {
      const third = await memberIds(medicalId, `?limit=1&cursor=${encodeURIComponent(second.nextCursor)}`);
      expect(third.items).toEqual([]);
    }
  });

  it('counts live: a new customer who fits is counted on the next read', async () => {
    const added = await newCustomer(
      medicalBody(8905, { medical: { cardNumber: 'MED-SEG-3', state: 'NV', expiresOn: '2032-01-31' } }),
    );
    const res = await get(`/segments/${medicalId}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().count).toBe(3);
    expect((await memberIds(medicalId)).items.map((c) => c.id)).toContain(added);
  });

  it('takes a new filter whole on PATCH, and its count follows', async () => {
    const res = await t.request('PATCH', `/api/v1/segments/${medicalId}`, t.tokens.manager, {
      filter: { consent: 'sms', tags: TAG },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Tagged medical', filter: { consent: 'sms', tags: TAG }, count: 1 });
    expect((await memberIds(medicalId)).items.map((c) => c.id)).toEqual([people.smsAdult]);
  });

  it('counts by age range and birth month with the filters of GET /customers', async () => {
    const res = await create({
      name: 'Tagged born this month',
      filter: { birthMonth: thisMonth, tags: TAG, ageMin: 21 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().count).toBe(1);
    expect((await memberIds(res.json().id)).items.map((c) => c.id)).toEqual([people.birthdayAdult]);
  });

  it('is deleted (204) and then does not exist (404); the customers stay', async () => {
    const made = (await create({ name: 'Short-lived', filter: { tags: TAG } })).json();
    expect((await t.request('DELETE', `/api/v1/segments/${made.id}`, t.tokens.manager)).statusCode).toBe(204);
    expect((await get(`/segments/${made.id}`)).statusCode).toBe(404);
    expect((await get(`/customers/${people.smsAdult}`)).statusCode).toBe(200);
  });

  it('does not exist for another organization', async () => {
    expect((await get(`/segments/${medicalId}`, t.tokens.otherAdmin)).statusCode).toBe(404);
    expect((await get(`/segments/${medicalId}/customers`, t.tokens.otherAdmin)).statusCode).toBe(404);
    const theirs = (await get('/segments', t.tokens.otherAdmin)).json().items.map((s: { id: string }) => s.id);
    expect(theirs).not.toContain(medicalId);
  });
});

describe('what a segment refuses', () => {
  it('answers 422 naming a personal search term or an unknown key', async () => {
    const personal = await create({ name: 'By name', filter: { q: 'Scott' } });
    expect(personal.statusCode).toBe(422);
    expect(errorPaths(personal)).toContain('filter.q');
    const unknown = await create({ name: 'Unknown', filter: { shoeSize: '9' } });
    expect(unknown.statusCode).toBe(422);
    const clash = await create({ name: 'Both', filter: { birthMonth: 4, birthday: '04-02' } });
    expect(clash.statusCode).toBe(422);
    expect(errorPaths(clash)).toContain('filter.birthMonth');
  });

  it('answers 409 for a name already used, whatever its case, or a prebuilt segment’s', async () => {
    expect((await create({ name: 'Regulars', filter: { tags: TAG } })).statusCode).toBe(201);
    expect((await create({ name: 'REGULARS', filter: { tags: TAG } })).statusCode).toBe(409);
    expect((await create({ name: 'sms-reachable', filter: { tags: TAG } })).statusCode).toBe(409);
  });

  it('is managers’ and admins’ business: staff get 403', async () => {
    expect((await get('/segments', t.tokens.staff)).statusCode).toBe(403);
    expect((await create({ name: 'Staff try', filter: {} }, t.tokens.staff)).statusCode).toBe(403);
  });
});

describe('the prebuilt segments', () => {
  const prebuilt = async () => {
    const res = await get('/segments?limit=200');
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as {
      id: string;
      name: string;
      prebuilt: boolean;
      count: number;
      filter: Record<string, string>;
    }[];
  };
  const named = async (name: string) => (await prebuilt()).find((s) => s.name === name)!;

  it('come first in the list, then the organization’s by name, paging without repeats', async () => {
    const all = await prebuilt();
    const firstSaved = all.findIndex((s) => !s.prebuilt);
    expect(all.slice(0, firstSaved).map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'New this month',
        'Lapsed',
        'Birthdays this month',
        'Medical cards expiring in 30 days',
        'SMS-reachable',
      ]),
    );
    expect(all.slice(firstSaved).every((s) => !s.prebuilt)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`/segments?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s: { id: string }) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((s) => s.id));
  });

  it('hold this month’s birthdays and the cards expiring within 30 days, as of today', async () => {
    const birthdays = await named('Birthdays this month');
    expect(birthdays.filter).toEqual({ birthMonth: String(thisMonth) });
    const born = (await memberIds(birthdays.id, '?limit=200')).items.map((c) => c.id);
    expect(born).toContain(people.birthdayAdult);
    expect(born).not.toContain(people.smsAdult);
    const expiring = (await memberIds((await named('Medical cards expiring in 30 days')).id, '?limit=200')).items.map(
      (c) => c.id,
    );
    expect(expiring).toContain(people.medicalSoon);
    expect(expiring).not.toContain(people.medicalLater);
    const sms = await named('SMS-reachable');
    expect((await memberIds(sms.id, '?limit=200')).items.map((c) => c.id)).toContain(people.smsAdult);
    expect(sms.count).toBeGreaterThanOrEqual(1);
    expect((await named('New this month')).filter).toEqual({ createdFrom: `${honolulu.slice(0, 7)}-01` });
  });

  it('cannot be changed or deleted (409)', async () => {
    const lapsed = await named('Lapsed');
    const patch = await t.request('PATCH', `/api/v1/segments/${lapsed.id}`, t.tokens.manager, { name: 'Mine now' });
    expect(patch.statusCode).toBe(409);
    expect((await t.request('DELETE', `/api/v1/segments/${lapsed.id}`, t.tokens.manager)).statusCode).toBe(409);
  });
});
