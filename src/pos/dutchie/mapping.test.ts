import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlaceholderText } from '../normalize.ts';
import { type PosCustomer, type PosCustomerInput, PosMalformed } from '../port.ts';
import {
  dutchieCustomerSchema,
  fieldErrorsFromBody,
  fromPosCustomer,
  legacyToIso,
  normalizeKeys,
  readDutchieCustomer,
} from './mapping.ts';
import { dutchieRecordFromWrite } from './simulator.ts';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

function read(raw: unknown, loyalty?: Map<string, number>): PosCustomer {
  const result = readDutchieCustomer(raw, loyalty ? { loyalty } : {});
  if (result instanceof PosMalformed) throw result;
  return result;
}

describe('dutchie mapping: the reference sample (customer 12345)', () => {
  const [raw] = fixture('customers-paginated-medical.json') as unknown[];
  const balances = new Map(
    (fixture('loyalty-snapshot.json') as { customerId: number; loyaltyBalance: number }[]).map((row) => [
      String(row.customerId),
      row.loyaltyBalance,
    ]),
  );
  const customer = read(raw, balances);

  it('reads the integer id as a string and Active as active, not merged', () => {
    expect(customer.externalId).toBe('12345');
    expect(customer.status).toBe('active');
    expect(customer.mergedIntoExternalId).toBeNull();
    expect(customer.mergedExternalIds).toEqual([]);
  });

  it('reads Medical as a medical customer with the MMJ id and its expiry as a calendar date', () => {
    expect(customer.customerType).toBe('medical');
    expect(customer.medical).toEqual({ cardNumber: 'MMJ123456', state: null, expiresOn: '2026-04-30' });
  });

  it('reads zone-less timestamps as UTC and dates of birth as calendar dates', () => {
    expect(customer.dateOfBirth).toBe('1990-05-15');
    expect(customer.createdAt).toBe('2024-01-10T18:22:04.000Z');
    expect(customer.updatedAt).toBe('2024-05-14T16:06:40.000Z');
    expect(customer.lastVisitAt).toBe('2024-05-10T21:11:00.000Z');
  });

  it('normalizes the phone to E.164, keeps the address as US and discount groups as tags', () => {
    expect(customer.phone).toBe('+13035551234');
    expect(customer.email).toBe('jane.doe@example.com');
    expect(customer.gender).toBe('female');
    expect(customer.address).toEqual({
      line1: '123 Main St',
      line2: null,
      city: 'Denver',
      state: 'CO',
      postalCode: '80202',
      country: 'US',
    });
    expect(customer.tags).toEqual(['Veterans']);
  });

  it('takes loyalty points from the snapshot, and leaves them unknown without one', () => {
    expect(customer.loyaltyPoints).toBe(340.5);
    expect(read(raw).loyaltyPoints).toBeNull();
  });

  it('never reports the licence hash as an ID number, and records no issues for a clean record', () => {
    expect(customer.idDocument).toBeNull();
    expect(JSON.stringify(customer)).not.toContain('a3f1c9e07b2d');
    expect(customer.issues).toEqual([]);
  });
});

describe('dutchie mapping: a LeafLogix-era PascalCase record with legacy dates', () => {
  const customer = read(fixture('reporting-customer-legacy.json'));

  it('reads PascalCase keys, the CustomerID spelling and a string id', () => {
    expect(customer.externalId).toBe('20417');
    expect([customer.firstName, customer.lastName]).toEqual(['MARCUS', 'NGUYEN']);
  });

  it('reads m/d/Y timestamps as UTC instants', () => {
    expect(customer.createdAt).toBe('2023-03-02T14:05:09.000Z');
    expect(customer.updatedAt).toBe('2025-11-20T17:45:00.000Z');
  });

  it('reads 1900 dates and N/A strings as missing, flagged as placeholders with the raw text', () => {
    expect(customer.dateOfBirth).toBeNull();
    expect(customer.middleName).toBeNull();
    expect(customer.notes).toBeNull();
    expect(customer.address).toBeNull();
    expect(customer.issues).toEqual(
      expect.arrayContaining([
        { field: 'dateOfBirth', problem: 'placeholder', raw: '01/01/1900 00:00:00' },
        { field: 'middleName', problem: 'placeholder', raw: 'N/A' },
        { field: 'notes', problem: 'placeholder', raw: 'N/A' },
        { field: 'address.line1', problem: 'placeholder', raw: 'N/A' },
      ]),
    );
  });

  it('falls back to the cell phone when the phone is a placeholder, and lower-cases the email', () => {
    expect(customer.phone).toBe('+17025550199');
    expect(customer.email).toBe('marcus.nguyen@example.com');
  });

  it('reads a dispensary type like "Recreational - Out of State" as adult use with no medical card', () => {
    expect(customer.customerType).toBe('adult');
    expect(customer.medical).toBeNull();
  });

  it('reads a customer merged into another as inactive with the survivor id', () => {
    expect(customer.status).toBe('inactive');
    expect(customer.mergedIntoExternalId).toBe('20001');
  });
});

