/**
 * The operator's endpoints, requested as a probe or a scraper would: `/metrics` answers Prometheus
 * text with the metrics an operator alerts on, and `/readyz` answers 503 problem+json when the
 * database does not answer (an app built on a pool that points at a closed port).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
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
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answers Prometheus text with process metrics and request latency by route pattern, never by raw URL', async () => {
    const id = '0b9c1a52-6f1e-4d7a-9c33-5a0d3e2f7b11';
    expect((await t.request('GET', `/api/v1/customers/${id}`, t.tokens.staff)).statusCode).toBe(404);
    const res = await t.request('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
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
  });

  it('needs no token and holds no personal data', async () => {
    const res = await t.request('GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('@demo.test');
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
