import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlaceholderText } from '../normalize.ts';
import { type PosCustomer, type PosCustomerInput, PosMalformed } from '../port.ts';
import {
  flowhubCustomerSchema,
  fromPosCustomer,
  heldFromRecord,
  readFlowhubCustomer,
  replacementBody,
  toPosCustomer,
} from './mapping.ts';

const context = { timeZone: 'America/Denver' };

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

function read(raw: unknown): PosCustomer {
  const result = readFlowhubCustomer(raw, context);
  if (result instanceof PosMalformed) throw result;
  return result;
}

describe('flowhub mapping: the published fixture [2.4]', () => {
  const customer = read(fixture('customer-published-sample.json'));

  it('splits the single name into first and last and reads recCustomer as adult use', () => {
    expect(customer.externalId).toBe('a7bbef36-7aed-4346-84f6-236f06214099');
    expect([customer.firstName, customer.middleName, customer.lastName]).toEqual(['Jane', null, 'Doe']);
    expect(customer.customerType).toBe('adult');
    expect(customer.medical).toBeNull();
  });

  it('keeps the fictional 555 phone as it came and flags it, and reads the email', () => {
    expect(customer.phone).toBe('(555) 123-4567');
    expect(customer.issues).toContainEqual({ field: 'phone', problem: 'unparseable', raw: '(555) 123-4567' });
    expect(customer.email).toBe('jane.doe@example.com');
  });

  it('reads the two consents separately, groups as tags and loyalty points', () => {
    expect(customer.consents).toEqual({ sms: false, email: true });
    expect(customer.tags).toEqual(['VIP']);
    expect(customer.loyaltyPoints).toBe(120);
  });

  it('reads the flat address fields with the customer state, and microsecond UTC times', () => {
    expect(customer.address).toEqual({
      line1: '123 Main St',
      line2: 'Apt 4B',
      city: 'Denver',
      state: 'CO',
      postalCode: '80202',
      country: 'US',
    });
    expect(customer.createdAt).toBe('2023-06-15T22:57:35.836Z');
    expect(customer.updatedAt).toBe('2023-06-15T22:57:35.836Z');
    expect(customer.dateOfBirth).toBe('1990-05-15');
  });

  it('reports what Flowhub does not hold as unknown: no status flags, gender, notes or visits [2.4]', () => {
    expect(customer).toMatchObject({
      status: 'active',
      mergedIntoExternalId: null,
      mergedExternalIds: [],
      gender: null,
      preferredName: null,
      notes: null,
      banned: null,
      lastVisitAt: null,
      idDocument: null,
    });
  });
});

describe('flowhub mapping: a list page with messy and broken records (synthesized)', () => {
  const rows = (fixture('customers-page-messy-and-broken.json') as { data: unknown[] }).data;
  const results = rows.map((row) => readFlowhubCustomer(row, context));

  it('turns the one broken record into Malformed with its raw payload and id, naming neutral fields', () => {
    expect(results.map((r) => r instanceof PosMalformed)).toEqual([false, true, false]);
    const broken = results[1] as PosMalformed;
    expect(broken.externalId).toBe('5f0c2d1e-0000-4000-8000-000000003002');
    expect(broken.raw).toBe(rows[1]);
    expect(broken.message).toContain('dateOfBirth');
    expect(broken.message).not.toContain('birthDate');
  });

  it('reads a 1900-01-01 birthday and an N/A email as missing, flagged as placeholders', () => {
    const ana = results[0] as PosCustomer;
    expect([ana.firstName, ana.lastName]).toEqual(['ANA', 'GARCÍA']);
    expect(ana.dateOfBirth).toBeNull();
    expect(ana.email).toBeNull();
    expect(ana.issues.map((i) => `${i.field}:${i.problem}`)).toEqual(
      expect.arrayContaining(['dateOfBirth:placeholder', 'email:placeholder', 'phone:unparseable']),
    );
  });

  it('keeps an address made of the required state alone, upper-cased', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.address).toEqual({ line1: null, line2: null, city: null, state: 'CO', postalCode: null, country: 'US' });
  });

  it('accepts a numeric id, zip and points, reads a zone-less time as UTC and a punctuated phone as E.164', () => {
    const maria = results[2] as PosCustomer;
    expect(maria.externalId).toBe('3003');
    expect(maria.address?.postalCode).toBe('80203');
    expect(maria.loyaltyPoints).toBe(215);
    expect(maria.createdAt).toBe('2024-01-10T08:00:00.000Z');
    expect(maria.phone).toBe('+13035550142');
    expect(maria.email).toBe('maria.cruz@example.com');
  });

  it('reads medCustomer as medical without a card (the card is write-only) and a particle surname whole', () => {
    const maria = results[2] as PosCustomer;
    expect(maria.customerType).toBe('medical');
    expect(maria.medical).toEqual({ cardNumber: null, state: null, expiresOn: null });
    expect([maria.firstName, maria.lastName]).toEqual(['Maria', 'de la Cruz']);
    expect(maria.tags).toEqual(['VETERAN', 'INDUSTRY']);
  });
});

