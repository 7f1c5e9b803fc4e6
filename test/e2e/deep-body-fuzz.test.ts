/**
 * Bodies that cost too much to read, at every route under /api (the list comes from the app, like
 * the endpoint fuzz): nested thousands of levels deep (where a recursive walk of the value
 * overflowed the call stack and answered 500), nested one level past the limit, and wide ones near
 * the 64 KB limit. Without a token every answer is a 4xx problem; with one, a deep body is refused
 * with 400 as soon as the route reads its body (after the role check, which comes first).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/domain/json-depth.ts';
import { listApiRoutes } from '../../src/http/app.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t.close());

const arrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const DEEP: Record<string, string> = {
  'arrays 31,000 deep': arrays(31_000),
  'arrays 5,000 deep': arrays(5_000),
  'objects 5,000 deep': objects(5_000),
  'one level past the limit': objects(MAX_JSON_DEPTH + 1),
  'deep inside a field': JSON.stringify({ email: 'a@b.test', password: 'x' }).replace(
    '"x"',
    arrays(MAX_JSON_DEPTH + 1),
  ),
  'unclosed, 60,000 deep': '['.repeat(60_000),
};

const WIDE: Record<string, string> = {
  '30,000 numbers': `[${'0,'.repeat(30_000)}0]`,
  '5,000 fields': `{${Array.from({ length: 5_000 }, (_, i) => `"f${i}":1`).join(',')}}`,
  '2,000 strings of brackets': JSON.stringify(Array.from({ length: 2_000 }, () => '[[[[{{{{')),
  'nested to the limit': arrays(MAX_JSON_DEPTH),
};

const SOME_ID = '00000000-0000-4000-8000-000000000000';

function urlOf(route: string): string {
  return route.replace(/:vendor\b/, 'treez').replace(/:\w+/g, SOME_ID);
}

function send(method: string, url: string, body: string, token?: string, type = 'application/json') {
  return t.app.inject({
    method: method as 'POST',
    url,
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: body,
  });
}

function mediaTypesOf(method: string): string[] {
  return method === 'PATCH' ? ['application/json', 'application/merge-patch+json'] : ['application/json'];
}

function expectProblem(res: LightMyRequestResponse, what: string, statuses?: number[]) {
  const shown = `${what} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (statuses) expect(statuses, shown).toContain(res.statusCode);
  expect(res.statusCode, shown).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, shown).toBeLessThan(500);
  expect(res.headers['content-type'], shown).toMatch(/^application\/problem\+json/);
}

describe('deep and wide bodies at every route, without a token', () => {
  it('answer a 4xx problem, never 500', async () => {
    const routes = listApiRoutes(t.app);
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      for (const type of mediaTypesOf(route.method)) {
        for (const [name, body] of Object.entries({ ...DEEP, ...WIDE })) {
          const res = await send(route.method, urlOf(route.url), body, undefined, type);
          expectProblem(res, `${route.method} ${route.url} (${type}) with ${name}`);
        }
      }
    }
  }, 300_000);

  it('refuse a deep login body with 400 saying how deep a body may nest, before anything reads it', async () => {
    for (const [name, body] of Object.entries(DEEP)) {
      const res = await send('POST', '/api/v1/auth/login', body);
      expectProblem(res, name, [400]);
      expect(res.json().detail, name).toBe('The JSON body is nested deeper than 32 levels.');
    }
  });

  it('still read a body nested to the limit, and wide ones, as JSON (their fields are then judged)', async () => {
    for (const name of ['nested to the limit', '30,000 numbers', '5,000 fields']) {
      const res = await send('POST', '/api/v1/auth/login', WIDE[name]!);
      expectProblem(res, name, [422]);
    }
  });

  it('still refuse __proto__ and constructor.prototype keys, as Fastify does', async () => {
    for (const body of [
      '{"email":"a@b.test","password":"x","__proto__":{"admin":true}}',
      '{"email":"a@b.test","password":"x","constructor":{"prototype":{"admin":true}}}',
    ]) {
      expectProblem(await send('POST', '/api/v1/auth/login', body), body, [400]);
    }
  });
});

describe('deep bodies at every route that reads a body, with each kind of token', () => {
  it('answer 400 once the caller passes the role check, and 401 or 403 before it', async () => {
    const routes = listApiRoutes(t.app).filter((route) => route.method !== 'GET');
    for (const role of ['staff', 'manager', 'admin', 'kiosk', 'integration'] as const) {
      let refusedAsDeep = 0;
      for (const route of routes) {
        for (const type of mediaTypesOf(route.method)) {
          for (const [name, body] of Object.entries(DEEP)) {
            const what = `${role} ${route.method} ${route.url} (${type}) with ${name}`;
            // Inbound POS webhooks read no JSON: the signature covers the raw bytes.
            const allowed = route.url.startsWith('/api/v1/webhooks/') ? [404] : [400, 401, 403];
            const res = await send(route.method, urlOf(route.url), body, t.tokens[role], type);
            expectProblem(res, what, allowed);
            if (res.statusCode === 400) {
              expect(res.json().detail, what).toBe('The JSON body is nested deeper than 32 levels.');
              refusedAsDeep += 1;
            }
          }
        }
      }
      expect(refusedAsDeep, role).toBeGreaterThan(0);
    }
  }, 300_000);
});
