import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.ts';

describe('token cache', () => {
  it('reuses a token until shortly before it expires, then fetches a new one', async () => {
    const clock = { now: 0 };
    let fetched = 0;
    const cache = new TokenCache(async () => ({ value: `t${++fetched}`, expiresAt: clock.now + 7_200_000 }), {
      refreshSkewMs: 60_000,
      now: () => clock.now,
    });
    expect(await cache.get()).toBe('t1');
    clock.now = 7_000_000;
    expect(await cache.get()).toBe('t1');
    clock.now = 7_140_001;
    expect(await cache.get()).toBe('t2');
  });

  it('runs one refresh at a time however many callers wait', async () => {
    let fetched = 0;
    const cache = new TokenCache(async () => {
      fetched += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { value: 'only', expiresAt: Date.now() + 3_600_000 };
    });
    const values = await Promise.all(Array.from({ length: 20 }, () => cache.get()));
    expect(new Set(values)).toEqual(new Set(['only']));
    expect(fetched).toBe(1);
  });

  it('lets a failed fetch be tried again by the next caller', async () => {
    let calls = 0;
    const cache = new TokenCache(async () => {
      calls += 1;
      if (calls === 1) throw new Error('vendor down');
      return { value: 'second', expiresAt: Date.now() + 3_600_000 };
    });
    await expect(cache.get()).rejects.toThrow('vendor down');
    expect(await cache.get()).toBe('second');
  });

  it('ignores an invalidation of a token it has already replaced', async () => {
    let fetched = 0;
    const cache = new TokenCache(async () => ({ value: `t${++fetched}`, expiresAt: Date.now() + 3_600_000 }));
    const first = await cache.get();
    cache.invalidate(first);
    const second = await cache.get();
    cache.invalidate(first);
    expect(await cache.get()).toBe(second);
  });
});
