/**
 * Errors a person can act on (API.md "Conventions"): 403 sentences that say who can, every problem
 * of a body at once, 422 for query strings and path parameters, 415 for bodies that are not JSON,
 * the identity a duplicate matched, a sync without a body, the role checked before the body, and
 * per-customer lists paged like every other list.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let unlistedRouteError: unknown;
beforeAll(async () => {
  t = await createTestApp({
    configure: (app) => {
      try {
        app.get('/api/v1/test-only/unlisted', async () => ({}));
      } catch (error) {
        unlistedRouteError = error;
      }
    },
  });
});
afterAll(() => t.close());

let n = 7000;
const person = (overrides: Record<string, unknown> = {}) => adultBody(n++, overrides);

async function newCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await t.request('POST', '/api/v1/customers', t.tokens.staff, person(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

function send(method: string, url: string, token: string, contentType: string | undefined, payload: string) {
  return t.app.inject({
    method: method as 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) },
    payload,
  });
}

function problemOf(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.json();
}

/** Every item of a paged list, following `nextCursor` `limit` at a time. */
async function allPages(url: string, token: string, limit: number): Promise<{ pages: number; items: unknown[] }> {
  const items: unknown[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await t.request('GET', `${url}${query}`, token);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { pages, items };
}

describe('403 sentences built from the ability table', () => {
  it('tells staff who may merge customers', async () => {
    const [a, b] = [await newCustomer(), await newCustomer()];
    const body = problemOf(
      await t.request('POST', `/api/v1/customers/${a}/merge`, t.tokens.staff, { sourceId: b }),
      403,
    );
    expect(body.detail).toBe('Staff cannot merge customers; ask a manager.');
  });

  it('names the next role up, a sign-in for keys, and kiosk keys where only they may', async () => {
    const cases: [string, string, string, unknown, string][] = [
      [
        'POST',
        '/api/v1/stores',
        t.tokens.manager,
        { name: 'Nope', timezone: 'UTC' },
        'Managers cannot create stores; ask an admin.',
      ],
      ['GET', '/api/v1/customers', t.tokens.kiosk, undefined, 'Kiosk keys cannot see customers; sign in as staff.'],
      ['GET', '/api/v1/duplicates', t.tokens.staff, undefined, 'Staff cannot see suspected duplicates; ask a manager.'],
      [
        'POST',
        '/api/v1/kiosk/identify',
        t.tokens.admin,
        { phone: '(702) 555-0100', dateOfBirth: '1980-01-01' },
        'Admins cannot identify customers by phone and date of birth; only kiosk keys can.',
      ],
    ];
    for (const [method, url, token, body, detail] of cases) {
      expect([url, problemOf(await t.request(method, url, token, body), 403).detail]).toEqual([url, detail]);
    }
  });
});

describe('the role is checked before the body', () => {
  it('answers a staff PUT /settings/data-policy with a bad body 403, not 422', async () => {
    const body = problemOf(
      await t.request('PUT', '/api/v1/settings/data-policy', t.tokens.staff, { inactiveRetentionDays: 'forever' }),
      403,
    );
    expect(body.detail).toBe('Staff cannot change the data policy; ask a manager.');
    expect(body.errors).toBeUndefined();
  });

  it('answers 403 before reading a body that is not even JSON', async () => {
    const res = await send(
      'PUT',
      `/api/v1/stores/${t.demo.storeIds.Cova}/integration`,
      t.tokens.staff,
      'application/json',
      '{"vendor": ',
    );
    expect(problemOf(res, 403).detail).toBe('Staff cannot set up POS integrations; ask an admin.');
  });

  it('gates every API route: a route without a declared ability cannot be registered', () => {
    expect(String(unlistedRouteError)).toContain(
      'GET /api/v1/test-only/unlisted declares no ability: add it to ROUTE_GATES in src/auth/route-abilities.ts',
    );
  });
});

describe('every problem of a body at once', () => {
  it('reports an empty first name and a 2030 birth date as two errors on POST /customers', async () => {
    const body = problemOf(
      await t.request(
        'POST',
        '/api/v1/customers',
        t.tokens.staff,
        person({ firstName: '', dateOfBirth: '2030-01-01' }),
      ),
      422,
    );
    expect(body.errors).toEqual([
      { path: 'firstName', message: 'must not be empty' },
      { path: 'dateOfBirth', message: 'must be in the past' },
    ]);
  });

  it('does the same for a PATCH', async () => {
    const id = await newCustomer();
    const body = problemOf(
      await t.request('PATCH', `/api/v1/customers/${id}`, t.tokens.staff, { firstName: '', dateOfBirth: '2030-01-01' }),
      422,
    );
    expect(body.errors).toEqual([
      { path: 'firstName', message: 'must not be empty' },
      { path: 'dateOfBirth', message: 'must be in the past' },
    ]);
  });
});

describe('query strings and path parameters', () => {
  it('answers a bad query string 422 with errors, like a body', async () => {
    const body = problemOf(
      await t.request('GET', '/api/v1/customers?limit=abc&customerType=child', t.tokens.staff),
      422,
    );
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['customerType', 'limit']);
  });

  it('answers a bad path parameter 422 with errors', async () => {
    const res = await send(
      'POST',
      `/api/v1/webhooks/${'v'.repeat(41)}/${t.demo.storeIds.Treez}`,
      t.tokens.staff,
      'application/json',
      '{}',
    );
    expect(problemOf(res, 422).errors).toEqual([{ path: 'vendor', message: expect.any(String) }]);
  });
});

