import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlaceholderText } from '../normalize.ts';
import { type PosCustomer, type PosCustomerInput, PosMalformed } from '../port.ts';
import {
  fieldErrorsFromMessage,
  fromPosCustomer,
  readTreezCustomer,
  replacementBody,
  treezCustomerSchema,
} from './mapping.ts';
import { treezRecordFromWrite } from './simulator.ts';

const context = { timeZone: 'America/Los_Angeles' };

function fixture(name: string): { data: unknown } {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as { data: unknown };
}

function read(raw: unknown): PosCustomer {
  const result = readTreezCustomer(raw, context);
  if (result instanceof PosMalformed) throw result;
  return result;
}

describe('treez mapping: published sample (customer 20)', () => {
  const customer = read(fixture('customer-merged-medical.json').data);

  it('keeps a MERGED customer active and lists the customers merged into it', () => {
    expect(customer.externalId).toBe('20');
    expect(customer.status).toBe('active');
    expect(customer.mergedExternalIds).toEqual(['19']);
    expect(customer.mergedIntoExternalId).toBeNull();
  });

  it('keeps upper-case names as the POS has them and lower-cases the email', () => {
    expect([customer.firstName, customer.lastName]).toEqual(['KATHLEEN', 'SCOTT']);
    expect(customer.preferredName).toBeNull();
    expect(customer.email).toBe('scott20@mail.com');
  });

  it('keeps a phone that fails validation as it came and flags it', () => {
    expect(customer.phone).toBe('7777777777');
    expect(customer.issues).toContainEqual({ field: 'phone', problem: 'unparseable', raw: '7777777777' });
  });

  it('reads MEDICAL_MMID as a medical customer with the card and its (expired) date', () => {
    expect(customer.customerType).toBe('medical');
    expect(customer.medical).toEqual({ cardNumber: 'MED738', state: null, expiresOn: '2024-05-31' });
    expect(customer.idDocument).toEqual({
      type: 'drivers_license',
      number: 'LIC744',
      state: null,
      expiresOn: '2028-05-12',
    });
  });

  it('reads N/A notes as missing, gender U as unknown, and opt_out null as no consent recorded', () => {
    expect(customer.notes).toBeNull();
    expect(customer.issues).toContainEqual({ field: 'notes', problem: 'placeholder', raw: 'N/A' });
    expect(customer.gender).toBeNull();
    expect(customer.consents).toEqual({ sms: null, email: null });
  });

  it('turns offset times into UTC and reads the zone-less last visit in the store time zone', () => {
    expect(customer.createdAt).toBe('2024-05-14T16:06:40.000Z');
    expect(customer.updatedAt).toBe('2025-10-21T14:26:36.000Z');
    expect(customer.lastVisitAt).toBe('2024-05-31T16:54:13.000Z');
  });

  it('reads the address of record with an empty second line as missing', () => {
    expect(customer.address).toEqual({
      line1: '18 KATHLEEN STREET',
      line2: null,
      city: 'SCOTT',
      state: 'CA',
      postalCode: '20555',
      country: 'US',
    });
    expect(customer.loyaltyPoints).toBe(0);
  });
});

describe('treez mapping: adult with three addresses (customer 121)', () => {
  const customer = read(fixture('customer-adult-three-addresses.json').data);

  it('picks the primary address of record out of several', () => {
    expect(customer.address?.line1).toBe('455 Market St');
    expect(customer.address?.line2).toBe('Apt 12');
  });

  it('reads an adult with N/A medical fields as having no medical card', () => {
    expect(customer.customerType).toBe('adult');
    expect(customer.medical).toBeNull();
  });

  it('reads opt_out false as consent on both channels, groups as tags and points as loyalty', () => {
    expect(customer.consents).toEqual({ sms: true, email: true });
    expect(customer.tags).toEqual(['INDUSTRY']);
    expect(customer.loyaltyPoints).toBe(340);
    expect(customer.phone).toBe('+16195550123');
    expect(customer.gender).toBe('male');
    expect(customer.preferredName).toBe('Marc');
  });

  it('keeps the last visit in winter time (offset -08:00)', () => {
    expect(customer.lastVisitAt).toBe('2025-12-21T01:45:02.000Z');
  });
});

