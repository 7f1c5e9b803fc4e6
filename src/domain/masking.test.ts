import { describe, expect, it } from 'vitest';
import { isMasked, MASK, maskCustomer, maskSecret } from './masking.ts';

describe('masking of card and ID numbers', () => {
  it('shows only the last 4 characters behind four dots', () => {
    expect(MASK).toBe('••••');
    expect(maskSecret('D12345678')).toBe('••••5678');
    expect(maskSecret('MED-0042-7788')).toBe('••••7788');
  });

  it('masks a value of 4 characters or fewer entirely', () => {
    expect(maskSecret('1234')).toBe('••••');
    expect(maskSecret('')).toBe('••••');
  });

  it('recognizes a masked value', () => {
    expect(isMasked(maskSecret('D12345678'))).toBe(true);
    expect(isMasked('D12345678')).toBe(false);
  });

  it('masks the medical card and ID numbers of a customer and nothing else', () => {
    const customer = {
      id: 'c1',
      medical: { cardNumber: 'MED-0042-7788', state: 'NV', expiresOn: '2027-06-30' },
      idDocument: { type: 'drivers_license', number: 'D12345678', state: 'NV', expiresOn: null },
    };
    expect(maskCustomer(customer)).toEqual({
      id: 'c1',
      medical: { cardNumber: '••••7788', state: 'NV', expiresOn: '2027-06-30' },
      idDocument: { type: 'drivers_license', number: '••••5678', state: 'NV', expiresOn: null },
    });
    expect(customer.medical.cardNumber).toBe('MED-0042-7788');
  });

  it('leaves absent documents absent', () => {
    expect(maskCustomer({ medical: null, idDocument: null })).toEqual({ medical: null, idDocument: null });
  });
});