describe('media types', () => {
  it('answers 415 for a text/plain body to POST /customers', async () => {
    const res = await send('POST', '/api/v1/customers', t.tokens.staff, 'text/plain', JSON.stringify(person()));
    expect(problemOf(res, 415).detail).toBe(
      'A body sent as text/plain cannot be read here; send JSON with "Content-Type: application/json".',
    );
  });

  it('answers 415 for a merge patch sent to a route that is not an edit', async () => {
    const res = await send('POST', '/api/v1/customers', t.tokens.staff, 'application/merge-patch+json', '{}');
    problemOf(res, 415);
  });

  it('accepts a PATCH as application/merge-patch+json or application/json, and refuses text/plain', async () => {
    const id = await newCustomer();
    const url = `/api/v1/customers/${id}`;
    const mergePatch = await send('PATCH', url, t.tokens.staff, 'application/merge-patch+json', '{"notes":"one"}');
    expect(mergePatch.statusCode, mergePatch.body).toBe(200);
    expect(mergePatch.json().notes).toBe('one');
    const json = await send('PATCH', url, t.tokens.staff, 'application/json', '{"notes":"two"}');
    expect(json.json().notes).toBe('two');
    const text = await send('PATCH', url, t.tokens.staff, 'text/plain', '{"notes":"three"}');
    expect(problemOf(text, 415).detail).toBe(
      'A body sent as text/plain cannot be read here; send JSON with "Content-Type: application/merge-patch+json" or "Content-Type: application/json".',
    );
  });
});

describe('duplicates say which identity matched', () => {
  it('names phone+dateOfBirth, email+dateOfBirth or idNumber with the id already held', async () => {
    const held = person({
      idDocument: { type: 'drivers_license', number: 'DUP-4455-01', state: 'NV', expiresOn: '2031-01-01' },
    });
    const created = await t.request('POST', '/api/v1/customers', t.tokens.staff, held);
    const id = created.json().id;
    const other = person();
    const tries: [Record<string, unknown>, string][] = [
      [{ ...other, phone: held.phone, dateOfBirth: held.dateOfBirth }, 'phone+dateOfBirth'],
      [{ ...other, email: held.email, dateOfBirth: held.dateOfBirth }, 'email+dateOfBirth'],
      [{ ...other, idDocument: held.idDocument }, 'idNumber'],
    ];
    for (const [body, matchedOn] of tries) {
      const problem = problemOf(await t.request('POST', '/api/v1/customers', t.tokens.staff, body), 409);
      expect(problem).toMatchObject({ duplicateOf: id, matchedOn });
    }
  });

  it('keeps both the id and the identity from a kiosk', async () => {
    const held = person();
    await t.request('POST', '/api/v1/customers', t.tokens.staff, held);
    for (const url of ['/api/v1/customers', '/api/v1/kiosk/signup']) {
      const problem = problemOf(await t.request('POST', url, t.tokens.kiosk, { ...held, email: null }), 409);
      expect([url, problem.duplicateOf, problem.matchedOn]).toEqual([url, undefined, undefined]);
    }
  });
});

describe('POST /stores/{id}/sync without a body', () => {
  it('starts an incremental sync when there is no body, or an empty one', async () => {
    const storeId = t.demo.storeIds.Dutchie;
    await t.request('PUT', `/api/v1/stores/${storeId}/integration`, t.tokens.admin, {
      vendor: 'dutchie',
      credentials: { baseUrl: 'http://127.0.0.1:9/dutchie', apiKey: 'no-body-key' },
      pollIntervalSeconds: 3600,
      enabled: false,
    });
    const url = `/api/v1/stores/${storeId}/sync`;
    const answers = [
      await t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t.tokens.admin}` } }),
      await send('POST', url, t.tokens.admin, 'application/json', ''),
    ];
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(202);
      const run = await t.request('GET', `/api/v1/sync-runs/${res.json().runId}`, t.tokens.admin);
      expect(run.json()).toMatchObject({ mode: 'incremental', trigger: 'request' });
    }
  });

  it('still says "is required" where a body is needed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${t.tokens.staff}` },
    });
    expect(problemOf(res, 422).errors).toEqual([{ path: '', message: 'is required' }]);
  });
});

