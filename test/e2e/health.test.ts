/**
 * The operator's endpoints, requested as a probe or a scraper would: `/metrics` answers Prometheus
 * text with the metrics an operator alerts on, on the metrics listener only (the public port answers
 * 404), behind the metrics token when one is set; and `/readyz` answers 503 problem+json when the
 * database does not answer (an app built on a pool that points at a closed port).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { type MetricsListener, startMetricsListener } from '../../src/http/metrics-server.ts';
import { createLogger } from '../../src/logger.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { createTestApp, TEST_MASTER_KEY, type TestApp } from '../support/test-app.ts';

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GET /metrics and /readyz on a database that answers', () => {
  let t: TestApp;
  let listener: MetricsListener;
  let guarded: MetricsListener;
  const token = 'metrics-token-for-tests-0123456789';
  beforeAll(async () => {
    t = await createTestApp();
    const logger = createLogger('silent');
    // Port 0: the system picks a free one; loopback only, as in production by default.
    listener = await startMetricsListener({ metrics: t.metrics, token: undefined, logger, host: '127.0.0.1', port: 0 });
    guarded = await startMetricsListener({ metrics: t.metrics, token, logger, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await listener?.close();
    await guarded?.close();
    await t?.close();
  });

  it('answers 404 problem+json for /metrics on the public port, like any path it does not serve', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).not.toContain('patron_');
  });

  it('answers Prometheus text on the metrics listener, with process metrics and request latency by route pattern, never by raw URL', async () => {
    const id = '0b9c1a52-6f1e-4d7a-9c33-5a0d3e2f7b11';
    expect((await t.request('GET', `/api/v1/customers/${id}`, t.tokens.staff)).statusCode).toBe(404);
    const res = await fetch(`${listener.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      'patron_process_cpu_user_seconds_total',
      'patron_process_resident_memory_bytes',
      'patron_nodejs_heap_size_used_bytes',
      'patron_nodejs_eventloop_lag_seconds',
    ]) {
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    }
    expect(text).toMatch(/^# TYPE patron_http_request_duration_seconds histogram$/m);
    expect(text).toMatch(
      /^patron_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/customers\/:id",status="404"\} 1$/m,
    );
    expect(text).not.toContain(id);
    expect(text).not.toContain('@demo.test');
  });

  it('serves nothing else on the metrics listener', async () => {
    for (const path of ['/healthz', '/api/v1/me', '/openapi.json']) {
      const res = await fetch(`${listener.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/problem\+json/);
    }
  });

  it('with a metrics token, answers 401 problem+json without it or with another, and the metrics with it', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${token}x`, token, `Basic ${token}`]) {
      const res = await fetch(`${guarded.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain('patron_process');
    }
    const res = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^# TYPE patron_http_request_duration_seconds histogram$/m);
  });

  it('answers /readyz 200 ready while the database answers', async () => {
    const res = await t.request('GET', '/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });
});

describe('GET /readyz on a database that does not answer', () => {
  let database: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    const port = await closedPort();
    database = connect(
      {
        ownerUrl: `postgres://patron:nopassword@127.0.0.1:${port}/patron`,
        appUrl: `postgres://patron_app:nopassword@127.0.0.1:${port}/patron`,
      },
      { poolSize: 1 },
      async () => {},
    );
    app = await buildApp({
      db: database.db,
      protection: createFieldProtection(TEST_MASTER_KEY),
      logger: createLogger('silent'),
      loginPolicy: { sessionTtlMs: 60_000, accountLimit: 5, addressLimit: 100, windowMs: 60_000 },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers 503 problem+json when the database does not answer, while /healthz still answers 200', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
    expect(res.json().detail).toBe('The database does not answer.');
    expect(res.body).not.toContain('nopassword');
    const live = await app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
  });
});
