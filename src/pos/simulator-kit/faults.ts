/**
 * Fault injection for a simulator, settable at start and at run time (admin surface or in process).
 * Bursts are exact counts, for tests that need "the next two calls fail"; rates are shares drawn from
 * a seeded random, for demos and soak runs.
 */
import { z } from 'zod';
import { SeededRandom } from './seeded-random.ts';

export const faultSettingsSchema = z.object({
  /** Added before every vendor call is answered. */
  latencyMs: z.number().int().min(0).max(60_000),
  /** The next N vendor calls answer 429. */
  rateLimitBurst: z.number().int().min(0),
  /** Whether injected and real 429s carry `Retry-After`. */
  retryAfterSeconds: z.number().min(0).nullable(),
  /** The next N vendor calls answer 5xx. */
  serverErrorBurst: z.number().int().min(0),
  /** Share (0..1) of vendor calls answering 5xx. */
  serverErrorRate: z.number().min(0).max(1),
  /** The next N vendor calls have their connection dropped without an answer. */
  resetBurst: z.number().int().min(0),
  /** Share (0..1) of vendor calls dropped. */
  resetRate: z.number().min(0).max(1),
  /** Share (0..1) of records served broken in list answers. */
  malformedRate: z.number().min(0).max(1),
  /** Records always served broken, by vendor id. */
  malformedIds: z.array(z.string()),
  /** Lifetime of newly issued tokens; `null` keeps the vendor's own. */
  tokenTtlMs: z.number().int().min(1).nullable(),
  /** Whether the vendor's published rate limit is enforced. */
  enforceRateLimit: z.boolean(),
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  rateLimitBurst: 0,
  retryAfterSeconds: 1,
  serverErrorBurst: 0,
  serverErrorRate: 0,
  resetBurst: 0,
  resetRate: 0,
  malformedRate: 0,
  malformedIds: [],
  tokenTtlMs: null,
  enforceRateLimit: true,
};

export type InjectedFault = 'reset' | 'rate-limited' | 'server-error' | null;

export class Faults {
  #settings: FaultSettings;
  readonly #random: SeededRandom;

  constructor(initial: Partial<FaultSettings> = {}, seed = 1) {
    this.#settings = faultSettingsSchema.parse({ ...NO_FAULTS, ...initial });
    this.#random = new SeededRandom(seed);
  }

  get settings(): Readonly<FaultSettings> {
    return this.#settings;
  }

  set(changes: Partial<FaultSettings>): FaultSettings {
    this.#settings = faultSettingsSchema.parse({ ...this.#settings, ...changes });
    return this.#settings;
  }

  /** Decides the fault for one vendor call, using up bursts first. */
  draw(): InjectedFault {
    const s = this.#settings;
    if (s.resetBurst > 0) {
      s.resetBurst -= 1;
      return 'reset';
    }
    if (s.rateLimitBurst > 0) {
      s.rateLimitBurst -= 1;
      return 'rate-limited';
    }
    if (s.serverErrorBurst > 0) {
      s.serverErrorBurst -= 1;
      return 'server-error';
    }
    if (s.resetRate > 0 && this.#random.chance(s.resetRate)) return 'reset';
    if (s.serverErrorRate > 0 && this.#random.chance(s.serverErrorRate)) return 'server-error';
    return null;
  }

  /** Whether the record `id` is served broken in this answer. */
  breaks(id: string): boolean {
    const s = this.#settings;
    return s.malformedIds.includes(id) || (s.malformedRate > 0 && this.#random.chance(s.malformedRate));
  }
}
