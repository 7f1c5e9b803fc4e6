import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';

function breakerAt() {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000 }, () => clock.now);
  return { clock, breaker };
}

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and answers the remaining cooldown', () => {
    const { clock, breaker } = breakerAt();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    expect(breaker.state).toBe('open');
    clock.now = 400;
    expect(breaker.admit()).toBe(600);
  });

  it('does not open when a success interrupts the failures', () => {
    const { breaker } = breakerAt();
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.admit()).toBe(0);
  });

  it('lets exactly one probe through after the cooldown and closes when it succeeds', () => {
    const { clock, breaker } = breakerAt();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    clock.now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBe(0);
    expect(breaker.admit()).toBeGreaterThan(0);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('opens again for a full cooldown when the probe fails', () => {
    const { clock, breaker } = breakerAt();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure();
    clock.now = 1500;
    expect(breaker.admit()).toBe(0);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.admit()).toBe(1000);
  });
});
