/**
 * The login throttle of one account tried from one address (OWASP Authentication Cheat Sheet): a
 * few free failures, then growing delays, then a lock of that pair for the window. Only the address
 * that failed is slowed down, so nobody can lock a manager out by typing wrong passwords from
 * elsewhere; the per-address limit across accounts (sessions.ts) covers credential stuffing.
 *
 * The pair's counter is a `rate_limit_counters` row whose `window_start` is the time of the last
 * counted attempt: the pair is forgotten a window after its last failure. An attempt is counted
 * before its password is checked (and forgotten again when it succeeds), under a row lock, so a
 * burst of parallel guesses cannot all slip through the free failures.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { RateLimited } from '../domain/errors.ts';
import { digest } from './secrets.ts';

export interface PairThrottlePolicy {
  /** Failures of one account from one address that lock the pair until a window after the last. */
  accountLimit: number;
  windowMs: number;
  /** Failures answered at once before the delays begin (default 3). */
  delayAfter?: number;
  /** The first delay, doubled after each further failure (default 1 s). */
  firstDelayMs?: number;
  /** The longest delay before the lock (default 60 s). */
  maxDelayMs?: number;
}

export const DEFAULT_DELAY_AFTER = 3;
export const DEFAULT_FIRST_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 60_000;

/** How long after its last failure a pair with `failures` failures must wait before the next try. */
export function pairWaitMs(failures: number, policy: PairThrottlePolicy): number {
  const delayAfter = policy.delayAfter ?? DEFAULT_DELAY_AFTER;
  if (failures >= policy.accountLimit) return policy.windowMs;
  if (failures < delayAfter) return 0;
  const first = policy.firstDelayMs ?? DEFAULT_FIRST_DELAY_MS;
  const max = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  return Math.min(first * 2 ** (failures - delayAfter), max, policy.windowMs);
}

export function pairKey(email: string, address: string): string {
  return `login:pair:${email.trim().toLowerCase()}\n${address}`;
}

/**
 * Counts an attempt of the pair, or throws 429 (with the seconds left) when the pair must still
 * wait. Call `forgetPair` when the password was right.
 */
export async function countPairAttempt(db: Db, key: string, policy: PairThrottlePolicy): Promise<void> {
  const keyHash = digest(key);
  const waitMs = await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO rate_limit_counters (key_hash, window_start, hits) VALUES (${keyHash}, now(), 0)
      ON CONFLICT (key_hash) DO NOTHING`);
    const { rows } = await tx.execute<{ hits: number; since_ms: number }>(sql`
      SELECT hits, (extract(epoch FROM now() - window_start) * 1000)::float8 AS since_ms
        FROM rate_limit_counters WHERE key_hash = ${keyHash} FOR UPDATE`);
    // now() is this transaction's start: an attempt that began before a parallel one counted itself
    // reads a last attempt "in the future". Not yet due means no wait at all, not a negative age.
    const since = Math.max(0, Number(rows[0]?.since_ms ?? 0));
    const failures = since >= policy.windowMs ? 0 : Number(rows[0]?.hits ?? 0);
    const due = pairWaitMs(failures, policy);
    if (due > 0 && due - since > 0) return due - since;
    await tx.execute(sql`
      UPDATE rate_limit_counters SET hits = ${failures + 1}, window_start = now() WHERE key_hash = ${keyHash}`);
    return 0;
  });
  if (waitMs > 0) throw new RateLimited(waitMs / 1000, tooManyFailures(waitMs));
}

export async function forgetPair(db: Db, key: string): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limit_counters WHERE key_hash = ${digest(key)}`);
}

/** The detail a console can show as it is: the wait in words, matching Retry-After. */
function tooManyFailures(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  return `Too many failed attempts for this account from your address; try again in ${wait}.`;
}
