/**
 * The one HTTP layer every vendor client goes through: per-call timeout, a token bucket per
 * credential set, a circuit breaker per integration, retries with exponential backoff and full
 * jitter that honour `Retry-After`, one token refresh on an auth failure, and HTTP failures turned
 * into `PosError`s. Retry and breaker are cockatiel's policies (notes/issue13-resilience.md says
 * why, and why the token bucket and the timeout are not). Logs and errors name the route template, never a filled-in path, body or secret.
 * Every call goes through the guarded connector (`src/egress/outbound-http.ts`): an address that
 * is not an allowed target is refused at connect time, as `PosTargetRefused`.
 */

import { BrokenCircuitError, handleWhen, retry } from 'cockatiel';
import { MAX_POS_ANSWER_DEPTH, nestsDeeperThan } from '../domain/json-depth.ts';
import { isTargetRefused, type OutboundHttp, publicOnlyOutbound } from '../egress/outbound-http.ts';
import { NOT_ALLOWED_ADDRESS } from '../egress/target-policy.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_RETRY, fullJitterDelay, parseRetryAfter, type RetryPolicy, retryBackoff } from './backoff.ts';
import { type BreakerPolicy, createBreaker, DEFAULT_BREAKER } from './circuit-breaker.ts';
import { sharedState } from './credential-state.ts';
import {
  PosAuthFailed,
  type PosError,
  PosMalformed,
  PosNotFound,
  PosRateLimited,
  PosRejected,
  PosTargetRefused,
  PosUnavailable,
  type PosVendor,
} from './port.ts';
import { delay, type RateLimit, TokenBucket } from './token-bucket.ts';
import type { TokenCache } from './token-cache.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  /** Route template for logs and errors, e.g. `/customer/{id}`: paths can hold phones and emails. */
  route: string;
  /** Path below the base URL, already percent-encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /**
   * Safe to send twice (reads, full-replace updates): retried after 5xx, timeouts and resets.
   * A 429 is retried either way, since the vendor did not act on the call.
   */
  idempotent: boolean;
  /** Send the integration's auth headers (default true; false for the token call itself). */
  authenticated?: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON, or `null` when empty. */
  body: unknown;
}

/** How a vendor authenticates each call. */
export interface RequestAuth {
  headers(): Promise<Record<string, string>>;
  /** The vendor refused `headers`: drop them (e.g. an expired token) and say whether fresh ones are worth one retry. */
  refused(headers: Record<string, string>): boolean;
}

