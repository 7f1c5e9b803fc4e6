/**
 * What BLAZE's member create needs: the endpoint and its schema are UNCONFIRMED [5.3, 7.1]. Both
 * names are assumed required, as a POS member form asks for them; the simulator refuses a member
 * without them (simulator.ts `requiredOnWrite`), and so does this list.
 */
import type { PosCreateRequirement } from '../create-requirements.ts';

export const blazeCreateRequirements: readonly PosCreateRequirement[] = [
  {
    path: 'firstName',
    message: 'BLAZE needs a first name to create this customer',
    reference: 'REFERENCE.md 5.3 (UNCONFIRMED)',
  },
  {
    path: 'lastName',
    message: 'BLAZE needs a last name to create this customer',
    reference: 'REFERENCE.md 5.3 (UNCONFIRMED)',
  },
];
