import { describe, expect, it } from 'vitest';
import { pairKey, pairWaitMs } from './login-throttle.ts';

const policy = { accountLimit: 10, windowMs: 900_000 };

describe('pairWaitMs', () => {
  it('lets the first failures through at once, then doubles the wait from 1 s', () => {
    expect([0, 1, 2].map((f) => pairWaitMs(f, policy))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((f) => pairWaitMs(f, policy))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps the wait, and locks the pair for the window at the account limit', () => {
    expect(pairWaitMs(9, { ...policy, maxDelayMs: 30_000 })).toBe(30_000);
    expect(pairWaitMs(10, policy)).toBe(900_000);
  });

  it('follows the configured start of the delays', () => {
    expect(pairWaitMs(1, { ...policy, delayAfter: 1 })).toBe(1000);
  });
});

describe('pairKey', () => {
  it('names the account in any case, and the address', () => {
    expect(pairKey(' Manager@Demo.test ', '10.0.0.1')).toBe(pairKey('manager@demo.test', '10.0.0.1'));
    expect(pairKey('manager@demo.test', '10.0.0.1')).not.toBe(pairKey('manager@demo.test', '10.0.0.2'));
  });
});
