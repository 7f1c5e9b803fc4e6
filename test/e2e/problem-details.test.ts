/** Every error answer is RFC 9457 problem+json with the same shape, and leaks nothing internal. */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const logLines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger('info', sink),
    loginPolicy: { accountLimit: 1 },
    // A route that fails the way a bug would: a query error quoting its SQL and a parameter value.
    configure: (app, database) =>
      app.get('/test-only/boom', async () => {
        await database.db.execute(sql`SELECT * FROM no_such_table WHERE email = ${'leak@example.com'}`);
      }),
  });
});
afterAll(() => t.close());

function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({
    type: expect.stringMatching(/^https:\/\/patron\.dev\/problems\//),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.stringMatching(/^\//),
  });
  return body;
}

describe('problem+json', () => {
  it('422 for a malformed query parameter (API.md: like a body)', async () => {
    const body = expectProblem(await t.request('GET', '/api/v1/stores?limit=abc', t.tokens.staff), 422);
    expect(body.errors[0].path).toBe('limit');
  });

  it('400 for a body that is not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expectProblem(res, 400);
  });

  it('401 without a token', async () => {
    expectProblem(await t.request('GET', '/api/v1/stores'), 401);
  });

  it('403 for a role that may not act', async () => {
    expectProblem(await t.request('POST', '/api/v1/stores', t.tokens.staff, { name: 'X', timezone: 'UTC' }), 403);
  });

  it('404 for an unknown route, an unknown id and an id that is not a UUID', async () => {
    expectProblem(await t.request('GET', '/api/v1/nothing-here', t.tokens.staff), 404);
    expectProblem(await t.request('GET', '/api/v1/stores/00000000-0000-4000-8000-000000000000', t.tokens.staff), 404);
    expectProblem(await t.request('GET', "/api/v1/stores/1'%20OR%201=1", t.tokens.staff), 404);
  });

  it('422 naming each bad field, including unknown ones', async () => {
    const body = expectProblem(
      await t.request('POST', '/api/v1/stores', t.tokens.admin, {
        name: '',
        timezone: 'Mars/Olympus',
        address: { line1: '1 Main', city: 'Reno', state: 'ZZ', postalCode: '123' },
        color: 'green',
      }),
      422,
    );
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['address.postalCode', 'address.state', 'color', 'name', 'timezone']);
    expect(body.errors.find((e: { path: string }) => e.path === 'timezone').message).toMatch(/IANA time zone/);
  });

  it('413 for a body over 64 KB', async () => {
    const res = await t.request('POST', '/api/v1/stores', t.tokens.admin, {
      name: 'x'.repeat(70_000),
      timezone: 'UTC',
    });
    expectProblem(res, 413);
  });

  it('429 with Retry-After when throttled', async () => {
    await t.request('POST', '/api/v1/auth/login', undefined, { email: 'throttle@demo.test', password: 'wrong-one' });
    const res = await t.request('POST', '/api/v1/auth/login', undefined, {
      email: 'throttle@demo.test',
      password: 'wrong-two',
    });
    expectProblem(res, 429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('500 without stack, SQL or parameter values, and the log keeps no parameter values either', async () => {
    const res = await t.request('GET', '/test-only/boom', t.tokens.staff);
    const body = expectProblem(res, 500);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/no_such_table|SELECT|leak@example\.com|at .*\.ts/);
    expect(body.requestId).toBe(res.headers['x-request-id']);
    const logged = logLines.join('');
    expect(logged).toContain(body.requestId);
    expect(logged).not.toContain('leak@example.com');
  });

  it('no log line carries a password, an email or a token from the requests', async () => {
    const logged = logLines.join('');
    expect(logged).not.toContain('throttle@demo.test');
    expect(logged).not.toContain('wrong-one');
    expect(logged).not.toContain(t.tokens.staff);
  });
});

describe('access log', () => {
  it('writes one line per request, with the route pattern and never the query', async () => {
    logLines.length = 0;
    const res = await t.request('GET', '/api/v1/stores?limit=2&cursor=x', t.tokens.staff);
    const mine = logLines.filter((l) => l.includes(res.headers['x-request-id'] as string));
    expect(mine).toHaveLength(1);
    expect(JSON.parse(mine[0]!)).toMatchObject({ method: 'GET', route: '/api/v1/stores', status: 422, msg: 'request' });
    expect(mine[0]).not.toContain('cursor');
  });
});
