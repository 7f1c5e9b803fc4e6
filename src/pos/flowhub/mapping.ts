/**
 * Flowhub customer JSON <-> `PosCustomer`. The only place (with `client.ts`, `choices.ts`, `names.ts`
 * and the simulator files) that knows Flowhub field names. Section numbers cite
 * `/work/shared/pos/REFERENCE.md` §2; UNCONFIRMED readings are decided in `FLOWHUB_CLIENT_CHOICES`.
 */
import { z } from 'zod';
import { usNationalDigits } from '../normalize.ts';
import { type PosAddress, type PosCustomer, type PosCustomerInput, PosMalformed } from '../port.ts';
import { RecordReader } from '../record-reader.ts';
import { FLOWHUB_CLIENT_CHOICES as CHOICES } from './choices.ts';
import { joinFullName, splitFullName } from './names.ts';

const text = z.string().nullish();
const numberLike = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish();
/** Ids are strings [2.4]; a number is accepted (choices). */
const idLike = CHOICES.idAsNumberAllowed ? z.union([z.string().min(1), z.number()]).transform(String) : z.string();

const groupSchema = z
  .object({
    name: text,
    id: z.union([z.string(), z.number()]).nullish(),
    groupId: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();

/**
 * A customer as Flowhub reads it back [2.4]: camelCase, one `name`, `type` medCustomer/recCustomer.
 * Liberal on nulls and number-like strings, strict on types, so a record that is not a Flowhub
 * customer fails here and is quarantined. Unknown fields are kept (`.loose()`).
 */
export const flowhubCustomerSchema = z
  .object({
    id: idLike,
    createdAt: text,
    updatedAt: text,
    type: text,
    name: text,
    state: text,
    birthDate: text,
    isLoyal: z.boolean().nullish(),
    loyaltyPoints: numberLike,
    phone: z.union([z.string(), z.number()]).transform(String).nullish(),
    email: text,
    streetAddress1: text,
    streetAddress2: text,
    city: text,
    zip: z.union([z.string(), z.number()]).transform(String).nullish(),
    country: text,
    consentsToPromotionalEmail: z.boolean().nullish(),
    consentsToPromotionalSMS: z.boolean().nullish(),
    groups: z.array(groupSchema).nullish(),
    // Write-only in the model [2.4]; read when a server does send them (choices.readWriteOnlyIds).
    medId: text,
    medIdExpiration: text,
    stateId: text,
    stateIdExpiration: text,
  })
  .loose();

export type FlowhubCustomer = z.infer<typeof flowhubCustomerSchema>;

/** The body of `POST /v1/customer` and `PUT /v1/customer/{id}` (`CustomerWriteParams`) [2.4]. */
export interface FlowhubCustomerWrite {
  /** Required: first and last together [2.4]. */
  name: string | null;
  /** Required, yyyy-mm-dd. */
  birthDate: string | null;
  /** Required, 2 letters. */
  state: string | null;
  /** Required. */
  type: 'medCustomer' | 'recCustomer';
  city?: string | null;
  consentsToPromotionalEmail?: boolean;
  consentsToPromotionalSMS?: boolean;
  email?: string | null;
  groups?: { groupId: string }[];
  isLoyal?: boolean;
  loyaltyPoints?: number;
  medId?: string | null;
  medIdExpiration?: string | null;
  phone?: string | null;
  stateId?: string | null;
  stateIdExpiration?: string | null;
  streetAddress1?: string | null;
  streetAddress2?: string | null;
  zip?: string | null;
}

/** Zone-less times are UTC (choices.zoneLessTimesAreUtc); `RecordReader.instant` reads them in this zone. */
const INSTANT_ZONE = CHOICES.zoneLessTimesAreUtc ? 'UTC' : undefined;

export interface FlowhubMappingContext {
  /** IANA zone of the store, for zone-less times when they are not read as UTC. */
  timeZone: string;
}

export function toPosCustomer(record: FlowhubCustomer, context: FlowhubMappingContext): PosCustomer {
  const read = new RecordReader();
  const zone = INSTANT_ZONE ?? context.timeZone;
  const type = record.type?.trim() ?? '';
  const customerType = CHOICES.medicalTypePattern.test(type)
    ? 'medical'
    : CHOICES.adultTypePattern.test(type)
      ? 'adult'
      : null;
  if (customerType === null && type !== '')
    read.issues.push({ field: 'customerType', problem: 'unparseable', raw: type });

  // One `name` for the whole name [2.8]; placeholders (`N/A`) are read as missing before splitting.
  const fullName = read.text('firstName', record.name);
  const name = fullName === null ? { firstName: null, middleName: null, lastName: null } : splitFullName(fullName);

  const cardNumber = CHOICES.readWriteOnlyIds ? read.text('medical.cardNumber', record.medId) : null;
  const cardExpiry = CHOICES.readWriteOnlyIds ? read.date('medical.expiresOn', record.medIdExpiration) : null;
  const idNumber = CHOICES.readWriteOnlyIds ? read.text('idDocument.number', record.stateId) : null;
  const idExpiry = CHOICES.readWriteOnlyIds ? read.date('idDocument.expiresOn', record.stateIdExpiration) : null;

  return {
    externalId: record.id,
    // No status, banned or merge flags in the model [2.4].
    status: 'active',
    mergedIntoExternalId: null,
    mergedExternalIds: [],
    ...name,
    preferredName: null,
    dateOfBirth: read.date('dateOfBirth', record.birthDate),
    gender: null,
    phone: read.phone('phone', record.phone),
    email: read.email('email', record.email),
    customerType,
    medical:
      customerType === 'medical' || cardNumber !== null || cardExpiry !== null
        ? { cardNumber, state: null, expiresOn: cardExpiry }
        : null,
    // `stateId` is the driver's licence or state ID [2.4]; which of the two is not said.
    idDocument:
      idNumber === null && idExpiry === null
        ? null
        : { type: 'drivers_license', number: idNumber, state: null, expiresOn: idExpiry },
    address: readAddress(read, record),
    consents: {
      sms: record.consentsToPromotionalSMS ?? null,
      email: record.consentsToPromotionalEmail ?? null,
    },
    // `loyaltyPointsInPennies` [2.3] reads as money, not points (UNCONFIRMED), so only `loyaltyPoints` counts.
    loyaltyPoints: record.loyaltyPoints ?? null,
    tags: (record.groups ?? []).map((group) => group.name?.trim() ?? '').filter((name) => name !== ''),
    notes: null,
    banned: null,
    createdAt: read.instant('createdAt', record.createdAt, zone),
    updatedAt: read.instant('updatedAt', record.updatedAt, zone),
    lastVisitAt: null,
    issues: read.issues,
  };
}

function readAddress(read: RecordReader, record: FlowhubCustomer): PosAddress | null {
  const address: PosAddress = {
    line1: read.text('address.line1', record.streetAddress1),
    line2: read.text('address.line2', record.streetAddress2),
    city: read.text('address.city', record.city),
    // The customer's 2-letter `state` is required on write [2.4]; it is read as the address state.
    state: read.text('address.state', record.state)?.toUpperCase() ?? null,
    postalCode: read.text('address.postalCode', record.zip),
    country: null,
  };
  if (Object.values(address).every((value) => value === null)) return null;
  return { ...address, country: read.text('address.country', record.country)?.toUpperCase() ?? 'US' };
}

/** Parses one record at the edge: a record that is not a Flowhub customer comes back as `PosMalformed` with its raw payload. */
export function readFlowhubCustomer(raw: unknown, context: FlowhubMappingContext): PosCustomer | PosMalformed {
  const parsed = flowhubCustomerSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    const externalId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
    const fields = [...new Set(parsed.error.issues.map((issue) => neutralFieldPath(String(issue.path[0] ?? ''))))];
    return new PosMalformed(
      'flowhub',
      `customer record does not match the Flowhub shape (${fields.join(', ')})`,
      raw,
      externalId,
    );
  }
  return toPosCustomer(parsed.data, context);
}

/** Written as 10 national digits (choices.phoneDigitsOnly); a number that is not a US one goes as its digits. */
export function phoneForFlowhub(phone: string): string {
  return CHOICES.phoneDigitsOnly ? (usNationalDigits(phone) ?? phone.replace(/\D/g, '')) : phone;
}

/** What the client knows of a record already held, to write back what Patron does not model. */
export interface FlowhubHeld {
  isLoyal?: boolean | null;
  /** Group name (lower-case) -> the id it was read with. */
  groupIds: Map<string, string>;
}

export function heldFromRecord(record: FlowhubCustomer | null): FlowhubHeld {
  const groupIds = new Map<string, string>();
  for (const group of record?.groups ?? []) {
    const id = group.groupId ?? group.id;
    if (group.name && id !== null && id !== undefined) groupIds.set(group.name.trim().toLowerCase(), String(id));
  }
  return { isLoyal: record?.isLoyal ?? null, groupIds };
}

/**
 * The write body for the fields Patron models. Update is read as a full replacement (choices), so
 * `held` carries what Flowhub holds and Patron does not model: `isLoyal` and group ids.
 */
export function fromPosCustomer(
  input: PosCustomerInput,
  held: FlowhubHeld = { groupIds: new Map() },
): FlowhubCustomerWrite {
  const medical = input.customerType === 'medical' ? input.medical : null;
  const body: FlowhubCustomerWrite = {
    name: joinFullName(input),
    birthDate: input.dateOfBirth,
    // Required [2.4]: the address state, else the state that issued the ID or card.
    state: input.address?.state ?? input.idDocument?.state ?? medical?.state ?? null,
    type: input.customerType === 'medical' ? 'medCustomer' : 'recCustomer',
    streetAddress1: input.address?.line1 ?? null,
    streetAddress2: input.address?.line2 ?? null,
    city: input.address?.city ?? null,
    zip: input.address?.postalCode ?? null,
    phone: input.phone === null ? null : phoneForFlowhub(input.phone),
    email: input.email,
    medId: medical?.cardNumber ?? null,
    medIdExpiration: medical?.expiresOn ?? null,
    stateId: input.idDocument?.number ?? null,
    stateIdExpiration: input.idDocument?.expiresOn ?? null,
    groups: input.tags.map((tag) => ({
      groupId: held.groupIds.get(tag.trim().toLowerCase()) ?? (CHOICES.groupIdFallsBackToName ? tag : ''),
    })),
  };
  // Consents are two booleans [2.4]; "unknown" is not sent.
  if (input.consents.email !== null) body.consentsToPromotionalEmail = input.consents.email;
  if (input.consents.sms !== null) body.consentsToPromotionalSMS = input.consents.sms;
  if (input.loyaltyPoints !== null) body.loyaltyPoints = input.loyaltyPoints;
  if (held.isLoyal !== null && held.isLoyal !== undefined) body.isLoyal = held.isLoyal;
  return body;
}

/**
 * The body of a full-replacement update [2.3]: Patron's fields over what Flowhub holds. A consent
 * Patron does not know keeps Flowhub's value rather than being cleared by omission.
 */
export function replacementBody(current: FlowhubCustomer, input: PosCustomerInput): FlowhubCustomerWrite {
  const body = fromPosCustomer(input, heldFromRecord(current));
  if (body.consentsToPromotionalEmail === undefined && typeof current.consentsToPromotionalEmail === 'boolean') {
    body.consentsToPromotionalEmail = current.consentsToPromotionalEmail;
  }
  if (body.consentsToPromotionalSMS === undefined && typeof current.consentsToPromotionalSMS === 'boolean') {
    body.consentsToPromotionalSMS = current.consentsToPromotionalSMS;
  }
  if (body.loyaltyPoints === undefined && typeof current.loyaltyPoints === 'number') {
    body.loyaltyPoints = current.loyaltyPoints;
  }
  return body;
}

const NEUTRAL_FIELD: Record<string, string> = {
  id: 'externalId',
  name: 'firstName',
  birthDate: 'dateOfBirth',
  state: 'address.state',
  type: 'customerType',
  city: 'address.city',
  streetAddress1: 'address.line1',
  streetAddress2: 'address.line2',
  zip: 'address.postalCode',
  country: 'address.country',
  consentsToPromotionalEmail: 'consents.email',
  consentsToPromotionalSMS: 'consents.sms',
  email: 'email',
  phone: 'phone',
  groups: 'tags',
  isLoyal: 'loyaltyPoints',
  loyaltyPoints: 'loyaltyPoints',
  medId: 'medical.cardNumber',
  medIdExpiration: 'medical.expiresOn',
  stateId: 'idDocument.number',
  stateIdExpiration: 'idDocument.expiresOn',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

/** A Flowhub field name as the neutral `PosCustomer` path, so vendor names do not leave this folder. */
export function neutralFieldPath(flowhubField: string): string {
  return NEUTRAL_FIELD[flowhubField] ?? 'other';
}
