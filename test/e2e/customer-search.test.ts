import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const people = [
    [
      'kathleen',
      { firstName: 'Kathleen', lastName: 'Scott', phone: '(702) 555-0123', email: 'kscott@example.com', tags: ['vip'] },
    ],
    [
      'katherine',
      { firstName: 'Katherine', lastName: 'Scotland', phone: '(702) 555-0456', email: 'kath.s@example.com' },
    ],
    ['zoe', { firstName: 'Zoë', lastName: 'Núñez', phone: '(775) 555-0199', email: 'zoe@example.org', tags: ['vip'] }],
    [
      'bob',
      {
        firstName: 'Robert',
        lastName: 'Brown',
        phone: '(303) 555-0123',
        email: 'bob@brown.test',
        customerType: 'adult',
      },
    ],
    [
      'med',
      {
        firstName: 'Maria',
        lastName: 'Lopez',
        phone: '(213) 555-0777',
        email: 'maria@example.com',
        customerType: 'medical',
        dateOfBirth: '1990-01-01',
        medical: { cardNumber: 'NV-MED-7788', state: 'NV', expiresOn: '2031-01-01' },
        idDocument: { type: 'drivers_license', number: 'D 998-877', state: 'NV' },
      },
    ],
  ] as const;
  for (const [key, fields] of people) {
    const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, adultBody(0, fields));
    if (res.statusCode !== 201) throw new Error(res.body);
    ids[key] = res.json().id;
  }
  for (let i = 0; i < 7; i++) {
    await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.manager,
      adultBody(100 + i, { firstName: 'Page', lastName: `Tester${i}` }),
    );
  }
});
afterAll(() => t.close());

