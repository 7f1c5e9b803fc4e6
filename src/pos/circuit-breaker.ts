/**
 * One integration's circuit breaker, on cockatiel's: after `failureThreshold` consecutive upstream
 * failures (5xx, timeouts, resets) calls fail fast for `cooldownMs`, then one probe call decides
 * whether to close again; calls arriving during the probe wait for its outcome. It keeps a vendor
 * outage from eating every sync worker's time and the vendor's quota. What stays here is Patron's:
 * which outcomes count as failures, and how long a refused caller should wait.
 */
import { ConsecutiveBreaker, circuitBreaker, handleWhenResult } from 'cockatiel';

export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 8, cooldownMs: 15_000 };

export interface Breaker<T> {
  /**
   * Runs `call` unless the circuit is open (then cockatiel's `BrokenCircuitError`). An outcome that
   * `failed` says is an upstream failure counts against the circuit, any other outcome closes it;
   * a thrown error (nothing reached the vendor) counts as neither while closed.
   */
  execute(call: () => Promise<T>): Promise<T>;
  /** Ms until an open circuit lets a probe through (at least 1). */
  remainingMs(): number;
}

export function createBreaker<T>(policy: BreakerPolicy, failed: (outcome: T) => boolean): Breaker<T> {
  const breaker = circuitBreaker(
    handleWhenResult((outcome) => failed(outcome as T)),
    { halfOpenAfter: policy.cooldownMs, breaker: new ConsecutiveBreaker(policy.failureThreshold) },
  );
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
  });
  return {
    execute: (call) => breaker.execute(call),
    remainingMs: () => Math.max(1, openedAt + policy.cooldownMs - Date.now()),
  };
}
