/**
 * BLAZE member JSON <-> `PosCustomer`. The only place (with `client.ts` and `simulator.ts`) that
 * knows BLAZE field names. Section numbers cite `/work/shared/pos/REFERENCE.md` §5. The member
 * schema is only partly published [5.4, 7.1]: reading is liberal, per `BLAZE_CLIENT_CHOICES`.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { FieldError } from '../../domain/errors.ts';
import { isCalendarDate } from '../dates.ts';
import { usNationalDigits } from '../normalize.ts';
import {
  type PosAddress,
  type PosCustomer,
  type PosCustomerInput,
  PosMalformed,
  type PosMedicalCard,
} from '../port.ts';
import { RecordReader } from '../record-reader.ts';
import { BLAZE_CLIENT_CHOICES as CHOICES } from './choices.ts';

/** 24-hex Mongo-style strings [5.4]; a number is accepted too (liberal: one id type per record is not promised). */
const idLike = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();
const flag = z.boolean().nullish();
/** Epoch milliseconds [5.8]; a numeric string or an ISO string is accepted too. */
const epoch = z.union([z.number(), z.string()]).nullish();
const textOrNumber = z.union([z.string(), z.number()]).transform(String).nullish();

const blazeAddressSchema = z
  .object({
    address: text,
    addressLine1: text,
    street: text,
    city: text,
    state: text,
    zipCode: textOrNumber,
    zip: textOrNumber,
    postalCode: textOrNumber,
    country: text,
  })
  .loose();

/** Notes are `notes[]` [5.4]; their element shape is UNCONFIRMED: strings or objects holding the text. */
const blazeNoteSchema = z.union([
  z.string(),
  z.object({ message: text, note: text, text: text, body: text }).loose(),
  z.null(),
]);

/**
 * A member as BLAZE reads it back [5.4]. Strict on types, so a record that is not a member fails
 * here and is quarantined; unknown fields are kept, so an update can send them back.
 */
export const blazeMemberSchema = z
  .object({
    id: idLike,
    firstName: text,
    middleName: text,
    lastName: text,
    email: text,
    primaryPhone: textOrNumber,
    mobileNumber: textOrNumber,
    dob: epoch,
    birthdate: text,
    status: text,
    deleted: flag,
    medical: flag,
    consumerType: text,
    textOptIn: flag,
    emailOptIn: flag,
    address: blazeAddressSchema.nullish(),
    dlNo: text,
    dlExpiration: epoch,
    dlState: text,
    recNo: text,
    recExpiration: epoch,
    lastVisitDate: epoch,
    created: epoch,
    createdDate: epoch,
    modified: epoch,
    pointsBalance: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).nullish(),
    notes: z.array(blazeNoteSchema).nullish(),
  })
  .loose();

export type BlazeMember = z.infer<typeof blazeMemberSchema>;

export interface BlazeAddressWrite {
  address: string | null;
  city: string | null;
  state: string | null;
  zipCode: string | null;
  country: string | null;
  [otherField: string]: unknown;
}

/** The body of `POST /members` and `POST /members/{id}` (both UNCONFIRMED [5.3]). */
export interface BlazeMemberWrite {
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  email: string | null;
  primaryPhone: string | null;
  /** Epoch ms of midnight UTC [5.8]. */
  dob: number | null;
  medical: boolean;
  consumerType: string;
  recNo: string | null;
  recExpiration: number | null;
  dlNo: string | null;
  dlExpiration: number | null;
  dlState: string | null;
  address: BlazeAddressWrite | null;
  /** Left out when Patron does not know, so the vendor keeps its own value. */
  textOptIn?: boolean;
  emailOptIn?: boolean;
  pointsBalance?: number;
  notes: unknown[];
  [otherField: string]: unknown;
}

export interface BlazeMappingContext {
  /** IANA zone of the store: a date of birth saved as local midnight is read in it. */
  timeZone: string;
}

const DAY_MS = 86_400_000;

