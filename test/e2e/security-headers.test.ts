/** Every answer carries the browser security headers, and no foreign origin is allowed by CORS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
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
