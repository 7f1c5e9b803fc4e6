/**
 * Kiosk signup (POST /kiosk/signup): the rules of POST /customers (the customers service does the
 * work: age, identity, consent ledger, audit, outbox), at the kiosk's store, with consents sourced
 * `kiosk` and carrying the wording the person agreed to; answers a customer token with the customer.
 *
 * A duplicate answers 409 WITHOUT `duplicateOf`: a kiosk is an unattended device and must not learn
 * another person's id (with it, it could attach them to orders). The 409 itself still tells that
 * someone holds that phone or email with that birthday, which is what identify tells too; so signups
 * count against the same per-kiosk and per-phone limits as identification, and cannot be used to
 * get round them.
 */

import { issueCustomerToken } from '../auth/customer-tokens.ts';
import type { CustomerDeps } from '../customers/customer-deps.ts';
import { createCustomer } from '../customers/customer-writes.ts';
import { type CustomerSelfView, selfView } from '../customers/self-view.ts';
import type { Customer } from '../domain/customer-schema.ts';
import { Conflict, type FieldError, ValidationFailed } from '../domain/errors.ts';
import { isJsonObject, type JsonObject } from '../domain/merge-patch.ts';
import { normalizePhone } from '../domain/phone.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { countKioskAttempt, countPhoneAttempt } from './identity-throttle.ts';
import { asKiosk, type KioskActor } from './kiosk-actor.ts';
import { type KioskPolicy, kioskNow } from './kiosk-policy.ts';
import { assertKioskSettable } from './kiosk-signup-fields.ts';

export interface SignedUp {
  customerToken: string;
  expiresAt: Date;
  /** As the customer sees themselves (the answer goes to the kiosk screen). */
  customer: CustomerSelfView;
}

export const KIOSK_DUPLICATE =
  'This person is already signed up (same phone or email and date of birth, or ID number): identify them instead.';

export async function signUpCustomer(
  deps: CustomerDeps,
  policy: KioskPolicy,
  ctx: AuditContext,
  body: unknown,
): Promise<SignedUp> {
  const kiosk = asKiosk(ctx.actor, 'kioskSignup');
  const customer = await createCustomerAtKiosk(deps, policy, ctx, body);
  const { token, expiresAt } = await issueCustomerToken(
    deps.db,
    kiosk,
    customer.id,
    policy.customerTokenTtlMs,
    kioskNow(policy),
  );
  return { customerToken: token, expiresAt, customer: selfView(customer) };
}

/**
 * A customer created by a kiosk, whichever route it came through (`POST /kiosk/signup`, or
 * `POST /customers` with a kiosk key, which API.md also allows): counted against the kiosk's
 * identification limits and answering a duplicate without `duplicateOf`, so that neither route
 * lets an unattended device probe who is signed up faster than identify would; and setting only
 * what a kiosk may (kiosk-signup-fields.ts: no tags, notes or other store).
 */
export async function createCustomerAtKiosk(
  deps: CustomerDeps,
  policy: KioskPolicy,
  ctx: AuditContext,
  body: unknown,
): Promise<Customer> {
  const kiosk = asKiosk(ctx.actor, 'customer');
  // Before counting: a refused field tells nothing about who is signed up.
  assertKioskSettable(body, kiosk);
  await countKioskAttempt(deps.db, policy, kiosk);
  const phone = isJsonObject(body) && typeof body.phone === 'string' ? normalizePhone(body.phone) : null;
  if (phone) await countPhoneAttempt(deps.db, policy, kiosk, phone);
  try {
    return await createCustomer(deps, ctx, atThisKiosk(body, kiosk));
  } catch (error) {
    if (error instanceof Conflict) throw new Conflict(KIOSK_DUPLICATE);
    throw error;
  }
}

/**
 * The body as this kiosk's signup: home store = the kiosk's store, and a granted consent must carry
 * its wording (the ledger keeps the words agreed to, TCPA). The consent source (`kiosk`) and time are
 * the server's: the customers service refuses a body that sends them. Anything that is not an
 * object is left for the customers service to refuse.
 */
export function atThisKiosk(body: unknown, kiosk: KioskActor): unknown {
  if (!isJsonObject(body)) return body;
  const result: JsonObject = { ...body, homeStoreId: kiosk.storeId };
  const consents = body.consents;
  if (!isJsonObject(consents)) return result;
  const missingWording: FieldError[] = [];
  for (const channel of ['sms', 'email'] as const) {
    const choice = consents[channel];
    if (!isJsonObject(choice)) continue;
    const wording = choice.wording;
    if (choice.granted === true && (typeof wording !== 'string' || wording.trim() === '')) {
      missingWording.push({
        path: `consents.${channel}.wording`,
        message: 'is required when consent is given at a kiosk: the ledger keeps the words agreed to',
      });
    }
  }
  if (missingWording.length > 0) throw new ValidationFailed(missingWording);
  return result;
}