describe('flowhub mapping: get by id at a location with a loyalty program (synthesized)', () => {
  const customer = read((fixture('customer-by-id-with-loyalty-program.json') as { data: unknown }).data);

  it('reads "Last, First Middle" and keeps points, not loyaltyPointsInPennies', () => {
    expect([customer.firstName, customer.middleName, customer.lastName]).toEqual(['Devon', 'James', 'Okafor']);
    expect(customer.loyaltyPoints).toBe(340);
  });

  it('reads the write-only card and state ID when a server does return them, with a 1900 expiry as missing', () => {
    expect(customer.medical).toEqual({ cardNumber: 'NV-MMJ-55-1092', state: null, expiresOn: '2025-08-31' });
    expect(customer.idDocument).toEqual({ type: 'drivers_license', number: 'NV1234567', state: null, expiresOn: null });
    expect(customer.issues).toContainEqual({
      field: 'idDocument.expiresOn',
      problem: 'placeholder',
      raw: '1900-01-01',
    });
    expect(customer.issues).toContainEqual({ field: 'address.line2', problem: 'placeholder', raw: 'N/A' });
  });
});

describe('flowhub mapping: writing [2.4]', () => {
  const devon = read((fixture('customer-by-id-with-loyalty-program.json') as { data: unknown }).data);

  it('joins the name, writes the type, state, 10-digit phone and the card only for medical customers', () => {
    const body = fromPosCustomer({ ...devon, phone: '+17025550123' });
    expect(body).toMatchObject({
      name: 'Devon James Okafor',
      type: 'medCustomer',
      state: 'NV',
      phone: '7025550123',
      medId: 'NV-MMJ-55-1092',
      birthDate: '1992-07-04',
    });
    const adult = fromPosCustomer({ ...devon, customerType: 'adult' });
    expect([adult.type, adult.medId]).toEqual(['recCustomer', null]);
  });

  it('does not send a consent Patron does not know, and takes the state from the ID when there is no address', () => {
    const body = fromPosCustomer({
      ...devon,
      consents: { sms: true, email: null },
      address: null,
      idDocument: { type: 'drivers_license', number: 'X1', state: 'AZ', expiresOn: null },
    });
    expect(body.consentsToPromotionalSMS).toBe(true);
    expect(body).not.toHaveProperty('consentsToPromotionalEmail');
    expect(body.state).toBe('AZ');
  });

  it('writes tags as group ids: the id a group was read with, else the tag name', () => {
    const current = flowhubCustomerSchema.parse(
      (fixture('customer-by-id-with-loyalty-program.json') as { data: unknown }).data,
    );
    expect(fromPosCustomer({ ...devon, tags: ['vip', 'NEW'] }, heldFromRecord(current)).groups).toEqual([
      { groupId: 'grp-17' },
      { groupId: 'NEW' },
    ]);
  });

  it('sends back, on a full-replacement update, isLoyal and the consents Patron does not know', () => {
    const current = flowhubCustomerSchema.parse(fixture('customer-published-sample.json'));
    const body = replacementBody(current, {
      ...read(current),
      consents: { sms: null, email: null },
      firstName: 'Janet',
    });
    expect(body).toMatchObject({
      name: 'Janet Doe',
      isLoyal: true,
      consentsToPromotionalEmail: true,
      consentsToPromotionalSMS: false,
    });
  });
});

const word = fc
  .stringMatching(/^[A-Z][a-z]{1,9}$/)
  .filter(
    (s) =>
      !isPlaceholderText(s) &&
      ![
        'De',
        'Del',
        'Da',
        'Di',
        'Du',
        'La',
        'Le',
        'Van',
        'Von',
        'Der',
        'Dos',
        'Della',
        'Bin',
        'Al',
        'El',
        'St',
        'Jr',
        'Sr',
        'Ii',
        'Iii',
        'Iv',
        'V',
      ].includes(s),
  );
