import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlaceholderText } from '../normalize.ts';
import { type PosCustomer, type PosCustomerInput, PosMalformed } from '../port.ts';
import {
  blazeMemberSchema,
  fieldErrorsFromBody,
  fromPosCustomer,
  readBlazeMember,
  replacementBody,
  toPosCustomer,
} from './mapping.ts';

const context = { timeZone: 'America/Los_Angeles' };

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}
const valuesOf = (name: string) => (fixture(name) as { values: unknown[] }).values;

function read(raw: unknown): PosCustomer {
  const result = readBlazeMember(raw, context);
  if (result instanceof PosMalformed) throw result;
  return result;
}

describe('blaze mapping: the REFERENCE sample member [5.4]', () => {
  const customer = read(valuesOf('page-sample-adult.json')[0]);

  it('keeps the 24-hex id and reads every epoch-ms time as a UTC instant', () => {
    expect(customer.externalId).toBe('65f0a1b2c3d4e5f601234567');
    expect(customer.createdAt).toBe('2024-05-14T16:06:40.000Z');
    expect(customer.updatedAt).toBe('2024-05-15T16:06:40.000Z');
    expect(customer.lastVisitAt).toBe('2024-05-14T15:20:00.000Z');
  });

  it('reads the epoch-ms date of birth and licence expiry as calendar dates', () => {
    expect(customer.dateOfBirth).toBe('1990-05-15');
    expect(customer.idDocument).toEqual({
      type: 'drivers_license',
      number: 'D1234567',
      state: 'CA',
      expiresOn: '2028-01-01',
    });
  });

  it('reads medical false as an adult-use customer without a card, and each opt-in flag on its own channel', () => {
    expect(customer.customerType).toBe('adult');
    expect(customer.medical).toBeNull();
    expect(customer.consents).toEqual({ sms: true, email: false });
    expect(customer.status).toBe('active');
  });

  it('turns the phone into E.164 and reads the address with its country', () => {
    expect(customer.phone).toBe('+16195550123');
    expect(customer.address).toEqual({
      line1: '123 Main St',
      line2: null,
      city: 'San Diego',
      state: 'CA',
      postalCode: '92101',
      country: 'US',
    });
    expect(customer.issues).toEqual([]);
  });
});

describe('blaze mapping: a medical member with an expired recommendation', () => {
  const customer = read(fixture('member-medical-expired.json'));

  it('reads medical true with the recommendation number and its expired date, kept as it is', () => {
    expect(customer.customerType).toBe('medical');
    expect(customer.medical).toEqual({ cardNumber: 'MED738', state: null, expiresOn: '2024-05-31' });
  });

  it('reads a date of birth saved at local midnight as that day in the store zone', () => {
    // 479030400000 is 1985-03-07T08:00:00Z: midnight in Los Angeles.
    expect(customer.dateOfBirth).toBe('1985-03-07');
  });

  it('keeps upper-case names, lower-cases the email, flags a phone that fails validation', () => {
    expect([customer.firstName, customer.middleName, customer.lastName]).toEqual(['KATHLEEN', null, 'SCOTT']);
    expect(customer.email).toBe('scott20@mail.com');
    expect(customer.phone).toBe('7777777777');
    expect(customer.issues).toContainEqual({ field: 'phone', problem: 'unparseable', raw: '7777777777' });
  });

  it('joins the note messages, reads pointsBalance as loyalty and a null country as US', () => {
    expect(customer.notes).toBe('Prefers edibles\nCard renewal pending');
    expect(customer.loyaltyPoints).toBe(1200);
    expect(customer.address?.country).toBe('US');
    expect(customer.consents).toEqual({ sms: false, email: true });
  });
});

describe('blaze mapping: a page with messy and broken members', () => {
  const rows = valuesOf('page-messy-and-broken.json');
  const results = rows.map((row) => readBlazeMember(row, context));

  it('turns the one broken member into Malformed with its raw payload and id, naming neutral fields', () => {
    expect(results.map((r) => r instanceof PosMalformed)).toEqual([false, true, false]);
    const broken = results[1] as PosMalformed;
    expect(broken.externalId).toBe('65f0a1b2c3d4e5f600000bba');
    expect(broken.raw).toBe(rows[1]);
    expect(broken.message).toContain('firstName');
    expect(broken.message).toContain('dateOfBirth');
    expect(broken.message).not.toContain('dob');
  });

  it('reads a 1900-01-01 birthday, epoch 0 dates and N/A email, licence and note as missing, flagged', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.firstName).toBe('ANA');
    expect([ana.dateOfBirth, ana.email, ana.idDocument, ana.notes, ana.lastVisitAt]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(ana.issues.map((i) => `${i.field}:${i.problem}`)).toEqual(
      expect.arrayContaining([
        'dateOfBirth:placeholder',
        'email:placeholder',
        'idDocument.number:placeholder',
        'idDocument.expiresOn:placeholder',
        'notes:placeholder',
        'lastVisitAt:placeholder',
      ]),
    );
    expect(ana.phone).toBe('0123456789');
  });

  it('accepts a numeric id and zip, a created time as a numeric string and a punctuated phone', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.externalId).toBe('3003');
    expect(priya.address?.postalCode).toBe('80202');
    expect(priya.createdAt).toBe('2024-01-10T16:00:00.000Z');
    expect(priya.phone).toBe('+13035550142');
  });

  it('reads a medical consumerType as medical when the medical flag is missing', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.customerType).toBe('medical');
    expect(priya.medical).toEqual({ cardNumber: 'MMJ-55-1092', state: null, expiresOn: '2025-08-31' });
  });

  it('reads a deleted member or an inactive status as inactive', () => {
    const sample = valuesOf('page-sample-adult.json')[0] as Record<string, unknown>;
    expect(read({ ...sample, deleted: true }).status).toBe('inactive');
    expect(read({ ...sample, status: 'Inactive' }).status).toBe('inactive');
  });
});

