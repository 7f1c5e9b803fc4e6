import { describe, expect, it } from 'vitest';
import { applyCustomerPatch, CustomerPatch } from './customer-patch.ts';
import { Customer } from './customer-schema.ts';
import { type FieldError, ValidationFailed } from './errors.ts';
import { maskCustomer } from './masking.ts';

const TODAY = '2026-03-15';

const current: Customer = Customer.parse({
  id: '6f1c2a4e-8d0b-4c1e-9a57-2b8f3d6e9c10',
  version: 3,
  firstName: 'Kathleen',
  lastName: 'Scott',
  preferredName: null,
  dateOfBirth: '1988-04-02',
  phone: '+17025550123',
  email: 'kathleen@example.com',
  customerType: 'adult',
  medical: null,
  idDocument: { type: 'drivers_license', number: 'D12345678', state: 'NV', expiresOn: '2030-01-01' },
  address: { line1: '1 Main St', line2: null, city: 'Reno', state: 'NV', postalCode: '89501', country: 'US' },
  consents: {
    sms: { granted: true, at: '2025-01-01T10:00:00Z', source: 'kiosk' },
    email: { granted: false, at: null, source: null },
  },
  tags: ['vip'],
  notes: null,
  loyalty: { points: 120, source: 'treez' },
  loyaltyByStore: [],
  homeStoreId: null,
  createdAt: '2025-01-01T10:00:00Z',
  updatedAt: '2025-06-01T10:00:00Z',
});

const medicalCurrent: Customer = {
  ...current,
  customerType: 'medical',
  medical: { cardNumber: 'MED-0042-7788', state: 'NV', expiresOn: '2025-12-31' },
};

