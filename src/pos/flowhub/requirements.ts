/**
 * What Flowhub's create needs (`CustomerWriteParams` [2.4]): `name` (first and last together),
 * `birthDate`, a 2-letter `state` and `type`. The type is always sent (med or rec customer); the state
 * is the address's, else the state that issued the ID or the medical card (mapping.ts `fromPosCustomer`),
 * so a customer with none of the three cannot be created there.
 */
import type { PosCreateRequirement } from '../create-requirements.ts';

export const flowhubCreateRequirements: readonly PosCreateRequirement[] = [
  // One `name` for the full name [2.4, 2.8]: either part makes one.
  {
    path: 'firstName',
    orFrom: ['lastName'],
    message: 'Flowhub needs a name to create this customer',
    reference: 'REFERENCE.md 2.4',
  },
  {
    path: 'dateOfBirth',
    message: 'Flowhub needs a date of birth to create this customer',
    reference: 'REFERENCE.md 2.4',
  },
  {
    path: 'address.state',
    orFrom: ['idDocument.state', 'medical.state'],
    message: 'Flowhub needs a state in the address to create this customer',
    reference: 'REFERENCE.md 2.4',
  },
];