describe('blaze mapping: writing', () => {
  const kathleen = read(fixture('member-medical-expired.json'));

  it('writes dates as epoch ms of midnight UTC, phones as 10 digits and the medical flag', () => {
    const body = fromPosCustomer({ ...kathleen, phone: '+17025550123' });
    expect(body.dob).toBe(Date.UTC(1985, 2, 7));
    expect(body.recExpiration).toBe(Date.UTC(2024, 4, 31));
    expect(body.primaryPhone).toBe('7025550123');
    expect(body.medical).toBe(true);
    expect(body.consumerType).toBe('MedicinalState');
    expect(body.address).toMatchObject({ address: '18 KATHLEEN STREET', zipCode: '89501' });
  });

  it('writes 1970-01-01 at noon UTC so it does not read back as an unset epoch 0', () => {
    const body = fromPosCustomer({ ...kathleen, dateOfBirth: '1970-01-01' });
    expect(body.dob).toBe(43_200_000);
    expect(read({ ...(fixture('member-medical-expired.json') as object), dob: body.dob }).dateOfBirth).toBe(
      '1970-01-01',
    );
    expect(read({ ...(fixture('member-medical-expired.json') as object), dob: 0 }).dateOfBirth).toBeNull();
  });

  it('leaves out consent and points Patron does not know, so BLAZE keeps its own', () => {
    const body = fromPosCustomer({ ...kathleen, consents: { sms: null, email: false }, loyaltyPoints: null });
    expect(body).not.toHaveProperty('textOptIn');
    expect(body.emailOptIn).toBe(false);
    expect(body).not.toHaveProperty('pointsBalance');
  });

  it('sends back on update every field Patron does not model, and notes as BLAZE held them when unchanged', () => {
    const current = fixture('member-medical-expired.json') as Record<string, unknown>;
    const body = replacementBody(current, { ...read(current), firstName: 'Kathy' }, context);
    expect(body.firstName).toBe('Kathy');
    expect(body.doctorLicense).toBe('G-2291');
    expect(body.metadata).toEqual([{ key: 'aiq', value: 'aiq-88123' }]);
    expect(body.notes).toBe(current.notes);
    for (const readOnly of ['id', 'created', 'modified', 'companyId', 'lastVisitDate']) {
      expect(body).not.toHaveProperty(readOnly);
    }
  });

  it('replaces the notes with one note when Patron changed them', () => {
    const current = fixture('member-medical-expired.json') as Record<string, unknown>;
    const body = replacementBody(current, { ...read(current), notes: 'Moved to Sparks' }, context);
    expect(body.notes).toEqual([{ message: 'Moved to Sparks' }]);
  });

  it('names the neutral field in a refusal and never the BLAZE one or a quoted value', () => {
    const error = fixture('error-first-name-required.json') as { field: string; message: string };
    expect(fieldErrorsFromBody(error.field, error.message)).toEqual([
      { path: 'firstName', message: 'First name is required.' },
    ]);
    expect(fieldErrorsFromBody('primaryPhone', 'Phone 7025550123 is taken')).toEqual([
      { path: 'phone', message: 'rejected by BLAZE' },
    ]);
    expect(fieldErrorsFromBody(null, 'Bad request')).toEqual([{ path: '', message: 'Bad request' }]);
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
const usState = fc.constantFrom('CA', 'NV', 'CO', 'MI');

/**
 * A `PosCustomerInput` limited to what BLAZE can hold: no preferred name, gender, tags, ban flag or
 * second address line [5.4]; one card without a state; consents and points as BLAZE stores them.
 */
const blazeHoldable: fc.Arbitrary<PosCustomerInput> = fc
  .record({
    firstName: plainText,
    middleName: orNull(plainText),
    lastName: plainText,
    dateOfBirth: calendarDate,
    phone: orNull(usPhone),
    email: orNull(email),
    customerType: fc.constantFrom('adult' as const, 'medical' as const),
    card: fc.record({ cardNumber: orNull(token), expiresOn: orNull(calendarDate) }),
    idDocument: orNull(fc.record({ number: token, state: usState, expiresOn: orNull(calendarDate) })),
    address: orNull(
      fc.record({ line1: plainText, city: plainText, state: usState, postalCode: fc.stringMatching(/^\d{5}$/) }),
    ),
    consents: fc.record({ sms: fc.boolean(), email: fc.boolean() }),
    loyaltyPoints: fc.nat(100_000),
    notes: orNull(plainText),
  })
  .map(({ card, idDocument, address, ...rest }) => ({
    ...rest,
    preferredName: null,
    gender: null,
    tags: [],
    banned: null,
    medical: rest.customerType === 'medical' ? { ...card, state: null } : null,
    idDocument: idDocument && { type: 'drivers_license' as const, ...idDocument },
    address: address && { ...address, line2: null, country: 'US' },
  }));

const DAY_MS = 86_400_000;
/** A calendar date as BLAZE's epoch milliseconds [REFERENCE 5.8]: the day's UTC midnight, as in the 5.4 sample. */
const epochOf = (date: string | null | undefined) => (date ? Date.parse(`${date}T00:00:00Z`) : null);
/** The UTC day an epoch falls on (a write may place a date anywhere in its day). */
const dayOf = (ms: unknown) => (typeof ms === 'number' ? Math.floor(ms / DAY_MS) : ms);

/**
 * The member body REFERENCE 5.4 documents, written out here rather than by the client or the
 * simulator: `primaryPhone` as 10 digits, `medical` flag, `recNo`, `dlNo`/`dlState`, one-line
 * `address` object, `textOptIn`/`emailOptIn`, notes as messages. Dates are compared by day below.
 */
function documentedBlazeWrite(input: PosCustomerInput) {
  return {
    firstName: input.firstName,
    middleName: input.middleName,
    lastName: input.lastName,
    email: input.email,
    primaryPhone: input.phone === null ? null : input.phone.slice(2),
    medical: input.customerType === 'medical',
    recNo: input.medical?.cardNumber ?? null,
    dlNo: input.idDocument?.number ?? null,
    dlState: input.idDocument?.state ?? null,
    address: input.address
      ? {
          address: input.address.line1,
          city: input.address.city,
          state: input.address.state,
          zipCode: input.address.postalCode,
          country: input.address.country,
        }
      : null,
    textOptIn: input.consents.sms,
    emailOptIn: input.consents.email,
    notes: input.notes === null ? [] : [{ message: input.notes }],
  };
}

/** The same member as BLAZE lists it [REFERENCE 5.4 sample]: epoch dates, a status, points. */
function documentedBlazeRead(input: PosCustomerInput) {
  return {
    id: '65f0a1b2c3d4e5f600000077',
    companyId: '5f1e0c2a9b1d4a0012ab34cd',
    created: 1715702800000,
    modified: 1715789200000,
    deleted: false,
    ...documentedBlazeWrite(input),
    dob: epochOf(input.dateOfBirth),
    recExpiration: epochOf(input.medical?.expiresOn),
    dlExpiration: epochOf(input.idDocument?.expiresOn),
    status: 'Active',
    consumerType: input.customerType === 'medical' ? 'MedicinalState' : 'AdultUse',
    // The one points name seen on a member (UNCONFIRMED [5.4]).
    pointsBalance: input.loyaltyPoints,
    metadata: [],
  };
}

describe('blaze mapping: round trip through the documented JSON', () => {
  it('writes every field BLAZE can hold as REFERENCE 5.4 documents the member', () => {
    fc.assert(
      fc.property(blazeHoldable, (input) => {
        const body = fromPosCustomer(input) as unknown as Record<string, unknown>;
        expect(body).toMatchObject(documentedBlazeWrite(input));
        expect(dayOf(body.dob)).toBe(dayOf(epochOf(input.dateOfBirth)));
        expect(dayOf(body.recExpiration)).toBe(dayOf(epochOf(input.medical?.expiresOn)));
        expect(dayOf(body.dlExpiration)).toBe(dayOf(epochOf(input.idDocument?.expiresOn)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads every field BLAZE can hold back from the documented member shape unchanged', () => {
    fc.assert(
      fc.property(blazeHoldable, (input) => {
        // Epoch 0 is read as "no date" by choice (choices.ts `epochZeroIsPlaceholder`): a member truly
        // dated 1970-01-01 at midnight UTC reads back without it, like 1900-01-01 [REFERENCE 4.8].
        const dates = [input.dateOfBirth, input.medical?.expiresOn, input.idDocument?.expiresOn];
        fc.pre(!dates.includes('1970-01-01'));
        const raw = JSON.parse(JSON.stringify(documentedBlazeRead(input)));
        const back = toPosCustomer(blazeMemberSchema.parse(raw), context);
        const kept = Object.fromEntries(Object.keys(input).map((k) => [k, back[k as keyof PosCustomerInput]]));
        expect(kept).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any object carrying an id: it reads a member or reports Malformed', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(blazeMemberSchema.shape)), fc.anything()), (fields) => {
        const result = readBlazeMember({ ...fields, id: '65f0a1b2c3d4e5f600000005' }, context);
        expect(result instanceof PosMalformed || result.externalId === '65f0a1b2c3d4e5f600000005').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
