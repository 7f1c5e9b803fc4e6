/**
 * A token bucket: `limit` requests per `intervalMs`, bursting up to `limit`. Clients use `take()` to
 * stay under a vendor's published limit; simulators use `tryTake()` to answer 429 like the vendor.
 * Hand-written on purpose: cockatiel (which runs the transport's retry and breaker) has no rate
 * limiter, only a bulkhead, which caps calls in flight rather than calls per second, and this bucket
 * must also be paused for every caller when a vendor's 429 asks for it.
 */
export interface RateLimit {
  limit: number;
  intervalMs: number;
  /** Most requests at once (default `limit`). Clients keep it below the vendor's so network jitter cannot tip them over. */
  burst?: number;
}

export class TokenBucket {
  readonly #capacity: number;
  readonly #refillPerMs: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;
  #pausedUntil = 0;

  constructor(rate: RateLimit, now: () => number = Date.now) {
    if (rate.limit <= 0 || rate.intervalMs <= 0) throw new RangeError('rate limit must be positive');
    this.#capacity = Math.max(1, Math.min(rate.burst ?? rate.limit, rate.limit));
    this.#refillPerMs = rate.limit / rate.intervalMs;
    this.#now = now;
    this.#tokens = this.#capacity;
    this.#updatedAt = now();
  }

  /** Takes a token if one is free and answers 0; otherwise answers how many ms until one will be. */
  tryTake(): number {
    const now = this.#now();
    if (now < this.#pausedUntil) return this.#pausedUntil - now;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#updatedAt) * this.#refillPerMs);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / this.#refillPerMs));
  }

  /** Waits for a token, then takes it. */
  async take(sleep: (ms: number) => Promise<void> = delay): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait);
  }

  /** Hands out nothing for `ms` (after the vendor answered 429) and starts again from empty. */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#now() + ms);
    this.#tokens = 0;
    this.#updatedAt = this.#pausedUntil;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
