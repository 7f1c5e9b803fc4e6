/**
 * State that belongs to a credential set, not to one client object: the vendor's rate limit, the
 * integration's circuit breaker and its access token are shared by every client built from the same
 * credentials in this process. Keys are digests, so credentials are never held as map keys.
 */
import { createHash } from 'node:crypto';

const states = new Map<string, unknown>();

/** A stable, non-reversible name for a credential set (include the base URL: it names the store). */
export function credentialKey(vendor: string, ...parts: string[]): string {
  return `${vendor}:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

export function sharedState<T>(kind: string, key: string, create: () => T): T {
  const id = `${kind}|${key}`;
  if (!states.has(id)) states.set(id, create());
  return states.get(id) as T;
}
