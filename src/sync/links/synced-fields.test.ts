import { describe, expect, it } from 'vitest';
import type { PosCustomer } from '../../pos/port.ts';
import { updateInput } from '../outbound/push-input.ts';
import { heldFields, holds, posHolds, projectPos, type SyncedField } from './synced-fields.ts';

const pos: PosCustomer = {
  externalId: '17',
  status: 'active',
  mergedIntoExternalId: null,
  mergedExternalIds: [],
  createdAt: null,
  updatedAt: null,
  lastVisitAt: null,
  issues: [],
  firstName: 'Kathleen',
  middleName: 'Ann',
  lastName: 'Scott',
  preferredName: null,
  dateOfBirth: '1988-04-02',
  gender: 'female',
  phone: '+17025550123',
  email: null,
  customerType: 'medical',
  // Treez keeps no card state and reads every document as a driver's licence.
  medical: { cardNumber: 'MED-1', state: null, expiresOn: '2027-06-30' },
  idDocument: { type: 'drivers_license', number: 'D1', state: null, expiresOn: null },
  address: { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
  consents: { sms: true, email: true },
  loyaltyPoints: 120,
  tags: ['VIP'],
  notes: null,
  banned: false,
};

const FIELDS: SyncedField[] = [
  'firstName',
  'lastName',
  'phone',
  'customerType',
  'medical',
  'idDocument',
  'address',
  'consents.sms',
  'tags',
];

describe('what a POS holds of the record', () => {
  it('holds a card whose state it cannot keep, and an ID document of its own type', () => {
    const held = projectPos(pos, FIELDS);
    expect(holds('medical', held.medical, { cardNumber: 'MED-1', state: 'NV', expiresOn: '2027-06-30' })).toBe(true);
    expect(holds('idDocument', held.idDocument, { type: 'passport', number: 'D1', state: null, expiresOn: null })).toBe(
      true,
    );
  });

  it('does not hold a renewed card, a new address, an opt-out or a tag it lacks', () => {
    const held = projectPos(pos, FIELDS);
    expect(holds('medical', held.medical, { cardNumber: 'MED-1', state: null, expiresOn: '2029-01-31' })).toBe(false);
    expect(holds('address', held.address, { line1: '2 Side St', city: 'Reno' })).toBe(false);
    expect(holds('consents.sms', held['consents.sms'], false)).toBe(false);
    expect(holds('tags', held.tags, ['vip', 'edibles'])).toBe(false);
    expect(holds('tags', held.tags, ['vip'])).toBe(true);
  });

  it('asks nothing of the POS for a value the record does not have: no blanks are pushed', () => {
    const held = projectPos(pos, FIELDS);
    const carried: SyncedField[] = ['address', 'medical', 'consents.sms', 'tags'];
    expect(posHolds(held, { address: null, medical: null, 'consents.sms': null, tags: null }, carried)).toBe(true);
    expect(holds('address', null, { line1: '2 Side St' })).toBe(false);
  });

  it('compares merged fields exactly', () => {
    expect(holds('phone', '+17025550123', '+17025550124')).toBe(false);
    expect(holds('phone', null, null)).toBe(true);
  });

  it('lists carried fields among the held ones only where the vendor declares them', () => {
    const fields = heldFields({
      fields: ['firstName', 'address', 'consents.sms', 'loyaltyPoints'],
      findByPhone: false,
      findByEmail: false,
      deactivate: false,
      update: 'merge',
    });
    expect(fields).toEqual(['firstName', 'address', 'consents.sms']);
  });
});

describe('the write of an update push', () => {
  it("sets the record's values over the POS's, keeping parts and tags the record does not know", () => {
    const input = updateInput(
      pos,
      {
        firstName: 'Kate',
        lastName: 'Scott',
        phone: '+17025550199',
        customerType: 'medical',
        medical: { cardNumber: 'MED-2', state: null, expiresOn: '2029-01-31' },
        idDocument: { type: null, number: 'D2', state: 'NV', expiresOn: '2030-01-01' },
        address: { line1: '2 Side St', line2: null, city: 'Reno', state: 'NV', postalCode: '89502', country: 'US' },
        'consents.sms': false,
        tags: ['edibles', 'vip'],
      },
      FIELDS,
    );
    expect(input).toMatchObject({
      firstName: 'Kate',
      middleName: 'Ann',
      phone: '+17025550199',
      medical: { cardNumber: 'MED-2', state: null, expiresOn: '2029-01-31' },
      idDocument: { type: 'drivers_license', number: 'D2', state: 'NV', expiresOn: '2030-01-01' },
      address: { line1: '2 Side St', postalCode: '89502' },
      loyaltyPoints: 120,
      tags: ['VIP', 'edibles'],
    });
    // Email consent is not held here: left unsaid, so one shared flag follows the SMS choice.
    expect(input.consents).toEqual({ sms: false, email: null });
  });

  it("keeps the POS's carried values where the record has none", () => {
    const input = updateInput(pos, { firstName: 'Kathleen', address: null, medical: null, tags: null }, FIELDS);
    expect(input.address).toEqual(pos.address);
    expect(input.medical).toEqual(pos.medical);
    expect(input.tags).toEqual(['VIP']);
  });
});
