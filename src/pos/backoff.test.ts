import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, fullJitterDelay, parseRetryAfter, retryBackoff } from './backoff.ts';
import { PosRateLimited, PosUnavailable } from './port.ts';

describe('backoff', () => {
  it('keeps every full-jitter delay between zero and the capped exponential ceiling', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const ms = fullJitterDelay(retry, DEFAULT_RETRY, () => r);
        const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** retry);
        return ms >= 0 && ms <= ceiling;
      }),
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
  });

  it('treats a missing or unreadable Retry-After as unknown', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('')).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('pauses each retry by full jitter under a doubling ceiling, and at least what a 429 asked for', () => {
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 250, maxRetryAfterMs: 10_000 };
    const failed = (error: Error) => ({ attempt: 1, signal: new AbortController().signal, result: { error } });
    const unavailable = failed(new PosUnavailable('treez', 'GET /x answered 503'));
    const first = retryBackoff(policy, () => 0.5).next(unavailable);
    const second = first.next(unavailable);
    const third = second.next(unavailable);
    expect([first.duration, second.duration, third.duration]).toEqual([50, 100, 125]);
    const limited = retryBackoff(policy, () => 0.5).next(
      failed(new PosRateLimited('treez', 'GET /x answered 429', 3_000)),
    );
    expect(limited.duration).toBe(3_000);
  });
});
