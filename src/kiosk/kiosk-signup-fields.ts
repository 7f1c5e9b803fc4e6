/**
 * What a kiosk may set on the customer it signs up (`POST /kiosk/signup`, and `POST /customers` with
 * a kiosk key): what the customer may set on their own record (`SELF_EDITABLE_FIELDS`, PATCH /me),
 * the phone and email a later change of needs a second factor (`SECOND_FACTOR_FIELDS`: a new
 * record has none to take over), and who they say they are, without which there is no signup:
 * birthday (identity and the age rule), customer type with the medical card it needs, and ID document. Everything else on the
 * record is the dispensary's: tags and notes are staff's judgement, and the home store is the
 * kiosk's own. The person at an unattended kiosk is not staff, so a body that sets them is refused
 * (422, one error per field) rather than stored or silently dropped.
 */
import { CUSTOMER_FIELDS, type CustomerField } from '../domain/customer-schema.ts';
import { type FieldError, ValidationFailed } from '../domain/errors.ts';
import { isJsonObject } from '../domain/merge-patch.ts';
import { SECOND_FACTOR_FIELDS, SELF_EDITABLE_FIELDS } from '../domain/self-edit.ts';
import type { KioskActor } from './kiosk-actor.ts';

/** What a signup states about the person besides what they may later edit themselves. */
const SIGNUP_IDENTITY_FIELDS = [
  'dateOfBirth',
  'customerType',
  'medical',
  'idDocument',
] as const satisfies readonly CustomerField[];

export const KIOSK_SETTABLE_FIELDS: readonly CustomerField[] = [
  ...SELF_EDITABLE_FIELDS,
  ...SECOND_FACTOR_FIELDS,
  ...SIGNUP_IDENTITY_FIELDS,
];

const settable: ReadonlySet<string> = new Set(KIOSK_SETTABLE_FIELDS);
const known: ReadonlySet<string> = new Set(CUSTOMER_FIELDS);

/**
 * Refuses each field of a kiosk's new customer that only staff may set. `homeStoreId` may be left
 * out or name the kiosk's own store (the signup is there either way). Unknown fields and the shape
 * of the rest are left to the customer rules.
 */
export function assertKioskSettable(body: unknown, kiosk: KioskActor): void {
  if (!isJsonObject(body)) return;
  const refused: FieldError[] = [];
  for (const field of Object.keys(body)) {
    if (field === 'homeStoreId') {
      const store = body.homeStoreId;
      if (store !== null && store !== undefined && store !== kiosk.storeId) {
        refused.push({ path: field, message: 'A kiosk signs customers up at its own store only' });
      }
    } else if (known.has(field) && !settable.has(field)) {
      refused.push({ path: field, message: `A kiosk cannot set ${field}: staff set it on the record` });
    }
  }
  if (refused.length > 0) throw new ValidationFailed(refused);
}
