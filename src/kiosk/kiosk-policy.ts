/** The configurable limits of the kiosk endpoints (set from PATRON_KIOSK_* and PATRON_CUSTOMER_TOKEN_MINUTES). */
export interface KioskPolicy {
  /** How long a customer token from identify or signup lasts. */
  customerTokenTtlMs: number;
  /** Identification attempts per kiosk key per window. */
  identifyKeyLimit: number;
  /** Identification attempts per phone number (within the organization) per window, found or not. */
  identifyPhoneLimit: number;
  identifyWindowMs: number;
  /** No identification answers sooner than this, found or not, so that timing tells nothing. */
  identifyMinMs: number;
  /**
   * The clock the limits' windows and the customer tokens' expiry are measured on: the wall clock
   * unless a test injects one (the minimum answer time above is always real time).
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