describe('per-customer lists are paged', () => {
  it('pages the consent ledger newest first with limit and cursor', async () => {
    const id = await newCustomer();
    const statements = [true, false, true, false, true];
    for (const granted of statements) {
      const res = await t.request('POST', `/api/v1/customers/${id}/consents`, t.tokens.staff, {
        channel: 'sms',
        granted,
        wording: granted ? 'Texts ok' : 'No texts',
      });
      expect(res.statusCode).toBe(201);
    }
    const { pages, items } = await allPages(`/api/v1/customers/${id}/consents`, t.tokens.staff, 2);
    expect(pages).toBe(3);
    expect(items.map((e) => (e as { granted: boolean }).granted)).toEqual([true, false, true, false, true]);
    const ids = items.map((e) => (e as { id: string }).id);
    expect(new Set(ids).size).toBe(5);
  });

  it('pages the audit trail newest first without losing or repeating an entry', async () => {
    const id = await newCustomer();
    for (const notes of ['a', 'b', 'c', 'd']) {
      await t.request('PATCH', `/api/v1/customers/${id}`, t.tokens.staff, { notes });
    }
    const { pages, items } = await allPages(`/api/v1/customers/${id}/audit`, t.tokens.manager, 2);
    const writes = items.filter((e) => ['create', 'update'].includes((e as { action: string }).action));
    expect(writes.map((e) => (e as { action: string }).action)).toEqual([
      'update',
      'update',
      'update',
      'update',
      'create',
    ]);
    expect(pages).toBe(3);
    const first = await t.request('GET', `/api/v1/customers/${id}/audit?limit=200`, t.tokens.manager);
    expect(first.json().items).toEqual(items);
    expect(first.json().nextCursor).toBeNull();
  });

  it("pages a customer's sync state and authorizations", async () => {
    const id = await newCustomer();
    for (const store of [t.demo.storeIds.Treez, t.demo.storeIds.Blaze]) {
      await t.request('PUT', `/api/v1/stores/${store}/integration`, t.tokens.admin, {
        vendor: 'treez',
        credentials: { baseUrl: 'http://127.0.0.1:9/v2.0/dispensary/paging', clientId: 'paging', apiKey: 'paging-key' },
        pollIntervalSeconds: 3600,
        enabled: false,
      });
      const link = await t.request('POST', `/api/v1/customers/${id}/stores/${store}/link`, t.tokens.staff);
      expect(link.statusCode, link.body).toBe(202);
    }
    const links = await allPages(`/api/v1/customers/${id}/sync`, t.tokens.staff, 1);
    expect(links.pages).toBe(2);
    expect(links.items.map((s) => (s as { storeId: string }).storeId).sort()).toEqual(
      [t.demo.storeIds.Treez, t.demo.storeIds.Blaze].sort(),
    );

    for (const wording of ['You may keep my address.', 'You may keep my email.']) {
      await t.request('POST', `/api/v1/customers/${id}/authorizations`, t.tokens.staff, {
        kind: 'written-permission-additional-data',
        source: 'staff',
        wording,
      });
    }
    const authorizations = await allPages(`/api/v1/customers/${id}/authorizations`, t.tokens.staff, 1);
    expect(authorizations.pages).toBe(2);
    expect(authorizations.items.map((a) => (a as { wording: string }).wording)).toEqual([
      'You may keep my email.',
      'You may keep my address.',
    ]);
  });

  it('pages the deliveries of a webhook subscription like every list', async () => {
    const sub = await t.request('POST', '/api/v1/webhook-subscriptions', t.tokens.admin, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['customer.created'],
      secret: 'paging-webhook-secret',
    });
    const res = await t.request(
      'GET',
      `/api/v1/webhook-subscriptions/${sub.json().id}/deliveries?limit=1`,
      t.tokens.admin,
    );
    expect(res.json()).toEqual({ items: [], nextCursor: null });
  });

  it('answers 422 for a cursor it did not hand out', async () => {
    const id = await newCustomer();
    const res = await t.request('GET', `/api/v1/customers/${id}/audit?cursor=bm90LWEtY3Vyc29y`, t.tokens.manager);
    expect(problemOf(res, 422).errors).toEqual([
      { path: 'cursor', message: 'is not a cursor this API returned; start again without it' },
    ]);
  });
});