function errorsOf(base: Customer, patch: unknown): FieldError[] {
  try {
    applyCustomerPatch(base, patch, TODAY);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
  throw new Error('expected the patch to be rejected');
}

describe('editing a customer with a JSON merge patch', () => {
  it('refuses the shape problems and the rule problems of one patch together', () => {
    expect(errorsOf(current, { firstName: '', dateOfBirth: '2030-01-01' })).toEqual([
      { path: 'firstName', message: 'must not be empty' },
      { path: 'dateOfBirth', message: 'must be in the past' },
    ]);
  });

  it('changes only the fields in the patch and reports which changed', () => {
    const { customer, changed } = applyCustomerPatch(current, { firstName: ' Kate ', phone: '702.555.0199' }, TODAY);
    expect(customer.firstName).toBe('Kate');
    expect(customer.phone).toBe('+17025550199');
    expect(customer.email).toBe('kathleen@example.com');
    expect(changed).toEqual(['firstName', 'phone']);
  });

  it('reports no change for a value written differently but normalizing to the same', () => {
    const { changed } = applyCustomerPatch(current, { phone: '(702) 555-0123', email: 'KATHLEEN@example.com ' }, TODAY);
    expect(changed).toEqual([]);
  });

  it('removes an optional field set to null', () => {
    const { customer, changed } = applyCustomerPatch(current, { address: null, email: null }, TODAY);
    expect(customer.address).toBeNull();
    expect(customer.email).toBeNull();
    expect(changed).toEqual(['email', 'address']);
  });

  it('merges a nested object field by field', () => {
    const { customer } = applyCustomerPatch(current, { address: { line2: 'Apt 4', city: 'Sparks' } }, TODAY);
    expect(customer.address).toEqual({
      line1: '1 Main St',
      line2: 'Apt 4',
      city: 'Sparks',
      state: 'NV',
      postalCode: '89501',
      country: 'US',
    });
  });

  it('rejects removing both phone and email', () => {
    expect(errorsOf(current, { phone: null, email: null })).toEqual([
      { path: 'phone', message: 'or email is required: give at least one way to reach the customer' },
    ]);
  });

  it('rejects switching to medical without a card', () => {
    expect(errorsOf(current, { customerType: 'medical' })).toEqual([
      {
        path: 'medical',
        message: 'is required for medical customers: give the card number, issuing state and expiry date',
      },
    ]);
  });

  it('rejects a partial card on a customer who had none, naming the missing parts', () => {
    expect(errorsOf(current, { customerType: 'medical', medical: { cardNumber: 'MED-9' } })).toEqual([
      { path: 'medical.state', message: 'is required' },
      { path: 'medical.expiresOn', message: 'is required' },
    ]);
  });

  it('accepts switching to medical with a current card', () => {
    const patch = {
      customerType: 'medical',
      medical: { cardNumber: 'MED-9999', state: 'NV', expiresOn: '2027-01-01' },
    };
    const { customer, changed } = applyCustomerPatch(current, patch, TODAY);
    expect(customer.medical?.cardNumber).toBe('MED-9999');
    expect(changed).toEqual(['customerType', 'medical']);
  });

  it('lets a medical customer whose card has since expired edit other fields', () => {
    expect(applyCustomerPatch(medicalCurrent, { notes: 'prefers mornings' }, TODAY).customer.notes).toBe(
      'prefers mornings',
    );
  });

  it('rejects renewing a card with an expiry date already past', () => {
    expect(errorsOf(medicalCurrent, { medical: { expiresOn: '2026-03-14' } })).toEqual([
      { path: 'medical.expiresOn', message: 'card has expired (2026-03-14); medical customers need a current card' },
    ]);
  });

  it('rejects a new date of birth that makes an adult-use customer under 21', () => {
    expect(errorsOf(current, { dateOfBirth: '2006-01-01' })[0]?.message).toMatch(/^must be 21 or older for adult use/);
  });

  it('rejects removing a required field', () => {
    expect(errorsOf(current, { firstName: null })).toEqual([{ path: 'firstName', message: 'must not be null' }]);
  });

  it('rejects unknown and read-only fields', () => {
    expect(errorsOf(current, { version: 9, loyalty: { points: 1 } })).toEqual([
      { path: 'version', message: 'is not a known field' },
      { path: 'loyalty', message: 'is not a known field' },
    ]);
  });

  it('rejects a body that is not an object', () => {
    expect(errorsOf(current, ['firstName'])[0]?.path).toBe('');
  });

  it('replaces a consent choice whole, so a withdrawal does not keep the old time and source', () => {
    const { customer, changed } = applyCustomerPatch(current, { consents: { sms: { granted: false } } }, TODAY);
    expect(customer.consents.sms).toEqual({ granted: false, at: null, source: null, wording: null });
    expect(customer.consents.email.granted).toBe(false);
    expect(changed).toEqual(['consents']);
  });

  it('takes the masked numbers a staff form sends back as unchanged', () => {
    const shown = maskCustomer(current);
    const { customer, changed } = applyCustomerPatch(
      current,
      { idDocument: shown.idDocument, notes: 'checked ID' },
      TODAY,
    );
    expect(customer.idDocument?.number).toBe('D12345678');
    expect(changed).toEqual(['notes']);
  });

  it('rejects a masked number that does not match the one held', () => {
    expect(errorsOf(current, { idDocument: { number: '••••9999' } })).toEqual([
      { path: 'idDocument.number', message: 'may contain only letters, digits, spaces and dashes' },
    ]);
  });

  it('lets an edit of other fields through when an imported phone is not valid, and clears it when asked', () => {
    const imported: Customer = { ...current, phone: 'N/A' };
    expect(applyCustomerPatch(imported, { notes: 'hi' }, TODAY).changed).toEqual(['notes']);
    expect(applyCustomerPatch(imported, { notes: 'hi', phone: null }, TODAY).changed).toEqual(['phone', 'notes']);
  });

  it('documents the patch body for OpenAPI', () => {
    expect(() => CustomerPatch.toJSONSchema({ io: 'input' })).not.toThrow();
  });
});

describe("editing a record imported from a POS with values that do not pass today's checks", () => {
  const imported = {
    ...current,
    phone: '555-12',
    medical: null,
    address: { line1: 'N/A', line2: null, city: 'Reno', state: 'XX', postalCode: '1', country: 'US' },
  };

  it('keeps the untouched invalid values as they are and applies the edit', () => {
    const { customer, changed } = applyCustomerPatch(imported, { lastName: 'Scott-Lee' }, TODAY);
    expect(customer.lastName).toBe('Scott-Lee');
    expect(customer.phone).toBe('555-12');
    expect(customer.address?.state).toBe('XX');
    expect(changed).toEqual(['lastName']);
  });

  it('still refuses an invalid value in a field the edit touches', () => {
    expect(errorsOf(imported, { phone: '555-13' })).toEqual([
      { path: 'phone', message: expect.stringMatching(/phone number/) },
    ]);
  });

  it('accepts an edit that fixes the invalid field', () => {
    const { customer } = applyCustomerPatch(imported, { phone: '(702) 555-0100' }, TODAY);
    expect(customer.phone).toBe('+17025550100');
  });
});
