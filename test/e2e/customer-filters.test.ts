/**
 * Advanced search (issue 14, item 3): each list filter of `GET /customers` alone and combined finds
 * exactly the customers it names, each sort pages without repeats or gaps, bad values answer 422
 * naming the field, `total` is exact when small and an estimate past a thousand, and another
 * organization's customers never appear. Expected sets are written out by hand from the people
 * below, never computed by the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../src/demo/seed-customers.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { adultBody, medicalBody } from '../support/customer-fixtures.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const ids: Record<string, string> = {};
let otherId: string;

/** Today as the filters read it without a store: Honolulu's date (customers/today.ts). */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Honolulu' }).format(new Date());
const shift = (date: string, { years = 0, days = 0 }) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const address = (city: string, postalCode: string) => ({
  line1: '1 Main St',
  line2: null,
  city,
  state: 'NV',
  postalCode,
  country: 'US',
});

beforeAll(async () => {
  t = await createTestApp();
  const { Treez, Cova } = t.demo.storeIds;
  const people: [string, Record<string, unknown>, { created: string; visit: string | null }][] = [
    [
      'ana',
      adultBody(1, {
        firstName: 'Ana',
        lastName: 'Alpha',
        dateOfBirth: '1980-07-19',
        address: address('São Paulo', '89101'),
        tags: ['vip', 'regular'],
        homeStoreId: Treez,
      }),
      { created: '2025-01-10T12:00:00Z', visit: '2026-11-01T10:00:00Z' },
    ],
    [
      'ben',
      adultBody(2, {
        firstName: 'Ben',
        lastName: 'Beta',
        dateOfBirth: '1985-07-19',
        address: address(' SAO PAULO ', '89102'),
        tags: ['vip'],
        homeStoreId: Cova,
      }),
      { created: '2025-01-31T23:30:00Z', visit: '2026-11-15T10:00:00Z' },
    ],
    [
      'cara',
      medicalBody(3, {
        firstName: 'Cara',
        lastName: 'Gamma',
        dateOfBirth: '1990-07-20',
        address: address('Reno', '89101'),
        tags: ['regular'],
        medical: { cardNumber: 'MED-F-3', state: 'NV', expiresOn: shift(today, { days: 10 }) },
      }),
      { created: '2025-02-01T00:00:00Z', visit: null },
    ],
    [
      'dan',
      medicalBody(4, {
        firstName: 'Dan',
        lastName: 'Delta',
        dateOfBirth: shift(today, { years: -30 }),
        address: address('Reno', '89509'),
        medical: { cardNumber: 'MED-F-4', state: 'NV', expiresOn: shift(today, { days: 100 }) },
      }),
      { created: '2025-03-01T00:00:00Z', visit: '2026-10-01T10:00:00Z' },
    ],
    [
      'eve',
      adultBody(5, {
        firstName: 'Eve',
        lastName: 'Epsilon',
        dateOfBirth: shift(shift(today, { years: -30 }), { days: 1 }),
      }),
      { created: '2025-04-01T00:00:00Z', visit: '2026-11-30T10:00:00Z' },
    ],
  ];
  for (const [key, body, times] of people) {
    const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, body);
    if (res.statusCode !== 201) throw new Error(res.body);
    ids[key] = res.json().id;
    await t.database.pool.query('UPDATE customers SET created_at = $2, last_visit_at = $3 WHERE id = $1', [
      ids[key],
      times.created,
      times.visit,
    ]);
  }
  const consent = async (id: string, channel: 'sms' | 'email') => {
    const body = { channel, granted: true, wording: channel === 'sms' ? 'Texts about offers' : 'Emails about offers' };
    const res = await t.request('POST', `/api/v1/customers/${id}/consents`, t.tokens.manager, body);
    if (res.statusCode >= 300) throw new Error(res.body);
  };
  await consent(ids.ana!, 'sms');
  await consent(ids.ben!, 'email');
  await consent(ids.cara!, 'sms');
  await consent(ids.cara!, 'email');
  // Changed at known instants, after every write above.
  const changed: [string, string][] = [
    ['ana', '2026-05-01T00:00:00Z'],
    ['ben', '2026-06-01T00:00:00Z'],
    ['cara', '2026-07-01T00:00:00Z'],
    ['dan', '2026-08-01T00:00:00Z'],
    ['eve', '2026-09-01T00:00:00Z'],
  ];
  for (const [key, at] of changed) {
    await t.database.pool.query('UPDATE customers SET updated_at = $2 WHERE id = $1', [ids[key], at]);
  }
  await t.database.pool.query(
    `INSERT INTO customer_links (org_id, customer_id, store_id, external_id, status)
     SELECT org_id, id, $2, 'f-' || id, 'synced' FROM customers WHERE id = ANY($1)`,
    [[ids.ana, ids.cara], Treez],
  );
  // Another organization's customer who matches every filter Ana does.
  const other = await t.request(
    'POST',
    '/api/v1/customers',
    t.tokens.otherAdmin,
    adultBody(9, {
      firstName: 'Ana',
      lastName: 'Alpha',
      dateOfBirth: '1980-07-19',
      address: address('São Paulo', '89101'),
      tags: ['vip', 'regular'],
    }),
  );
  if (other.statusCode !== 201) throw new Error(other.body);
  otherId = other.json().id;
  await t.database.pool.query("UPDATE customers SET created_at = '2025-01-10T12:00:00Z' WHERE id = $1", [otherId]);
});
afterAll(() => t.close());

