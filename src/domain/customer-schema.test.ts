import { describe, expect, it } from 'vitest';
import { Customer, CustomerInput, characterCount } from './customer-schema.ts';
import { maskCustomer } from './masking.ts';

const stored = {
  id: '6f1c2a4e-8d0b-4c1e-9a57-2b8f3d6e9c10',
  version: 1,
  firstName: 'Kathleen',
  lastName: 'Scott',
  preferredName: null,
  dateOfBirth: '1988-04-02',
  phone: '+17025550123',
  email: 'kathleen@example.com',
  customerType: 'medical',
  medical: { cardNumber: 'MED-0042-7788', state: 'NV', expiresOn: '2027-06-30' },
  idDocument: null,
  address: null,
  consents: {
    sms: { granted: true, at: '2025-01-01T10:00:00Z', source: 'kiosk' },
    email: { granted: false, at: null, source: null },
  },
  tags: [],
  notes: null,
  loyalty: { points: 0, source: null },
  loyaltyByStore: [],
  homeStoreId: null,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:00:00.000Z',
};

describe('customer resource schema', () => {
  it('strips internal columns from an answer, so they cannot leak', () => {
    const answer = Customer.parse({ ...stored, orgId: 'x', idNumberIndex: 'abc', deletedAt: null });
    expect(answer).not.toHaveProperty('orgId');
    expect(answer).not.toHaveProperty('idNumberIndex');
  });

  it('still describes a masked customer', () => {
    expect(Customer.parse(maskCustomer(Customer.parse(stored))).medical?.cardNumber).toBe('••••7788');
  });

  it('keeps a value imported from a POS that signup rules would refuse', () => {
    expect(Customer.parse({ ...stored, phone: 'N/A' }).phone).toBe('N/A');
  });

  it('renders to JSON Schema for the OpenAPI document, input and output', () => {
    const input = CustomerInput.toJSONSchema({ io: 'input' }) as { $defs: Record<string, { required?: string[] }> };
    expect(input.$defs.NewCustomer?.required).toEqual(['firstName', 'lastName', 'dateOfBirth']);
    expect(() => Customer.toJSONSchema({ io: 'output' })).not.toThrow();
  });

  it('counts characters as a person sees them, not UTF-16 units', () => {
    expect(characterCount('Zoë')).toBe(3);
    expect(characterCount('Zoe\u0308')).toBe(3);
    expect(characterCount('👩🏽‍🚀')).toBe(1);
  });
});
