import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundHttp, loopbackAllowedOutbound } from '../egress/outbound-http.ts';
import { createTargetPolicy } from '../egress/target-policy.ts';
import { createLogger } from '../logger.ts';
import { credentialKey } from './credential-state.ts';
import {
  PosAuthFailed,
  PosMalformed,
  PosNotFound,
  PosRateLimited,
  PosRejected,
  PosTargetRefused,
  PosUnavailable,
} from './port.ts';
import { TokenCache } from './token-cache.ts';
import { createTransport, type TransportOptions, tokenAuth } from './transport.ts';

/** The simulators listen on loopback: allowed here explicitly, as demo mode allows it. */
const outbound = loopbackAllowedOutbound();

type Handler = (req: IncomingMessage, res: ServerResponse, call: number) => void;

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (s) await new Promise((resolve) => s.close(resolve));
});

/** A loopback server answering each call with `handler`; `calls` counts what reached it. */
async function serve(handler: Handler) {
  const state = { calls: 0, headers: [] as IncomingMessage['headers'][] };
  server = createServer((req, res) => {
    state.calls += 1;
    state.headers.push(req.headers);
    handler(req, res, state.calls);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { state, baseUrl: `http://127.0.0.1:${port}/api` };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function transport(baseUrl: string, overrides: Partial<TransportOptions> = {}) {
  const waits: number[] = [];
  const t = createTransport({
    vendor: 'treez',
    baseUrl,
    rateLimit: { limit: 1000, intervalMs: 1000 },
    limiterKey: credentialKey('treez', baseUrl, randomUUID()),
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 5_000 },
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
    },
    outbound,
    ...overrides,
  });
  return { t, waits };
}

const get = { method: 'GET', route: '/thing', path: '/thing', idempotent: true } as const;

describe('transport', () => {
  it('refuses a base URL at a refused address without sending anything or retrying, saying only "not an allowed address"', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 401, { error: 'who are you' }));
    const { t, waits } = transport(baseUrl, { outbound: createOutboundHttp(createTargetPolicy([])) });
    const error = (await t.request(get).catch((e: unknown) => e)) as PosTargetRefused;
    expect(error).toBeInstanceOf(PosTargetRefused);
    expect(error.transient).toBe(false);
    expect(error.message).toBe('treez: GET /thing: not an allowed address');
    expect(state.calls).toBe(0);
    expect(waits).toEqual([]);
  });

  it('goes through the public-only connector when given none: loopback is refused', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 200, { ok: true }));
    const { t } = transport(baseUrl, { outbound: undefined });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosTargetRefused);
    expect(state.calls).toBe(0);
  });

  it('refuses an answer nested deeper than 64 levels as malformed, unparsed and without retrying', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const { state, baseUrl } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(deep);
    });
    const { t, waits } = transport(baseUrl);
    const error = (await t.request(get).catch((e: unknown) => e)) as PosMalformed;
    expect(error).toBeInstanceOf(PosMalformed);
    expect(error.message).toBe('treez: GET /thing: the answer nests deeper than 64 levels');
    expect(state.calls).toBe(1);
    expect(waits).toEqual([]);
    // 64 levels are read as they are.
    const { baseUrl: fine } = await serve((_req, res) =>
      json(res, 200, JSON.parse(`${'['.repeat(64)}${']'.repeat(64)}`)),
    );
    expect((await transport(fine).t.request(get)).body).toEqual(JSON.parse(`${'['.repeat(64)}${']'.repeat(64)}`));
  });

  it('retries an idempotent call after 5xx and answers the eventual success', async () => {
    const { state, baseUrl } = await serve((_req, res, call) =>
      call < 3 ? json(res, 503, { oops: true }) : json(res, 200, { ok: 1 }),
    );
    const { t } = transport(baseUrl);
    const response = await t.request(get);
    expect(response.body).toEqual({ ok: 1 });
    expect(state.calls).toBe(3);
  });

  it('gives up after the configured attempts with PosUnavailable', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 500, {}));
    const { t } = transport(baseUrl);
    await expect(t.request(get)).rejects.toBeInstanceOf(PosUnavailable);
    expect(state.calls).toBe(4);
  });

  it('does not retry a non-idempotent call after a 5xx', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 502, {}));
    const { t } = transport(baseUrl);
    await expect(t.request({ ...get, method: 'POST', json: {}, idempotent: false })).rejects.toBeInstanceOf(
      PosUnavailable,
    );
    expect(state.calls).toBe(1);
  });

  it('retries a 429 even for a create, waiting at least the Retry-After the vendor sent', async () => {
    const arrived: number[] = [];
    const { state, baseUrl } = await serve((_req, res, call) => {
      arrived.push(Date.now());
      if (call === 1) json(res, 429, {}, { 'retry-after': '1' });
      else json(res, 200, { id: 1 });
    });
    const { lines, logger } = logLines();
    const { t } = transport(baseUrl, { logger });
    await t.request({ ...get, method: 'POST', json: {}, idempotent: false });
    expect(state.calls).toBe(2);
    expect(retryPauses(lines)).toEqual([expect.any(Number)]);
    expect(retryPauses(lines)[0]).toBeGreaterThanOrEqual(1000);
    // Date.now() is whole milliseconds on both ends: allow one for rounding.
    expect((arrived[1] ?? 0) - (arrived[0] ?? 0)).toBeGreaterThanOrEqual(999);
  });

  it('backs off with jitter below the exponential ceiling when a 429 has no Retry-After', async () => {
    const { baseUrl } = await serve((_req, res, call) => (call < 4 ? json(res, 429, {}) : json(res, 200, {})));
    const { lines, logger } = logLines();
    const { t } = transport(baseUrl, { random: () => 0.999, logger });
    await t.request(get);
    const pauses = retryPauses(lines);
    expect(pauses.length).toBeGreaterThanOrEqual(3);
    for (const [retry, ms] of pauses.slice(0, 3).entries()) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(10 * 2 ** retry);
    }
  });

  it('holds every call on the credential set back while a 429 Retry-After runs, not only the retried one', async () => {
    const arrived: { url: string; at: number }[] = [];
    const { baseUrl } = await serve((req, res, call) => {
      arrived.push({ url: req.url ?? '', at: Date.now() });
      if (call === 1) json(res, 429, {}, { 'retry-after': '0.3' });
      else json(res, 200, {});
    });
    const limiterKey = credentialKey('treez', baseUrl, randomUUID());
    const first = transport(baseUrl, { limiterKey, sleep: undefined }).t;
    const other = transport(baseUrl, { limiterKey, sleep: undefined }).t;
    const retried = first.request(get);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.request({ ...get, path: '/other' });
    await retried;
    const limited = arrived[0]?.at ?? 0;
    const otherCall = arrived.find((call) => call.url.endsWith('/other'));
    expect((otherCall?.at ?? 0) - limited).toBeGreaterThanOrEqual(299);
  });

  it('fails with PosRateLimited carrying retryAfterMs when the vendor asks for a longer pause than allowed', async () => {
    const { baseUrl } = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '120' }));
    const { t } = transport(baseUrl);
    const error = await t.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosRateLimited);
    expect((error as PosRateLimited).retryAfterMs).toBe(120_000);
  });

  it('maps 401, 404 and 400 to AuthFailed, NotFound and Rejected without retrying', async () => {
    const statuses = [401, 404, 400];
    const { state, baseUrl } = await serve((_req, res, call) => json(res, statuses[call - 1] ?? 500, {}));
    const { t } = transport(baseUrl);
    await expect(t.request(get)).rejects.toBeInstanceOf(PosAuthFailed);
    await expect(t.request(get)).rejects.toBeInstanceOf(PosNotFound);
    await expect(t.request(get)).rejects.toBeInstanceOf(PosRejected);
    expect(state.calls).toBe(3);
  });

  it('turns a hung response into PosUnavailable after the timeout', async () => {
    const { baseUrl } = await serve((_req, res, call) => {
      if (call === 1) setTimeout(() => json(res, 200, {}), 500);
      else json(res, 200, { second: true });
    });
    const { t } = transport(baseUrl, { timeoutMs: 100 });
    const response = await t.request(get);
    expect(response.body).toEqual({ second: true });
    const { t: once } = transport(baseUrl, { timeoutMs: 50, retry: { ...retryOnce } });
    server?.removeAllListeners('request');
    server?.on('request', (_req: IncomingMessage, res: ServerResponse) => setTimeout(() => json(res, 200, {}), 300));
    await expect(once.request(get)).rejects.toThrow(/timed out/);
  });

  it('turns a reset connection into PosUnavailable and retries it', async () => {
    const { state, baseUrl } = await serve((req, res, call) => {
      if (call === 1) req.socket.destroy();
      else json(res, 200, { ok: true });
    });
    const { t } = transport(baseUrl);
    expect((await t.request(get)).body).toEqual({ ok: true });
    expect(state.calls).toBe(2);
  });

  it('opens the circuit after repeated failures and then fails fast without calling the vendor', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 503, {}));
    const { t } = transport(baseUrl, { breaker: { failureThreshold: 3, cooldownMs: 60_000 } });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosUnavailable);
    const callsBefore = state.calls;
    const error = await t.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PosUnavailable);
    expect((error as PosUnavailable).message).toMatch(/circuit open/);
    // The remaining cooldown, for the job scheduler to wait.
    expect((error as PosUnavailable).retryAfterMs).toBeGreaterThan(0);
    expect((error as PosUnavailable).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(state.calls).toBe(callsBefore);
  });

  it('does not open the circuit when an answer interrupts the failures, a 4xx included', async () => {
    const statuses = [503, 503, 404, 503, 503, 200];
    const { state, baseUrl } = await serve((_req, res, call) => json(res, statuses[call - 1] ?? 200, {}));
    const { t } = transport(baseUrl, { retry: retryOnce, breaker: { failureThreshold: 3, cooldownMs: 60_000 } });
    for (const status of statuses.slice(0, 5)) {
      await expect(t.request(get)).rejects.toBeInstanceOf(status === 404 ? PosNotFound : PosUnavailable);
    }
    expect((await t.request(get)).status).toBe(200);
    expect(state.calls).toBe(6);
  });

  it('lets exactly one probe through after the cooldown, the others waiting for it, and closes when it succeeds', async () => {
    let probing = false;
    let arrivedDuringProbe = 0;
    const { state, baseUrl } = await serve((_req, res, call) => {
      if (call === 1) return json(res, 503, {});
      if (probing) arrivedDuringProbe += 1;
      if (call === 2) probing = true;
      setTimeout(() => {
        if (call === 2) probing = false;
        json(res, 200, { call });
      }, 40);
    });
    const { t } = transport(baseUrl, { retry: retryOnce, breaker: { failureThreshold: 1, cooldownMs: 50 } });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosUnavailable);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const answers = await Promise.all([t.request(get), t.request(get), t.request(get)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.body).toEqual({ call: 2 });
    expect(arrivedDuringProbe).toBe(0);
    expect(state.calls).toBe(4);
  });

  it('opens again for a full cooldown when the probe fails', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 503, {}));
    const { t } = transport(baseUrl, { retry: retryOnce, breaker: { failureThreshold: 1, cooldownMs: 200 } });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosUnavailable);
    await new Promise((resolve) => setTimeout(resolve, 220));
    await expect(t.request(get)).rejects.toThrow(/answered 503/);
    expect(state.calls).toBe(2);
    const error = (await t.request(get).catch((e: unknown) => e)) as PosUnavailable;
    expect(error.message).toMatch(/circuit open/);
    expect(error.retryAfterMs).toBeGreaterThan(150);
    expect(state.calls).toBe(2);
  });

  it('recovers from an open circuit when the first call after the cooldown must fetch a token first', async () => {
    const { baseUrl } = await serve((req, res, call) => {
      if (req.url?.endsWith('/token')) json(res, 200, { token: `tok-${call}` });
      else if (call === 2) json(res, 503, {});
      else json(res, 200, { ok: true });
    });
    const { t } = transport(baseUrl, {
      retry: retryOnce,
      breaker: { failureThreshold: 1, cooldownMs: 50 },
      auth: tokenAuth(
        new TokenCache(
          async () => {
            const answer = await t.request({ ...get, route: '/token', path: '/token', authenticated: false });
            // Expires before the cooldown ends, so the probe call has to fetch a new one.
            return { value: (answer.body as { token: string }).token, expiresAt: Date.now() + 30 };
          },
          { refreshSkewMs: 0 },
        ),
        (token) => ({ authorization: token }),
      ),
    });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosUnavailable);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await t.request(get)).body).toEqual({ ok: true });
    expect((await t.request(get)).body).toEqual({ ok: true });
  });

  it('passes on a token fetch that failed after its own retries, without retrying it again for the waiting call', async () => {
    const { state, baseUrl } = await serve((req, res) => {
      if (req.url?.endsWith('/token')) json(res, 502, {});
      else json(res, 200, { ok: true });
    });
    const { t } = transport(baseUrl, {
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 50 },
      auth: tokenAuth(
        new TokenCache(async () => {
          const answer = await t.request({ ...get, route: '/token', path: '/token', authenticated: false });
          return { value: (answer.body as { token: string }).token, expiresAt: Date.now() + 60_000 };
        }),
        (token) => ({ authorization: token }),
      ),
    });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosUnavailable);
    // The fetch's two attempts, and nothing more: not two more for the call's own retry.
    expect(state.calls).toBe(2);
  });

  it('keeps to the rate limit of the credential set across two transports sharing it', async () => {
    const { state, baseUrl } = await serve((_req, res) => json(res, 200, {}));
    const limiterKey = credentialKey('treez', baseUrl, randomUUID());
    const options = { rateLimit: { limit: 5, intervalMs: 100 }, limiterKey, sleep: undefined };
    const a = transport(baseUrl, options).t;
    const b = transport(baseUrl, options).t;
    const started = Date.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => (i % 2 ? a : b).request(get)));
    // 5 at once, then 10 more at 5 per 100 ms: at least 200 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(state.calls).toBe(15);
  });

  it('fetches one token for many concurrent calls and refreshes it once when the vendor refuses it', async () => {
    let issued = 0;
    const tokens = new TokenCache(async () => {
      issued += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { value: `tok-${issued}`, expiresAt: Date.now() + 3_600_000 };
    });
    const { baseUrl } = await serve((req, res) => {
      // The vendor expires the first token after a while.
      if (req.headers.authorization === 'tok-1' && req.url?.includes('late')) json(res, 401, {});
      else json(res, 200, { token: req.headers.authorization });
    });
    const { t } = transport(baseUrl, { auth: tokenAuth(tokens, (token) => ({ authorization: token })) });
    await Promise.all(Array.from({ length: 10 }, () => t.request(get)));
    expect(issued).toBe(1);
    const late = await t.request({ ...get, path: '/late' });
    expect(late.body).toEqual({ token: 'tok-2' });
    expect(issued).toBe(2);
  });

  it('reports AuthFailed when a fresh token is refused too, after exactly one refresh', async () => {
    let issued = 0;
    const tokens = new TokenCache(async () => ({ value: `tok-${++issued}`, expiresAt: Date.now() + 3_600_000 }));
    const { state, baseUrl } = await serve((_req, res) => json(res, 401, {}));
    const { t } = transport(baseUrl, { auth: tokenAuth(tokens, (token) => ({ authorization: token })) });
    await expect(t.request(get)).rejects.toBeInstanceOf(PosAuthFailed);
    expect(issued).toBe(2);
    expect(state.calls).toBe(2);
  });

  it('logs a retry with the route template and never the filled-in path or credentials', async () => {
    const { lines, logger } = logLines();
    const { baseUrl } = await serve((_req, res, call) => (call === 1 ? json(res, 503, {}) : json(res, 200, {})));
    const { t } = transport(baseUrl, { logger });
    await t.request({
      method: 'GET',
      route: '/customer/phone/{phone}',
      path: '/customer/phone/7025550123',
      headers: { authorization: 'token-SECRET', apikey: 'key-SECRET' },
      idempotent: true,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/customer/phone/{phone}');
    expect(lines[0]).not.toMatch(/7025550123|SECRET|127\.0\.0\.1/);
  });

  it('never puts the path, query or credentials of a call into its error message', async () => {
    const { baseUrl } = await serve((_req, res) => json(res, 500, { secret: 'apikey-XYZ' }));
    const { t } = transport(baseUrl, { retry: retryOnce });
    const error = (await t
      .request({
        method: 'GET',
        route: '/customer/email/{email}',
        path: '/customer/email/jane%40example.com',
        headers: { apikey: 'apikey-XYZ' },
        idempotent: true,
      })
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('/customer/email/{email}');
    expect(error.message).not.toMatch(/jane|example|apikey-XYZ|127\.0\.0\.1/);
  });
});

const retryOnce = { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 };

/** A logger writing into `lines`, one JSON line per entry. */
function logLines() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

/** The pause each logged retry announced, in order. */
function retryPauses(lines: string[]): number[] {
  return lines.map((line) => JSON.parse(line) as { pauseMs?: number }).flatMap((entry) => entry.pauseMs ?? []);
}
