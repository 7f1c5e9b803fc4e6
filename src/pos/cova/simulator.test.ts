/**
 * The Cova simulator behaves as REFERENCE.md §3 describes Cova, checked with plain HTTP calls (no
 * client), so the contract tests rest on a faithful fake.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CovaSimRecord, type RunningCovaSimulator, startCovaSimulator } from './simulator.ts';

type Json = Record<string, unknown>;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Json;

let sim: RunningCovaSimulator;
let token: string;
let company: string;

beforeEach(async () => {
  sim = await startCovaSimulator({ customers: 8, seed: 5, companyId: 4242 });
  company = `${sim.credentials.baseUrl}/v1/Companies(4242)`;
  token = (await json(tokenCall())).access_token as string;
});
afterEach(async () => {
  await sim.close();
});

function tokenCall(changes: Record<string, string> = {}) {
  const { username, password, clientId, clientSecret } = sim.credentials;
  const form = {
    grant_type: 'password',
    username,
    password,
    client_id: clientId,
    client_secret: clientSecret,
    ...changes,
  };
  return fetch(sim.credentials.authUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

function call(
  path: string,
  init: { method?: string; body?: unknown; authorization?: string | null; accept?: string; base?: string } = {},
) {
  const headers: Record<string, string> = { accept: init.accept ?? 'application/json' };
  const authorization = init.authorization === undefined ? `Bearer ${token}` : init.authorization;
  if (authorization !== null) headers.authorization = authorization;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${init.base ?? company}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

const json = async (response: Response | Promise<Response>) => (await (await response).json()) as Json;
const hal = 'application/hal+json';
const first = () => sim.store.all()[0] as CovaSimRecord;
const person = {
  CustomerTypeId: 2,
  PrimaryName: 'Ana',
  FamilyName: 'Silva',
  DateOfBirth: '1990-02-03',
  ContactMethods: [{ ContactMethodCategoryId: 1, ContactMethodTypeId: 3, Value: '(702) 555-0199', Default: true }],
};

describe('cova simulator: auth [3.2]', () => {
  it('issues a 12 h bearer token for the form-encoded password grant', async () => {
    const body = await json(tokenCall());
    const { access_token, refresh_token, ...published } = fixture('token.json');
    expect(body).toMatchObject(published);
    expect(typeof body.access_token).toBe('string');
  });

  it('refuses a wrong password or client secret with 401 and the OAuth2 error fields, and other grants with 400', async () => {
    const user = await tokenCall({ password: 'nope' });
    expect([user.status, await user.json()]).toEqual([401, fixture('error-invalid-grant.json')]);
    const client = await tokenCall({ client_secret: 'nope' });
    expect([client.status, (await json(client)).error]).toEqual([401, 'invalid_client']);
    const refresh = await tokenCall({ grant_type: 'refresh_token' });
    expect(refresh.status).toBe(400);
  });

  it('refuses calls without a bearer token, with a bare or expired token, and on another company', async () => {
    const id = first().Id;
    for (const authorization of [null, token, 'Bearer not-a-token']) {
      const response = await call(`/CustomerFull(${id})`, { authorization });
      expect([response.status, await response.json()]).toEqual([
        401,
        { Message: 'Authorization has been denied for this request.' },
      ]);
    }
    expect((await call(`/CustomerFull(${id})`, { base: `${sim.credentials.baseUrl}/v1/Companies(1)` })).status).toBe(
      403,
    );
    sim.tokens.expireAll();
    expect((await call(`/CustomerFull(${id})`)).status).toBe(401);
  });
});

describe('cova simulator: reading [3.3-3.5]', () => {
  it('answers CustomerFull by GUID in PascalCase, phones in ContactMethods and .NET times without offset', async () => {
    const record = first();
    const body = await json(call(`/CustomerFull(${record.Id})`));
    expect(body.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body).toMatchObject({ CustomerTypeId: 2, CustomerType: 'Person', Disabled: false, Version: 1 });
    expect(body.LastModifiedDateUtc).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(body.DateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00$/);
    const phones = (body.ContactMethods as Json[]).filter((c) => c.ContactMethodCategoryId === 1);
    for (const phone of phones) expect(phone).toMatchObject({ ContactMethodCategory: 'Phone', ContactMethodTypeId: 3 });
  });

  it('answers an unknown id with 404 {"Message":"Resource cannot be found"} as hal+json', async () => {
    const response = await call('/CustomerFull(00000000-0000-4000-8000-000000000000)');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/hal+json');
    expect(await response.json()).toEqual(fixture('error-not-found.json'));
  });

  it('pages with $skip/$top and relative HAL links when asked for hal+json, default 50, over 100 falling back to 100', async () => {
    for (let i = 0; i < 150; i += 1) sim.addCustomer();
    const firstPage = await json(call('/CustomerFull', { accept: hal }));
    expect(((firstPage._embedded as Json).self as unknown[]).length).toBe(50);
    expect((firstPage._links as Json).next).toEqual({ href: 'Companies(4242)/CustomerFull?$skip=50&$top=50' });
    const big = await json(call('/CustomerFull?$top=500&$skip=100', { accept: hal }));
    expect(((big._embedded as Json).self as unknown[]).length).toBe(58);
    expect((big._links as Json).next).toBeUndefined();
    expect((big._links as Json).prev).toEqual({ href: 'Companies(4242)/CustomerFull?$skip=0&$top=100' });
  });

  it('answers every match as a bare array without hal+json ("returns all the Customers")', async () => {
    for (let i = 0; i < 60; i += 1) sim.addCustomer();
    const body = (await (await call('/CustomerFull?$top=5')).json()) as unknown[];
    expect(body).toHaveLength(68);
  });

  it('filters on LastModifiedDateUtc ge datetime with a lower-case z, in change order, and refuses a bad filter', async () => {
    const records = sim.store.all();
    const middle = [...records].sort((a, b) => a.LastModifiedDateUtc.localeCompare(b.LastModifiedDateUtc))[4];
    const at = middle?.LastModifiedDateUtc.slice(0, 19) ?? '';
    const filter = encodeURIComponent(`LastModifiedDateUtc ge datetime'${at}z'`);
    const rows = (await (await call(`/CustomerFull?$filter=${filter}`)).json()) as CovaSimRecord[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.LastModifiedDateUtc.slice(0, 19) >= at)).toBe(true);
    expect(rows.map((r) => r.LastModifiedDateUtc)).toEqual(rows.map((r) => r.LastModifiedDateUtc).sort());
    const plain = (await (await call(`/CustomerFull?LastModifiedDateUtc=${at}`)).json()) as unknown[];
    expect(plain).toHaveLength(rows.length);
    const bad = await call(`/CustomerFull?$filter=${encodeURIComponent('PrimaryName eq 1')}`);
    expect([bad.status, (await json(bad)).Message]).toEqual([400, 'The query specified in the URI is not valid.']);
  });

  it('searches phone by digits and email without case, all criteria at once, and refuses an unknown field', async () => {
    const withPhone = sim.store.all().find((r) => r.ContactMethods.some((c) => c.ContactMethodCategoryId === 1));
    const phone = withPhone?.ContactMethods.find((c) => c.ContactMethodCategoryId === 1)?.Value ?? '';
    const search = (criteria: Json[]) => json(call('/Search', { method: 'POST', body: { Criteria: criteria } }));
    const byPhone = await search([{ Criteria: phone.replace(/\D/g, ''), Field: 'Phone', Operation: 'Equals' }]);
    expect((byPhone.Results as Json[]).map((r) => r.Id)).toContain(withPhone?.Id);
    expect(byPhone.Id).toBe(1);
    const both = await search([
      { Criteria: phone, Field: 'Phone', Operation: 'Equals' },
      { Criteria: 'nobody@example.com', Field: 'Contact', Operation: 'Equals' },
    ]);
    expect(both.Results).toEqual([]);
    expect(
      (await call('/Search', { method: 'POST', body: { Criteria: [{ Criteria: 'x', Field: 'Shoe' }] } })).status,
    ).toBe(400);
  });

  it('answers 429 the Azure API Management way past 10 calls a second for one company', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 14 }, () => call(`/CustomerFull(${first().Id})`).then((r) => r)),
    );
    const limited = statuses.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toBe('1');
    expect(await limited?.json()).toEqual({
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 1 seconds.',
    });
  });

  it('answers an injected 5xx with the ASP.NET body and serves a malformed record broken', async () => {
    sim.faults.set({ serverErrorBurst: 1, malformedIds: [first().Id] });
    const failed = await call('/CustomerFull');
    expect([failed.status, await failed.json()]).toEqual([500, { Message: 'An error has occurred.' }]);
    const rows = (await (await call('/CustomerFull')).json()) as Json[];
    expect(rows.find((r) => r.Id === first().Id)).toMatchObject({ PrimaryName: 42, ContactMethods: 'broken' });
  });

  it('seeds the same customers for the same seed', async () => {
    const twin = await startCovaSimulator({ customers: 8, seed: 5 });
    try {
      expect(twin.store.all().map((r) => [r.Id, r.PrimaryName, r.LastModifiedDateUtc])).toEqual(
        sim.store.all().map((r) => [r.Id, r.PrimaryName, r.LastModifiedDateUtc]),
      );
    } finally {
      await twin.close();
    }
  });
});

describe('cova simulator: writing [3.3, 3.4]', () => {
  it('creates a CustomerFull with 201, DoNotContact true by default, and child ids and type names', async () => {
    const response = await call('/CustomerFull', {
      method: 'POST',
      body: { ...person, CustomerExtensions: [{ ExtensionType: 'PatientType', Value: 'Medical' }] },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      Id: string;
      ContactMethods: Json[];
      CustomerExtensions: Json[];
    };
    expect(body).toMatchObject({ PrimaryName: 'Ana', DoNotContact: true, DateOfBirth: '1990-02-03T00:00:00' });
    expect(body.ContactMethods[0]).toMatchObject({ ContactMethodCategory: 'Phone', ContactMethodType: 'Mobile' });
    expect(body.ContactMethods[0]?.CustomerId).toBe(body.Id);
    expect(body.CustomerExtensions[0]).toMatchObject({ ExtensionTypeId: 101, ExtensionType: 'PatientType' });
  });

  it('does not refuse a duplicate, since Cova only asks integrators to search first', async () => {
    expect((await call('/CustomerFull', { method: 'POST', body: person })).status).toBe(201);
    expect((await call('/CustomerFull', { method: 'POST', body: person })).status).toBe(201);
    expect(sim.store.size).toBe(10);
  });

  it('refuses missing names, a missing CountryCode or ContactMethodTypeId and unknown extension types with ModelState', async () => {
    const response = await call('/CustomerFull', {
      method: 'POST',
      body: {
        PrimaryName: ' ',
        FamilyName: 'X',
        Addresses: [{ Locality: 'Reno' }],
        ContactMethods: [{ Value: 'a@b.co' }],
        CustomerExtensions: [{ ExtensionType: 'ShoeSize', Value: '9' }],
      },
    });
    expect(response.status).toBe(400);
    expect(Object.keys(((await response.json()) as { ModelState: Json }).ModelState)).toEqual([
      'customer.PrimaryName',
      'customer.Addresses[0].CountryCode',
      'customer.ContactMethods[0].ContactMethodTypeId',
      'customer.CustomerExtensions[0].ExtensionType',
    ]);
  });

  it('replaces the base fields on PUT Customers (omitted ones cleared), keeps children and bumps Version', async () => {
    const record = first();
    const response = await call(`/Customers(${record.Id})`, {
      method: 'PUT',
      body: { Id: record.Id, PrimaryName: 'New', FamilyName: 'Name' },
    });
    expect(response.status).toBe(200);
    const stored = sim.store.get(record.Id);
    expect(stored).toMatchObject({ PrimaryName: 'New', MiddleName: null, Notes: null, Version: 2, DoNotContact: true });
    expect(stored?.ContactMethods).toEqual(record.ContactMethods);
    const mismatch = await call(`/Customers(${record.Id})`, {
      method: 'PUT',
      body: { PrimaryName: 'a', FamilyName: 'b' },
    });
    expect(mismatch.status).toBe(400);
  });

  it('disables on DELETE: the customer stays readable and shows up as changed', async () => {
    const record = first();
    expect((await call(`/Customers(${record.Id})`, { method: 'DELETE' })).status).toBe(204);
    const body = await json(call(`/CustomerFull(${record.Id})`));
    expect(body.Disabled).toBe(true);
    const rows = (await (await call('/CustomerFull')).json()) as Json[];
    expect(rows.at(-1)?.Id).toBe(record.Id);
  });

  it('adds, replaces and removes contact methods, addresses and extensions one by one', async () => {
    const record = first();
    const added = await call(`/Customers(${record.Id})/ContactMethods`, {
      method: 'POST',
      body: { ContactMethodCategoryId: 2, ContactMethodTypeId: 9, Value: 'new@example.com', DoNotContact: false },
    });
    expect(added.status).toBe(201);
    const method = (await added.json()) as Json;
    const replaced = await call(`/Customers(${record.Id})/ContactMethods(${method.Id})`, {
      method: 'PUT',
      body: { ...method, Value: 'newer@example.com' },
    });
    expect((await json(replaced)).Value).toBe('newer@example.com');
    const extension = await call(`/Customers(${record.Id})/CustomerExtensions`, {
      method: 'POST',
      body: { ExtensionType: 'LoyaltyPoints', Value: '5' },
    });
    expect(extension.status).toBe(201);
    expect((await call(`/Customers(${record.Id})/ContactMethods(${method.Id})`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const stored = sim.store.get(record.Id);
    expect(stored?.ContactMethods.map((c) => c.Value)).not.toContain('newer@example.com');
    expect(stored?.Version).toBe(5); // one change per call
    const noCountry = await call(`/Customers(${record.Id})/Addresses`, { method: 'POST', body: { Locality: 'Reno' } });
    expect(noCountry.status).toBe(400);
  });
});
