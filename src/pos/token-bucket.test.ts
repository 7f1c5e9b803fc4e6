import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('token bucket', () => {
  it('allows a burst of the limit and then one request per refill interval share', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ limit: 10, intervalMs: 1000 }, () => clock.now);
    for (let i = 0; i < 10; i += 1) expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(100);
    clock.now = 100;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(0);
  });

  it('never holds more than its limit however long it idles', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ limit: 2, intervalMs: 60_000 }, () => clock.now);
    clock.now = 10 * 60_000;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBeGreaterThan(0);
  });

  it('hands out nothing while paused after a 429', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({ limit: 10, intervalMs: 1000 }, () => clock.now);
    bucket.pauseFor(500);
    expect(bucket.tryTake()).toBe(500);
    clock.now = 600;
    expect(bucket.tryTake()).toBe(0);
  });
});
