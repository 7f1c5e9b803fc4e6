/**
 * The most customers a second each vendor lets a pull read: the simulator's rate limit (the vendor's
 * published or observed one) times the page size the client asks for, as far as the simulator serves
 * it. Both come from the vendor code through the registries (the client's `defaultPageSize`, the
 * simulator's `listRateLimit` and `maxPageSize`), so a changed limit or page size changes the target.
 */
import type { PosVendor } from '../src/pos/port.ts';
import { posVendor } from '../src/pos/registry.ts';
import { vendorSimulator } from '../src/pos/simulators.ts';
import type { RateLimit } from '../src/pos/token-bucket.ts';

export interface VendorCeiling {
  /** The simulator's limit on list calls. */
  rateLimit: RateLimit;
  /** Customers per list call. */
  pageSize: number;
  /** rateLimit x pageSize, per second. */
  customersPerSecond: number;
}

export function vendorCeiling(vendor: PosVendor): VendorCeiling {
  const client = posVendor(vendor);
  const simulator = vendorSimulator(vendor);
  if (!client || !simulator) throw new Error(`${vendor} has no client or no simulator`);
  const rateLimit = simulator.listRateLimit;
  const pageSize = Math.min(client.defaultPageSize, simulator.maxPageSize);
  return { rateLimit, pageSize, customersPerSecond: (rateLimit.limit / rateLimit.intervalMs) * 1000 * pageSize };
}

/** `10/s`, `120/min`: a limit as the vendor states it. */
export function describeLimit(rate: RateLimit): string {
  return rate.intervalMs === 60_000 ? `${rate.limit}/min` : `${(rate.limit / rate.intervalMs) * 1000}/s`;
}
