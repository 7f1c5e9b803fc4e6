import { describe, expect, it } from 'vitest';
import { type PosCreateRequirement, unmetRequirements } from './create-requirements.ts';

const requirements: PosCreateRequirement[] = [
  { path: 'phone', message: 'needs a phone', reference: 'test' },
  { path: 'address.state', orFrom: ['idDocument.state'], message: 'needs a state', reference: 'test' },
  { path: 'medical.cardNumber', onlyFor: 'medical', message: 'needs a card', reference: 'test' },
];

describe('create requirements', () => {
  it('names every requirement a customer misses, in the order declared', () => {
    expect(unmetRequirements(requirements, { customerType: 'medical', phone: null, address: null })).toEqual([
      { path: 'phone', message: 'needs a phone' },
      { path: 'address.state', message: 'needs a state' },
      { path: 'medical.cardNumber', message: 'needs a card' },
    ]);
  });

  it('takes a blank string as missing', () => {
    expect(unmetRequirements(requirements.slice(0, 1), { phone: '  ' })).toEqual([
      { path: 'phone', message: 'needs a phone' },
    ]);
  });

  it('is met by a fallback the vendor mapping also reads', () => {
    const customer = { phone: '+17025550100', address: null, idDocument: { state: 'NV' } };
    expect(unmetRequirements(requirements, { ...customer, customerType: 'adult' })).toEqual([]);
  });

  it('asks a medical-only field of medical customers only', () => {
    const customer = { phone: '+17025550100', address: { state: 'NV' }, medical: null };
    expect(unmetRequirements(requirements, { ...customer, customerType: 'adult' })).toEqual([]);
    expect(unmetRequirements(requirements, { ...customer, customerType: 'medical' })).toEqual([
      { path: 'medical.cardNumber', message: 'needs a card' },
    ]);
  });
});
