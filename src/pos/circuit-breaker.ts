/**
 * A circuit breaker for one integration: after `failureThreshold` consecutive upstream failures
 * (5xx, timeouts, resets) calls fail fast for `cooldownMs`, then one probe call decides whether to
 * close again. It keeps a vendor outage from eating every sync worker's time and the vendor's quota.
 */
export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 8, cooldownMs: 15_000 };

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  readonly #policy: BreakerPolicy;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | null = null;
  #probing = false;

  constructor(policy: BreakerPolicy = DEFAULT_BREAKER, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
  }

  get state(): BreakerState {
    if (this.#openedAt === null) return 'closed';
    return this.#now() - this.#openedAt >= this.#policy.cooldownMs ? 'half-open' : 'open';
  }

  /** 0 when a call may go ahead (taking the one probe slot when half-open); otherwise ms to wait. */
  admit(): number {
    if (this.#openedAt === null) return 0;
    const remaining = this.#openedAt + this.#policy.cooldownMs - this.#now();
    if (remaining > 0) return remaining;
    if (this.#probing) return this.#policy.cooldownMs;
    this.#probing = true;
    return 0;
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#probing = false;
  }

  /** The admitted call never reached the vendor (e.g. a refused address): neither outcome, the probe slot is free again. */
  abandon(): void {
    this.#probing = false;
  }

  recordFailure(): void {
    this.#failures += 1;
    if (this.#probing || this.#failures >= this.#policy.failureThreshold) {
      this.#openedAt = this.#now();
      this.#probing = false;
    }
  }
}
