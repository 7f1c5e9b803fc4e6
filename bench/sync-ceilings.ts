/**
 * The most customers a second each vendor lets a pull read: the simulator's rate limit (the vendor's
 * published or observed one) times the page size the client asks for, as far as the simulator serves
 * it. Both come from the vendor code, so a changed limit or page size changes the benchmark's target.
 */
import { BLAZE_CLIENT_CHOICES } from '../src/pos/blaze/choices.ts';
import { BLAZE_SIM_CHOICES } from '../src/pos/blaze/simulator.ts';
import { COVA_MAX_PAGE_SIZE } from '../src/pos/cova/client.ts';
import { COVA_SIM_CHOICES } from '../src/pos/cova/sim-choices.ts';
import { DUTCHIE_MAX_PAGE_SIZE } from '../src/pos/dutchie/client.ts';
import { DUTCHIE_RATE_LIMITS } from '../src/pos/dutchie/simulator.ts';
import { FLOWHUB_CLIENT_CHOICES } from '../src/pos/flowhub/choices.ts';
import { FLOWHUB_OBSERVED_RATE_LIMIT, FLOWHUB_SIM_CHOICES } from '../src/pos/flowhub/simulator.ts';
import type { PosVendor } from '../src/pos/port.ts';
import type { RateLimit } from '../src/pos/token-bucket.ts';
import { TREEZ_MAX_PAGE_SIZE } from '../src/pos/treez/client.ts';
import { treezSimulatorDefinition } from '../src/pos/treez/simulator.ts';

export interface VendorCeiling {
  /** The simulator's limit on list calls. */
  rateLimit: RateLimit;
  /** Customers per list call. */
  pageSize: number;
  /** rateLimit x pageSize, per second. */
  customersPerSecond: number;
}

// Treez's limit is written inline in its simulator definition; the settings do not change it.
const treezLimit = treezSimulatorDefinition({ dispensary: 'x', clientId: 'x', apiKey: 'x', timeZone: 'UTC' }).rateLimit;

const LIMITS: Record<PosVendor, { rateLimit: RateLimit; pageSize: number }> = {
  treez: { rateLimit: treezLimit, pageSize: TREEZ_MAX_PAGE_SIZE },
  flowhub: {
    rateLimit: FLOWHUB_OBSERVED_RATE_LIMIT,
    pageSize: Math.min(FLOWHUB_CLIENT_CHOICES.defaultPageSize, FLOWHUB_SIM_CHOICES.maxPageSize),
  },
  cova: { rateLimit: COVA_SIM_CHOICES.rateLimit, pageSize: COVA_MAX_PAGE_SIZE },
  // Customer calls: 120 a minute per key and endpoint [4.6].
  dutchie: { rateLimit: DUTCHIE_RATE_LIMITS.standard, pageSize: DUTCHIE_MAX_PAGE_SIZE },
  blaze: {
    rateLimit: BLAZE_SIM_CHOICES.rateLimit,
    pageSize: Math.min(BLAZE_CLIENT_CHOICES.defaultPageSize, BLAZE_SIM_CHOICES.maxLimit),
  },
};

export function vendorCeiling(vendor: PosVendor): VendorCeiling {
  const { rateLimit, pageSize } = LIMITS[vendor];
  return { rateLimit, pageSize, customersPerSecond: (rateLimit.limit / rateLimit.intervalMs) * 1000 * pageSize };
}

/** `10/s`, `120/min`: a limit as the vendor states it. */
export function describeLimit(rate: RateLimit): string {
  return rate.intervalMs === 60_000 ? `${rate.limit}/min` : `${(rate.limit / rate.intervalMs) * 1000}/s`;
}
