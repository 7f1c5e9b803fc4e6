import { describe, expect, it } from 'vitest';
import { CustomerInput } from './customer-schema.ts';
import { validateNewCustomer } from './customer-validation.ts';
import { type FieldError, ValidationFailed } from './errors.ts';

const TODAY = '2026-03-15';

const adult = {
  firstName: 'Kathleen',
  lastName: 'Scott',
  dateOfBirth: '1988-04-02',
  phone: '(702) 555-0123',
  customerType: 'adult',
};

const medical = {
  ...adult,
  customerType: 'medical',
  dateOfBirth: '2006-01-10',
  medical: { cardNumber: 'MED-0042-7788', state: 'nv', expiresOn: '2027-06-30' },
};

function errorsOf(body: unknown, today = TODAY): FieldError[] {
  try {
    validateNewCustomer(body, today);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
  throw new Error('expected the customer to be rejected');
}

describe('new customer validation', () => {
  it('accepts an adult-use signup and fills the optional fields with their empty values', () => {
    expect(validateNewCustomer(adult, TODAY)).toEqual({
      firstName: 'Kathleen',
      lastName: 'Scott',
      preferredName: null,
      dateOfBirth: '1988-04-02',
      phone: '+17025550123',
      email: null,
      customerType: 'adult',
      medical: null,
      idDocument: null,
      address: null,
      consents: {
        sms: { granted: false, at: null, source: null, wording: null },
        email: { granted: false, at: null, source: null, wording: null },
      },
      tags: [],
      notes: null,
      homeStoreId: null,
    });
  });

  it('stores the phone as E.164 and the email lower-cased', () => {
    const customer = validateNewCustomer({ ...adult, phone: '702.555.0123', email: '  Kate@Example.COM ' }, TODAY);
    expect(customer.phone).toBe('+17025550123');
    expect(customer.email).toBe('kate@example.com');
  });

  it('trims names and counts their characters as people do', () => {
    const customer = validateNewCustomer({ ...adult, firstName: '  Zoë ', lastName: '👩🏽‍🚀'.repeat(100) }, TODAY);
    expect(customer.firstName).toBe('Zoë');
    expect(errorsOf({ ...adult, lastName: 'é'.repeat(101) })).toEqual([
      { path: 'lastName', message: 'must be at most 100 characters' },
    ]);
  });

  it('rejects an empty or blank name', () => {
    expect(errorsOf({ ...adult, firstName: '   ' })).toEqual([{ path: 'firstName', message: 'must not be empty' }]);
  });

  it('rejects a name with a line break', () => {
    expect(errorsOf({ ...adult, firstName: 'Kath\nleen' })[0]?.path).toBe('firstName');
  });

  it('rejects an adult-use signup under 21', () => {
    expect(errorsOf({ ...adult, dateOfBirth: '2005-03-16' })).toEqual([
      {
        path: 'dateOfBirth',
        message: 'must be 21 or older for adult use; customers aged 18 to 20 need a medical card',
      },
    ]);
  });

  it('accepts an adult-use signup on the 21st birthday', () => {
    expect(validateNewCustomer({ ...adult, dateOfBirth: '2005-03-15' }, TODAY).dateOfBirth).toBe('2005-03-15');
  });

  it('accepts a Feb 29 birthday on Mar 1 of the 21st common year, not on Feb 28', () => {
    const leapling = { ...adult, dateOfBirth: '2004-02-29' };
    expect(errorsOf(leapling, '2025-02-28')[0]?.message).toMatch(/^must be 21 or older/);
    expect(validateNewCustomer(leapling, '2025-03-01').dateOfBirth).toBe('2004-02-29');
  });

  it('rejects a date of birth that is today or later', () => {
    expect(errorsOf({ ...adult, dateOfBirth: TODAY })).toEqual([
      { path: 'dateOfBirth', message: 'must be in the past' },
    ]);
  });

  it('rejects a placeholder date of birth more than 120 years ago', () => {
    expect(errorsOf({ ...adult, dateOfBirth: '1900-01-01' })[0]?.message).toBe(
      'is more than 120 years ago (1900-01-01); check the year',
    );
  });

  it('rejects a date of birth that is not a calendar date', () => {
    expect(errorsOf({ ...adult, dateOfBirth: '1990-02-30' })).toEqual([
      { path: 'dateOfBirth', message: 'must be a date as YYYY-MM-DD, e.g. 1988-04-02' },
    ]);
  });

  it('accepts a medical patient of 20 with a current card and upper-cases the state', () => {
    expect(validateNewCustomer(medical, TODAY).medical).toEqual({
      cardNumber: 'MED-0042-7788',
      state: 'NV',
      expiresOn: '2027-06-30',
    });
  });

  it('rejects a medical signup under 18', () => {
    expect(errorsOf({ ...medical, dateOfBirth: '2008-03-16' })).toEqual([
      { path: 'dateOfBirth', message: 'must be 18 or older for medical use' },
    ]);
  });

  it('rejects a medical signup without a card, saying what to give', () => {
    expect(errorsOf({ ...medical, medical: null })).toEqual([
      {
        path: 'medical',
        message: 'is required for medical customers: give the card number, issuing state and expiry date',
      },
    ]);
  });

  it('rejects an expired medical card, naming the expiry date', () => {
    expect(errorsOf({ ...medical, medical: { ...medical.medical, expiresOn: '2025-01-31' } })).toEqual([
      { path: 'medical.expiresOn', message: 'card has expired (2025-01-31); medical customers need a current card' },
    ]);
  });

  it('accepts a medical card on its last valid day', () => {
    expect(
      validateNewCustomer({ ...medical, medical: { ...medical.medical, expiresOn: TODAY } }, TODAY).medical,
    ).not.toBeNull();
  });

  it('reports each missing part of a medical card by its dotted path', () => {
    expect(errorsOf({ ...medical, medical: { cardNumber: 'MED-1' } })).toEqual([
      { path: 'medical.state', message: 'is required' },
      { path: 'medical.expiresOn', message: 'is required' },
    ]);
  });

  it('rejects a medical card on an adult-use customer', () => {
    expect(errorsOf({ ...adult, medical: medical.medical })[0]?.path).toBe('medical');
  });

  it('rejects a customer with neither phone nor email', () => {
    expect(errorsOf({ ...adult, phone: null })).toEqual([
      { path: 'phone', message: 'or email is required: give at least one way to reach the customer' },
    ]);
  });

  it('takes a blank phone as none and accepts an email alone', () => {
    const customer = validateNewCustomer({ ...adult, phone: '  ', email: 'kate@example.com' }, TODAY);
    expect(customer.phone).toBeNull();
    expect(customer.email).toBe('kate@example.com');
  });

  it('rejects an invalid phone, saying how to write one', () => {
    expect(errorsOf({ ...adult, phone: '555-0123' })).toEqual([
      {
        path: 'phone',
        message:
          'must be a phone number such as (702) 555-0123; for a number outside the US start with + and the country code',
      },
    ]);
  });

  it('rejects an invalid email', () => {
    expect(errorsOf({ ...adult, email: 'kate@' })).toEqual([
      { path: 'email', message: 'must be an email address such as name@example.com' },
    ]);
  });

  it('rejects unknown fields, naming them', () => {
    expect(errorsOf({ ...adult, ssn: '123-45-6789' })).toEqual([{ path: 'ssn', message: 'is not a known field' }]);
    expect(
      errorsOf({ ...adult, address: { line1: '1 Main St', city: 'Reno', state: 'NV', postalCode: '89501', zip: 'x' } }),
    ).toEqual([{ path: 'address.zip', message: 'is not a known field' }]);
  });

  it('rejects a state code that is not a US state', () => {
    expect(errorsOf({ ...medical, medical: { ...medical.medical, state: 'XX' } })).toEqual([
      { path: 'medical.state', message: 'must be a two-letter US state code such as NV' },
    ]);
  });

  it("requires the issuing state on a driver's license but not on a passport", () => {
    const license = { type: 'drivers_license', number: 'D1234567', expiresOn: '2030-01-01' };
    expect(errorsOf({ ...adult, idDocument: license })[0]?.path).toBe('idDocument.state');
    const passport = { type: 'passport', number: 'X12345678', expiresOn: '2030-01-01' };
    expect(validateNewCustomer({ ...adult, idDocument: passport }, TODAY).idDocument).toEqual({
      ...passport,
      state: null,
    });
  });

  it('rejects an expired ID document', () => {
    const license = { type: 'drivers_license', number: 'D1234567', state: 'NV', expiresOn: '2026-03-14' };
    expect(errorsOf({ ...adult, idDocument: license })).toEqual([
      { path: 'idDocument.expiresOn', message: 'ID has expired (2026-03-14); record a current ID' },
    ]);
  });

  it('rejects an ID number with characters other than letters, digits, spaces and dashes', () => {
    const license = { type: 'state_id', number: 'D12;DROP', state: 'NV' };
    expect(errorsOf({ ...adult, idDocument: license })).toEqual([
      { path: 'idDocument.number', message: 'may contain only letters, digits, spaces and dashes' },
    ]);
  });

  it('normalizes tags to unique lower-case slugs and reports a bad one by index', () => {
    expect(validateNewCustomer({ ...adult, tags: ['VIP', ' vip ', 'Big Spender'] }, TODAY).tags).toEqual([
      'vip',
      'big-spender',
    ]);
    expect(errorsOf({ ...adult, tags: ['vip', '!!!'] })).toEqual([
      { path: 'tags.1', message: 'must contain letters or digits' },
    ]);
  });

  it('validates the address and defaults its country to US', () => {
    const address = { line1: '1 Main St', city: 'Reno', state: 'nv', postalCode: '89501' };
    expect(validateNewCustomer({ ...adult, address }, TODAY).address).toEqual({
      ...address,
      state: 'NV',
      line2: null,
      country: 'US',
    });
    expect(errorsOf({ ...adult, address: { ...address, postalCode: '8950' } })).toEqual([
      { path: 'address.postalCode', message: 'must be a US ZIP code such as 89101 or 89101-1234' },
    ]);
  });

  it('keeps consent choices with their time and source', () => {
    const consents = {
      sms: { granted: true, at: '2026-03-15T17:00:00Z', source: 'kiosk', wording: 'Texts about deals' },
    };
    expect(validateNewCustomer({ ...adult, consents }, TODAY).consents).toEqual({
      sms: { granted: true, at: '2026-03-15T17:00:00Z', source: 'kiosk', wording: 'Texts about deals' },
      email: { granted: false, at: null, source: null, wording: null },
    });
  });

  it('reports every field problem at once', () => {
    const paths = errorsOf({ firstName: '', dateOfBirth: 'yesterday', customerType: 'recreational' }).map(
      (e) => e.path,
    );
    // The body has no phone nor email either: a rule problem, reported with the shape problems.
    expect(paths).toEqual(['firstName', 'lastName', 'dateOfBirth', 'customerType', 'phone']);
  });

  it('reports shape problems and rule problems together: an empty first name and a 2030 birth date', () => {
    expect(errorsOf({ ...adult, firstName: '', dateOfBirth: '2030-01-01' })).toEqual([
      { path: 'firstName', message: 'must not be empty' },
      { path: 'dateOfBirth', message: 'must be in the past' },
    ]);
  });

  it('does not report a rule problem that only the set-aside field would cause', () => {
    // The phone is malformed; "phone or email is required" would only be a consequence of that.
    expect(errorsOf({ ...adult, phone: 'call me', dateOfBirth: '2030-01-01' }).map((e) => e.path)).toEqual([
      'phone',
      'dateOfBirth',
    ]);
  });

  it('exposes the input schema to the OpenAPI generator without transforms leaking', () => {
    expect(() => CustomerInput.toJSONSchema({ io: 'input' })).not.toThrow();
  });
});
