/**
 * What a customer may change on their own record (PATCH /me, or PATCH /customers/{their id} with a
 * customer token): names, address and consents at once; phone and email only through PATCH /me,
 * held until a second factor (kiosk/second-factor/), because they identify the person: a customer
 * token taking another's phone number would shut that customer out. Their medical card they may
 * renew through PATCH /me too (a new expiry, and the number or state if those changed), held until
 * staff have looked at the card at the counter: a kiosk cannot see a card, and an unchecked expiry
 * would let an expired card buy as a medical patient. Their birthday, type and ID document are
 * checked by staff against a document; tags, notes and home store are the dispensary's.
 */
import type { CustomerField } from './customer-schema.ts';
import { ValidationFailed } from './errors.ts';
import { isJsonObject } from './merge-patch.ts';

export const SELF_EDITABLE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'address',
  'consents',
] as const satisfies readonly CustomerField[];

/** Fields a customer may ask to change, carried out once a second factor confirms it. */
export const SECOND_FACTOR_FIELDS = ['phone', 'email'] as const satisfies readonly CustomerField[];

/** The medical card, which a customer may renew, carried out once staff have seen the card. */
export const CARD_RENEWAL_FIELDS = ['medical'] as const satisfies readonly CustomerField[];

const editable: ReadonlySet<string> = new Set(SELF_EDITABLE_FIELDS);
const heldForSecondFactor: ReadonlySet<string> = new Set(SECOND_FACTOR_FIELDS);
const heldForCardCheck: ReadonlySet<string> = new Set(CARD_RENEWAL_FIELDS);

const IDENTITY_ALONE = 'is changed only once confirmed: send phone and email in a patch of their own';
const CARD_ALONE = 'is renewed only once staff have seen the card: send medical in a patch of its own';

/** Refuses each top-level field of the patch a customer may not change (the shape is checked later, as for staff). */
export function assertSelfEditable(patch: unknown): void {
  if (!isJsonObject(patch)) return;
  const refused = Object.keys(patch).filter((key) => !editable.has(key));
  if (refused.length > 0) {
    throw new ValidationFailed(
      refused.map((path) => ({
        path,
        message: heldForSecondFactor.has(path)
          ? 'is changed only once confirmed: send it on PATCH /me in a patch of its own, and staff confirm it'
          : heldForCardCheck.has(path)
            ? 'is renewed only once staff have seen the card: send it on PATCH /me in a patch of its own, and staff confirm it'
            : 'cannot be changed by the customer; staff can change it',
      })),
    );
  }
}

/** The part of a PATCH /me held for confirmation: a new phone or email, or a renewed medical card. */
export type HeldPart =
  | { kind: 'identity'; patch: Record<string, unknown> }
  | { kind: 'medicalCard'; patch: Record<string, unknown> };

/**
 * What a PATCH /me asks that is held for confirmation, or undefined when it asks none of it. It comes
 * alone (held for confirmation while the rest would apply at once would make one patch half done):
 * phone and email together, or the medical card by itself (each is its own request, confirmed on
 * its own evidence).
 */
export function heldPart(patch: unknown): HeldPart | undefined {
  if (!isJsonObject(patch)) return undefined;
  const keys = Object.keys(patch);
  const held = keys.filter((key) => heldForSecondFactor.has(key) || heldForCardCheck.has(key));
  if (held.length === 0) return undefined;
  const card = held.some((key) => heldForCardCheck.has(key));
  const alone = card ? keys.length === 1 : held.length === keys.length;
  if (!alone) {
    throw new ValidationFailed(
      held.map((path) => ({ path, message: heldForCardCheck.has(path) ? CARD_ALONE : IDENTITY_ALONE })),
    );
  }
  return { kind: card ? 'medicalCard' : 'identity', patch };
}
