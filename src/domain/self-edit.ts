/**
 * What a customer may change on their own record (PATCH /me, or PATCH /customers/{their id} with a
 * customer token): names, contact details, address and consents. Their birthday, type, medical card
 * and ID document are checked by staff against a document; tags, notes and home store are the
 * dispensary's.
 */
import type { CustomerField } from './customer-schema.ts';
import { ValidationFailed } from './errors.ts';
import { isJsonObject } from './merge-patch.ts';

export const SELF_EDITABLE_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'phone',
  'email',
  'address',
  'consents',
] as const satisfies readonly CustomerField[];

const editable: ReadonlySet<string> = new Set(SELF_EDITABLE_FIELDS);

/** Refuses each top-level field of the patch a customer may not change (the shape is checked later, as for staff). */
export function assertSelfEditable(patch: unknown): void {
  if (!isJsonObject(patch)) return;
  const refused = Object.keys(patch).filter((key) => !editable.has(key));
  if (refused.length > 0) {
    throw new ValidationFailed(
      refused.map((path) => ({ path, message: 'cannot be changed by the customer; staff can change it' })),
    );
  }
}
