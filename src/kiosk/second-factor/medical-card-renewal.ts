/**
 * PATCH /me renewing the customer's medical card (`{ "medical": { "expiresOn": … } }`, with the card
 * number or state when they changed): a medical customer whose card expired identifies at the kiosk
 * and types what the new card says. Checked now, as staff's edit would be (a date already past, a
 * malformed number, what the kiosk store's data profile does not keep: 422 at once), held in a
 * request that only staff confirm, once they have looked at the card at the counter, then applied as
 * staff's patch. The held card number is sealed like the record's own (privacy/field-protector.ts).
 */
import type { Actor } from '../../auth/actor.ts';
import { assertKeptByProfile, storeOfWrite } from '../../customers/data-profile-check.ts';
import { applyCustomerPatch } from '../../domain/customer-patch.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import { isJsonObject } from '../../domain/merge-patch.ts';
import type { AuditContext } from '../../privacy/audit-log.ts';
import { type OpenedRequest, openRequest, type SecondFactorDeps } from './customer-requests.ts';
import { sealCard } from './held-change.ts';
import { ownRecordForChange } from './own-record.ts';

type CustomerActor = Extract<Actor, { kind: 'customer' }>;

/** The opened request, or undefined when the card given is the card held. */
export async function requestMedicalCardRenewal(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  me: CustomerActor,
  patch: Record<string, unknown>,
  expectedVersion?: number,
): Promise<OpenedRequest | undefined> {
  const { current, today } = await ownRecordForChange(deps, me, expectedVersion);
  if (current.customerType !== 'medical') {
    throw ValidationFailed.field(
      'medical',
      'can be renewed here only by a medical customer: staff record a first medical card at the counter',
    );
  }
  if (!isJsonObject(patch.medical)) {
    throw ValidationFailed.field(
      'medical',
      'must be the renewed card: give expiresOn, and cardNumber and state if they changed (removing the card is for staff)',
    );
  }
  const { customer, changed } = applyCustomerPatch(current, patch, today);
  if (changed.length === 0 || customer.medical === null) return undefined;
  // Collected at the kiosk: that store's profile says whether it may keep the card (as for a signup there).
  await assertKeptByProfile(deps.db, me.orgId, storeOfWrite(me, {}, customer.homeStoreId), customer, me.customerId, [
    'medical',
  ]);
  const medical = sealCard(deps.protection.forOrg(me.orgId), customer.medical);
  return openRequest(deps, ctx, me, 'medical_card_renewal', { medical });
}
