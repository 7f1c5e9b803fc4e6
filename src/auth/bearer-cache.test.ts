import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import {
  cachedActor,
  forgetApiKey,
  forgetCustomer,
  forgetCustomerToken,
  rememberActor,
  setBearerCacheLifetime,
} from './bearer-cache.ts';

const customerOf = (customerId: string, tokenId: string, keyId = 'key-1'): Actor => ({
  kind: 'customer',
  role: 'customer',
  orgId: 'org',
  customerId,
  tokenId,
  keyId,
  storeId: 'store',
});

afterEach(() => setBearerCacheLifetime(0));

describe('bearer cache and customer tokens', () => {
  it("keeps a customer token no longer than the token's own expiry", () => {
    setBearerCacheLifetime(60_000);
    const now = Date.now();
    rememberActor('d1', customerOf('c1', 't1'), new Date(now + 1_000), now);
    expect(cachedActor('d1', now + 999)).toBeDefined();
    expect(cachedActor('d1', now + 1_000)).toBeUndefined();
  });

  it('forgets every token of an erased customer, one token on its logout, and all tokens of a revoked key', () => {
    setBearerCacheLifetime(60_000);
    const later = new Date(Date.now() + 60_000);
    rememberActor('a', customerOf('c1', 't1'), later);
    rememberActor('b', customerOf('c1', 't2'), later);
    rememberActor('c', customerOf('c2', 't3'), later);
    rememberActor('d', customerOf('c3', 't4', 'key-2'), later);

    forgetCustomer('c1');
    expect([cachedActor('a'), cachedActor('b')]).toEqual([undefined, undefined]);
    expect(cachedActor('c')).toBeDefined();

    forgetCustomerToken('t3');
    expect(cachedActor('c')).toBeUndefined();

    forgetApiKey('key-2');
    expect(cachedActor('d')).toBeUndefined();
  });
});