/** The first of `fields` that `record` holds a value for. */
function firstOf<T>(record: Record<string, unknown>, fields: readonly string[]): T | null {
  for (const field of fields) {
    const value = record[field];
    if (value !== null && value !== undefined) return value as T;
  }
  return null;
}

/** Epoch ms from a number, a numeric string or an ISO string; flags what cannot be read and epoch 0. */
function epochOf(read: RecordReader, field: string, raw: number | string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  let ms: number;
  if (typeof raw === 'number') ms = raw;
  else if (/^-?\d+$/.test(raw.trim())) ms = Number(raw.trim());
  else if (raw.trim() === '') return null;
  else ms = Date.parse(raw);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    read.issues.push({ field, problem: 'unparseable', raw: String(raw) });
    return null;
  }
  if (ms === 0 && CHOICES.epochZeroIsPlaceholder) {
    read.issues.push({ field, problem: 'placeholder', raw: String(raw) });
    return null;
  }
  return ms;
}

/** An instant in UTC; 1900 placeholders are flagged by the reader. */
function instantOf(read: RecordReader, field: string, raw: number | string | null | undefined): string | null {
  const ms = epochOf(read, field, raw);
  return ms === null ? null : read.instant(field, new Date(ms).toISOString(), 'UTC');
}

/**
 * A calendar date held as epoch ms [5.8]. Midnight UTC (the form the sample uses) is read as that
 * UTC day; any other time as the day in the store's zone (a POS that saved local midnight).
 */
function dateOf(
  read: RecordReader,
  field: string,
  raw: number | string | null | undefined,
  timeZone: string,
): string | null {
  if (typeof raw === 'string' && isCalendarDate(raw.trim())) return read.date(field, raw);
  const ms = epochOf(read, field, raw);
  if (ms === null) return null;
  const day =
    ms % DAY_MS === 0
      ? new Date(ms).toISOString().slice(0, 10)
      : new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
  return read.date(field, day);
}

/**
 * Midnight UTC of a `YYYY-MM-DD` day, as BLAZE's epoch-ms dates [5.8]. 1970-01-01 goes at noon UTC
 * instead, so it is not read back as an unset (epoch 0) value; noon UTC is still that day in US zones.
 */
export function epochOfDate(date: string | null): number | null {
  if (date === null) return null;
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  return ms === 0 ? DAY_MS / 2 : ms;
}

function noteTexts(read: RecordReader, notes: BlazeMember['notes']): string | null {
  const texts: string[] = [];
  for (const note of notes ?? []) {
    const raw = typeof note === 'string' || note === null ? note : firstOf<string>(note, CHOICES.noteTextFields);
    const value = read.text('notes', raw);
    if (value !== null) texts.push(value);
  }
  return texts.length ? texts.join('\n') : null;
}

function customerTypeOf(read: RecordReader, record: BlazeMember): PosCustomer['customerType'] {
  // The `medical` flag is named by an integration's mapping audit [5.4]; `consumerType` is the fallback.
  if (record.medical === true) return 'medical';
  const consumerType = record.consumerType?.trim() ?? '';
  if (CHOICES.medicalConsumerType.test(consumerType)) return record.medical === false ? 'adult' : 'medical';
  if (record.medical === false || CHOICES.adultConsumerType.test(consumerType)) return 'adult';
  if (consumerType) read.issues.push({ field: 'customerType', problem: 'unparseable', raw: consumerType });
  return null;
}

function readAddress(read: RecordReader, address: BlazeMember['address']): PosAddress | null {
  if (!address) return null;
  const found: PosAddress = {
    line1: read.text('address.line1', firstOf<string>(address, CHOICES.addressLine1Fields)),
    // The sampled Address has one street line [5.4].
    line2: null,
    city: read.text('address.city', address.city),
    state: read.text('address.state', address.state),
    postalCode: read.text('address.postalCode', firstOf<string>(address, CHOICES.postalCodeFields)),
    country: read.text('address.country', address.country),
  };
  if (Object.values(found).every((value) => value === null)) return null;
  // BLAZE serves US dispensaries; an address without a country is a US one.
  return { ...found, country: found.country?.toUpperCase() ?? 'US' };
}

