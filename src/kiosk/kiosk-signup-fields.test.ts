/**
 * The fields a kiosk may set on a signup: the customer's own (PATCH /me's list), the phone and email
 * (a later change of them needs a second factor, a new record has none to take over), plus who they are;
 * staff's fields and another store are refused one error per field, and nothing else is judged here.
 */
import { describe, expect, it } from 'vitest';
import { CUSTOMER_FIELDS } from '../domain/customer-schema.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { SELF_EDITABLE_FIELDS } from '../domain/self-edit.ts';
import type { KioskActor } from './kiosk-actor.ts';
import { assertKioskSettable, KIOSK_SETTABLE_FIELDS } from './kiosk-signup-fields.ts';

const kiosk: KioskActor = { kind: 'apiKey', role: 'kiosk', orgId: 'org', keyId: 'key', storeId: 'kiosk-store' };

function refusedPaths(body: unknown): string[] {
  try {
    assertKioskSettable(body, kiosk);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).errors.map((e) => e.path);
  }
}

describe('what a kiosk may set on a signup', () => {
  it("is what the customer may set on their own record, plus who they are, and never staff's fields", () => {
    expect(KIOSK_SETTABLE_FIELDS).toEqual(expect.arrayContaining([...SELF_EDITABLE_FIELDS]));
    expect([...KIOSK_SETTABLE_FIELDS].sort()).toEqual(
      [...SELF_EDITABLE_FIELDS, 'phone', 'email', 'dateOfBirth', 'customerType', 'medical', 'idDocument'].sort(),
    );
    // Every other field of a new customer is staff's (homeStoreId is checked against the kiosk's store).
    expect(CUSTOMER_FIELDS.filter((f) => !KIOSK_SETTABLE_FIELDS.includes(f)).sort()).toEqual([
      'homeStoreId',
      'notes',
      'tags',
    ]);
  });

  it('refuses tags and notes, each with its own error naming the field', () => {
    try {
      assertKioskSettable({ firstName: 'A', tags: ['vip'], notes: 'trusted' }, kiosk);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationFailed).errors).toEqual([
        { path: 'tags', message: 'A kiosk cannot set tags: staff set it on the record' },
        { path: 'notes', message: 'A kiosk cannot set notes: staff set it on the record' },
      ]);
    }
    // Present is refused, whatever the value: the rule is the field, as on PATCH /me.
    expect(refusedPaths({ tags: [], notes: null })).toEqual(['tags', 'notes']);
  });

  it("accepts the kiosk's own store or none, and refuses another store", () => {
    expect(refusedPaths({ homeStoreId: 'kiosk-store' })).toEqual([]);
    expect(refusedPaths({ homeStoreId: null })).toEqual([]);
    expect(refusedPaths({ homeStoreId: 'elsewhere' })).toEqual(['homeStoreId']);
  });

  it('accepts a full signup of the fields a customer states, and leaves unknown fields and non-objects to the schema', () => {
    const signup = {
      firstName: 'A',
      lastName: 'B',
      preferredName: null,
      dateOfBirth: '1980-01-01',
      phone: '7025550100',
      email: 'a@example.com',
      customerType: 'medical',
      medical: { cardNumber: 'MED-1', state: 'NV', expiresOn: '2030-01-01' },
      idDocument: null,
      address: null,
      consents: {},
      loyalty: { points: 1_000_000 },
    };
    expect(refusedPaths(signup)).toEqual([]);
    expect(refusedPaths(['tags'])).toEqual([]);
    expect(refusedPaths(null)).toEqual([]);
  });
});
