import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlaceholderText } from '../normalize.ts';
import { type PosCustomer, type PosCustomerInput, PosMalformed } from '../port.ts';
import { readListAnswer } from './list-answer.ts';
import {
  covaCustomerSchema,
  fieldErrorsFromModelState,
  fromPosCustomer,
  pascalKeys,
  readCovaCustomer,
  toPosCustomer,
} from './mapping.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

function read(raw: unknown): PosCustomer {
  const result = readCovaCustomer(raw);
  if (result instanceof PosMalformed) throw result;
  return result;
}

describe('cova mapping: the iQmetrix CustomerFull sample', () => {
  const customer = read(fixture('customer-full-iqmetrix-sample.json'));

  it('reads PrimaryName/FamilyName as first/last and AlternateName as the preferred name', () => {
    expect(customer.externalId).toBe('7f252c18-e07a-47e7-914a-cf2a726b21b7');
    expect([customer.firstName, customer.middleName, customer.lastName]).toEqual(['Robert', 'Lee', 'Smith']);
    expect(customer.preferredName).toBe('Bob');
  });

  it('keeps only the calendar date of a .NET date of birth without offset', () => {
    expect(customer.dateOfBirth).toBe('1952-07-23');
  });

  it('reads the phone from ContactMethods, formatted as Cova stores it, as E.164', () => {
    expect(customer.phone).toBe('+13062223333');
    expect(customer.email).toBeNull();
  });

  it('reads a Canadian address with its country code and an empty second line as missing', () => {
    expect(customer.address).toEqual({
      line1: '2221 Cornwall Street',
      line2: null,
      city: 'Regina',
      state: 'SK',
      postalCode: 'S4P 0P7',
      country: 'CA',
    });
  });

  it('reads DoNotContact true as no consent on either channel', () => {
    expect(customer.consents).toEqual({ sms: false, email: false });
  });

  it('holds no patient type, card, licence or loyalty when no extension carries them', () => {
    expect(customer.customerType).toBeNull();
    expect(customer.medical).toBeNull();
    expect(customer.idDocument).toBeNull();
    expect(customer.loyaltyPoints).toBeNull();
    expect([customer.gender, customer.banned, customer.lastVisitAt]).toEqual([null, null, null]);
    expect(customer.status).toBe('active');
    expect(customer.updatedAt).toBe('2024-05-14T16:06:40.000Z');
  });
});

describe('cova mapping: a medical customer with extensions', () => {
  const customer = read(fixture('customer-full-medical.json'));

  it('picks the default phone and email out of several contact methods', () => {
    expect(customer.phone).toBe('+17025550123');
    expect(customer.email).toBe('kathleen.scott@example.com');
  });

  it('reads consent per channel from each contact method when the customer may be contacted', () => {
    expect(customer.consents).toEqual({ sms: true, email: false });
  });

  it('reads the medical card, licence and loyalty points from CustomerExtensions', () => {
    expect(customer.customerType).toBe('medical');
    expect(customer.medical).toEqual({ cardNumber: 'MED738', state: 'NV', expiresOn: '2024-05-31' });
    expect(customer.idDocument).toEqual({
      type: 'drivers_license',
      number: 'LIC744',
      state: null,
      expiresOn: '2028-05-12',
    });
    expect(customer.loyaltyPoints).toBe(1250);
  });

  it('picks the default address and reads an ISO 3166-2 state code as its subdivision', () => {
    expect(customer.address).toEqual({
      line1: '18 Kathleen Street',
      line2: 'Unit 4',
      city: 'Henderson',
      state: 'NV',
      postalCode: '89052',
      country: 'US',
    });
  });

  it('reads N/A notes as missing, flagged, and a 7-digit .NET time without offset as UTC', () => {
    expect(customer.notes).toBeNull();
    expect(customer.issues).toContainEqual({ field: 'notes', problem: 'placeholder', raw: 'N/A' });
    expect(customer.updatedAt).toBe('2025-10-21T14:26:36.123Z');
  });

  it('lists the customers merged into this one', () => {
    expect(customer.mergedExternalIds).toEqual(['9d0c1b2a-0000-4000-8000-000000000019']);
    expect(customer.mergedIntoExternalId).toBeNull();
  });
});

