/**
 * What a customer may change on their own record (PATCH /me, or PATCH /customers/{their id} with a
 * customer token): names, address and consents at once; phone and email only through PATCH /me,
 * held until a second factor (kiosk/second-factor/), because they identify the person: a customer
 * token taking another's phone number would shut that customer out. Their birthday, type, medical
 * card and ID document are checked by staff against a document; tags, notes and home store are the
 * dispensary's.
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

const editable: ReadonlySet<string> = new Set(SELF_EDITABLE_FIELDS);
const heldForSecondFactor: ReadonlySet<string> = new Set(SECOND_FACTOR_FIELDS);

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
          : 'cannot be changed by the customer; staff can change it',
      })),
    );
  }
}

/**
 * The phone and email a PATCH /me asks to change, or undefined when it asks neither. They come alone
 * (held for confirmation while the rest would apply at once would make one patch half done).
 */
export function secondFactorPart(patch: unknown): Record<string, unknown> | undefined {
  if (!isJsonObject(patch)) return undefined;
  const keys = Object.keys(patch);
  const held = keys.filter((key) => heldForSecondFactor.has(key));
  if (held.length === 0) return undefined;
  if (held.length < keys.length) {
    throw new ValidationFailed(
      held.map((path) => ({
        path,
        message: 'is changed only once confirmed: send phone and email in a patch of their own',
      })),
    );
  }
  return patch;
}
