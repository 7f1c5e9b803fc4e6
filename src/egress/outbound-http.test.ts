import type { lookup as dnsLookup } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LOOPBACK_TARGETS } from './allowed-targets.ts';
import { createOutboundHttp, isTargetRefused, type OutboundHttp } from './outbound-http.ts';
import { createTargetPolicy } from './target-policy.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A server on `host` that answers 200 "secret" (or redirects to `redirect`) and counts what reached it. */
async function serve(host: string, redirect?: () => string) {
  const state = { calls: 0 };
  const server: Server = createServer((_req, res) => {
    state.calls += 1;
    if (redirect) res.writeHead(302, { location: redirect() }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('secret');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { state, port: (server.address() as AddressInfo).port };
}

function outbound(allowed: readonly string[], lookup?: typeof dnsLookup): OutboundHttp {
  const http = createOutboundHttp(createTargetPolicy(allowed), lookup ? { lookup } : {});
  cleanups.push(() => http.close());
  return http;
}

/** A resolver that answers `address` for every name: what a rebinding name does after registration. */
function resolvingTo(address: string): typeof dnsLookup {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as typeof dnsLookup;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to be refused');
    },
    (error: unknown) => error,
  );
}

describe('outbound http (the guarded connector)', () => {
  it('refuses a loopback IP literal before connecting, when loopback is not allowed', async () => {
    const target = await serve('127.0.0.1');
    const error = await failureOf(outbound([]).fetch(`http://127.0.0.1:${target.port}/`));
    expect(isTargetRefused(error)).toBe(true);
    expect(target.state.calls).toBe(0);
  });

  it('refuses the numeric spellings of loopback (hex, decimal, mapped IPv6) the same way', async () => {
    const target = await serve('127.0.0.1');
    const http = outbound([]);
    for (const host of ['0x7f000001', '2130706433', '0177.0.0.1', '127.1']) {
      expect(isTargetRefused(await failureOf(http.fetch(`http://${host}:${target.port}/`))), host).toBe(true);
    }
    expect(isTargetRefused(await failureOf(http.fetch(`http://[::ffff:127.0.0.1]:${target.port}/`)))).toBe(true);
    expect(target.state.calls).toBe(0);
  });

  it('refuses a name that resolves to 127.0.0.1 (DNS rebinding): the resolved address is checked at connect time', async () => {
    const target = await serve('127.0.0.1');
    const http = outbound([], resolvingTo('127.0.0.1'));
    const error = await failureOf(http.fetch(`http://pos.rebind.example:${target.port}/`));
    expect(isTargetRefused(error)).toBe(true);
    expect(target.state.calls).toBe(0);
  });

  it('refuses a name that resolves to a metadata address even when the name itself is allow-listed', async () => {
    const http = outbound(['pos.internal', '169.254.0.0/16'], resolvingTo('169.254.169.254'));
    expect(isTargetRefused(await failureOf(http.fetch('http://pos.internal/latest/meta-data/')))).toBe(true);
  });

  it('reaches loopback when it is allowed, as demo mode and the test apps allow it', async () => {
    const target = await serve('127.0.0.1');
    const response = await outbound(LOOPBACK_TARGETS).fetch(`http://127.0.0.1:${target.port}/`);
    expect(await response.text()).toBe('secret');
    const named = await outbound(LOOPBACK_TARGETS, resolvingTo('127.0.0.1')).fetch(`http://sim.test:${target.port}/`);
    expect(named.status).toBe(200);
  });

  it('checks every redirect hop: an allowed host redirecting to a refused one is refused at the second connect', async () => {
    const inner = await serve('127.0.0.1');
    // 127.0.0.2 is loopback too, but only it is listed: the hop to 127.0.0.1 must be refused.
    const outer = await serve('127.0.0.2', () => `http://127.0.0.1:${inner.port}/`);
    const http = outbound(['127.0.0.2/32']);
    const error = await failureOf(http.fetch(`http://127.0.0.2:${outer.port}/`, { redirect: 'follow' }));
    expect(isTargetRefused(error)).toBe(true);
    expect(outer.state.calls).toBe(1);
    expect(inner.state.calls).toBe(0);
  });

  it('says only "not an allowed address": no status, body or socket error of the refused target', async () => {
    const target = await serve('127.0.0.1');
    const error = await failureOf(outbound([]).fetch(`http://127.0.0.1:${target.port}/`));
    const refusal = (error as Error).cause as Error & { code?: string };
    expect(refusal.message).toBe('not an allowed address');
    expect(refusal.code).toBe('ERR_PATRON_TARGET_REFUSED');
  });
});