describe('cova mapping: a HAL page with messy and broken records', () => {
  const page = fixture('page-changed-hal-with-messy-and-broken.json') as { _embedded: { self: unknown[] } };
  const rows = page._embedded.self;
  const results = rows.map((row) => readCovaCustomer(row));

  it('turns the one broken record into Malformed with its raw payload and id, and reads the others', () => {
    expect(results.map((r) => r instanceof PosMalformed)).toEqual([false, true, false]);
    const broken = results[1] as PosMalformed;
    expect(broken.externalId).toBe('5d1e2f30-0000-4000-8000-000000003002');
    expect(broken.raw).toBe(rows[1]);
    expect(broken.message).toContain('firstName');
    expect(broken.message).not.toContain('PrimaryName');
  });

  it('reads a 1900-01-01 birthday, an N/A email and an N/A licence as missing, flagged as placeholders', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.firstName).toBe('ANA');
    expect([ana.dateOfBirth, ana.email, ana.idDocument]).toEqual([null, null, null]);
    expect(ana.issues.map((i) => `${i.field}:${i.problem}`)).toEqual(
      expect.arrayContaining(['dateOfBirth:placeholder', 'email:placeholder', 'idDocument.number:placeholder']),
    );
    expect(ana.customerType).toBe('adult');
  });

  it('keeps a phone that fails validation as it came and flags it', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.phone).toBe('0123456789');
    expect(ana.issues).toContainEqual({ field: 'phone', problem: 'unparseable', raw: '0123456789' });
  });

  it('reads a camelCase record with a numeric id, alias address fields and a numeric zip', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.externalId).toBe('3003');
    expect(priya.address).toEqual({
      line1: '1 Colfax Ave',
      line2: null,
      city: 'Denver',
      state: 'CO',
      postalCode: '80202',
      country: 'US',
    });
    expect(priya.phone).toBe('+13035550142');
    expect(priya.email).toBe('priya@example.com');
    expect(priya.consents).toEqual({ sms: true, email: false });
  });

  it('reads a disabled customer as inactive and keeps its merge links', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.status).toBe('inactive');
    expect(priya.mergedIntoExternalId).toBe('5d1e2f30-0000-4000-8000-000000003100');
    expect(priya.mergedExternalIds).toEqual(['5d1e2f30-0000-4000-8000-000000002999']);
  });

  it('reads a card under another extension name as a medical customer, and flags unreadable points', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.customerType).toBe('medical');
    expect(priya.medical).toEqual({ cardNumber: 'MMJ-55-1092', state: null, expiresOn: '2025-08-31' });
    expect(priya.loyaltyPoints).toBeNull();
    expect(priya.issues).toContainEqual({ field: 'loyaltyPoints', problem: 'unparseable', raw: 'lots' });
  });
});

describe('cova mapping: a Search answer', () => {
  it('reads the CustomerFull records under Results like any other customer', () => {
    const { rows } = readListAnswer(fixture('search-result.json'), 'POST /Companies({CompanyId})/Search');
    const [kathleen] = rows.map(read);
    expect(kathleen).toMatchObject({
      externalId: '3b9f0c61-2d4e-4a8b-9f1e-6c2d8a7b5e40',
      firstName: 'KATHLEEN',
      phone: '+17025550123',
      consents: { sms: true, email: null },
      dateOfBirth: '1989-03-07',
    });
  });
});