describe('dutchie mapping: a page with messy and broken records', () => {
  const rows = fixture('page-with-messy-and-broken.json') as unknown[];
  const results = rows.map((row) => readDutchieCustomer(row));

  it('turns the one broken record into Malformed with its raw payload and id, naming neutral fields only', () => {
    expect(results.map((r) => r instanceof PosMalformed)).toEqual([false, true, false]);
    const broken = results[1] as PosMalformed;
    expect(broken.externalId).toBe('3002');
    expect(broken.raw).toBe(rows[1]);
    expect(broken.message).toContain('firstName');
    expect(broken.message).toContain('dateOfBirth');
  });

  it('keeps an invalid phone as it came, flagged, and reads a 1900 birthday, N/A email and 0 merge id as missing', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.firstName).toBe('ANA');
    expect(ana.phone).toBe('0123456789');
    expect(ana.dateOfBirth).toBeNull();
    expect(ana.email).toBeNull();
    expect(ana.mergedIntoExternalId).toBeNull();
    expect(ana.gender).toBe('nonbinary');
    expect(ana.issues.map((i) => `${i.field}:${i.problem}`)).toEqual(
      expect.arrayContaining(['phone:unparseable', 'dateOfBirth:placeholder', 'email:placeholder']),
    );
  });

  it('reads seven-digit fractions of a second, numeric phones and zips, and the customerID spelling', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.updatedAt).toBe('2025-12-01T18:00:00.123Z');
    const priya = results[2] as PosCustomer;
    expect(priya.externalId).toBe('3003');
    expect(priya.phone).toBe('+13035550142');
    expect(priya.address?.postalCode).toBe('80202');
    expect(priya.createdAt).toBe('2024-01-10T16:00:00.000Z');
  });

  it('reads "Medical - Out of State" with an expired card as medical, keeping the card as it is', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.customerType).toBe('medical');
    expect(priya.medical).toEqual({ cardNumber: 'MMJ-55-1092', state: null, expiresOn: '2025-08-31' });
    expect(priya.tags).toEqual(['Medical Patients', 'Industry']);
  });

  it('flags a customer type it cannot place instead of guessing', () => {
    const odd = read({ customerId: 9, customerType: 'Employee' });
    expect(odd.customerType).toBeNull();
    expect(odd.issues).toContainEqual({ field: 'customerType', problem: 'unparseable', raw: 'Employee' });
  });
});

describe('dutchie mapping: writing', () => {
  const [raw] = fixture('customers-paginated-medical.json') as unknown[];
  const jane = read(raw);

  it('writes 10-digit phones, Medical with the MMJ id, and no customerId on create', () => {
    const body = fromPosCustomer({ ...jane, phone: '+17025550123' });
    expect(body).not.toHaveProperty('customerId');
    expect(body).toMatchObject({
      phone: '7025550123',
      emailAddress: 'jane.doe@example.com',
      customerType: 'Medical',
      mmjidNumber: 'MMJ123456',
      mmjidExpirationDate: '2026-04-30',
      gender: 'Female',
      dateOfBirth: '1990-05-15',
    });
  });

  it('puts the integer customerId in the body of an update', () => {
    expect(fromPosCustomer(jane, '12345').customerId).toBe(12345);
  });

  it('leaves out the licence unless Patron holds the number, and the type unless Patron knows it', () => {
    expect(fromPosCustomer(jane)).not.toHaveProperty('driversLicenseID');
    const withLicence = fromPosCustomer({
      ...jane,
      customerType: null,
      idDocument: { type: 'drivers_license', number: 'CO1234567', state: 'CO', expiresOn: null },
    });
    expect(withLicence.driversLicenseID).toBe('CO1234567');
    expect(withLicence).not.toHaveProperty('customerType');
  });

  it("keeps the dispensary's finer type when it already says the same, and writes the plain type when it does not", () => {
    expect(fromPosCustomer(jane, '12345', 'Medical - Out of State')).not.toHaveProperty('customerType');
    expect(fromPosCustomer(jane, '12345', 'Recreational - Out of State').customerType).toBe('Medical');
    expect(fromPosCustomer(jane, '12345', null).customerType).toBe('Medical');
  });

  it('clears the MMJ fields when the customer is adult use', () => {
    const body = fromPosCustomer({ ...jane, customerType: 'adult' });
    expect([body.customerType, body.mmjidNumber, body.mmjidExpirationDate]).toEqual(['Recreational', null, null]);
  });

  it('reads legacy m/d/Y times with and without AM/PM', () => {
    expect(legacyToIso('5/14/2024 4:06:40 PM')).toBe('2024-05-14T16:06:40');
    expect(legacyToIso('12/01/2024 12:00:00 AM')).toBe('2024-12-01T00:00:00');
    expect(legacyToIso('2024-05-14T16:06:40')).toBe('2024-05-14T16:06:40');
  });
});