export function toPosCustomer(record: BlazeMember, context: BlazeMappingContext): PosCustomer {
  const read = new RecordReader();
  const raw = record as Record<string, unknown>;
  const customerType = customerTypeOf(read, record);
  const card: PosMedicalCard = {
    cardNumber: read.text('medical.cardNumber', record.recNo),
    state: null,
    expiresOn: dateOf(read, 'medical.expiresOn', record.recExpiration, context.timeZone),
  };
  const licence = read.text('idDocument.number', record.dlNo);
  const licenceState = read.text('idDocument.state', record.dlState);
  const licenceExpiry = dateOf(read, 'idDocument.expiresOn', record.dlExpiration, context.timeZone);
  const points = firstOf<number | string>(raw, CHOICES.loyaltyFields);
  const inactive = record.deleted === true || CHOICES.inactiveStatus.test(record.status ?? '');

  return {
    externalId: record.id,
    status: inactive ? 'inactive' : 'active',
    // No merge concept is published for members [5.4].
    mergedIntoExternalId: null,
    mergedExternalIds: [],
    firstName: read.text('firstName', record.firstName),
    middleName: read.text('middleName', record.middleName),
    lastName: read.text('lastName', record.lastName),
    preferredName: null,
    // `dob` (epoch ms) first; the ConsumerUser sibling also has a `birthdate` string [5.4].
    dateOfBirth:
      record.dob === null || record.dob === undefined
        ? read.date('dateOfBirth', record.birthdate)
        : dateOf(read, 'dateOfBirth', record.dob, context.timeZone),
    gender: null,
    phone: read.phone('phone', firstOf<string>(raw, CHOICES.phoneFields)),
    email: read.email('email', record.email),
    customerType,
    medical: customerType === 'medical' || card.cardNumber !== null || card.expiresOn !== null ? card : null,
    idDocument:
      licence === null && licenceExpiry === null && licenceState === null
        ? null
        : { type: 'drivers_license', number: licence, state: licenceState, expiresOn: licenceExpiry },
    address: readAddress(read, record.address),
    // One flag per channel [5.4].
    consents: { sms: record.textOptIn ?? null, email: record.emailOptIn ?? null },
    loyaltyPoints: points === null ? null : Number(points),
    tags: [],
    notes: noteTexts(read, record.notes),
    banned: null,
    createdAt: instantOf(read, 'createdAt', firstOf<number | string>(raw, CHOICES.createdFields)),
    updatedAt: instantOf(read, 'updatedAt', record.modified),
    lastVisitAt: instantOf(read, 'lastVisitAt', record.lastVisitDate),
    issues: read.issues,
  };
}

/** Parses one record at the edge: anything that is not a member comes back as `PosMalformed` with its raw payload. */
export function readBlazeMember(raw: unknown, context: BlazeMappingContext): PosCustomer | PosMalformed {
  const parsed = blazeMemberSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const externalId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
    const fields = [...new Set(parsed.error.issues.map((issue) => neutralFieldPath(String(issue.path[0] ?? ''))))];
    return new PosMalformed(
      'blaze',
      `member record does not match the BLAZE shape (${fields.join(', ')})`,
      raw,
      externalId,
    );
  }
  return toPosCustomer(parsed.data, context);
}

/** The write body for the fields Patron models. */
export function fromPosCustomer(input: PosCustomerInput): BlazeMemberWrite {
  const body: BlazeMemberWrite = {
    firstName: input.firstName,
    middleName: input.middleName,
    lastName: input.lastName,
    email: input.email,
    // 10 digits as in the sample [5.4]; a number that is not a valid US one goes as its digits.
    primaryPhone: input.phone === null ? null : (usNationalDigits(input.phone) ?? input.phone.replace(/\D/g, '')),
    dob: epochOfDate(input.dateOfBirth),
    medical: input.customerType === 'medical',
    consumerType: CHOICES.consumerTypeOnWrite[input.customerType === 'medical' ? 'medical' : 'adult'],
    // The card is held apart from the medical flag, so it is written whatever the type.
    recNo: input.medical?.cardNumber ?? null,
    recExpiration: epochOfDate(input.medical?.expiresOn ?? null),
    dlNo: input.idDocument?.number ?? null,
    dlExpiration: epochOfDate(input.idDocument?.expiresOn ?? null),
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
    notes: input.notes === null ? [] : [{ message: input.notes }],
  };
  if (input.consents.sms !== null) body.textOptIn = input.consents.sms;
  if (input.consents.email !== null) body.emailOptIn = input.consents.email;
  if (input.loyaltyPoints !== null) body[CHOICES.loyaltyFields[0]] = input.loyaltyPoints;
  return body;
}

