/**
 * Dutchie POS customer JSON <-> `PosCustomer`. The only place (with `client.ts` and `simulator.ts`)
 * that knows Dutchie field names. Section numbers cite `/work/shared/pos/REFERENCE.md` §4; the
 * liberal readings of what §4 leaves open live in `DUTCHIE_CLIENT_CHOICES`.
 */
import { z } from 'zod';
import type { FieldError } from '../../domain/errors.ts';
import { isPlaceholderText, usNationalDigits } from '../normalize.ts';
import {
  type PosAddress,
  type PosCustomer,
  type PosCustomerInput,
  type PosGender,
  PosMalformed,
  type PosMedicalCard,
} from '../port.ts';
import { RecordReader } from '../record-reader.ts';
import { DUTCHIE_CLIENT_CHOICES as CHOICES } from './choices.ts';

/** Ids are integers [4.4]; a string of digits is accepted. */
const idLike = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\s*\d+\s*$/)])
  .transform((v) => String(v).trim());
const text = z.string().nullish();
const textOrNumber = z.union([z.string(), z.number()]).transform(String).nullish();

/**
 * A customer as Dutchie reads it back [4.4], after key normalization (`normalizeKeys`). Liberal on
 * nulls and numbers-as-strings, strict on types, so a record that is not a Dutchie customer fails
 * here and is quarantined. Unknown fields are kept.
 */
export const dutchieCustomerSchema = z
  .object({
    customerId: idLike,
    name: text,
    firstName: text,
    middleName: text,
    lastName: text,
    address1: text,
    address2: text,
    city: text,
    state: text,
    postalCode: textOrNumber,
    phone: textOrNumber,
    cellPhone: textOrNumber,
    emailAddress: text,
    status: text,
    mmjidNumber: textOrNumber,
    mmjidExpirationDate: text,
    lastModifiedDateUTC: text,
    creationDate: text,
    lastTransactionDate: text,
    customerType: text,
    gender: text,
    dateOfBirth: text,
    notes: text,
    discountGroups: z.array(z.string()).nullish(),
    // `0` or null means "not merged", like `springBigMemberId` [4.4].
    mergedIntoCustomerId: idLike.nullish(),
  })
  .loose();

export type DutchieCustomer = z.infer<typeof dutchieCustomerSchema>;

/** The body of `POST /customer/customer`: with `customerId` it updates, without it creates [4.3]. */
export interface DutchieCustomerWrite {
  customerId?: number;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string | null;
  gender: 'Male' | 'Female' | 'NonBinary' | null;
  /** 10 digits for a US number. */
  phone: string | null;
  emailAddress: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  /** Left out when Patron does not know it, so an update keeps the dispensary's own type. */
  customerType?: 'Medical' | 'Recreational';
  mmjidNumber: string | null;
  mmjidExpirationDate: string | null;
  /** Write-only [4.8]: sent only when Patron holds the number, since a read can never show it back. */
  driversLicenseID?: string;
  notes: string | null;
}

export interface DutchieMappingContext {
  /** Loyalty balances by customer id, from the loyalty snapshot [4.3]; absent ids read as unknown. */
  loyalty?: ReadonlyMap<string, number>;
}

type RawRecord = Record<string, unknown>;

/** Known field names by their lower-case spelling, for case-insensitive reading. */
const KNOWN_FIELDS = new Map(Object.keys(dutchieCustomerSchema.shape).map((field) => [field.toLowerCase(), field]));

/**
 * Keys as the schema expects them, matched without regard to case: PascalCase records (`MMJIDNumber`)
 * and the docs' `customerID` [4.4] read as `mmjidNumber` and `customerId`. A key already in the
 * right case wins over a differently cased twin.
 */
export function normalizeKeys(raw: RawRecord): RawRecord {
  const out: RawRecord = {};
  for (const [key, value] of Object.entries(raw)) {
    const known = CHOICES.readPascalCase ? KNOWN_FIELDS.get(key.toLowerCase()) : undefined;
    const name = known ?? (CHOICES.readPascalCase ? key.charAt(0).toLowerCase() + key.slice(1) : key);
    if (!(name in out) || name === key) out[name] = value;
  }
  return out;
}