describe('treez mapping: a changed-customers page with messy and broken records', () => {
  const rows = fixture('page-changed-with-messy-and-broken.json').data as unknown[];
  const results = rows.map((row) => readTreezCustomer(row, context));

  it('turns the one broken record into Malformed with its raw payload and id, and reads the others', () => {
    expect(results.map((r) => r instanceof PosMalformed)).toEqual([false, true, false]);
    const broken = results[1] as PosMalformed;
    expect(broken.externalId).toBe('3002');
    expect(broken.raw).toBe(rows[1]);
    expect(broken.message).toContain('firstName');
    expect(broken.message).not.toContain('first_name');
  });

  it('reads a 1900-01-01 birthday, N/A email and N/A licence as missing, flagged as placeholders', () => {
    const ana = results[0] as PosCustomer;
    expect(ana.firstName).toBe('ANA');
    expect(ana.dateOfBirth).toBeNull();
    expect(ana.email).toBeNull();
    expect(ana.idDocument).toBeNull();
    expect(ana.issues.map((i) => `${i.field}:${i.problem}`)).toEqual(
      expect.arrayContaining(['dateOfBirth:placeholder', 'email:placeholder', 'idDocument.number:placeholder']),
    );
    expect(ana.consents).toEqual({ sms: false, email: false });
  });

  it('accepts a numeric id and zip, a colon-less offset and a punctuated phone', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.externalId).toBe('3003');
    expect(priya.address?.postalCode).toBe('80202');
    expect(priya.createdAt).toBe('2024-01-10T16:00:00.000Z');
    expect(priya.phone).toBe('+13035550142');
    expect(priya.gender).toBe('nonbinary');
  });

  it('reads MEDICAL with an expired card as a medical customer keeping the card as it is', () => {
    const priya = results[2] as PosCustomer;
    expect(priya.customerType).toBe('medical');
    expect(priya.medical).toEqual({ cardNumber: 'MMJ-55-1092', state: null, expiresOn: '2025-08-31' });
  });
});