/** Fields BLAZE sets itself; a write body does not carry them back. */
const READ_ONLY = new Set([
  'id',
  'companyId',
  'shopId',
  'created',
  'createdDate',
  'modified',
  'deleted',
  'updated',
  'lastVisitDate',
]);

/**
 * The body of an update. Whether BLAZE merges or replaces is UNCONFIRMED [5.3], so the client
 * assumes the worse: everything BLAZE holds that Patron does not model (doctor, marketing source,
 * metadata, note ids, address ids) is sent back as it was read, with Patron's fields written over it.
 */
export function replacementBody(
  current: Record<string, unknown>,
  input: PosCustomerInput,
  context: BlazeMappingContext,
): BlazeMemberWrite {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(current)) if (!READ_ONLY.has(field)) kept[field] = value;
  const ours = fromPosCustomer(input);
  const parsed = blazeMemberSchema.safeParse(current);
  const asRead = parsed.success ? toPosCustomer(parsed.data, context) : null;
  const heldAddress = current.address && typeof current.address === 'object' ? current.address : null;
  const body: BlazeMemberWrite = { ...kept, ...ours };
  // An unchanged value keeps BLAZE's own form (note objects with ids, address sub-fields Patron does not read).
  if (asRead && asRead.notes === input.notes && Array.isArray(current.notes)) body.notes = current.notes;
  if (asRead && heldAddress && ours.address) {
    body.address = isDeepStrictEqual(asRead.address, input.address)
      ? (heldAddress as BlazeAddressWrite)
      : { ...(heldAddress as BlazeAddressWrite), ...ours.address };
  }
  return body;
}

const NEUTRAL_FIELD: Record<string, string> = {
  id: 'externalId',
  firstName: 'firstName',
  middleName: 'middleName',
  lastName: 'lastName',
  email: 'email',
  primaryPhone: 'phone',
  mobileNumber: 'phone',
  dob: 'dateOfBirth',
  birthdate: 'dateOfBirth',
  medical: 'customerType',
  consumerType: 'customerType',
  recNo: 'medical.cardNumber',
  recExpiration: 'medical.expiresOn',
  dlNo: 'idDocument.number',
  dlExpiration: 'idDocument.expiresOn',
  dlState: 'idDocument.state',
  address: 'address',
  textOptIn: 'consents.sms',
  emailOptIn: 'consents.email',
  pointsBalance: 'loyaltyPoints',
  notes: 'notes',
  status: 'status',
  deleted: 'status',
  created: 'createdAt',
  createdDate: 'createdAt',
  modified: 'updatedAt',
  lastVisitDate: 'lastVisitAt',
};

/** A BLAZE field name as the neutral `PosCustomer` path, so vendor names do not leave this folder. */
export function neutralFieldPath(blazeField: string): string {
  return NEUTRAL_FIELD[blazeField] ?? 'other';
}

/**
 * A refusal names the field, when it does, in a `field` property (shape UNCONFIRMED [5.6]). The
 * message is kept only when it is plain words, so a value the vendor quotes back never lands in an error.
 */
export function fieldErrorsFromBody(field: string | null, message: string | null): FieldError[] {
  const path = field ? neutralFieldPath(field) : 'other';
  const plain = message && /^[A-Za-z ,.'-]{1,200}$/.test(message) ? message : 'rejected by BLAZE';
  return [{ path: path === 'other' ? '' : path, message: plain }];
}
