/**
 * Kiosk identification (POST /kiosk/identify): phone and date of birth together find a customer of
 * the kiosk's organization and hand back a short-lived customer token. Unknown phone and wrong date
 * answer the same 404 (same detail), and neither can be told apart by timing or by the limits:
 * - the date is compared inside the one lookup on (org, phone, date of birth), the key of that
 *   identity's unique index, so an unknown phone and a known phone with the wrong date run the same
 *   query with the same plan and both find no row (no second step for "phone known");
 * - every answer, found or not, is padded to at least `identifyMinMs`, which covers what remains
 *   (the token insert on success, noise in the counters and the audit insert);
 * - attempts count against the kiosk key and the phone before the lookup, whatever it finds.
 * Each attempt is audited (the customer id only when found; the phone and date never).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, isNull } from 'drizzle-orm';
import { issueCustomerToken } from '../auth/customer-tokens.ts';
import { customers } from '../customers/tables.ts';
import type { Db } from '../db/database.ts';
import { NotFound, ValidationFailed } from '../domain/errors.ts';
import { normalizePhone } from '../domain/phone.ts';
import { type AuditContext, recordAudit } from '../privacy/audit-log.ts';
import { countKioskAttempt, countPhoneAttempt } from './identity-throttle.ts';
import { asKiosk } from './kiosk-actor.ts';
import { type KioskPolicy, kioskNow } from './kiosk-policy.ts';

export interface IdentifyRequest {
  phone: string;
  /** YYYY-MM-DD, checked by the route schema. */
  dateOfBirth: string;
}

/** Just enough for the kiosk to greet the person: no contact details, no birthday. */
export interface KioskCustomerGreeting {
  id: string;
  firstName: string;
  lastInitial: string;
}

export interface Identified {
  customerToken: string;
  /** When the token stops working. */
  expiresAt: Date;
  customer: KioskCustomerGreeting;
}

/** The one answer for an unknown phone and for a wrong date of birth. */
export const NOT_IDENTIFIED = 'customer with this phone number and date of birth';

export async function identifyCustomer(
  db: Db,
  policy: KioskPolicy,
  ctx: AuditContext,
  request: IdentifyRequest,
): Promise<Identified> {
  const kiosk = asKiosk(ctx.actor, 'customerIdentification');
  const answerNotBefore = Date.now() + policy.identifyMinMs;
  try {
    await countKioskAttempt(db, policy, kiosk);
    const phone = normalizePhone(request.phone);
    if (!phone) throw ValidationFailed.field('phone', 'must be a phone number such as (702) 555-0123');
    await countPhoneAttempt(db, policy, kiosk, phone);

    const [found] = await db
      .select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName })
      .from(customers)
      .where(
        and(
          eq(customers.orgId, kiosk.orgId),
          eq(customers.phone, phone),
          eq(customers.dateOfBirth, request.dateOfBirth),
          isNull(customers.deletedAt),
        ),
      )
      .limit(1);
    await recordAudit(db, ctx, { action: 'identify', customerId: found?.id ?? null, fields: ['phone', 'dateOfBirth'] });
    if (!found) throw new NotFound(NOT_IDENTIFIED);

    const { token, expiresAt } = await issueCustomerToken(
      db,
      kiosk,
      found.id,
      policy.customerTokenTtlMs,
      kioskNow(policy),
    );
    return { customerToken: token, expiresAt, customer: greeting(found) };
  } finally {
    const wait = answerNotBefore - Date.now();
    if (wait > 0) await sleep(wait);
  }
}

/** Live rows always have names (a check constraint); the fallbacks only satisfy the column types. */
export function greeting(row: {
  id: string;
  firstName: string | null;
  lastName: string | null;
}): KioskCustomerGreeting {
  const [initial = ''] = Array.from(row.lastName ?? '');
  return { id: row.id, firstName: row.firstName ?? '', lastInitial: initial.toLocaleUpperCase('en-US') };
}