describe('treez mapping: writing', () => {
  const kathleen = read(fixture('customer-merged-medical.json').data);

  it('writes phones as 10 digits, address types upper-case and MEDICAL_MMID when card and expiry are known', () => {
    const body = fromPosCustomer({ ...kathleen, phone: '+17025550123' });
    expect(body.phone).toBe('7025550123');
    expect(body.patient_type).toBe('MEDICAL_MMID');
    expect(body.permit_expiration).toBe('2024-05-31');
    expect(body.addresses[0]?.type).toBe('ADDRESS_OF_RECORD');
    expect(body.gender).toBe('U');
  });

  it('writes an opt-out on either channel as opt_out true', () => {
    expect(fromPosCustomer({ ...kathleen, consents: { sms: true, email: false } }).opt_out).toBe(true);
    expect(fromPosCustomer({ ...kathleen, consents: { sms: true, email: null } }).opt_out).toBe(false);
    expect(fromPosCustomer({ ...kathleen, consents: { sms: null, email: null } }).opt_out).toBeNull();
  });

  it('sends back, on a full-replace update, every field Patron does not model and the other addresses', () => {
    const current = fixture('customer-adult-three-addresses.json').data as Record<string, unknown>;
    const body = replacementBody(current, { ...read(current), firstName: 'Marco' }, context);
    expect(body.first_name).toBe('Marco');
    expect(body.referral_source).toBe('WORD OF MOUTH');
    expect(body.warning_1).toBe(true);
    expect(body.external_ids).toEqual({ aiq_contact_id: 'aiq-88123' });
    expect(body.addresses.map((a) => a.type)).toEqual([
      'SECONDARY_ADDRESS',
      'ADDRESS_OF_RECORD',
      'ALTERNATIVE_ADDRESS',
    ]);
    for (const readOnly of ['customer_id', 'status', 'last_update', 'signup_date', 'merged_customer_ids']) {
      expect(body).not.toHaveProperty(readOnly);
    }
  });

  it('replaces only the address of record when Patron changed the address', () => {
    const current = fixture('customer-adult-three-addresses.json').data as Record<string, unknown>;
    const moved = {
      line1: '1 New Rd',
      line2: null,
      city: 'San Diego',
      state: 'CA',
      postalCode: '92102',
      country: 'US',
    };
    const body = replacementBody(current, { ...read(current), address: moved }, context);
    expect(body.addresses.map((a) => [a.type, a.street1])).toEqual([
      ['ADDRESS_OF_RECORD', '1 New Rd'],
      ['SECONDARY_ADDRESS', 'PO Box 19'],
      ['ALTERNATIVE_ADDRESS', '9 Harbor Dr'],
    ]);
  });

  it('names the neutral field in a validation error and never the Treez one', () => {
    const error = JSON.parse(readFileSync(new URL('./fixtures/error-first-name-blank.json', import.meta.url), 'utf8'));
    expect(fieldErrorsFromMessage(error.resultReason, error.resultDetail)).toEqual([
      { path: 'firstName', message: 'cannot be blank' },
    ]);
    expect(fieldErrorsFromMessage('CUSTOMER_ALREADY_EXISTS', 'Field phone 7025550123 is taken')).toEqual([
      { path: 'phone', message: 'rejected by Treez (CUSTOMER_ALREADY_EXISTS)' },
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

/** A `PosCustomerInput` limited to what Treez can hold (one opt-out flag, no card or licence state, US only). */
const treezHoldable: fc.Arbitrary<PosCustomerInput> = fc
  .record({
    firstName: plainText,
    middleName: orNull(plainText),
    lastName: plainText,
    preferredName: orNull(plainText),
    dateOfBirth: calendarDate,
    gender: orNull(fc.constantFrom('male' as const, 'female' as const, 'nonbinary' as const)),
    phone: orNull(usPhone),
    email: orNull(email),
    customerType: fc.constantFrom('adult' as const, 'medical' as const),
    card: fc.record({ cardNumber: orNull(token), expiresOn: orNull(calendarDate) }),
    idDocument: orNull(fc.record({ number: token, expiresOn: orNull(calendarDate) })),
    address: orNull(
      fc.record({
        line1: plainText,
        line2: orNull(plainText),
        city: plainText,
        state: fc.constantFrom('CA', 'NV', 'CO'),
        postalCode: fc.stringMatching(/^\d{5}$/),
      }),
    ),
    consent: orNull(fc.boolean()),
    loyaltyPoints: fc.nat(100_000),
    tags: fc.array(fc.constantFrom('VIP', 'INDUSTRY', 'VETERAN'), { maxLength: 2 }),
    notes: orNull(plainText),
    banned: fc.boolean(),
  })
  .map(({ card, consent, idDocument, address, ...rest }) => ({
    ...rest,
    medical: rest.customerType === 'medical' ? { ...card, state: null } : null,
    idDocument: idDocument && { type: 'drivers_license' as const, state: null, ...idDocument },
    address: address && { ...address, country: 'US' },
    consents: { sms: consent, email: consent },
  }));

/**
 * Customer 20 of REFERENCE 1.4's sample payload as Patron should read it, written out by hand from
 * the reference's field notes (not from the mapping): `MERGED` is still active, `N/A` and `""` are
 * missing, `U` is no gender, `opt_out: null` is no consent recorded, offset times in UTC and the
 * zone-less last visit read in the store's zone.
 */
const KATHLEEN_20: PosCustomer = {
  externalId: '20',
  status: 'active',
  mergedIntoExternalId: null,
  mergedExternalIds: ['19'],
  firstName: 'KATHLEEN',
  middleName: null,
  lastName: 'SCOTT',
  preferredName: null,
  dateOfBirth: '1989-03-07',
  gender: null,
  phone: '7777777777',
  email: 'scott20@mail.com',
  customerType: 'medical',
  medical: { cardNumber: 'MED738', state: null, expiresOn: '2024-05-31' },
  idDocument: { type: 'drivers_license', number: 'LIC744', state: null, expiresOn: '2028-05-12' },
  address: { line1: '18 KATHLEEN STREET', line2: null, city: 'SCOTT', state: 'CA', postalCode: '20555', country: 'US' },
  consents: { sms: null, email: null },
  loyaltyPoints: 0,
  tags: [],
  notes: null,
  banned: false,
  createdAt: '2024-05-14T16:06:40.000Z',
  updatedAt: '2025-10-21T14:26:36.000Z',
  lastVisitAt: '2024-05-31T16:54:13.000Z',
  issues: [
    { field: 'phone', problem: 'unparseable', raw: '7777777777' },
    { field: 'notes', problem: 'placeholder', raw: 'N/A' },
  ],
};

/** A medical customer with everything Treez holds: its create body is `fixtures/create-body-medical.json`. */
const DEVON: PosCustomerInput = {
  firstName: 'DEVON',
  middleName: 'A',
  lastName: 'OKAFOR',
  preferredName: 'Dev',
  dateOfBirth: '1990-04-12',
  gender: 'female',
  phone: '+17025559876',
  email: 'devon.okafor@example.com',
  customerType: 'medical',
  medical: { cardNumber: 'MMJ-1001', state: null, expiresOn: '2027-06-30' },
  idDocument: { type: 'drivers_license', number: 'NV123456', state: null, expiresOn: '2030-01-01' },
  address: { line1: '1 Main St', line2: null, city: 'Las Vegas', state: 'NV', postalCode: '89101', country: 'US' },
  consents: { sms: true, email: true },
  loyaltyPoints: 120,
  tags: ['VIP'],
  notes: 'Prefers mornings',
  banned: false,
};

/** An adult with only what a create requires [1.4]: its body is `fixtures/create-body-adult-minimal.json`. */
const ANA: PosCustomerInput = {
  firstName: 'ANA',
  middleName: null,
  lastName: 'REYES',
  preferredName: null,
  dateOfBirth: '1985-05-05',
  gender: null,
  phone: null,
  email: null,
  customerType: 'adult',
  medical: null,
  idDocument: null,
  address: null,
  consents: { sms: null, email: null },
  loyaltyPoints: null,
  tags: [],
  notes: null,
  banned: null,
};

const body = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

describe('treez mapping: against fixtures with hand-written expectations', () => {
  it('reads the published sample customer 20 as the PosCustomer written out above, field for field', () => {
    const customer = read(fixture('customer-merged-medical.json').data);
    expect({ ...customer, issues: [] }).toEqual({ ...KATHLEEN_20, issues: [] });
    expect(customer.issues).toEqual(expect.arrayContaining(KATHLEEN_20.issues));
    expect(customer.issues).toHaveLength(KATHLEEN_20.issues.length);
  });

  it('writes a medical customer as the create body REFERENCE 1.4 documents (fixtures/create-body-medical.json)', () => {
    expect(fromPosCustomer(DEVON)).toEqual(body('create-body-medical.json'));
  });

  it('writes an adult with only the required fields as fixtures/create-body-adult-minimal.json', () => {
    expect(fromPosCustomer(ANA)).toEqual(body('create-body-adult-minimal.json'));
  });
});

describe("treez mapping: round trip through the simulator's store", () => {
  it('reads back every field Treez can hold, after the simulator stored the write body as Treez does', () => {
    // The simulator (checked against REFERENCE 1.3-1.4 by simulator.test.ts) turns the body into the
    // read model: date-time permits, lower-case address types, `N/A` for no card. No code of the
    // mapping is reused to say what Treez holds.
    const now = new Date('2025-10-21T14:26:36.000Z');
    fc.assert(
      fc.property(treezHoldable, (input) => {
        const stored = treezRecordFromWrite(fromPosCustomer(input), '77', now, context.timeZone);
        const back = read(JSON.parse(JSON.stringify(stored)));
        const kept = Object.fromEntries(Object.keys(input).map((k) => [k, back[k as keyof PosCustomerInput]]));
        expect(kept).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on any object carrying an id: it reads a customer or reports Malformed', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(treezCustomerSchema.shape)), fc.anything()),
        (fields) => {
          const result = readTreezCustomer({ ...fields, customer_id: '5' }, context);
          expect(result instanceof PosMalformed || result.externalId === '5').toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
