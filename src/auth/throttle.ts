/**
 * Fixed-window throttling shared by every process through PostgreSQL (one atomic upsert per hit).
 * Keys are hashed before storage because they name accounts, addresses and phones. Windows are
 * measured on the database's clock unless the caller passes its own `now` (the kiosk limits take an
 * injected clock, so their windows can be tested without waiting for them).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { digest } from './secrets.ts';

export interface ThrottleState {
  hits: number;
  /** Milliseconds until the current window ends. */
  resetInMs: number;
}

export async function hitThrottle(db: Db, key: string, windowMs: number, now?: Date): Promise<ThrottleState> {
  const at = clockSql(now);
  const result = await db.execute<{ hits: number; reset_in_ms: number }>(sql`
    INSERT INTO rate_limit_counters AS c (key_hash, window_start, hits)
    VALUES (${digest(key)}, ${at}, 1)
    ON CONFLICT (key_hash) DO UPDATE SET
      hits = CASE WHEN c.window_start <= ${at} - make_interval(secs => ${windowMs / 1000}) THEN 1 ELSE c.hits + 1 END,
      window_start = CASE WHEN c.window_start <= ${at} - make_interval(secs => ${windowMs / 1000}) THEN ${at} ELSE c.window_start END
    RETURNING hits, ${resetInMsSql(windowMs, at)} AS reset_in_ms`);
  return toState(result.rows[0]);
}

export async function peekThrottle(db: Db, key: string, windowMs: number): Promise<ThrottleState> {
  const result = await db.execute<{ hits: number; reset_in_ms: number }>(sql`
    SELECT hits, ${resetInMsSql(windowMs)} AS reset_in_ms FROM rate_limit_counters
    WHERE key_hash = ${digest(key)} AND window_start > now() - make_interval(secs => ${windowMs / 1000})`);
  return result.rows[0] ? toState(result.rows[0]) : { hits: 0, resetInMs: 0 };
}

export async function resetThrottle(db: Db, key: string): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limit_counters WHERE key_hash = ${digest(key)}`);
}

function clockSql(now: Date | undefined) {
  return now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
}

function resetInMsSql(windowMs: number, at = sql`now()`) {
  return sql`greatest(0, (extract(epoch FROM window_start) * 1000 + ${windowMs} - extract(epoch FROM ${at}) * 1000))::float8`;
}

function toState(row: { hits: number; reset_in_ms: number } | undefined): ThrottleState {
  return { hits: Number(row?.hits ?? 0), resetInMs: Math.ceil(Number(row?.reset_in_ms ?? 0)) };
}