describe('dutchie mapping: validation errors in several formats', () => {
  it('reads the ASP.NET problem document into neutral paths and keeps only plain-word messages', () => {
    expect(fieldErrorsFromBody(fixture('error-validation-problem.json'))).toEqual([
      { path: 'firstName', message: 'The FirstName field is required.' },
      { path: 'dateOfBirth', message: 'rejected by Dutchie' },
    ]);
  });

  it('reads lists of property errors, a bare Message and plain text, never repeating quoted values', () => {
    expect(
      fieldErrorsFromBody([{ PropertyName: 'MmjidNumber', ErrorMessage: 'Medical customers need an MMJ ID' }]),
    ).toEqual([{ path: 'medical.cardNumber', message: 'Medical customers need an MMJ ID' }]);
    expect(fieldErrorsFromBody({ Message: 'Phone 7025550123 is not valid' })).toEqual([
      { path: '', message: 'rejected by Dutchie' },
    ]);
    expect(fieldErrorsFromBody('Customer type is required')).toEqual([
      { path: '', message: 'Customer type is required' },
    ]);
    expect(fieldErrorsFromBody({ errors: { 'customer.EmailAddress': ['Invalid email'] } })).toEqual([
      { path: 'email', message: 'Invalid email' },
    ]);
  });
});

