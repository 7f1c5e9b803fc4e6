/**
 * The sync tests' oracle (held-values.ts) against hand-written records: it must call a part read
 * back as `null` a divergence where the engine's `holds()` counts it as held, and must let pass
 * exactly the parts REFERENCE.md says a vendor has no field for.
 */
import { describe, expect, it } from 'vitest';
import type { CustomerRow } from '../../src/customers/customer-record.ts';
import type { PosCustomer } from '../../src/pos/port.ts';
import { createFieldProtection } from '../../src/privacy/field-protector.ts';
import { holds } from '../../src/sync/links/synced-fields.ts';
import { heldDifferences } from './held-values.ts';

const protector = createFieldProtection(Buffer.alloc(32, 3)).forOrg('org-1');

const row = {
  firstName: 'Ana',
  lastName: 'Silva',
  preferredName: null,
  dateOfBirth: '1990-02-03',
  phone: '+17025550123',
  email: 'ana@example.com',
  notes: null,
  customerType: 'medical',
  medicalCardNumberEnc: protector.encrypt('medicalCardNumber', 'MED-1'),
  medicalState: 'NV',
  medicalExpiresOn: '2030-01-31',
  idDocumentType: null,
  idDocumentNumberEnc: null,
  idDocumentState: null,
  idDocumentExpiresOn: null,
  address: { line1: '1 Main St', line2: 'Unit 4', city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
  consents: { sms: { granted: true, source: 'counter' }, email: { granted: false, source: null } },
  tags: [],
} as unknown as CustomerRow;

const pos: PosCustomer = {
  externalId: '5',
  status: 'active',
  mergedIntoExternalId: null,
  mergedExternalIds: [],
  createdAt: null,
  updatedAt: null,
  lastVisitAt: null,
  issues: [],
  firstName: 'Ana',
  middleName: null,
  lastName: 'Silva',
  preferredName: null,
  dateOfBirth: '1990-02-03',
  gender: null,
  phone: '+17025550123',
  email: 'ana@example.com',
  customerType: 'medical',
  medical: { cardNumber: 'MED-1', state: null, expiresOn: '2030-01-31' },
  idDocument: null,
  address: { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
  consents: { sms: true, email: null },
  loyaltyPoints: null,
  tags: [],
  notes: null,
  banned: null,
};

describe('held values oracle', () => {
  it('calls a second address line read back as null a divergence at Dutchie, which holds address2 [REFERENCE 4.4]', () => {
    expect(heldDifferences('dutchie', row, pos, protector)).toEqual(['address.line2: patron="Unit 4" pos=null']);
    // The engine's own check counts the same null part as held.
    expect(
      holds(
        'address',
        { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
        { line1: '1 Main St', line2: 'Unit 4', city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
      ),
    ).toBe(true);
  });

  it('lets pass the card state and second line BLAZE has no field for [REFERENCE 5.4]', () => {
    expect(heldDifferences('blaze', row, pos, protector)).toEqual([]);
  });

  it('calls a consent or card number read back as null a divergence', () => {
    const lost = { ...pos, consents: { sms: null, email: null }, medical: { ...pos.medical!, cardNumber: null } };
    expect(heldDifferences('blaze', row, lost, protector)).toEqual([
      'medical.cardNumber: patron="MED-1" pos=null',
      'consents.sms: patron=true pos=null',
    ]);
  });
});