/** The id of a raw record under any accepted spelling, for quarantine. */
export function rawCustomerId(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  for (const field of CHOICES.idFields) {
    const value = (raw as RawRecord)[field];
    if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
      return String(value).trim();
    }
  }
  return null;
}

const LEGACY_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

/** `05/14/2024 16:06:40` (LeafLogix-era reporting [4.8]) as `2024-05-14T16:06:40`; other values unchanged. */
export function legacyToIso(value: string): string {
  const match = LEGACY_DATE_TIME.exec(value.trim());
  if (!match) return value;
  const [, month, day, year, hour, minute, second, half] = match;
  let h = Number(hour ?? 0);
  if (half?.toUpperCase() === 'PM' && h < 12) h += 12;
  if (half?.toUpperCase() === 'AM' && h === 12) h = 0;
  const pad = (n: number | string) => String(n).padStart(2, '0');
  return `${year}-${pad(month ?? 1)}-${pad(day ?? 1)}T${pad(h)}:${pad(minute ?? 0)}:${pad(second ?? 0)}`;
}

/** Reads a date or an instant in either format, keeping the vendor's own text in any issue. */
function readTime(read: RecordReader, kind: 'date' | 'instant', field: string, raw: string | null | undefined) {
  if (raw === null || raw === undefined) return null;
  const before = read.issues.length;
  const iso = legacyToIso(raw);
  // Zone-less times are UTC [4.4, summary]; see DUTCHIE_CLIENT_CHOICES.zoneLessTimesAreUtc.
  const value = kind === 'date' ? read.date(field, iso) : read.instant(field, iso, 'UTC');
  for (const issue of read.issues.slice(before)) issue.raw = raw;
  return value;
}

/** `Male`, `Female`, `NonBinary` or null [4.3]; other spellings are read where they are unambiguous. */
function readGender(read: RecordReader, raw: string | null | undefined): PosGender | null {
  const value = read.text('gender', raw);
  if (value === null) return null;
  const key = value.toLowerCase().replace(/[^a-z]/g, '');
  const gender = GENDER_FROM_DUTCHIE[key];
  if (!gender) read.issues.push({ field: 'gender', problem: 'unparseable', raw: value });
  return gender ?? null;
}
const GENDER_FROM_DUTCHIE: Record<string, PosGender> = {
  male: 'male',
  m: 'male',
  female: 'female',
  f: 'female',
  nonbinary: 'nonbinary',
  nb: 'nonbinary',
  x: 'nonbinary',
};
const GENDER_TO_DUTCHIE = { male: 'Male', female: 'Female', nonbinary: 'NonBinary' } as const;

/** A dispensary-configured type such as `Medical - Out of State` [4.8] as medical or adult use; `null` when it says neither. */
function typeClass(value: string): PosCustomer['customerType'] {
  if (CHOICES.medicalTypePattern.test(value)) return 'medical';
  if (CHOICES.adultTypePattern.test(value)) return 'adult';
  return null;
}

function readCustomerType(read: RecordReader, raw: string | null | undefined): PosCustomer['customerType'] {
  const value = read.text('customerType', raw);
  if (value === null) return null;
  const type = typeClass(value);
  if (type === null) read.issues.push({ field: 'customerType', problem: 'unparseable', raw: value });
  return type;
}

/** `phone`, or `cellPhone` when `phone` is empty or a placeholder [4.4]. */
function phoneField(record: DutchieCustomer): string | null | undefined {
  const usable = (value: string | null | undefined) => value && !isPlaceholderText(value);
  return usable(record.phone) || !usable(record.cellPhone) ? record.phone : record.cellPhone;
}