const plainText = fc
  .stringMatching(/^[A-Za-z][A-Za-z' .-]{0,18}[A-Za-z]$/)
  .filter((s) => !isPlaceholderText(s) && !/\s{2}/.test(s));
const calendarDate = fc
  .date({ min: new Date('1921-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const usPhone = fc
  .tuple(fc.constantFrom('702', '415', '303', '619', '313'), fc.integer({ min: 0, max: 9999 }))
  .map(([area, line]) => `+1${area}555${String(line).padStart(4, '0')}`);
const email = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}[a-z0-9]$/), fc.constantFrom('example.com', 'mail.org'))
  .map(([local, domain]) => `${local}@${domain}`);
const token = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{2,12}$/);
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/**
 * What Dutchie can hold and read back: no nickname, no consents, no ban flag, a write-only licence,
 * loyalty only through the snapshot, discount groups not writable, no card state, US only.
 */
const dutchieHoldable = fc
  .record({
    firstName: plainText,
    middleName: orNull(plainText),
    lastName: plainText,
    dateOfBirth: calendarDate,
    gender: orNull(fc.constantFrom('male' as const, 'female' as const, 'nonbinary' as const)),
    phone: orNull(usPhone),
    email: orNull(email),
    customerType: fc.constantFrom('adult' as const, 'medical' as const),
    card: fc.record({ cardNumber: orNull(token), expiresOn: orNull(calendarDate) }),
    address: orNull(
      fc.record({
        line1: plainText,
        line2: orNull(plainText),
        city: plainText,
        state: fc.constantFrom('CA', 'NV', 'CO'),
        postalCode: fc.stringMatching(/^\d{5}$/),
      }),
    ),
    notes: orNull(plainText),
  })
  .map(({ card, address, ...rest }) => ({
    ...rest,
    medical: rest.customerType === 'medical' ? { ...card, state: null } : null,
    address: address && { ...address, country: 'US' },
  }));

/** Genders as Dutchie writes and reads them [REFERENCE 4.3]: `Male`, `Female`, `NonBinary`, or null. */
const DUTCHIE_GENDER = { male: 'Male', female: 'Female', nonbinary: 'NonBinary' } as const;

/**
 * The create body REFERENCE 4.3/4.4 documents, written out here (not by the client or the
 * simulator): camelCase, the 10 national digits, `emailAddress`, flat address, `Medical` or
 * `Recreational`, `mmjidNumber` and its expiry.
 */
function documentedDutchieWrite(input: PosCustomerInput) {
  return {
    firstName: input.firstName,
    middleName: input.middleName,
    lastName: input.lastName,
    dateOfBirth: input.dateOfBirth,
    gender: input.gender ? DUTCHIE_GENDER[input.gender] : null,
    phone: input.phone === null ? null : input.phone.slice(2),
    emailAddress: input.email,
    address1: input.address?.line1 ?? null,
    address2: input.address?.line2 ?? null,
    city: input.address?.city ?? null,
    state: input.address?.state ?? null,
    postalCode: input.address?.postalCode ?? null,
    customerType: input.customerType === 'medical' ? 'Medical' : 'Recreational',
    mmjidNumber: input.medical?.cardNumber ?? null,
    mmjidExpirationDate: input.medical?.expiresOn ?? null,
    notes: input.notes,
  };
}

/** The same customer as Dutchie reads it back [REFERENCE 4.4 sample]: dates with a time, a status. */
function documentedDutchieRead(input: PosCustomerInput) {
  return {
    customerId: 77,
    name: `${input.firstName} ${input.lastName}`,
    ...documentedDutchieWrite(input),
    cellPhone: input.phone === null ? null : input.phone.slice(2),
    dateOfBirth: `${input.dateOfBirth}T00:00:00`,
    mmjidExpirationDate: input.medical?.expiresOn ? `${input.medical.expiresOn}T00:00:00` : null,
    status: 'Active',
    driversLicenseHash: null,
    isAnonymous: false,
    discountGroups: [],
    creationDate: '2024-01-10T18:22:04',
    lastModifiedDateUTC: '2024-05-14T16:06:40',
    mergedIntoCustomerId: null,
  };
}

describe('dutchie mapping: round trip through the documented JSON', () => {
  const asInput = (
    held: Omit<PosCustomerInput, 'preferredName' | 'idDocument' | 'consents' | 'loyaltyPoints' | 'tags' | 'banned'>,
  ): PosCustomerInput => ({
    ...held,
    preferredName: null,
    idDocument: null,
    consents: { sms: null, email: null },
    loyaltyPoints: null,
    tags: [],
    banned: null,
  });

  it('writes every field Dutchie can hold as REFERENCE 4.3 documents the body', () => {
    fc.assert(
      fc.property(dutchieHoldable, (held) => {
        const input = asInput(held);
        expect(fromPosCustomer(input)).toMatchObject(documentedDutchieWrite(input));
      }),
      { numRuns: 300 },
    );
  });

  it('reads every field Dutchie can hold back from the documented read shape unchanged', () => {
    fc.assert(
      fc.property(dutchieHoldable, (held) => {
        const input = asInput(held);
        const back = read(JSON.parse(JSON.stringify(documentedDutchieRead(input))));
        const kept = Object.fromEntries(Object.keys(input).map((k) => [k, back[k as keyof PosCustomerInput]]));
        expect(kept).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dutchie simulator: sparse updates', () => {
  it('keeps what an update leaves out, since Dutchie updates are sparse', () => {
    const stored = dutchieRecordFromWrite(
      { firstName: 'Ana', lastName: 'Silva', dateOfBirth: '1990-02-03', customerType: 'Medical - Out of State' },
      5,
      new Date(),
      undefined,
      'Main',
    );
    const updated = dutchieRecordFromWrite({ customerId: 5, notes: 'Prefers mornings' }, 5, new Date(), stored, 'Main');
    expect(updated).toMatchObject({
      firstName: 'Ana',
      customerType: 'Medical - Out of State',
      notes: 'Prefers mornings',
    });
  });

  it('never throws on any object carrying an id: it reads a customer or reports Malformed', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(dutchieCustomerSchema.shape)), fc.anything()),
        (fields) => {
          const result = readDutchieCustomer({ ...fields, customerId: 5 });
          expect(result instanceof PosMalformed || result.externalId === '5').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads keys in any casing as the same field, keeping a correctly cased key over its twin', () => {
    expect(normalizeKeys({ FIRSTNAME: 'A', firstName: 'B', MmjidNumber: 'C' })).toEqual({
      firstName: 'B',
      mmjidNumber: 'C',
    });
  });
});
