/**
 * The one way Patron makes an outbound HTTP request (POS clients, their token calls, connection
 * tests, webhook deliveries): undici's `fetch` through an `Agent` whose connector checks every
 * address it is about to connect to against the `TargetPolicy`. The check runs on the address the
 * name RESOLVED to, inside the connect itself, so a name that answers a public address when it is
 * registered and a private one later (DNS rebinding) is still refused; every redirect hop and every
 * new pooled connection is a new connect, so it goes through the same check. A refusal is a
 * `TargetRefused` ("not an allowed address") raised before any packet leaves: callers report it in
 * those words only, so no status, banner or socket error of the refused target can come back.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, type RequestInit, type Response, fetch as undiciFetch } from 'undici';
import { unbracket } from './address-class.ts';
import { LOOPBACK_TARGETS } from './allowed-targets.ts';
import { createTargetPolicy, NOT_ALLOWED_ADDRESS, type TargetPolicy } from './target-policy.ts';

/** The connect was refused by the policy: nothing was sent to the target. */
export class TargetRefused extends Error {
  readonly code = 'ERR_PATRON_TARGET_REFUSED';
  constructor() {
    super(NOT_ALLOWED_ADDRESS);
    this.name = 'TargetRefused';
  }
}

/** Whether `error` (or what it wraps: fetch reports a failed connect as `TypeError('fetch failed', {cause})`) is a refusal. */
export function isTargetRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof TargetRefused) return true;
    current = current.cause;
  }
  return false;
}

export interface OutboundHttp {
  readonly policy: TargetPolicy;
  fetch(url: string | URL, init?: Omit<RequestInit, 'dispatcher'>): Promise<Response>;
  /** Closes the pooled connections (tests, shutdown). */
  close(): Promise<void>;
}

export interface OutboundHttpOptions {
  /** How names are resolved (default `dns.lookup`); tests resolve names of their own. */
  lookup?: typeof dnsLookup;
  /** Connect timeout in ms (default undici's 10 s). */
  connectTimeoutMs?: number;
}

export function createOutboundHttp(policy: TargetPolicy, options: OutboundHttpOptions = {}): OutboundHttp {
  const base = buildConnector({
    lookup: guardedLookup(policy, options.lookup ?? dnsLookup),
    ...(options.connectTimeoutMs === undefined ? {} : { timeout: options.connectTimeoutMs }),
  });
  const agent = new Agent({
    connect(connectOptions, callback) {
      // `net.connect` skips the lookup for an IP literal, so a literal is checked here.
      const host = unbracket(connectOptions.hostname);
      if (isIP(host) !== 0 && policy.refusal(host, host) !== null) {
        queueMicrotask(() => callback(new TargetRefused(), null));
        return;
      }
      base(connectOptions, callback);
    },
  });
  return {
    policy,
    fetch: (url, init = {}) => undiciFetch(url, { ...init, dispatcher: agent }),
    close: () => agent.close(),
  };
}

/** Resolves every address of the name and refuses the connect if any of them is refused. */
function guardedLookup(policy: TargetPolicy, lookup: typeof dnsLookup): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    lookup(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, options.all ? [] : '', 0);
      const addresses = found as LookupAddress[];
      if (addresses.length === 0 || addresses.some((a) => policy.refusal(a.address, hostname) !== null)) {
        return callback(new TargetRefused(), options.all ? [] : '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as unknown as LookupFunction;
}

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

let publicOnly: OutboundHttp | undefined;

/**
 * Public addresses only (an empty allow-list): what a caller gets when it was given no `OutboundHttp`,
 * so forgetting to pass the configured one fails closed, never open.
 */
export function publicOnlyOutbound(): OutboundHttp {
  publicOnly ??= createOutboundHttp(createTargetPolicy([]));
  return publicOnly;
}

/** Loopback added to the allow-list, as demo mode does: for tests that talk to the simulators. */
export function loopbackAllowedOutbound(extra: readonly string[] = []): OutboundHttp {
  return createOutboundHttp(createTargetPolicy([...LOOPBACK_TARGETS, ...extra]));
}
