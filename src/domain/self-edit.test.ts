import { describe, expect, it } from 'vitest';
import { ValidationFailed } from './errors.ts';
import { assertSelfEditable, heldPart } from './self-edit.ts';

function refusedPaths(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors.map((e) => e.path);
    throw error;
  }
}

describe('what a customer may change themselves', () => {
  it('lets a customer change their names, address and consents at once', () => {
    expect(
      refusedPaths(() =>
        assertSelfEditable({
          firstName: 'Kay',
          lastName: 'Scott',
          preferredName: null,
          address: null,
          consents: { sms: { granted: false } },
        }),
      ),
    ).toEqual([]);
  });

  it('refuses phone and email as direct edits: they identify the person and wait for a second factor', () => {
    expect(refusedPaths(() => assertSelfEditable({ phone: '(702) 555-0100', email: 'kay@example.com' }))).toEqual([
      'phone',
      'email',
    ]);
  });

  it('refuses, field by field, what staff check or the dispensary keeps', () => {
    expect(
      refusedPaths(() =>
        assertSelfEditable({
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
      ),
    ).toEqual(['dateOfBirth', 'customerType', 'medical', 'idDocument', 'tags', 'notes', 'homeStoreId', 'loyalty']);
  });

  it('leaves a patch that is not an object to the patch rules, which refuse it', () => {
    expect(refusedPaths(() => assertSelfEditable(['notes']))).toEqual([]);
    expect(refusedPaths(() => assertSelfEditable(null))).toEqual([]);
  });
});

describe('the part of a PATCH /me held for confirmation', () => {
  it('is the phone and email when they come alone, and nothing for other edits', () => {
    expect(heldPart({ phone: '(702) 555-0100', email: null })).toEqual({
      kind: 'identity',
      patch: { phone: '(702) 555-0100', email: null },
    });
    expect(heldPart({ firstName: 'Kay' })).toBeUndefined();
    expect(heldPart(null)).toBeUndefined();
  });

  it('refuses phone or email mixed with fields that would apply at once', () => {
    expect(refusedPaths(() => heldPart({ phone: '(702) 555-0100', firstName: 'Kay' }))).toEqual(['phone']);
  });

  it('is a medical card renewal when the medical card comes alone', () => {
    expect(heldPart({ medical: { expiresOn: '2030-06-30' } })).toEqual({
      kind: 'medicalCard',
      patch: { medical: { expiresOn: '2030-06-30' } },
    });
  });

  it('refuses the medical card with any other field, phone and email included: each is its own request', () => {
    expect(refusedPaths(() => heldPart({ medical: { expiresOn: '2030-06-30' }, firstName: 'Kay' }))).toEqual([
      'medical',
    ]);
    expect(refusedPaths(() => heldPart({ medical: { expiresOn: '2030-06-30' }, phone: '(702) 555-0100' }))).toEqual([
      'medical',
      'phone',
    ]);
  });

  it('says, for the medical card as a direct edit, that it is renewed once staff have seen the card', () => {
    try {
      assertSelfEditable({ medical: { expiresOn: '2030-06-30' } });
      expect.unreachable('the medical card is not a direct edit');
    } catch (error) {
      expect((error as ValidationFailed).errors).toEqual([
        { path: 'medical', message: expect.stringContaining('staff have seen the card') },
      ]);
    }
  });
});