const lastName = fc.oneof(
  word,
  fc.tuple(fc.constantFrom('de', 'van', 'Del'), word).map(([p, w]) => `${p} ${w}`),
);
const plainText = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9' .-]{0,18}[A-Za-z]$/)
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
const orNull = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/**
 * A `PosCustomerInput` limited to what Flowhub can hold and show back [2.4]: one name (a first word,
 * an optional middle word, a last name), an address with the required state, two consents, points and
 * groups. No gender, nickname, notes or banned flag; the card and state ID are write-only.
 */
const flowhubHoldable: fc.Arbitrary<PosCustomerInput> = fc
  .record({
    firstName: word,
    middleName: orNull(word),
    lastName,
    dateOfBirth: calendarDate,
    phone: orNull(usPhone),
    email: orNull(email),
    customerType: fc.constantFrom('adult' as const, 'medical' as const),
    address: fc.record({
      line1: plainText,
      line2: orNull(plainText),
      city: plainText,
      state: fc.constantFrom('CO', 'NV', 'CA', 'MI'),
      postalCode: fc.stringMatching(/^\d{5}$/),
    }),
    sms: fc.boolean(),
    emailConsent: fc.boolean(),
    loyaltyPoints: fc.nat(100_000),
    tags: fc.uniqueArray(fc.constantFrom('VIP', 'INDUSTRY', 'VETERAN'), { maxLength: 3 }),
  })
  .map(({ sms, emailConsent, address, ...rest }) => ({
    ...rest,
    preferredName: null,
    gender: null,
    medical: rest.customerType === 'medical' ? { cardNumber: null, state: null, expiresOn: null } : null,
    idDocument: null,
    address: { ...address, country: 'US' },
    consents: { sms, email: emailConsent },
    notes: null,
    banned: null,
  }));

/** The full name as Flowhub holds it in its one `name` field [REFERENCE 2.4]: the parts, spaced. */
const fullName = (input: PosCustomerInput) =>
  [input.firstName, input.middleName, input.lastName].filter(Boolean).join(' ');

/**
 * The write body REFERENCE 2.4 documents (`CustomerWriteParams`), written out here rather than by
 * the client or the simulator: one `name`, the required `state` and `type`, the address, the two
 * consents and the points. The phone's format is not documented: its digits must be the number's.
 */
function documentedFlowhubWrite(input: PosCustomerInput) {
  return {
    name: fullName(input),
    birthDate: input.dateOfBirth,
    state: input.address?.state,
    type: input.customerType === 'medical' ? 'medCustomer' : 'recCustomer',
    streetAddress1: input.address?.line1,
    streetAddress2: input.address?.line2 ?? null,
    city: input.address?.city,
    zip: input.address?.postalCode,
    email: input.email,
    consentsToPromotionalEmail: input.consents.email,
    consentsToPromotionalSMS: input.consents.sms,
    loyaltyPoints: input.loyaltyPoints,
  };
}

/** The same customer as Flowhub reads it [REFERENCE 2.4 sample]: the phone punctuated, groups by name. */
function documentedFlowhubRead(input: PosCustomerInput) {
  const digits = input.phone?.slice(2);
  return {
    id: 'a7bbef36-7aed-4346-84f6-236f06214099',
    createdAt: '2023-06-15T22:57:35.836575Z',
    updatedAt: '2023-06-15T22:57:35.836575Z',
    ...documentedFlowhubWrite(input),
    isLoyal: true,
    phone: digits ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : null,
    country: input.address?.country,
    groups: input.tags.map((name) => ({ name })),
  };
}

describe('flowhub mapping: round trip through the documented JSON', () => {
  it('writes every field Flowhub can hold as REFERENCE 2.4 documents the body', () => {
    fc.assert(
      fc.property(flowhubHoldable, (input) => {
        const body = fromPosCustomer(input);
        expect(body).toMatchObject(documentedFlowhubWrite(input));
        expect(body.phone === null ? null : `+1${String(body.phone).replace(/\D/g, '').slice(-10)}`).toBe(input.phone);
      }),
      { numRuns: 300 },
    );
  });

  it('reads every field Flowhub can hold back from the documented read shape unchanged', () => {
    fc.assert(
      fc.property(flowhubHoldable, (input) => {
        const back = toPosCustomer(
          flowhubCustomerSchema.parse(JSON.parse(JSON.stringify(documentedFlowhubRead(input)))),
          context,
        );
        const kept = Object.fromEntries(Object.keys(input).map((k) => [k, back[k as keyof PosCustomerInput]]));
        expect(kept).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any object carrying an id: it reads a customer or reports Malformed', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(flowhubCustomerSchema.shape)), fc.anything()),
        (fields) => {
          const result = readFlowhubCustomer({ ...fields, id: 'x-5' }, context);
          expect(result instanceof PosMalformed || result.externalId === 'x-5').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
