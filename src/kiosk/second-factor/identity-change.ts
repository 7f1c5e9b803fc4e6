/**
 * PATCH /me asking to change phone or email: checked and normalized now (a wrong number is said at
 * once), held in a request until staff confirm it, then applied as a patch by the confirmer
 * (held-change.ts).
 */
import type { Actor } from '../../auth/actor.ts';
import { applyCustomerPatch } from '../../domain/customer-patch.ts';
import type { AuditContext } from '../../privacy/audit-log.ts';
import type { HeldChange } from '../tables.ts';
import { type OpenedRequest, openRequest, type SecondFactorDeps } from './customer-requests.ts';
import { ownRecordForChange } from './own-record.ts';

/** The opened request, or undefined when the patch changes nothing. */
export async function requestIdentityChange(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  me: Extract<Actor, { kind: 'customer' }>,
  patch: Record<string, unknown>,
  expectedVersion?: number,
): Promise<OpenedRequest | undefined> {
  const { current, today } = await ownRecordForChange(deps, me, expectedVersion);
  const { customer, changed } = applyCustomerPatch(current, patch, today);
  if (changed.length === 0) return undefined;
  const change: HeldChange = {};
  if (changed.includes('phone')) change.phone = customer.phone;
  if (changed.includes('email')) change.email = customer.email;
  return openRequest(deps, ctx, me, 'identity_change', change);
}
