/**
 * What Cova's create needs (`POST CustomerFull` [3.3, 3.4]). Cova documents only the children's
 * required fields (an address's `CountryCode`, a contact method's `ContactMethodTypeId` [3.4]), which
 * the mapping always fills. A person's `PrimaryName` and `FamilyName` being required is UNCONFIRMED;
 * the simulator refuses a person without them (sim-choices.ts `requireNames`), and so does this list.
 */
import type { PosCreateRequirement } from '../create-requirements.ts';

export const covaCreateRequirements: readonly PosCreateRequirement[] = [
  {
    path: 'firstName',
    message: 'Cova needs a first name to create this customer',
    reference: 'REFERENCE.md 3.4 (UNCONFIRMED)',
  },
  {
    path: 'lastName',
    message: 'Cova needs a last name to create this customer',
    reference: 'REFERENCE.md 3.4 (UNCONFIRMED)',
  },
];