export function toPosCustomer(record: DutchieCustomer, context: DutchieMappingContext = {}): PosCustomer {
  const read = new RecordReader();
  const customerType = readCustomerType(read, record.customerType);
  const medicalCard: PosMedicalCard = {
    cardNumber: read.text('medical.cardNumber', record.mmjidNumber),
    // Dutchie has no issuing-state field for the MMJ id [4.4].
    state: null,
    expiresOn: readTime(read, 'date', 'medical.expiresOn', record.mmjidExpirationDate),
  };
  const status = read.text('status', record.status);
  const merged = record.mergedIntoCustomerId;

  const customer: PosCustomer = {
    externalId: record.customerId,
    // `Active` is the documented value [4.3]; any other status is read as inactive.
    status: status === null || status.toLowerCase() === 'active' ? 'active' : 'inactive',
    mergedIntoExternalId: merged && merged !== '0' ? merged : null,
    // Dutchie lists no customers merged into this one [4.4].
    mergedExternalIds: [],
    firstName: read.text('firstName', record.firstName),
    middleName: read.text('middleName', record.middleName),
    lastName: read.text('lastName', record.lastName),
    preferredName: null,
    dateOfBirth: readTime(read, 'date', 'dateOfBirth', record.dateOfBirth),
    gender: readGender(read, record.gender),
    phone: read.phone('phone', phoneField(record)),
    email: read.email('email', record.emailAddress),
    customerType,
    medical:
      customerType === 'medical' || medicalCard.cardNumber !== null || medicalCard.expiresOn !== null
        ? medicalCard
        : null,
    // Reads carry only `driversLicenseHash`, never the number [4.4, 4.8]: nothing Patron can use.
    idDocument: null,
    address: readAddress(read, record),
    // No consent fields on the customer [4.4].
    consents: { sms: null, email: null },
    loyaltyPoints: context.loyalty?.get(record.customerId) ?? null,
    tags: record.discountGroups ?? [],
    notes: read.text('notes', record.notes),
    banned: null,
    createdAt: readTime(read, 'instant', 'createdAt', record.creationDate),
    updatedAt: readTime(read, 'instant', 'updatedAt', record.lastModifiedDateUTC),
    lastVisitAt: readTime(read, 'instant', 'lastVisitAt', record.lastTransactionDate),
    issues: read.issues,
  };
  return customer;
}

function readAddress(read: RecordReader, record: DutchieCustomer): PosAddress | null {
  const address: PosAddress = {
    line1: read.text('address.line1', record.address1),
    line2: read.text('address.line2', record.address2),
    city: read.text('address.city', record.city),
    state: read.text('address.state', record.state),
    postalCode: read.text('address.postalCode', record.postalCode),
    country: null,
  };
  const empty = Object.values(address).every((value) => value === null);
  // Dutchie POS serves US dispensaries and has no country field.
  return empty ? null : { ...address, country: 'US' };
}

/** Parses one record at the edge: anything that is not a Dutchie customer becomes `PosMalformed` with its raw payload. */
export function readDutchieCustomer(raw: unknown, context: DutchieMappingContext = {}): PosCustomer | PosMalformed {
  const record = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? normalizeKeys(raw as RawRecord) : raw;
  const parsed = dutchieCustomerSchema.safeParse(record);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => neutralFieldPath(String(issue.path[0] ?? ''))))];
    return new PosMalformed(
      'dutchie',
      `customer record does not match the Dutchie shape (${fields.join(', ')})`,
      raw,
      rawCustomerId(raw),
    );
  }
  return toPosCustomer(parsed.data, context);
}

/**
 * The write body for the fields Patron models. Updates are sparse [4.3]: a field in the body is
 * set (`null` clears it), a field left out is kept, which is why the type and licence are left out
 * when Patron has nothing to say.
 */
export function fromPosCustomer(
  input: PosCustomerInput,
  externalId?: string,
  currentType: string | null = null,
): DutchieCustomerWrite {
  const medical = input.customerType === 'medical' ? input.medical : null;
  const licence = input.idDocument?.number ?? null;
  // A dispensary's finer type that already says the same (`Medical - Out of State` for medical [4.8]) is kept.
  const sameClass = currentType !== null && typeClass(currentType) === input.customerType;
  return {
    ...(externalId === undefined ? {} : { customerId: Number(externalId) }),
    firstName: input.firstName,
    middleName: input.middleName,
    lastName: input.lastName,
    dateOfBirth: input.dateOfBirth,
    gender: input.gender ? GENDER_TO_DUTCHIE[input.gender] : null,
    // "A valid US number" [4.3]: the 10 national digits; anything else goes as its digits and Dutchie decides.
    phone: input.phone === null ? null : (usNationalDigits(input.phone) ?? input.phone.replace(/\D/g, '')),
    emailAddress: input.email,
    address1: input.address?.line1 ?? null,
    address2: input.address?.line2 ?? null,
    city: input.address?.city ?? null,
    state: input.address?.state ?? null,
    postalCode: input.address?.postalCode ?? null,
    // The two types every dispensary has [4.3]; finer ones (`Medical - Out of State`) are the dispensary's.
    ...(input.customerType === null || sameClass
      ? {}
      : { customerType: input.customerType === 'medical' ? 'Medical' : 'Recreational' }),
    mmjidNumber: medical?.cardNumber ?? null,
    mmjidExpirationDate: medical?.expiresOn ?? null,
    ...(licence === null ? {} : { driversLicenseID: licence }),
    notes: input.notes,
  };
}

