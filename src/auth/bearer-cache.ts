/**
 * Resolved bearer tokens, remembered for a few seconds so that a busy client does not cost a session
 * lookup per request. Within this process, logout, a changed or deleted user, a revoked key and a
 * customer's revoked tokens (DELETE /me) take effect at once (they evict here); another process
 * notices within the cache lifetime (`PATRON_AUTH_CACHE_SECONDS`, default 5; 0 turns the cache off).
 * The token's own expiry is always honoured.
 */
import type { Actor } from './actor.ts';

interface Entry {
  actor: Actor;
  /** When this entry must be looked up again: the cache lifetime or the session's expiry, whichever is first. */
  until: number;
}

const MAX_ENTRIES = 10_000;
const entries = new Map<string, Entry>();
let lifetimeMs = 5_000;

export function setBearerCacheLifetime(ms: number): void {
  lifetimeMs = ms;
  if (ms === 0) entries.clear();
}

/** The cached actor of a token digest, if fresh. */
export function cachedActor(tokenDigest: string, now = Date.now()): Actor | undefined {
  const entry = entries.get(tokenDigest);
  if (!entry) return undefined;
  if (entry.until <= now) {
    entries.delete(tokenDigest);
    return undefined;
  }
  return entry.actor;
}

export function rememberActor(tokenDigest: string, actor: Actor, expiresAt: Date | null, now = Date.now()): void {
  if (lifetimeMs === 0) return;
  // A full cache starts over rather than tracking recency: it refills within seconds.
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(tokenDigest, {
    actor,
    until: Math.min(now + lifetimeMs, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY),
  });
}

function forget(matches: (actor: Actor) => boolean): void {
  for (const [digest, entry] of entries) if (matches(entry.actor)) entries.delete(digest);
}

export function forgetSession(sessionId: string): void {
  forget((a) => a.kind === 'user' && a.sessionId === sessionId);
}

export function forgetUser(userId: string): void {
  forget((a) => a.kind === 'user' && a.userId === userId);
}

/** The key, and the customer tokens it issued (they end with it). */
export function forgetApiKey(keyId: string): void {
  forget((a) => (a.kind === 'apiKey' || a.kind === 'customer') && a.keyId === keyId);
}

/** Every cached token of this customer (erasure, or their tokens revoked). */
export function forgetCustomer(customerId: string): void {
  forget((a) => a.kind === 'customer' && a.customerId === customerId);
}

export function forgetCustomerToken(tokenId: string): void {
  forget((a) => a.kind === 'customer' && a.tokenId === tokenId);
}
