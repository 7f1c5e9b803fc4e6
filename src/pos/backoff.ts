/**
 * Retry timing for cockatiel's `retry(...)`: exponential backoff with full jitter, stretched to a
 * vendor's `Retry-After` when it sent one, and reading `Retry-After` itself (cockatiel knows no HTTP).
 */
import type { IBackoff, IRetryBackoffContext } from 'cockatiel';
import { PosRateLimited } from './port.ts';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A vendor asking for a longer pause than this fails the call instead, for the job scheduler to retry. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/**
 * Full jitter (a uniform wait between 0 and the exponential ceiling) spreads retries of many workers
 * apart. One line of our own rather than cockatiel's `fullJitterGenerator`, which reads `Math.random`
 * and so cannot be pinned by a test.
 */
export function fullJitterDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * The pause before each retry for cockatiel's `retry(...)`: full jitter, or at least what a 429's
 * `Retry-After` asked for. `random` is injected so tests can pin the jitter.
 */
export function retryBackoff(
  policy: RetryPolicy,
  random: () => number = Math.random,
): { next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> } {
  const step = (retry: number, context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> => {
    const jitter = fullJitterDelay(retry, policy, random);
    const error = 'error' in context.result ? context.result.error : undefined;
    return {
      duration: error instanceof PosRateLimited ? Math.max(jitter, error.retryAfterMs) : jitter,
      next: (later) => step(retry + 1, later),
    };
  };
  return { next: (context) => step(0, context) };
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms; `null` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
