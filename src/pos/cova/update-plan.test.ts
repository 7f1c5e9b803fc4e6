import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PosCustomer, PosMalformed } from '../port.ts';
import { type CovaCustomer, covaCustomerSchema, readCovaCustomer } from './mapping.ts';
import { childChanges, customerPutBody } from './update-plan.ts';

const raw = JSON.parse(readFileSync(new URL('./fixtures/customer-full-medical.json', import.meta.url), 'utf8'));
const current: CovaCustomer = covaCustomerSchema.parse(raw);
const asRead = readCovaCustomer(raw) as PosCustomer;
if (asRead instanceof PosMalformed) throw asRead;

describe('cova update plan', () => {
  it('sends nothing to the children when Patron changes nothing they hold', () => {
    expect(childChanges(current, asRead)).toEqual([]);
  });

  it('puts the whole Customer back with its Id and the fields Patron does not model, without children', () => {
    const body = customerPutBody(current, { ...asRead, firstName: 'Kathy' });
    expect(body).toMatchObject({ Id: current.Id, PrimaryName: 'Kathy', ReferralSource: 'Leafly', PricingGroupId: 3 });
    expect(body.Version).toBe(7);
    for (const notSent of ['ContactMethods', 'Addresses', 'CustomerExtensions', 'LastModifiedDateUtc']) {
      expect(body).not.toHaveProperty(notSent);
    }
  });

  it('changes the default phone in place, keeping its id and type, and leaves the other phone alone', () => {
    const changes = childChanges(current, { ...asRead, phone: '+17025550199' });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      method: 'PUT',
      collection: 'ContactMethods',
      childId: 'c0a1b2c3-0000-4000-8000-000000000202',
      body: { Value: '(702) 555-0199', ContactMethodTypeId: 3, DoNotContact: false },
    });
  });

  it('removes the email and the card extensions, adds a licence state, and updates the points', () => {
    const changes = childChanges(current, {
      ...asRead,
      email: null,
      customerType: 'adult',
      idDocument: { ...asRead.idDocument!, state: 'NV' },
      loyaltyPoints: 1300,
    });
    const summary = changes.map((c) => `${c.method} ${c.collection} ${String(c.body?.ExtensionType ?? c.childId)}`);
    expect(summary).toEqual([
      'DELETE ContactMethods c0a1b2c3-0000-4000-8000-000000000203',
      'PUT CustomerExtensions PatientType',
      'DELETE CustomerExtensions e0000000-0000-4000-8000-000000000302',
      'DELETE CustomerExtensions e0000000-0000-4000-8000-000000000303',
      'DELETE CustomerExtensions e0000000-0000-4000-8000-000000000304',
      'POST CustomerExtensions DriversLicenseState',
      'PUT CustomerExtensions LoyaltyPoints',
    ]);
    expect(changes[1]?.body?.Value).toBe('Recreational');
  });

  it('replaces the read address when Patron moved the customer', () => {
    const moved = { ...asRead.address!, line1: '1 New Rd', line2: null };
    const [change] = childChanges(current, { ...asRead, address: moved });
    expect(change).toMatchObject({
      method: 'PUT',
      collection: 'Addresses',
      childId: 'a1f0e2d3-0000-4000-8000-000000000102',
      body: { StreetAddress1: '1 New Rd', StreetAddress2: null, CountryCode: 'US' },
    });
  });
});
