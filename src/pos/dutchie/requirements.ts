/**
 * What Dutchie's create needs (the legacy LeafLogix create rules [4.3]): customer type, a phone
 * (a valid US number), first and last name and date of birth; medical customers an MMJ ID and its
 * expiry. The type is always sent (mapping.ts: `Medical` or `Recreational`). A phone that is not a
 * US number is the POS's to refuse (a 422 at the link), not a field the customer lacks.
 */
import type { PosCreateRequirement } from '../create-requirements.ts';

export const dutchieCreateRequirements: readonly PosCreateRequirement[] = [
  { path: 'firstName', message: 'Dutchie needs a first name to create this customer', reference: 'REFERENCE.md 4.3' },
  { path: 'lastName', message: 'Dutchie needs a last name to create this customer', reference: 'REFERENCE.md 4.3' },
  {
    path: 'dateOfBirth',
    message: 'Dutchie needs a date of birth to create this customer',
    reference: 'REFERENCE.md 4.3',
  },
  { path: 'phone', message: 'Dutchie needs a phone number to create this customer', reference: 'REFERENCE.md 4.3' },
  {
    path: 'medical.cardNumber',
    onlyFor: 'medical',
    message: 'Dutchie needs the MMJ card number to create this medical customer',
    reference: 'REFERENCE.md 4.3',
  },
  {
    path: 'medical.expiresOn',
    onlyFor: 'medical',
    message: "Dutchie needs the MMJ card's expiry date to create this medical customer",
    reference: 'REFERENCE.md 4.3',
  },
];
