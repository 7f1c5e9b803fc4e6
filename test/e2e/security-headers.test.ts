/** Every answer carries the browser security headers, and no foreign origin is allowed by CORS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBody } from '../support/customer-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    configure: (app) => {
      // An answer that may be kept says so itself.
      app.get('/test-only/cacheable', async (_request, reply) =>
        reply.header('cache-control', 'public, max-age=60').send({ ok: true }),
      );
    },
  });
});
afterAll(() => t.close());

function expectSecurityHeaders(headers: Record<string, unknown>) {
  expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(headers['content-security-policy']).toMatch(/default-src 'self'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['access-control-allow-origin']).toBeUndefined();
}

describe('security headers', () => {
  it('are sent on API successes, problems, health and unknown paths', async () => {
    for (const res of [
      await t.request('GET', '/api/v1/me', t.tokens.staff),
      await t.request('GET', '/api/v1/customers'),
      await t.request('GET', '/healthz'),
      await t.request('GET', '/no/such/path'),
    ]) {
      expectSecurityHeaders(res.headers);
    }
  });

  it('are sent with the OpenAPI document, which the app can generate', async () => {
    const res = await t.request('GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
  });

  it('keep Swagger UI framed by nobody and its content types unsniffed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors/);
  });
});

describe('Cache-Control', () => {
  it('is no-store on answers holding personal data or tokens: login, /me, customers, kiosk, keys, integrations', async () => {
    const body = adultBody(901);
    const created = await t.request('POST', '/api/v1/customers', t.tokens.manager, body);
    expect(created.statusCode, created.body).toBe(201);
    const identified = await t.request('POST', '/api/v1/kiosk/identify', t.tokens.kiosk, {
      phone: body.phone,
      dateOfBirth: body.dateOfBirth,
    });
    expect(identified.statusCode, identified.body).toBe(200);
    const answers = {
      login: await t.request('POST', '/api/v1/auth/login', undefined, {
        email: 'staff@demo.test',
        password: 'patron-demo-test',
      }),
      me: await t.request('GET', '/api/v1/me', t.tokens.staff),
      customerMe: await t.request('GET', '/api/v1/me', identified.json().customerToken),
      customerCreate: created,
      customer: await t.request('GET', `/api/v1/customers/${created.json().id}`, t.tokens.staff),
      customerList: await t.request('GET', '/api/v1/customers?q=Scott901', t.tokens.staff),
      kioskIdentify: identified,
      kioskSignup: await t.request('POST', '/api/v1/kiosk/signup', t.tokens.kiosk, adultBody(902)),
      apiKey: await t.request('POST', '/api/v1/api-keys', t.tokens.admin, { name: 'Cache test', role: 'integration' }),
      integration: await t.request('PUT', `/api/v1/stores/${t.demo.storeIds.Treez}/integration`, t.tokens.admin, {
        vendor: 'treez',
        credentials: { baseUrl: 'http://127.0.0.1:9/v2.0/dispensary/cache', clientId: 'c', apiKey: 'k' },
        pollIntervalSeconds: 3600,
        enabled: false,
      }),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
      expect(res.headers['cache-control'], what).toBe('no-store');
    }
  });

  it('is no-store on problems, health, readiness, the OpenAPI document and unknown paths', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/customers'],
      ['POST', '/api/v1/auth/login', { email: 'nobody@demo.test', password: 'x' }],
      ['GET', '/healthz'],
      ['GET', '/readyz'],
      ['GET', '/openapi.json'],
      ['GET', '/no/such/path'],
    ] as const) {
      const res = await t.request(method, url, undefined, body);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('leaves the caching an answer sets for itself', async () => {
    const res = await t.request('GET', '/test-only/cacheable');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
  });
});

describe('CORS', () => {
  it('answers a preflight from a foreign origin without allowing it', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/customers',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-headers']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expectSecurityHeaders(res.headers);
  });

  it('gives a cross-origin call no Access-Control-Allow-Origin, so the browser keeps the answer from the page', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${t.tokens.staff}` },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