export interface TransportOptions {
  vendor: PosVendor;
  baseUrl: string;
  /** The vendor's published limit for one credential set. */
  rateLimit: RateLimit;
  /** From `credentialKey(...)`: clients with the same key share one bucket and one breaker. */
  limiterKey: string;
  auth?: RequestAuth;
  /** Vendor reading of an error response, before the generic status mapping. */
  readError?: (response: TransportResponse, request: TransportRequest) => PosError | undefined;
  timeoutMs?: number;
  retry?: RetryPolicy;
  breaker?: BreakerPolicy;
  logger?: Logger;
  /** Jitter source for retry pauses (tests pin it). */
  random?: () => number;
  /** How the rate limiter waits for a token (tests shorten it); retry pauses run on cockatiel's timer. */
  sleep?: (ms: number) => Promise<void>;
  /** The guarded connector every call goes through; public addresses only when not given. */
  outbound?: OutboundHttp;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface Transport {
  readonly vendor: PosVendor;
  /** Answers a 2xx response; throws a `PosError` for anything else. */
  request(request: TransportRequest): Promise<TransportResponse>;
}

export function createTransport(options: TransportOptions): Transport {
  const { vendor } = options;
  const retryPolicy = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? delay;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Half the vendor's burst: requests queued here can arrive at the vendor closer together than they left.
  const rate = { burst: Math.ceil(options.rateLimit.limit / 2), ...options.rateLimit };
  const bucket = sharedState('bucket', options.limiterKey, () => new TokenBucket(rate));
  // Only an upstream failure counts against the circuit; any other answer shows the vendor is up.
  const breaker = sharedState('breaker', options.limiterKey, () =>
    createBreaker<Outcome>(options.breaker ?? DEFAULT_BREAKER, (outcome) => outcome.error instanceof PosUnavailable),
  );
  const backoff = retryBackoff(retryPolicy, random);
  const base = options.baseUrl.replace(/\/+$/, '');
  const outbound = options.outbound ?? publicOnlyOutbound();

  async function send(request: TransportRequest, authHeaders: Record<string, string>): Promise<TransportResponse> {
    const url = new URL(base + request.path);
    // Percent-encoding (RFC 3986: a space is %20) rather than URLSearchParams' form encoding (`+`):
    // OData servers such as Cova's read `+` literally in `$filter`.
    const query = Object.entries(request.query ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    if (query.length > 0) url.search = `${url.search ? `${url.search.slice(1)}&` : ''}${query.join('&')}`;
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders, ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    // The platform's timeout rather than cockatiel's `timeout()`: undici aborts the exchange, body included.
    const response = await outbound.fetch(url, {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await response.text();
    // Parsed and then walked by each vendor's mapping (some recursively): a hostile POS could
    // otherwise overflow the stack or cost a pull far more than its size.
    if (nestsDeeperThan(text, MAX_POS_ANSWER_DEPTH)) {
      return { status: response.status, headers: response.headers, body: TOO_DEEP };
    }
    return { status: response.status, headers: response.headers, body: parseBody(text) };
  }

  function classify(response: TransportResponse, request: TransportRequest, retryIndex: number): PosError {
    const vendorError = options.readError?.(response, request);
    if (vendorError) return vendorError;
    const what = `${request.method} ${request.route} answered ${response.status}`;
    const { status } = response;
    if (status === 401 || status === 403) return new PosAuthFailed(vendor, what);
    if (status === 404) return new PosNotFound(vendor, what);
    if (status === 429) {
      const asked = parseRetryAfter(response.headers.get('retry-after'));
      return new PosRateLimited(vendor, what, asked ?? Math.max(1, fullJitterDelay(retryIndex, retryPolicy, random)));
    }
    if (status === 408 || status >= 500) return new PosUnavailable(vendor, what);
    return new PosRejected(vendor, what, [], { alreadyExists: status === 409 });
  }

  /** One exchange, inside the breaker: a vendor's answer or failure comes back as an outcome, for the breaker to count. */
  async function exchange(
    request: TransportRequest,
    authHeaders: Record<string, string>,
    retryIndex: number,
  ): Promise<Outcome> {
    const label = `${request.method} ${request.route}`;
    await bucket.take(sleep);
    let response: TransportResponse;
    try {
      response = await send(request, authHeaders);
    } catch (cause) {
      // Refused before anything was sent: said in those words only, never retried, not the vendor's
      // failure (thrown, so the breaker counts it as neither).
      if (isTargetRefused(cause)) throw new PosTargetRefused(vendor, `${label}: ${NOT_ALLOWED_ADDRESS}`);
      return { error: new PosUnavailable(vendor, `${label} failed: ${networkFailure(cause)}`) };
    }
    // The vendor answered; what it said is refused, not retried.
    if (response.body === TOO_DEEP) {
      return {
        error: new PosMalformed(vendor, `${label}: the answer nests deeper than ${MAX_POS_ANSWER_DEPTH} levels`, null),
      };
    }
    if (response.status >= 200 && response.status < 300) return { response };
    return { error: classify(response, request, retryIndex) };
  }

  /**
   * A token fetch is a call of its own through this transport, retried there; its failure is passed
   * on as it is, not retried again by the call that waited for the token (that would multiply the
   * vendor calls: two attempts of the call times two of the fetch).
   */
  const failedTokenFetches = new WeakSet<Error>();
  async function authHeadersOf(auth: NonNullable<TransportOptions['auth']>): Promise<Record<string, string>> {
    try {
      return await auth.headers();
    } catch (error) {
      if (error instanceof Error) failedTokenFetches.add(error);
      throw error;
    }
  }

  async function request(request: TransportRequest): Promise<TransportResponse> {
    const label = `${request.method} ${request.route}`;
    // A 429 is retried either way (the vendor did not act on the call), unless it asks for a pause
    // longer than the job scheduler's; other failures only when upstream, transient and safe to repeat.
    const retryable = (error: Error) =>
      !failedTokenFetches.has(error) &&
      (error instanceof PosRateLimited
        ? error.retryAfterMs <= retryPolicy.maxRetryAfterMs
        : error instanceof PosUnavailable && request.idempotent && error.transient);
    const policy = retry(handleWhen(retryable), { maxAttempts: retryPolicy.attempts - 1, backoff });
    policy.onRetry((event) => {
      const error = 'error' in event ? event.error : undefined;
      // Every call on this credential set waits out the vendor's Retry-After, not only this one.
      if (error instanceof PosRateLimited) bucket.pauseFor(error.retryAfterMs);
      options.logger?.warn(
        {
          vendor,
          route: label,
          attempt: event.attempt,
          kind: (error as PosError | undefined)?.kind,
          pauseMs: event.delay,
        },
        'pos call retried',
      );
    });
    let refreshedAuth = false;
    try {
      return await policy.execute(async ({ attempt }) => {
        for (;;) {
          // Auth outside the breaker: a token fetch goes through this transport too, and must not
          // wait behind the breaker's half-open probe that is the call waiting for the token.
          const authHeaders = request.authenticated === false || !options.auth ? {} : await authHeadersOf(options.auth);
          const outcome = await breaker.execute(() => exchange(request, authHeaders, attempt));
          if (outcome.response) return outcome.response;
          const error = outcome.error;
          // One fresh token is worth one more try, not counted as a retry.
          if (error instanceof PosAuthFailed && !refreshedAuth && request.authenticated !== false && options.auth) {
            refreshedAuth = true;
            if (options.auth.refused(authHeaders)) continue;
          }
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new PosUnavailable(vendor, `${label}: circuit open`, { retryAfterMs: breaker.remainingMs() });
      }
      throw error;
    }
  }

  return { vendor, request };
}

/** What one exchange came to: the vendor's 2xx answer, or the `PosError` it amounts to. */
type Outcome = { response: TransportResponse; error?: undefined } | { response?: undefined; error: PosError };

/** Marks an answer refused unparsed for its depth (`nestsDeeperThan`). */
const TOO_DEEP = Symbol('too deep');

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A short reason for a failed exchange, without URLs (they can hold personal data). */
function networkFailure(cause: unknown): string {
  if (cause instanceof DOMException && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    return 'timed out';
  }
  const inner = (cause as { cause?: { code?: unknown } } | null)?.cause;
  if (inner && typeof inner.code === 'string') return `connection error ${inner.code}`;
  return 'connection error';
}

/** Auth by fixed headers (API keys): nothing to refresh, so a refusal is final. */
export function staticAuth(headers: Record<string, string>): RequestAuth {
  return { headers: async () => headers, refused: () => false };
}

/** Auth by an access token from `tokens`; a refusal drops that token so the one retry fetches a new one. */
export function tokenAuth(tokens: TokenCache, headersFor: (token: string) => Record<string, string>): RequestAuth {
  const tokenOf = new WeakMap<Record<string, string>, string>();
  return {
    async headers() {
      const token = await tokens.get();
      const headers = headersFor(token);
      tokenOf.set(headers, token);
      return headers;
    },
    refused(headers) {
      const token = tokenOf.get(headers);
      if (token === undefined) return false;
      tokens.invalidate(token);
      return true;
    },
  };
}
