/**
 * The customer resource as zod schemas: the one source of validation, TypeScript types and the
 * OpenAPI document. `CustomerInput` checks and normalizes the fields one by one (phone to E.164,
 * email lower-cased, tags to slugs); rules across fields and rules that need "today" (age, card
 * expiry) live in `customer-rules.ts`, and `validateNewCustomer` applies both.
 */
import { z } from 'zod';
import { CalendarDate } from './calendar-date.ts';
import { normalizeEmail } from './email.ts';
import { normalizePhone } from './phone.ts';
import { MAX_TAG_LENGTH, MAX_TAGS, normalizeTag } from './tags.ts';
import { isUsStateCode } from './us-states.ts';

export const CUSTOMER_TYPES = ['adult', 'medical'] as const;
/** Government IDs a dispensary may accept as proof of age. */
export const ID_DOCUMENT_TYPES = ['drivers_license', 'state_id', 'passport', 'military_id', 'tribal_id'] as const;
/** Documents issued by a state, which therefore must name it. */
const STATE_ISSUED: ReadonlySet<string> = new Set(['drivers_license', 'state_id']);

export const MAX_NAME_LENGTH = 100;
export const MAX_NOTES_LENGTH = 2000;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a person counts them: `é` typed as e + accent is one, so is a flag emoji. */
export function characterCount(value: string): number {
  return Array.from(graphemes.segment(value)).length;
}

const CONTROL_CHARACTER = /\p{Cc}/u;

function nameText() {
  return (
    z
      .string()
      .trim()
      .normalize('NFC')
      // The length test first, so a huge body is refused before it is segmented.
      .refine((s) => s.length <= MAX_NAME_LENGTH * 8 && characterCount(s) <= MAX_NAME_LENGTH, {
        message: `must be at most ${MAX_NAME_LENGTH} characters`,
      })
      .refine((s) => !CONTROL_CHARACTER.test(s), { message: 'must not contain line breaks or control characters' })
  );
}

/** A first or last name: 1 to 100 characters after trimming. */
export const PersonName = nameText()
  .refine((s) => s.length > 0, { message: 'must not be empty' })
  .meta({ description: `1 to ${MAX_NAME_LENGTH} characters` });

/** A name that may be left out: blank is taken as none. */
const OptionalName = nameText().transform((s) => (s === '' ? null : s));

export const UsState = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isUsStateCode, { message: 'must be a two-letter US state code such as NV' })
  .meta({ description: 'USPS state code', example: 'NV' });

const DocumentNumber = z
  .string()
  .trim()
  .min(4, 'must be at least 4 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/, 'may contain only letters, digits, spaces and dashes');

/** Phone as typed (`(702) 555-0123`, `+1 702 555 0123`); stored E.164. Blank means none. */
export const PhoneInput = z
  .string()
  .max(40, 'must be at most 40 characters')
  .transform((raw, ctx) => {
    if (raw.trim() === '') return null;
    const e164 = normalizePhone(raw);
    if (e164 === null) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a phone number such as (702) 555-0123; for a number outside the US start with + and the country code',
      });
      return z.NEVER;
    }
    return e164;
  })
  .meta({
    description: 'Any common US format, or + and the country code; answered as E.164',
    example: '(702) 555-0123',
  });

const emailFormat = z.email();

/** Email as typed; stored trimmed and lower-cased. Blank means none. */
export const EmailInput = z
  .string()
  .max(254, 'must be at most 254 characters')
  .transform((raw, ctx) => {
    const email = normalizeEmail(raw);
    if (email === '') return null;
    if (!emailFormat.safeParse(email).success) {
      ctx.addIssue({ code: 'custom', message: 'must be an email address such as name@example.com' });
      return z.NEVER;
    }
    return email;
  })
  .meta({ description: 'Answered lower-cased', example: 'kathleen@example.com' });

const Tag = z
  .string()
  .max(200, 'must be at most 200 characters')
  .transform(normalizeTag)
  .pipe(
    z
      .string()
      .min(1, 'must contain letters or digits')
      .max(MAX_TAG_LENGTH, `must be at most ${MAX_TAG_LENGTH} characters`),
  );

/** Tags as typed; stored as lower-case slugs (`VIP Member` -> `vip-member`) without repeats. */
export const TagsInput = z
  .array(Tag)
  .max(MAX_TAGS, `must have at most ${MAX_TAGS} tags`)
  .transform((tags) => [...new Set(tags)]);

const Notes = z
  .string()
  .trim()
  .max(MAX_NOTES_LENGTH, `must be at most ${MAX_NOTES_LENGTH} characters`)
  .transform((s) => (s === '' ? null : s));

export const medicalCardShape = {
  cardNumber: DocumentNumber,
  state: UsState,
  expiresOn: CalendarDate.meta({ description: 'Last day the card is valid' }),
};
export const MedicalCardInput = z.strictObject(medicalCardShape);

export const idDocumentShape = {
  type: z.enum(ID_DOCUMENT_TYPES),
  number: DocumentNumber,
  state: UsState.nullable().default(null),
  expiresOn: CalendarDate.nullable().default(null),
};
export const IdDocumentInput = z.strictObject(idDocumentShape).superRefine((doc, ctx) => {
  if (STATE_ISSUED.has(doc.type) && doc.state === null) {
    ctx.addIssue({
      code: 'custom',
      path: ['state'],
      message: "is required for a driver's license or state ID: give the two-letter code of the issuing state",
    });
  }
});

