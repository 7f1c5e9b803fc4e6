import { describe, expect, it } from 'vitest';
import { ValidationFailed } from './errors.ts';
import { assertSelfEditable } from './self-edit.ts';

function refusedPaths(patch: unknown): string[] {
  try {
    assertSelfEditable(patch);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors.map((e) => e.path);
    throw error;
  }
}

describe('what a customer may change themselves', () => {
  it('lets a customer change their names, contact details, address and consents', () => {
    expect(
      refusedPaths({
        firstName: 'Kay',
        lastName: 'Scott',
        preferredName: null,
        phone: '(702) 555-0100',
        email: 'kay@example.com',
        address: null,
        consents: { sms: { granted: false } },
      }),
    ).toEqual([]);
  });

  it('refuses, field by field, what staff check or the dispensary keeps', () => {
    expect(
      refusedPaths({
        firstName: 'Kay',
        dateOfBirth: '1970-01-01',
        customerType: 'medical',
        medical: null,
        idDocument: null,
        tags: ['vip'],
        notes: 'x',
        homeStoreId: null,
        loyalty: 5,
      }),
    ).toEqual(['dateOfBirth', 'customerType', 'medical', 'idDocument', 'tags', 'notes', 'homeStoreId', 'loyalty']);
  });

  it('leaves a patch that is not an object to the patch rules, which refuse it', () => {
    expect(refusedPaths(['notes'])).toEqual([]);
    expect(refusedPaths(null)).toEqual([]);
  });
});