describe('cova mapping: writing', () => {
  const kathleen = read(fixture('customer-full-medical.json'));

  it('writes names PascalCase, the birthday as yyyy-mm-dd, and phone and email as ContactMethods', () => {
    const body = fromPosCustomer(kathleen);
    expect(body).toMatchObject({
      CustomerTypeId: 2,
      PrimaryName: 'KATHLEEN',
      FamilyName: 'SCOTT',
      DateOfBirth: '1989-03-07',
      DoNotContact: false,
    });
    expect(body.ContactMethods).toEqual([
      {
        ContactMethodCategoryId: 1,
        ContactMethodTypeId: 3,
        Value: '(702) 555-0123',
        Default: true,
        DoNotContact: false,
      },
      {
        ContactMethodCategoryId: 2,
        ContactMethodTypeId: 9,
        Value: 'kathleen.scott@example.com',
        Default: true,
        DoNotContact: true,
      },
    ]);
  });

  it('writes the card, licence, patient type and points as extensions, and the address with its required country', () => {
    const body = fromPosCustomer(kathleen);
    expect(body.CustomerExtensions).toEqual(
      expect.arrayContaining([
        { ExtensionType: 'PatientType', Value: 'Medical' },
        { ExtensionType: 'MedicalCardNumber', Value: 'MED738' },
        { ExtensionType: 'MedicalCardExpiry', Value: '2024-05-31' },
        { ExtensionType: 'DriversLicenseNumber', Value: 'LIC744' },
        { ExtensionType: 'LoyaltyPoints', Value: '1250' },
      ]),
    );
    expect(body.Addresses[0]).toMatchObject({ AddressTypeId: 2, Default: true, CountryCode: 'US', StateCode: 'NV' });
    const noCountry = fromPosCustomer({ ...kathleen, address: { ...kathleen.address!, country: null } });
    expect(noCountry.Addresses[0]?.CountryCode).toBe('US');
  });

  it('writes no card for an adult-use customer and DoNotContact true when no channel is consented', () => {
    const body = fromPosCustomer({ ...kathleen, customerType: 'adult', consents: { sms: false, email: null } });
    expect(body.CustomerExtensions.map((e) => e.ExtensionType)).not.toContain('MedicalCardNumber');
    expect(body.CustomerExtensions).toContainEqual({ ExtensionType: 'PatientType', Value: 'Recreational' });
    expect(body.DoNotContact).toBe(true);
  });

  it('names neutral fields in validation errors and never the Cova ones or the values they quote', () => {
    const error = fixture('error-model-state.json') as { ModelState: Record<string, unknown> };
    expect(fieldErrorsFromModelState(error.ModelState)).toEqual([
      { path: 'firstName', message: 'is required' },
      { path: '', message: 'is required' },
      { path: 'dateOfBirth', message: 'is not valid' },
    ]);
  });

  it('upper-cases camelCase keys but keeps a key whose PascalCase twin is also present', () => {
    expect(pascalKeys({ id: 'a', primaryName: 'x', Notes: 'n', notes: 'm' })).toEqual({
      Id: 'a',
      PrimaryName: 'x',
      Notes: 'n',
      notes: 'm',
    });
  });
});

