import { describe, expect, it } from 'vitest';
import { editFieldOfPath, editPatchOf, editValuesOf } from './customer-edit-values.ts';
import type { CustomerRecord } from './customer-types.ts';

const medicalCustomer: CustomerRecord = {
  id: '6f1c0f7e-52c4-4c8a-9a59-3c1f3f0a1b2c',
  version: 4,
  firstName: 'Rosa',
  lastName: 'Díaz',
  preferredName: null,
  dateOfBirth: '1990-04-02',
  phone: '+17025550123',
  email: null,
  customerType: 'medical',
  medical: { cardNumber: '••••5678', state: 'NV', expiresOn: '2027-06-30' },
  idDocument: { type: 'drivers_license', number: '••••0042', state: 'NV', expiresOn: null },
  address: { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
  consents: { sms: { granted: false, at: null, source: null }, email: { granted: false, at: null, source: null } },
  tags: [],
  notes: null,
  loyalty: { points: 0, source: null },
  loyaltyByStore: [],
  homeStoreId: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('the edit form values of a customer', () => {
  it('reads nested fields by their API path, absent ones as empty', () => {
    const values = editValuesOf(medicalCustomer);
    expect(values['medical.cardNumber']).toBe('••••5678');
    expect(values['address.city']).toBe('Reno');
    expect(values['address.line2']).toBe('');
    expect(values['idDocument.expiresOn']).toBe('');
    expect(values.homeStoreId).toBe('');
  });
});

describe('the merge patch of an edit', () => {
  const saved = editValuesOf(medicalCustomer);

  it('holds only what changed, an emptied optional field as null', () => {
    const patch = editPatchOf(saved, { ...saved, firstName: ' Rosalind ', phone: '  ', email: 'r@example.com' });
    expect(patch).toEqual({ firstName: 'Rosalind', phone: null, email: 'r@example.com' });
  });

  it("sends a group's changed fields only, so a masked number shown is never sent back", () => {
    const patch = editPatchOf(saved, { ...saved, 'medical.expiresOn': '2028-06-30' });
    expect(patch).toEqual({ medical: { expiresOn: '2028-06-30' } });
  });

  it('sends a retyped number whole', () => {
    const patch = editPatchOf(saved, { ...saved, 'idDocument.number': 'D1234567' });
    expect(patch).toEqual({ idDocument: { number: 'D1234567' } });
  });

  it('removes a group emptied of every field', () => {
    const emptied = Object.fromEntries(
      Object.entries(saved).map(([name, value]) => [name, name.startsWith('address.') ? '' : value]),
    );
    expect(editPatchOf(saved, emptied)).toEqual({ address: null });
  });

  it('sends an emptied required field of a group as empty, for the API to name', () => {
    expect(editPatchOf(saved, { ...saved, 'address.city': '' })).toEqual({ address: { city: '' } });
  });

  it('drops the card when a medical customer becomes adult-use', () => {
    expect(editPatchOf(saved, { ...saved, customerType: 'adult' })).toEqual({ customerType: 'adult', medical: null });
  });

  it('is empty when nothing changed', () => {
    expect(editPatchOf(saved, { ...saved })).toEqual({});
  });
});

describe('the field of a 422 path', () => {
  it('is the path itself, its nearest parent, or the first field of a group', () => {
    expect(editFieldOfPath('email')).toBe('email');
    expect(editFieldOfPath('medical.expiresOn')).toBe('medical.expiresOn');
    expect(editFieldOfPath('medical')).toBe('medical.cardNumber');
    expect(editFieldOfPath('address.country')).toBe('address.line1');
  });

  it('is null where the form has no field', () => {
    expect(editFieldOfPath('tags.3')).toBeNull();
    expect(editFieldOfPath('consents.sms.wording')).toBeNull();
  });
});
