/**
 * What Treez's create needs (`POST /customer/detailcustomer` [1.4]): `first_name`, `last_name`,
 * `birthday` and `patient_type`. The patient type is always sent (mapping.ts: `ADULT`, `MEDICAL`, or
 * `MEDICAL_MMID` only when the card and its expiry are both there, which is when Treez needs them),
 * so it asks nothing of the customer. Duplicates of a phone or email are refused too [1.8], but that
 * is the POS's answer (409 at the link), not a field the customer lacks.
 */
import type { PosCreateRequirement } from '../create-requirements.ts';

export const treezCreateRequirements: readonly PosCreateRequirement[] = [
  { path: 'firstName', message: 'Treez needs a first name to create this customer', reference: 'REFERENCE.md 1.4' },
  { path: 'lastName', message: 'Treez needs a last name to create this customer', reference: 'REFERENCE.md 1.4' },
  {
    path: 'dateOfBirth',
    message: 'Treez needs a date of birth to create this customer',
    reference: 'REFERENCE.md 1.4',
  },
];
