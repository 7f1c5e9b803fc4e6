/**
 * The configurable limits of the kiosk endpoints (their shape is config's, src/config.ts, so that
 * config imports no module), and the clock they are measured on.
 */
import type { KioskLimits } from '../config.ts';

export interface KioskPolicy extends KioskLimits {
  /**
   * The clock the limits' windows and the customer tokens' expiry are measured on: the wall clock
   * unless a test injects one (the minimum answer time, `identifyMinMs`, is always real time).
   */
  now?: () => Date;
}

/** The policy's clock (see `KioskPolicy.now`). */
export function kioskNow(policy: KioskPolicy): Date {
  return policy.now ? policy.now() : new Date();
}

export const DEFAULT_KIOSK_POLICY: KioskPolicy = {
  customerTokenTtlMs: 15 * 60_000,
  identifyKeyLimit: 60,
  identifyPhoneLimit: 5,
  identifyWindowMs: 15 * 60_000,
  identifyMinMs: 250,
};