const NEUTRAL_FIELD: Record<string, string> = {
  customerid: 'externalId',
  firstname: 'firstName',
  middlename: 'middleName',
  lastname: 'lastName',
  name: 'firstName',
  dateofbirth: 'dateOfBirth',
  gender: 'gender',
  phone: 'phone',
  cellphone: 'phone',
  emailaddress: 'email',
  address1: 'address.line1',
  address2: 'address.line2',
  city: 'address.city',
  state: 'address.state',
  postalcode: 'address.postalCode',
  customertype: 'customerType',
  mmjidnumber: 'medical.cardNumber',
  mmjidexpirationdate: 'medical.expiresOn',
  driverslicenseid: 'idDocument.number',
  driverslicensehash: 'idDocument.number',
  notes: 'notes',
  discountgroups: 'tags',
  status: 'status',
  creationdate: 'createdAt',
  lastmodifieddateutc: 'updatedAt',
  lasttransactiondate: 'lastVisitAt',
  mergedintocustomerid: 'mergedIntoExternalId',
};

/**
 * A Dutchie field name, in any casing and with the `$.` or `customer.` prefixes ASP.NET puts on
 * model-state keys, as the neutral `PosCustomer` path, so vendor names do not leave this folder.
 */
export function neutralFieldPath(dutchieField: string): string {
  const key = dutchieField
    .replace(/^\$\.?/, '')
    .replace(/^customer\./i, '')
    .toLowerCase();
  return NEUTRAL_FIELD[key] ?? 'other';
}

/** A message is repeated only when it is plain words: a value Dutchie quotes back (a phone, an email) never lands in an error. */
function safeMessage(message: unknown): string | null {
  return typeof message === 'string' && /^[A-Za-z ,.'()-]{1,160}$/.test(message.trim()) ? message.trim() : null;
}

function fieldError(field: string, message: unknown): FieldError {
  const path = neutralFieldPath(field);
  return { path: path === 'other' ? '' : path, message: safeMessage(message) ?? 'rejected by Dutchie' };
}

/**
 * The "five distinct" validation formats are not public [4.6, 7]: this reads the shapes an ASP.NET
 * API produces: a problem document with `errors: {Field: [messages]}`, a list of
 * `{propertyName|field, errorMessage|message}`, `{Message}`/`{message}`/`{title}`, a list of
 * strings, and plain text. Field names are read in any casing.
 */
export function fieldErrorsFromBody(body: unknown): FieldError[] {
  const whole = (message: unknown): FieldError[] => [
    { path: '', message: safeMessage(message) ?? 'rejected by Dutchie' },
  ];
  if (typeof body === 'string') return whole(body);
  if (Array.isArray(body)) return body.length ? body.flatMap((item) => fieldErrorsFromBody(item)) : whole(null);
  if (body === null || typeof body !== 'object') return whole(null);
  const record = normalizeKeys(body as RawRecord);
  const errors = record.errors ?? record.validationErrors;
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
    const found = Object.entries(errors as RawRecord).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).map((message) => fieldError(field, message)),
    );
    if (found.length) return found;
  }
  if (Array.isArray(errors) && errors.length) return errors.flatMap((item) => fieldErrorsFromBody(item));
  const field = record.propertyName ?? record.field ?? record.memberName;
  const message = record.errorMessage ?? record.message ?? record.title ?? record.detail;
  if (typeof field === 'string') return [fieldError(field, message)];
  return whole(message);
}
