/**
 * Limits on what a kiosk may learn about who exists: identification attempts and signups count per
 * kiosk key and per phone number (within the organization), whether or not anyone is found, so the
 * limit itself reveals nothing. Counters live in PostgreSQL (src/auth/throttle.ts): every API
 * process shares them. Windows run on the policy's clock (`kioskNow`).
 */
import { hitThrottle } from '../auth/throttle.ts';
import type { Db } from '../db/database.ts';
import { RateLimited } from '../domain/errors.ts';
import type { KioskActor } from './kiosk-actor.ts';
import { type KioskPolicy, kioskNow } from './kiosk-policy.ts';

export async function countKioskAttempt(db: Db, policy: KioskPolicy, kiosk: KioskActor): Promise<void> {
  const byKey = await hitThrottle(db, `kiosk:key:${kiosk.keyId}`, policy.identifyWindowMs, kioskNow(policy));
  if (byKey.hits > policy.identifyKeyLimit) {
    throw new RateLimited(byKey.resetInMs / 1000, 'Too many identification attempts from this kiosk.');
  }
}

/** `phone` in E.164. */
export async function countPhoneAttempt(db: Db, policy: KioskPolicy, kiosk: KioskActor, phone: string): Promise<void> {
  const byPhone = await hitThrottle(
    db,
    `kiosk:phone:${kiosk.orgId}:${phone}`,
    policy.identifyWindowMs,
    kioskNow(policy),
  );
  if (byPhone.hits > policy.identifyPhoneLimit) {
    throw new RateLimited(byPhone.resetInMs / 1000, 'Too many identification attempts for this phone number.');
  }
}
