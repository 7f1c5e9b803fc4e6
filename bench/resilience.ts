/**
 * The POS transport on cockatiel against the hand-written one it replaced (issue 13, item 7), side by
 * side in one run over a loopback HTTP server: overhead per call (each path minus a bare fetch), and
 * the same fault scripts through both (retries, Retry-After, breaker transitions). The hand-written
 * transport is read from git (HANDWRITTEN_REV, default the last commit before the library) into a
 * temporary folder, so no copy of it lives in the tree. Prints a table; notes/issue13-resilience.md
 * keeps the figures.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Response } from 'undici';
import { loopbackAllowedOutbound, type OutboundHttp } from '../src/egress/outbound-http.ts';
import { credentialKey } from '../src/pos/credential-state.ts';
import type * as TransportModule from '../src/pos/transport.ts';
import * as current from '../src/pos/transport.ts';
import { integerEnv } from './bench-env.ts';

const HANDWRITTEN_REV = process.env.HANDWRITTEN_REV ?? '8020676';
const CALLS = integerEnv('RESILIENCE_CALLS', 2_000);
const ROUNDS = integerEnv('RESILIENCE_ROUNDS', 7);
const CONCURRENCY = integerEnv('RESILIENCE_CONCURRENCY', 16);
const STUB_CALLS = integerEnv('RESILIENCE_STUB_CALLS', 20_000);

const repo = fileURLToPath(new URL('..', import.meta.url));
const outbound = loopbackAllowedOutbound();

/** The hand-written transport, backoff and breaker of `rev`, importing the rest of Patron from this tree. */
async function handwritten(rev: string): Promise<{ module: typeof TransportModule; cleanup: () => void }> {
  const folder = mkdtempSync(join(tmpdir(), 'patron-handwritten-'));
  const own = ['transport', 'backoff', 'circuit-breaker'];
  for (const name of own) {
    const source = execFileSync('git', ['show', `${rev}:src/pos/${name}.ts`], { cwd: repo, encoding: 'utf8' });
    const rewritten = source.replace(/from '(\.\.?\/[^']+)'/g, (whole, path: string) => {
      if (path.startsWith('./') && own.includes(path.slice(2).replace(/\.ts$/, ''))) return whole;
      return `from '${pathToFileURL(join(repo, 'src/pos', path)).href}'`;
    });
    writeFileSync(join(folder, `${name}.ts`), rewritten);
  }
  const module = (await import(pathToFileURL(join(folder, 'transport.ts')).href)) as typeof TransportModule;
  return { module, cleanup: () => rmSync(folder, { recursive: true, force: true }) };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve() {
  let handler: Handler = (_req, res) => reply(res, 200, { id: 'c1', name: 'Jane' });
  const server = createServer((req, res) => handler(req, res));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    use(next: Handler) {
      handler = next;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const get = { method: 'GET', route: '/customer/{id}', path: '/customer/c1', idempotent: true } as const;

function build(
  module: typeof TransportModule,
  baseUrl: string,
  overrides: Partial<TransportModule.TransportOptions> = {},
) {
  return module.createTransport({
    vendor: 'treez',
    baseUrl,
    // Far above the calls made: the limiter's bookkeeping is measured, never its waits.
    rateLimit: { limit: 1_000_000_000, intervalMs: 1000 },
    limiterKey: credentialKey('treez', baseUrl, randomUUID()),
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 5_000 },
    outbound,
    ...overrides,
  });
}

type Call = () => Promise<unknown>;

/** µs per call for `calls` calls, `concurrency` at a time. */
async function timeCalls(call: Call, calls: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await call();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1000 / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function overhead(paths: Record<string, Call>, concurrency: number, calls: number) {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  for (const call of Object.values(paths)) await timeCalls(call, 200, concurrency); // warm-up
  // Interleaved rounds, so load from the other tenants of a shared machine falls on every path alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, call] of Object.entries(paths)) samples[name]?.push(await timeCalls(call, calls, concurrency));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** A fault script: what the vendor answers to its nth call, and what the caller did and saw. */
interface Script {
  name: string;
  answer: (call: number, res: ServerResponse) => void;
  options?: Partial<TransportModule.TransportOptions>;
  run: (t: TransportModule.Transport) => Promise<string>;
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: Error) => `${error.constructor.name}${/circuit open/.test(error.message) ? ' (circuit open)' : ''}`,
  );

const scripts: Script[] = [
  {
    name: '503, 503, then 200 (idempotent)',
    answer: (call, res) => reply(res, call < 3 ? 503 : 200, {}),
    run: (t) => outcome(t.request(get)),
  },
  {
    name: '500 always: 4 attempts, then gives up',
    answer: (_call, res) => reply(res, 500, {}),
    run: (t) => outcome(t.request(get)),
  },
  {
    name: '502 on a create: not retried',
    answer: (_call, res) => reply(res, 502, {}),
    run: (t) => outcome(t.request({ ...get, method: 'POST', json: {}, idempotent: false })),
  },
  {
    name: '429 Retry-After 0.2 s, then 200',
    answer: (call, res) => reply(res, call === 1 ? 429 : 200, {}, call === 1 ? { 'retry-after': '0.2' } : {}),
    run: async (t) => {
      const started = Date.now();
      const result = await outcome(t.request({ ...get, method: 'POST', json: {}, idempotent: false }));
      return `${result}, waited >= 200 ms: ${Date.now() - started >= 199}`;
    },
  },
  {
    name: '429 Retry-After 120 s (over the cap)',
    answer: (_call, res) => reply(res, 429, {}, { 'retry-after': '120' }),
    run: (t) => outcome(t.request(get)),
  },
  {
    name: 'breaker: 503 always, threshold 3; 2 requests',
    answer: (_call, res) => reply(res, 503, {}),
    options: { breaker: { failureThreshold: 3, cooldownMs: 60_000 } },
    run: async (t) => `${await outcome(t.request(get))}, then ${await outcome(t.request(get))}`,
  },
  {
    name: 'breaker: 503, cooldown, then 3 calls at once (slow 200)',
    answer: (call, res) => (call === 1 ? reply(res, 503, {}) : setTimeout(() => reply(res, 200, {}), 30)),
    options: {
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      breaker: { failureThreshold: 1, cooldownMs: 50 },
    },
    run: async (t) => {
      await outcome(t.request(get));
      await new Promise((resolve) => setTimeout(resolve, 60));
      const three = await Promise.all([t.request(get), t.request(get), t.request(get)].map(outcome));
      return three.join(' / ');
    },
  },
  {
    name: 'breaker: probe fails; next call',
    answer: (_call, res) => reply(res, 503, {}),
    options: {
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      breaker: { failureThreshold: 1, cooldownMs: 50 },
    },
    run: async (t) => {
      await outcome(t.request(get));
      await new Promise((resolve) => setTimeout(resolve, 60));
      return `${await outcome(t.request(get))}, then ${await outcome(t.request(get))}`;
    },
  },
];

async function behaviour(modules: Record<string, typeof TransportModule>, server: Awaited<ReturnType<typeof serve>>) {
  const rows: string[] = [];
  for (const script of scripts) {
    const cells: string[] = [];
    for (const module of Object.values(modules)) {
      let calls = 0;
      server.use((_req, res) => {
        calls += 1;
        script.answer(calls, res);
      });
      const said = await script.run(build(module, server.baseUrl, script.options));
      cells.push(`${said}; ${calls} call(s) reached the vendor`);
    }
    rows.push(`| ${script.name} | ${cells.join(' | ')} |`);
  }
  return rows;
}

const server = await serve();
const old = await handwritten(HANDWRITTEN_REV);
try {
  const modules = { 'hand-written': old.module, cockatiel: current };
  console.log(`node ${process.version}, ${CALLS} calls x ${ROUNDS} rounds, hand-written from ${HANDWRITTEN_REV}`);
  console.log(
    '| connector | concurrency | bare fetch µs/call | hand-written µs/call | cockatiel µs/call | hand-written overhead µs | cockatiel overhead µs | cockatiel / hand-written |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  // Loopback HTTP is what a call costs; the stub connector (an answer made in process) shows what the
  // resilience layer alone costs, without the network's noise on a shared machine.
  const stub: OutboundHttp = {
    policy: outbound.policy,
    fetch: async () => new Response('{"id":"c1","name":"Jane"}', { headers: { 'content-type': 'application/json' } }),
    close: async () => {},
  };
  for (const [connector, via] of [
    ['loopback HTTP', outbound],
    ['stub (no network)', stub],
  ] as const) {
    const bare: Call = async () => {
      const response = await via.fetch(new URL(`${server.baseUrl}/customer/c1`), {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
      JSON.parse(await response.text());
    };
    const transports = Object.fromEntries(
      Object.entries(modules).map(([name, module]) => {
        const t = build(module, server.baseUrl, { outbound: via });
        return [name, () => t.request(get)];
      }),
    );
    for (const concurrency of [1, CONCURRENCY]) {
      const us = await overhead({ bare, ...transports }, concurrency, via === stub ? STUB_CALLS : CALLS);
      const [b, h, c] = [us.bare ?? 0, us['hand-written'] ?? 0, us.cockatiel ?? 0];
      console.log(
        `| ${connector} | ${concurrency} | ${b.toFixed(1)} | ${h.toFixed(1)} | ${c.toFixed(1)} | ${(h - b).toFixed(1)} | ${(c - b).toFixed(1)} | ${(c / h).toFixed(3)} |`,
      );
    }
  }
  console.log('\n| fault script | hand-written | cockatiel |\n|---|---|---|');
  for (const row of await behaviour(modules, server)) console.log(row);
} finally {
  old.cleanup();
  await server.close();
}