async function search(query: string, token = t.tokens.staff) {
  const res = await t.request('GET', `/api/v1/customers?${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; firstName: string }[]; nextCursor: string | null };
}

describe('searching customers', () => {
  it('finds a name despite typos ("Kathlen Scot" finds Kathleen Scott first)', async () => {
    const { items } = await search('q=Kathlen%20Scot');
    expect(items[0]?.id).toBe(ids.kathleen);
  });

  it('ignores accents and case both ways', async () => {
    expect((await search('q=zoe%20nunez')).items[0]?.id).toBe(ids.zoe);
    expect((await search('q=ZOË')).items.map((c) => c.id)).toContain(ids.zoe);
  });

  it('finds by the first letters of a name, as a search-as-you-type box sends them', async () => {
    const found = (await search('q=kath')).items.map((c) => c.id);
    expect(found).toEqual(expect.arrayContaining([ids.kathleen, ids.katherine]));
  });

  it('finds by the last four digits of a phone, ranking numbers that end with them first', async () => {
    const found = (await search('q=0123')).items.map((c) => c.id);
    expect(found.slice(0, 2).sort()).toEqual([ids.kathleen, ids.bob].sort());
    expect(found).not.toContain(ids.zoe);
  });

  it('finds by an email prefix', async () => {
    expect((await search('q=kscott@')).items.map((c) => c.id)).toEqual([ids.kathleen]);
    expect((await search('q=bob')).items.map((c) => c.id)).toContain(ids.bob);
  });

  it('matches phone, email and ID number exactly after normalization', async () => {
    expect((await search(`phone=${encodeURIComponent('+1 702 555 0123')}`)).items.map((c) => c.id)).toEqual([
      ids.kathleen,
    ]);
    expect((await search('email=KSCOTT%40EXAMPLE.COM')).items.map((c) => c.id)).toEqual([ids.kathleen]);
    // Below manager an ID-number search names the person too (test/e2e/id-number-search.test.ts).
    expect((await search('idNumber=d998877&q=maria%20lopez')).items.map((c) => c.id)).toEqual([ids.med]);
    expect((await search('idNumber=nvmed7788', t.tokens.manager)).items.map((c) => c.id)).toEqual([ids.med]);
  });

  it('pages people who share a phone, one at a time', async () => {
    const partner = await t.request(
      'POST',
      '/api/v1/customers',
      t.tokens.staff,
      adultBody(200, { firstName: 'Kevin', lastName: 'Scott', dateOfBirth: '1979-03-03', phone: '(702) 555-0123' }),
    );
    expect(partner.statusCode).toBe(201);
    const first = await search('phone=7025550123&limit=1');
    expect(first.items).toHaveLength(1);
    const second = await search(`phone=7025550123&limit=1&cursor=${first.nextCursor}`);
    expect([first.items[0]?.id, second.items[0]?.id].sort()).toEqual([ids.kathleen, partner.json().id].sort());
    expect(second.nextCursor).toBeNull();
    await t.request('DELETE', `/api/v1/customers/${partner.json().id}`, t.tokens.manager);
  });

  it('combines filters', async () => {
    expect((await search('q=kath&tag=VIP')).items.map((c) => c.id)).toEqual([ids.kathleen]);
    expect((await search('customerType=medical')).items.map((c) => c.id)).toEqual([ids.med]);
    expect((await search('tag=vip&customerType=medical')).items).toEqual([]);
    expect((await search('tag=Edibles%20Fan')).items).toEqual([]);
  });

  it('pages through everything with nextCursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('pages through ranked results too', async () => {
    const first = await search('q=page%20tester&limit=4');
    expect(first.items).toHaveLength(4);
    const second = await search(`q=page%20tester&limit=4&cursor=${first.nextCursor}`);
    const ids = [...first.items, ...second.items].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(7);
  });

  it('lists what changed since a time, oldest change first', async () => {
    const since = new Date().toISOString();
    await t.request('PATCH', `/api/v1/customers/${ids.bob}`, t.tokens.staff, { notes: 'changed now' });
    expect((await search(`updatedSince=${encodeURIComponent(since)}`)).items.map((c) => c.id)).toEqual([ids.bob]);
  });

  it('answers 422 for a phone filter that is not a phone, and for a foreign cursor', async () => {
    expect((await t.request('GET', '/api/v1/customers?phone=abc', t.tokens.staff)).statusCode).toBe(422);
    const nameCursor = (await search('limit=1')).nextCursor;
    expect((await t.request('GET', `/api/v1/customers?q=kath&cursor=${nameCursor}`, t.tokens.staff)).statusCode).toBe(
      422,
    );
  });

  it('treats SQL and LIKE metacharacters in q as plain text', async () => {
    for (const q of ["'; DROP TABLE customers; --", '%', '_', '\\', 'a%b@', '😀']) {
      const res = await t.request('GET', `/api/v1/customers?q=${encodeURIComponent(q)}`, t.tokens.staff);
      expect(res.statusCode).toBe(200);
    }
    expect((await search('q=%25%40')).items).toEqual([]);
  });

  it("never returns another organization's customers", async () => {
    expect((await search('q=Kathleen', t.tokens.otherAdmin)).items).toEqual([]);
    expect((await search('phone=7025550123', t.tokens.otherAdmin)).items).toEqual([]);
  });
});

describe('searching customers by an email domain', () => {
  it('finds the customers at a domain from `example.org`, `@example.org` or `example`', async () => {
    expect((await search('q=example.org')).items.map((c) => c.id)).toEqual([ids.zoe]);
    expect((await search(`q=${encodeURIComponent('@example.org')}`)).items.map((c) => c.id)).toEqual([ids.zoe]);
    expect((await search(`q=${encodeURIComponent('@brown.test')}`)).items.map((c) => c.id)).toEqual([ids.bob]);
    // example.com: Kathleen, Katherine, Maria and the seven page testers; example.org: Zoë.
    const atExample = (await search('q=example')).items.map((c) => c.id);
    expect(atExample).toHaveLength(11);
    expect(atExample).toEqual(expect.arrayContaining([ids.kathleen, ids.katherine, ids.med, ids.zoe]));
    expect(atExample).not.toContain(ids.bob);
    const atExampleCom = (await search(`q=${encodeURIComponent('@example.com')}`)).items.map((c) => c.id);
    expect(atExampleCom).toHaveLength(10);
    expect(atExampleCom).not.toContain(ids.zoe);
  });

  it('pages through the customers at a domain without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`q=example&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
  });

  it('finds a customer once when both the name and the domain match ("brown" is Robert Brown at brown.test)', async () => {
    expect((await search('q=brown')).items.map((c) => c.id)).toEqual([ids.bob]);
  });

  it('finds nobody for `@` alone', async () => {
    expect((await search(`q=${encodeURIComponent('@')}`)).items).toEqual([]);
  });
});

describe('searching customers by one or two letters', () => {
  const short: Record<string, string> = {};
  beforeAll(async () => {
    const people = [
      ['abigail', { firstName: 'Abigail', lastName: 'Stone', email: 'gail.stone@mail.test' }],
      ['gabriel', { firstName: 'Gabriel', lastName: 'Lamb', email: 'abc.lamb@mail.test' }],
      ['joan', { firstName: 'Joan', lastName: 'Abernathy', email: 'joan.a@mail.test' }],
      ['ana', { firstName: 'Ana', lastName: 'Ng', email: 'ana.ng@mail.test' }],
    ] as const;
    for (const [i, [key, fields]] of people.entries()) {
      const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, adultBody(200 + i, fields));
      if (res.statusCode !== 201) throw new Error(res.body);
      short[key] = res.json().id;
    }
  });

  it('lists the customers whose last name, then first name, then email starts with the letters', async () => {
    // Joan Abernathy (last name), Abigail Stone (first name), Gabriel Lamb (abc.lamb@).
    expect((await search('q=ab')).items.map((c) => c.id)).toEqual([short.joan, short.abigail, short.gabriel]);
  });

  it('does not match letters that only straddle two words ("an" is not Joan Abernathy)', async () => {
    expect((await search('q=an')).items.map((c) => c.id)).toEqual([short.ana]);
    expect((await search('q=ng')).items.map((c) => c.id)).toEqual([short.ana]);
  });

  it('ignores accents and case in two letters ("ZO" finds Zoë)', async () => {
    expect((await search('q=ZO')).items.map((c) => c.id)).toEqual([ids.zoe]);
  });
});