const plainText = fc
  .stringMatching(/^[A-Za-z][A-Za-z' .-]{0,18}[A-Za-z]$/)
  .filter((s) => !isPlaceholderText(s) && !/\s{2}/.test(s));
const calendarDate = fc
  .date({ min: new Date('1921-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const usPhone = fc
  .tuple(fc.constantFrom('702', '415', '303', '619', '313', '306'), fc.integer({ min: 0, max: 9999 }))
  .map(([area, line]) => `+1${area}555${String(line).padStart(4, '0')}`);
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'mail.org'))
  .map(([local, domain]) => `${local}@${domain}`);
const token = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,12}$/);
const state = fc.constantFrom('CA', 'NV', 'CO', 'SK', 'ON');
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/**
 * A `PosCustomerInput` limited to what Cova can hold: no gender, tags, banned flag; a licence only
 * as a driver's licence; consent per channel only with a contact method, and "neither channel"
 * read back as no consent (DoNotContact defaults to true [3.8]).
 */
const covaHoldable: fc.Arbitrary<PosCustomerInput> = fc
  .record({
    firstName: plainText,
    middleName: orNull(plainText),
    lastName: plainText,
    preferredName: orNull(plainText),
    dateOfBirth: orNull(calendarDate),
    phone: orNull(usPhone),
    email: orNull(email),
    customerType: orNull(fc.constantFrom('adult' as const, 'medical' as const)),
    card: fc.record({ cardNumber: orNull(token), state: orNull(state), expiresOn: orNull(calendarDate) }),
    idDocument: orNull(fc.record({ number: token, state: orNull(state), expiresOn: orNull(calendarDate) })),
    address: orNull(
      fc.record({
        line1: plainText,
        line2: orNull(plainText),
        city: plainText,
        state,
        postalCode: fc.stringMatching(/^\d{5}$/),
        country: fc.constantFrom('US', 'CA'),
      }),
    ),
    smsConsent: fc.boolean(),
    emailConsent: fc.boolean(),
    loyaltyPoints: orNull(fc.nat(100_000)),
    notes: orNull(plainText),
  })
  .map(({ card, idDocument, smsConsent, emailConsent, ...rest }) => {
    const sms = rest.phone === null ? null : smsConsent;
    const mail = rest.email === null ? null : emailConsent;
    const contactable = sms === true || mail === true;
    return {
      ...rest,
      gender: null,
      medical: rest.customerType === 'medical' ? card : null,
      idDocument: idDocument && { type: 'drivers_license' as const, ...idDocument },
      consents: contactable ? { sms, email: mail } : { sms: false, email: false },
      tags: [],
      banned: null,
    };
  });

const keptFields = (input: PosCustomerInput, back: PosCustomer) =>
  Object.fromEntries(Object.keys(input).map((k) => [k, back[k as keyof PosCustomerInput]]));

/**
 * The customer as Cova reads it back, in the shape REFERENCE 3.4 documents and the full fixture
 * (fixtures/customer-full-medical.json) shows, written out here rather than by the client or the
 * simulator: PascalCase names, `Addresses[]`, `ContactMethods[]` (category 1 phone, 2 e-mail, each
 * with its own DoNotContact), and the cannabis fields as `CustomerExtensions` under the fixture's
 * type names (UNCONFIRMED in REFERENCE 3.4; the licence state has no fixture name and uses
 * `DriversLicenseState`).
 */
function documentedCovaRead(input: PosCustomerInput) {
  const extension = (type: string, value: string | null | undefined) =>
    value === null || value === undefined
      ? []
      : [{ Id: `e-${type}`, ExtensionTypeId: 100, ExtensionType: type, Value: value }];
  const digits = input.phone?.slice(2);
  return {
    Id: '3b9f0c61-2d4e-4a8b-9f1e-6c2d8a7b5e40',
    CustomerTypeId: 2,
    CustomerType: 'Person',
    PrimaryName: input.firstName,
    AlternateName: input.preferredName ?? '',
    MiddleName: input.middleName,
    FamilyName: input.lastName,
    DateOfBirth: input.dateOfBirth ? `${input.dateOfBirth}T00:00:00` : null,
    Notes: input.notes ?? '',
    Disabled: false,
    DoNotContact: !(input.consents.sms === true || input.consents.email === true),
    Addresses: input.address
      ? [
          {
            Id: 'a-1',
            AddressTypeId: 2,
            AddressType: 'Home',
            Default: true,
            DoNotContact: true,
            CountryCode: input.address.country,
            Locality: input.address.city,
            StateCode: input.address.state,
            PostalCode: input.address.postalCode,
            StreetAddress1: input.address.line1,
            StreetAddress2: input.address.line2 ?? '',
          },
        ]
      : [],
    ContactMethods: [
      ...(digits
        ? [
            {
              Id: 'c-1',
              ContactMethodCategoryId: 1,
              ContactMethodCategory: 'Phone',
              ContactMethodTypeId: 3,
              ContactMethodType: 'Mobile',
              Value: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
              DoNotContact: input.consents.sms !== true,
              Default: true,
            },
          ]
        : []),
      ...(input.email
        ? [
            {
              Id: 'c-2',
              ContactMethodCategoryId: 2,
              ContactMethodCategory: 'Email',
              ContactMethodTypeId: 9,
              ContactMethodType: 'Home',
              Value: input.email,
              DoNotContact: input.consents.email !== true,
              Default: true,
            },
          ]
        : []),
    ],
    CustomerExtensions: [
      ...extension(
        'PatientType',
        input.customerType === null ? null : input.customerType === 'medical' ? 'Medical' : 'Recreational',
      ),
      ...extension('MedicalCardNumber', input.medical?.cardNumber),
      ...extension('MedicalCardExpiry', input.medical?.expiresOn ? `${input.medical.expiresOn}T00:00:00` : null),
      ...extension('MedicalCardState', input.medical?.state),
      ...extension('Drivers License Number', input.idDocument?.number),
      ...extension('DriversLicenseExpiry', input.idDocument?.expiresOn),
      ...extension('DriversLicenseState', input.idDocument?.state),
      ...extension('LoyaltyPoints', input.loyaltyPoints === null ? null : input.loyaltyPoints.toLocaleString('en-US')),
    ],
    MergedCustomers: [],
    MergedIntoCustomerId: null,
    LastModifiedDateUtc: '2025-10-21T14:26:36Z',
  };
}

describe('cova mapping: round trip through the documented JSON', () => {
  it('writes names, date, notes, the address and one contact method per channel as REFERENCE 3.4 documents', () => {
    fc.assert(
      fc.property(covaHoldable, (input) => {
        const body = fromPosCustomer(input);
        expect(body).toMatchObject({
          CustomerTypeId: 2,
          PrimaryName: input.firstName,
          MiddleName: input.middleName,
          FamilyName: input.lastName,
          AlternateName: input.preferredName,
          DateOfBirth: input.dateOfBirth,
          Notes: input.notes,
          Addresses: input.address
            ? [
                {
                  CountryCode: input.address.country,
                  Locality: input.address.city,
                  StateCode: input.address.state,
                  PostalCode: input.address.postalCode,
                  StreetAddress1: input.address.line1,
                  StreetAddress2: input.address.line2,
                },
              ]
            : [],
        });
        const phones = body.ContactMethods.filter((m) => m.ContactMethodCategoryId === 1);
        const emails = body.ContactMethods.filter((m) => m.ContactMethodCategoryId === 2);
        expect(phones.map((m) => `+1${String(m.Value).replace(/\D/g, '').slice(-10)}`)).toEqual(
          input.phone ? [input.phone] : [],
        );
        expect(phones.map((m) => m.DoNotContact)).toEqual(input.phone ? [input.consents.sms !== true] : []);
        expect(emails.map((m) => [m.Value, m.DoNotContact])).toEqual(
          input.email ? [[input.email, input.consents.email !== true]] : [],
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reads every field Cova can hold back from the documented shape unchanged', () => {
    fc.assert(
      fc.property(covaHoldable, (input) => {
        const back = toPosCustomer(covaCustomerSchema.parse(JSON.parse(JSON.stringify(documentedCovaRead(input)))));
        expect(keptFields(input, back)).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any object carrying an id: it reads a customer or reports Malformed', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(covaCustomerSchema.shape)), fc.anything()), (fields) => {
        const result = readCovaCustomer({ ...fields, Id: 'a-guid' });
        expect(result instanceof PosMalformed || result.externalId === 'a-guid').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