type ListAnswer = { items: { id: string }[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean };

async function list(query: string, token = t.tokens.manager): Promise<ListAnswer> {
  const res = await t.request('GET', `/api/v1/customers?${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as ListAnswer;
}

/** The customers a query finds, every page read, as the test's names. */
async function found(query: string): Promise<string[]> {
  const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: ListAnswer = await list(`${query}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...page.items.map((c) => names[c.id] ?? `unknown ${c.id}`));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

const sorted = async (query: string) => (await found(query)).sort();

describe('list filters', () => {
  it('holds only the five people of this test in the organization', async () => {
    expect(await sorted('')).toEqual(['ana', 'ben', 'cara', 'dan', 'eve']);
  });

  it('birthday=MM-DD finds the customers born on that day of any year', async () => {
    expect(await sorted('birthday=07-19')).toEqual(['ana', 'ben']);
    expect(await sorted('birthday=07-20')).toEqual(['cara']);
  });

  it('ageMin and ageMax count whole years up to today', async () => {
    // Dan turns 30 today, Eve tomorrow.
    expect(await sorted('ageMin=30&ageMax=30')).toEqual(['dan']);
    expect(await sorted('ageMax=29')).toEqual(['eve']);
    expect(await sorted('ageMin=40')).toEqual(['ana', 'ben']);
  });

  it('city matches exactly, ignoring case, accents and surrounding spaces', async () => {
    expect(await sorted('city=sao%20paulo')).toEqual(['ana', 'ben']);
    expect(await sorted('city=S%C3%83O%20PAULO')).toEqual(['ana', 'ben']);
    expect(await sorted('city=Ren')).toEqual([]);
  });

  it('postalCode matches exactly', async () => {
    expect(await sorted('postalCode=89101')).toEqual(['ana', 'cara']);
    expect(await sorted('postalCode=8910')).toEqual([]);
  });

  it('medicalExpiringWithinDays finds medical cards expiring between today and today + N', async () => {
    expect(await sorted('medicalExpiringWithinDays=30')).toEqual(['cara']);
    expect(await sorted('medicalExpiringWithinDays=100')).toEqual(['cara', 'dan']);
    expect(await sorted('medicalExpiringWithinDays=9')).toEqual([]);
  });

  it('consent finds the customers who currently grant that channel', async () => {
    expect(await sorted('consent=sms')).toEqual(['ana', 'cara']);
    expect(await sorted('consent=email')).toEqual(['ben', 'cara']);
  });

  it('consent follows a withdrawal', async () => {
    const res = await t.request('POST', `/api/v1/customers/${ids.ana}/consents`, t.tokens.manager, {
      channel: 'sms',
      granted: false,
      wording: 'Stop texts',
    });
    expect(res.statusCode).toBeLessThan(300);
    expect(await sorted('consent=sms')).toEqual(['cara']);
    await t.request('POST', `/api/v1/customers/${ids.ana}/consents`, t.tokens.manager, {
      channel: 'sms',
      granted: true,
      wording: 'Texts about offers',
    });
    expect(await sorted('consent=sms')).toEqual(['ana', 'cara']);
  });

  it('tags matches all of the tags by default, or any of them', async () => {
    expect(await sorted('tags=vip,regular')).toEqual(['ana']);
    expect(await sorted('tags=vip,regular&tagsMatch=all')).toEqual(['ana']);
    expect(await sorted('tags=VIP,%20regular&tagsMatch=any')).toEqual(['ana', 'ben', 'cara']);
    expect(await sorted('tag=vip')).toEqual(['ana', 'ben']);
  });

  it('homeStoreId finds the customers of that home store; storeId still the linked ones', async () => {
    expect(await sorted(`homeStoreId=${t.demo.storeIds.Treez}`)).toEqual(['ana']);
    expect(await sorted(`storeId=${t.demo.storeIds.Treez}`)).toEqual(['ana', 'cara']);
  });

  it('createdFrom/createdTo read a date as a whole UTC day and an instant as an exclusive end', async () => {
    expect(await sorted('createdFrom=2025-01-10&createdTo=2025-01-31')).toEqual(['ana', 'ben']);
    expect(await sorted('createdFrom=2025-01-10T12:00:01Z')).toEqual(['ben', 'cara', 'dan', 'eve']);
    expect(await sorted('createdTo=2025-02-01T00:00:00Z')).toEqual(['ana', 'ben']);
  });

  it('updatedFrom/updatedTo select by the last change', async () => {
    expect(await sorted('updatedFrom=2026-06-01&updatedTo=2026-07-01')).toEqual(['ben', 'cara']);
  });

  it('lastVisitAfter/lastVisitBefore select by the last visit; never-visited customers match neither', async () => {
    expect(await sorted('lastVisitAfter=2026-11-01')).toEqual(['ana', 'ben', 'eve']);
    expect(await sorted('lastVisitBefore=2026-11-15')).toEqual(['ana', 'dan']);
    expect(await sorted('lastVisitAfter=2026-11-01&lastVisitBefore=2026-11-15T10:00:00Z')).toEqual(['ana']);
  });

  it('combines filters with each other and with the existing ones', async () => {
    expect(await sorted('city=reno&customerType=medical')).toEqual(['cara', 'dan']);
    expect(await sorted('birthday=07-19&consent=sms')).toEqual(['ana']);
    expect(await sorted(`createdFrom=2025-01-01&createdTo=2025-12-31&homeStoreId=${t.demo.storeIds.Cova}`)).toEqual([
      'ben',
    ]);
    expect(await sorted('tags=regular&consent=email&postalCode=89101')).toEqual(['cara']);
    expect(await sorted('q=alpha&city=sao%20paulo')).toEqual(['ana']);
  });
});

describe('sorts', () => {
  it('sort=name (the default) lists by last name, then first, two per page', async () => {
    expect(await found('')).toEqual(['ana', 'ben', 'dan', 'eve', 'cara']);
    expect(await found('sort=name')).toEqual(['ana', 'ben', 'dan', 'eve', 'cara']);
  });

  it('sort=created lists newest first', async () => {
    expect(await found('sort=created')).toEqual(['eve', 'dan', 'cara', 'ben', 'ana']);
  });

  it('sort=updated lists the latest change first', async () => {
    // Ana's consent changed today (above): the window leaves her out.
    expect(await found('sort=updated&updatedTo=2026-10-01')).toEqual(['eve', 'dan', 'cara', 'ben']);
  });

  it('sort=lastVisit lists the latest visit first and never-visited customers last', async () => {
    expect(await found('sort=lastVisit')).toEqual(['eve', 'ben', 'ana', 'dan', 'cara']);
  });

  it('a sort applies to a phone search too (people sharing a phone, newest first)', async () => {
    const partner = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.manager,
      adultBody(1, { firstName: 'Zed', lastName: 'Alpha', dateOfBirth: '1979-03-03' }),
    );
    expect(partner.statusCode, partner.body).toBe(201);
    const phone = encodeURIComponent('(702) 555-1001');
    expect((await list(`phone=${phone}`)).items.map((c) => c.id)).toEqual([ids.ana, partner.json().id]);
    expect((await list(`phone=${phone}&sort=created`)).items.map((c) => c.id)).toEqual([partner.json().id, ids.ana]);
    await t.request('DELETE', `/api/v1/customers/${partner.json().id}`, t.tokens.manager);
  });

  it('a sort combines with a filter', async () => {
    expect(await found('sort=created&consent=sms')).toEqual(['cara', 'ana']);
  });

  it('updatedSince keeps its oldest-change-first order', async () => {
    expect(await found('updatedSince=2026-06-15T00:00:00Z&updatedTo=2026-10-01')).toEqual(['cara', 'dan', 'eve']);
  });
});

describe('bad values answer 422 naming the field', () => {
  const cases: [string, string][] = [
    ['birthday=13-40', 'birthday'],
    ['birthday=02-30', 'birthday'],
    ['birthday=7-4', 'birthday'],
    ['ageMin=abc', 'ageMin'],
    ['ageMin=40&ageMax=30', 'ageMin'],
    ['createdFrom=2025-02-01&createdTo=2025-01-01', 'createdFrom'],
    ['createdFrom=yesterday', 'createdFrom'],
    ['lastVisitAfter=2026-11-02&lastVisitBefore=2026-11-01', 'lastVisitAfter'],
    ['tagsMatch=some&tags=vip', 'tagsMatch'],
    ['tagsMatch=any', 'tagsMatch'],
    ['tags=,,', 'tags'],
    ['consent=phone', 'consent'],
    ['medicalExpiringWithinDays=-1', 'medicalExpiringWithinDays'],
    ['homeStoreId=nope', 'homeStoreId'],
    ['q=ana&sort=name', 'sort'],
    ['sort=relevance', 'sort'],
    ['sort=age', 'sort'],
    ['q=ana&total=true', 'total'],
  ];
  for (const [query, field] of cases) {
    it(`${query} → 422 on ${field}`, async () => {
      const res = await t.request('GET', `/api/v1/customers?${query}`, t.tokens.manager);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const paths = (res.json().errors as { path: string }[]).map((e) => e.path);
      expect(paths.join(' ')).toContain(field);
    });
  }

  it('sort=relevance with q is accepted', async () => {
    expect((await list('q=alpha&sort=relevance')).items.map((c) => c.id)).toEqual([ids.ana]);
  });
});

describe('total', () => {
  it('is left out unless asked for', async () => {
    const page = await list('consent=sms');
    expect(page.total).toBeUndefined();
    expect(page.totalIsEstimate).toBeUndefined();
  });

  it('is counted exactly when small, whatever the page size', async () => {
    const page = await list('consent=sms&total=true&limit=1');
    expect(page.items).toHaveLength(1);
    expect(page).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(await list('city=nowhere&total=true')).toMatchObject({ total: 0, totalIsEstimate: false });
  });

  it('counts every match, not what is left after the cursor', async () => {
    const first = await list('consent=sms&total=true&limit=1');
    const second = await list(`consent=sms&total=true&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items).toHaveLength(1);
    expect(second).toMatchObject({ total: 2, totalIsEstimate: false });
  });
});

describe("another organization's customers", () => {
  it('never appear, whatever the filter', async () => {
    const queries = [
      'birthday=07-19',
      'city=sao%20paulo',
      'postalCode=89101',
      'tags=vip,regular',
      'createdFrom=2025-01-10&createdTo=2025-01-10',
      'sort=created',
      'sort=lastVisit',
      'ageMin=40',
    ];
    for (const query of queries) {
      const ids = (await list(`${query}&limit=200`)).items.map((c) => c.id);
      expect(ids, query).not.toContain(otherId);
    }
    // And the other organization finds its own.
    expect((await list('city=sao%20paulo', t.tokens.otherAdmin)).items.map((c) => c.id)).toEqual([otherId]);
  });

  it('are not counted in a total, past a thousand an estimate marked so', async () => {
    const protection = createFieldProtection(TEST_MASTER_KEY);
    const otherOrgId = (
      await t.database.pool.query<{ id: string }>("SELECT id FROM organizations WHERE slug = 'other-dispensary'")
    ).rows[0]!.id;
    const seeded = await seedCustomers(t.database.pool, {
      orgId: otherOrgId,
      count: 1_500,
      seed: 3,
      protector: protection.forOrg(otherOrgId),
    });
    expect(seeded.inserted).toBe(1_500);
    await t.database.pool.query('ANALYZE customers');
    const theirs = await list('total=true', t.tokens.otherAdmin);
    expect(theirs.totalIsEstimate).toBe(true);
    // An estimate, within reason of the 1,501 they hold.
    expect(theirs.total).toBeGreaterThan(1_000);
    expect(theirs.total).toBeLessThan(3_000);
    expect(await list('total=true')).toMatchObject({ total: 5, totalIsEstimate: false });
  });
});