describe('searching customers by name in tiers (issue 14)', () => {
  const tier: Record<string, string> = {};
  beforeAll(async () => {
    const people = [
      ['exact', { firstName: 'Ada', lastName: 'Thornquist' }],
      ['prefix', { firstName: 'Ada', lastName: 'Thornquistberg' }],
      ['typo', { firstName: 'Ada', lastName: 'Thronquist' }],
      ['robert', { firstName: 'Robert', lastName: 'Vellacourt' }],
      ['smith', { firstName: 'Lena', lastName: 'Smith' }],
      ['hyphen', { firstName: 'Ines', lastName: 'Garcia-Vellamar' }],
    ] as const;
    for (const [i, [key, fields]] of people.entries()) {
      const res = await t.request('POST', '/api/v1/customers', t.tokens.manager, adultBody(300 + i, fields));
      if (res.statusCode !== 201) throw new Error(res.body);
      tier[key] = res.json().id;
    }
  });

  it('lists the name itself, then names it begins, then names one typo away', async () => {
    const found = (await search('q=thornquist')).items.map((c) => c.id);
    expect(found).toEqual([tier.exact, tier.prefix, tier.typo]);
  });

  it('finds a transposed or misspelled name, alone or with a first name', async () => {
    expect((await search('q=thornqusit')).items.map((c) => c.id)).toContain(tier.exact);
    expect((await search('q=ada%20thronquist')).items[0]?.id).toBe(tier.typo);
    expect((await search('q=adda%20thornquist')).items[0]?.id).toBe(tier.exact);
  });

  it('finds Robert by "Bob" (other forms of a given name) and Smith by "Smyth" (sounds alike)', async () => {
    expect((await search('q=bob%20vellacourt')).items.map((c) => c.id)).toEqual([tier.robert]);
    expect((await search('q=lena%20smyth')).items.map((c) => c.id)).toEqual([tier.smith]);
  });

  it('takes "last, first" and "last first" as well as "first last"', async () => {
    for (const q of ['Vellacourt, Robert', 'vellacourt robert', 'robert vellacourt']) {
      expect(
        (await search(`q=${encodeURIComponent(q)}`)).items.map((c) => c.id),
        q,
      ).toEqual([tier.robert]);
    }
  });

  it('finds a hyphenated surname by its whole, as typed, and the second half as a last resort', async () => {
    expect((await search('q=ines%20garcia%20vellamar')).items.map((c) => c.id)).toEqual([tier.hyphen]);
    expect((await search('q=garcia-vell')).items.map((c) => c.id)).toEqual([tier.hyphen]);
    // No name is Vellamar: trigram similarity, best first, finds the second half of the surname.
    expect((await search('q=vellamar')).items[0]?.id).toBe(tier.hyphen);
  });

  it('pages across the tiers without repeats or gaps, one row at a time', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`q=thornquist&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([tier.exact, tier.prefix, tier.typo]);
  });

  it('carries no name in its cursor (a cursor travels in URLs)', async () => {
    const { nextCursor } = await search('q=thornquist&limit=1');
    const decoded = Buffer.from(nextCursor!, 'base64url').toString('utf8').toLowerCase();
    expect(decoded).not.toContain('thornquist');
    expect(decoded).not.toContain('ada');
  });

  it('answers 422 for a cursor of another kind of list', async () => {
    const byName = (await search('limit=1')).nextCursor!;
    const res = await t.request('GET', `/api/v1/customers?q=thornquist&cursor=${byName}`, t.tokens.staff);
    expect(res.statusCode).toBe(422);
  });
});

describe('what a search matched (issue 14, highlights)', () => {
  it('says which fields each found customer matched', async () => {
    const matchedOf = async (q: string) =>
      ((await search(`q=${encodeURIComponent(q)}`)).items as unknown as { id: string; matched?: string[] }[]).find(
        (c) => c.id === ids.kathleen,
      )?.matched;
    expect(await matchedOf('scott')).toEqual(['lastName']);
    expect(await matchedOf('kathleen scott')).toEqual(['firstName', 'lastName']);
    expect(await matchedOf('kscott@')).toEqual(['email']);
    expect(await matchedOf('0123')).toEqual(['phone']);
  });

  it('leaves matched out of a list without q', async () => {
    const { items } = await search('limit=5');
    expect(items.every((c) => !('matched' in c))).toBe(true);
  });
});