export const addressShape = {
  line1: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  line2: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .default(null),
  city: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  state: UsState,
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'must be a US ZIP code such as 89101 or 89101-1234'),
  country: z.literal('US', 'must be US').default('US'),
};
export const AddressInput = z.strictObject(addressShape);

/** A postal address as answered (customers and stores alike). */
export const AddressOutput = z
  .object({
    line1: z.string(),
    line2: z.string().nullable(),
    city: z.string(),
    state: z.string(),
    postalCode: z.string(),
    country: z.string(),
  })
  .meta({ id: 'Address' });

/**
 * A consent choice as given at signup or in an edit; the consent ledger keeps its history. `at` and
 * `source` are the held state's (an edit merges onto it): a client sending them is refused by the
 * customers service (domain/consent-statements.ts), since the server dates and sources every statement.
 */
export const ConsentChoice = z.strictObject({
  granted: z.boolean(),
  at: z.iso
    .datetime({ offset: true })
    .nullable()
    .default(null)
    .describe('Set by the server (when the statement is recorded); a value sent is refused'),
  source: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(50, 'must be at most 50 characters')
    .nullable()
    .default(null)
    .describe(
      'Set by the server from who is speaking (customer, kiosk, staff, integration); a customer or kiosk sending one is refused, staff may only repeat their own',
    ),
  /** The wording the customer agreed to, kept in the ledger. */
  wording: z.string().trim().max(2000, 'must be at most 2000 characters').nullable().default(null),
});
export type ConsentChoice = z.output<typeof ConsentChoice>;

const noConsent = (): ConsentChoice => ({ granted: false, at: null, source: null, wording: null });

export const consentsShape = {
  sms: ConsentChoice.default(noConsent),
  email: ConsentChoice.default(noConsent),
};
export const ConsentsInput = z.strictObject(consentsShape);

/** Fields of a new customer (POST /customers, kiosk signup); unknown fields are refused. */
export const CustomerInput = z
  .strictObject({
    firstName: PersonName,
    lastName: PersonName,
    preferredName: OptionalName.nullable().default(null),
    dateOfBirth: CalendarDate,
    phone: PhoneInput.nullable().default(null),
    email: EmailInput.nullable().default(null),
    customerType: z.enum(CUSTOMER_TYPES).default('adult'),
    medical: MedicalCardInput.nullable().default(null),
    idDocument: IdDocumentInput.nullable().default(null),
    address: AddressInput.nullable().default(null),
    consents: ConsentsInput.default(() => ({ sms: noConsent(), email: noConsent() })),
    tags: TagsInput.default(() => []),
    notes: Notes.nullable().default(null),
    homeStoreId: z.uuid().nullable().default(null),
  })
  .meta({ id: 'NewCustomer', description: 'Customer fields; at least one of phone or email' });

/** What a client sends. */
export type CustomerInput = z.input<typeof CustomerInput>;
/** The same, validated and normalized: what the service stores. */
export type NewCustomer = z.output<typeof CustomerInput>;
/** Top-level fields a client may set. */
export type CustomerField = keyof NewCustomer;
export const CUSTOMER_FIELDS = Object.keys(CustomerInput.shape) as CustomerField[];

const Instant = z.iso.datetime({ offset: true });

const ConsentState = z.object({ granted: z.boolean(), at: Instant.nullable(), source: z.string().nullable() });

/**
 * The customer as answered by the API. Deliberately lenient on values (a record imported from a POS
 * keeps what could not be normalized, see DESIGN "Real-world records"); as a response schema it
 * also strips any field not listed here, so internal columns cannot leak.
 */
export const Customer = z
  .object({
    id: z.uuid(),
    version: z.number().int().min(1),
    firstName: z.string(),
    lastName: z.string(),
    preferredName: z.string().nullable(),
    dateOfBirth: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    customerType: z.enum(CUSTOMER_TYPES),
    medical: z
      .object({ cardNumber: z.string(), state: z.string(), expiresOn: z.string() })
      .nullable()
      .meta({ description: 'Null unless medical; cardNumber masked below manager' }),
    idDocument: z
      .object({
        type: z.enum(ID_DOCUMENT_TYPES),
        number: z.string(),
        state: z.string().nullable(),
        expiresOn: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'number masked below manager' }),
    address: AddressOutput.nullable(),
    consents: z.object({ sms: ConsentState, email: ConsentState }),
    tags: z.array(z.string()),
    notes: z.string().nullable(),
    loyalty: z.object({ points: z.number().int(), source: z.string().nullable() }).meta({
      description:
        'points: the sum of loyaltyByStore; source: the vendor when all balances come from one vendor, pos when from several, null when none',
    }),
    loyaltyByStore: z
      .array(
        z.object({
          storeId: z.uuid(),
          vendor: z.string(),
          points: z.number().int(),
          readAt: Instant.meta({
            description: 'when Patron read this balance (a re-read of the same points keeps it)',
          }),
        }),
      )
      .meta({ description: 'one balance per linked store whose POS reports one, as that POS last said it' }),
    homeStoreId: z.uuid().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Customer' });

export type Customer = z.output<typeof Customer>;
