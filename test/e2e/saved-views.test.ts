/**
 * Saved views of the customer search (issue 16): a person's own views and the organization's shared
 * ones, deleted by their owner or (shared) by a manager, never holding personal search terms, and
 * invisible to another organization.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const save = (token: string, body: unknown) => t.request('POST', '/api/v1/views', token, body);
const list = async (token: string, query = '') => {
  const res = await t.request('GET', `/api/v1/views${query}`, token);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; name: string; mine: boolean; shared: boolean }[];
    nextCursor: string | null;
  };
};
const names = (page: { items: { name: string }[] }) => page.items.map((v) => v.name);
const errorPaths = (res: { json(): { errors?: { path: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.path).join(' ');

describe('saving and listing views', () => {
  it('saves a view (201, Location) with the filter as GET /customers query values', async () => {
    const res = await save(t.tokens.staff, {
      name: 'Medical regulars',
      filter: { customerType: 'medical', tags: 'regular', ageMin: 30 },
      shared: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json();
    expect(res.headers.location).toBe(`/api/v1/views/${view.id}`);
    expect(view).toMatchObject({
      name: 'Medical regulars',
      filter: { customerType: 'medical', tags: 'regular', ageMin: '30' },
      shared: true,
      mine: true,
    });
  });

  it("lists the caller's own views and others' shared ones, never others' personal views", async () => {
    await save(t.tokens.staff, { name: 'Staff only', filter: { consent: 'sms' }, shared: false });
    await save(t.tokens.manager, { name: 'Manager shared', filter: { consent: 'email' }, shared: true });
    await save(t.tokens.manager, { name: 'Manager only', filter: { customerType: 'adult' }, shared: false });
    const staff = await list(t.tokens.staff);
    expect(names(staff)).toEqual(expect.arrayContaining(['Medical regulars', 'Staff only', 'Manager shared']));
    expect(names(staff)).not.toContain('Manager only');
    expect(staff.items.find((v) => v.name === 'Manager shared')?.mine).toBe(false);
    const manager = await list(t.tokens.manager);
    expect(names(manager)).toEqual(expect.arrayContaining(['Medical regulars', 'Manager shared', 'Manager only']));
    expect(names(manager)).not.toContain('Staff only');
  });

  it('shows another organization none of them', async () => {
    expect((await list(t.tokens.otherAdmin)).items).toEqual([]);
  });

  it('pages by name without repeats or gaps', async () => {
    const token = await t.login('admin@demo.test');
    for (const n of [1, 2, 3, 4, 5]) {
      expect((await save(token, { name: `Page ${n}`, filter: { consent: 'sms' }, shared: false })).statusCode).toBe(
        201,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(token, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(page));
      cursor = page.nextCursor;
    } while (cursor);
    const mine = seen.filter((n) => n.startsWith('Page '));
    expect(mine).toEqual(['Page 1', 'Page 2', 'Page 3', 'Page 4', 'Page 5']);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('refusals', () => {
  for (const field of ['q', 'phone', 'email', 'idNumber', 'dateOfBirth']) {
    it(`refuses ${field} in the filter with a 422 naming it (no personal data kept)`, async () => {
      const res = await save(t.tokens.staff, { name: `With ${field}`, filter: { consent: 'sms', [field]: 'x' } });
      expect(res.statusCode, res.body).toBe(422);
      expect(errorPaths(res)).toContain(field);
    });
  }

  it('refuses an unknown filter key, and paging or order, with a 422', async () => {
    for (const key of ['colour', 'sort', 'limit']) {
      const res = await save(t.tokens.staff, { name: `With ${key}`, filter: { consent: 'sms', [key]: 'x' } });
      expect(res.statusCode, res.body).toBe(422);
    }
  });

  it('refuses a bad filter value and an empty or too long name with a 422 naming the field', async () => {
    const bad = await save(t.tokens.staff, { name: 'Bad', filter: { customerType: 'nobody' } });
    expect(bad.statusCode).toBe(422);
    expect(errorPaths(bad)).toContain('customerType');
    for (const name of ['', '   ', 'x'.repeat(81)]) {
      const res = await save(t.tokens.staff, { name, filter: { consent: 'sms' } });
      expect(res.statusCode).toBe(422);
      expect(errorPaths(res)).toContain('name');
    }
  });

  it('answers 409 for a name the caller already uses, whatever its case; another person may use it', async () => {
    await save(t.tokens.staff, { name: 'Twice', filter: { consent: 'sms' } });
    const again = await save(t.tokens.staff, { name: 'twice', filter: { consent: 'email' } });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await save(t.tokens.manager, { name: 'Twice', filter: { consent: 'sms' } })).statusCode).toBe(201);
  });
});

describe('deleting views', () => {
  const shared = async (token: string, name: string) =>
    (await save(token, { name, filter: { consent: 'sms' }, shared: true })).json().id as string;
  const remove = (token: string, id: string) => t.request('DELETE', `/api/v1/views/${id}`, token);

  it('lets the owner delete their view (204), then it is gone (404)', async () => {
    const id = await shared(t.tokens.staff, 'Delete me');
    expect((await remove(t.tokens.staff, id)).statusCode).toBe(204);
    expect((await remove(t.tokens.staff, id)).statusCode).toBe(404);
    expect(names(await list(t.tokens.staff))).not.toContain('Delete me');
  });

  it("refuses staff deleting someone else's shared view (403); a manager may (204)", async () => {
    const id = await shared(t.tokens.admin, 'Admin shared');
    const refused = await remove(t.tokens.staff, id);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await remove(t.tokens.manager, id)).statusCode).toBe(204);
  });

  it("answers 404 for someone else's personal view, another organization's view and an unknown id", async () => {
    const personal = (await save(t.tokens.manager, { name: 'Private', filter: { consent: 'sms' } })).json().id;
    expect((await remove(t.tokens.staff, personal)).statusCode).toBe(404);
    const id = await shared(t.tokens.staff, 'Not for others');
    expect((await remove(t.tokens.otherAdmin, id)).statusCode).toBe(404);
    expect((await remove(t.tokens.staff, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});
