/**
 * The change a request holds (`customer_requests.change`, kiosk/tables.ts) in and out: what an
 * identity change or a medical card renewal stores when opened, and the patch it applies once
 * confirmed (carry-out.ts). The card number is stored sealed, like the record's own column.
 */
import type { FieldProtector } from '../../privacy/field-protector.ts';
import type { HeldChange, HeldMedicalCard } from '../tables.ts';

export function sealCard(
  protector: FieldProtector,
  card: { cardNumber: string; state: string; expiresOn: string },
): HeldMedicalCard {
  return {
    cardNumberSealed: protector.encrypt('medicalCardNumber', card.cardNumber),
    state: card.state,
    expiresOn: card.expiresOn,
  };
}

/** The patch a confirmed renewal applies: the whole card, its number unsealed. */
export function medicalCardPatchOf(protector: FieldProtector, change: HeldChange | null) {
  const held = change?.medical;
  if (!held) throw new Error('a medical card renewal holds the card it renews to');
  return {
    medical: {
      cardNumber: protector.decrypt('medicalCardNumber', held.cardNumberSealed),
      state: held.state,
      expiresOn: held.expiresOn,
    },
  };
}

/** The patch a confirmed identity change applies: its phone and email, nothing else it may hold. */
export function identityPatchOf(change: HeldChange | null): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  if (change?.phone !== undefined) patch.phone = change.phone;
  if (change?.email !== undefined) patch.email = change.email;
  return patch;
}
