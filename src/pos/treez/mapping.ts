/**
 * Treez customer JSON <-> `PosCustomer`. The only place (with `client.ts` and `simulator.ts`) that
 * knows Treez field names. Section numbers cite `/work/shared/pos/REFERENCE.md` §1.
 */
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { FieldError } from '../../domain/errors.ts';
import { usNationalDigits } from '../normalize.ts';
import {
  type PosAddress,
  type PosCustomer,
  type PosCustomerInput,
  PosMalformed,
  type PosMedicalCard,
} from '../port.ts';
import { RecordReader } from '../record-reader.ts';
import { TREEZ_GENDER_FROM, TREEZ_GENDER_TO, TREEZ_GENDER_UNKNOWN } from './choices.ts';

/** Ids and numbers: `customer_id` is a string, `merged_customer_ids` integers [1.8]; accept either for both. */
const idLike = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullish();

const treezAddressSchema = z
  .object({
    type: text,
    street1: text,
    street2: text,
    city: text,
    state: text,
    zipcode: z.union([z.string(), z.number()]).transform(String).nullish(),
    primary: z.boolean().nullish(),
  })
  .loose();

/**
 * A customer as Treez reads it back [1.4]. Liberal where public samples differ or the docs are
 * silent (nulls everywhere, numbers as strings); strict on types, so a record that is not a Treez
 * customer fails here and is quarantined. Unknown fields are kept: a full-replace update must send
 * them back [1.3].
 */
export const treezCustomerSchema = z
  .object({
    customer_id: idLike,
    status: text,
    first_name: text,
    middle_name: text,
    nickname: text,
    last_name: text,
    birthday: text,
    drivers_license: text,
    drivers_license_expiration: text,
    state_medical_id: text,
    permit_expiration: text,
    email: text,
    phone: z.union([z.string(), z.number()]).transform(String).nullish(),
    notes: text,
    rewards_balance: z.number().nullish(),
    gender: text,
    signup_date: text,
    last_visit_date: text,
    last_update: text,
    opt_out: z.boolean().nullish(),
    banned: z.boolean().nullish(),
    addresses: z.array(treezAddressSchema).nullish(),
    merged_customer_ids: z.array(idLike).nullish(),
    merged_into_customer_id: idLike.nullish(),
    patient_type: text,
    customer_groups: z.array(z.string()).nullish(),
  })
  .loose();

export type TreezCustomer = z.infer<typeof treezCustomerSchema>;

/** Address kinds are lower-case on read and upper-case on write [1.4]. */
export type TreezAddressType = 'ADDRESS_OF_RECORD' | 'ALTERNATIVE_ADDRESS' | 'SECONDARY_ADDRESS';

export interface TreezAddressWrite {
  type: TreezAddressType;
  street1: string | null;
  street2: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  primary: boolean;
}

/** The body of `POST /customer/detailcustomer` and `POST /customer/update/{id}` [1.4]. */
export interface TreezCustomerWrite {
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  /** UNCONFIRMED: not in the documented create fields, but on the read model; sent so it survives updates. */
  nickname: string | null;
  birthday: string | null;
  gender: 'M' | 'F' | 'N' | 'U';
  phone: string | null;
  email: string | null;
  patient_type: 'ADULT' | 'MEDICAL' | 'MEDICAL_MMID';
  state_medical_id: string | null;
  permit_expiration: string | null;
  drivers_license: string | null;
  /** UNCONFIRMED on write (read model only); sent for the same reason as `nickname`. */
  drivers_license_expiration: string | null;
  addresses: TreezAddressWrite[];
  opt_out: boolean | null;
  rewards_balance: number | null;
  customer_groups: string[];
  notes: string | null;
  banned: boolean;
  [otherField: string]: unknown;
}

export interface TreezMappingContext {
  /** IANA zone of the store: `last_visit_date` is a local time without offset [1.4]. */
  timeZone: string;
}

export function toPosCustomer(record: TreezCustomer, context: TreezMappingContext): PosCustomer {
  const read = new RecordReader();
  const patientType = record.patient_type?.trim().toUpperCase() ?? null;
  const customerType =
    patientType === 'ADULT' ? 'adult' : patientType === 'MEDICAL' || patientType === 'MEDICAL_MMID' ? 'medical' : null;
  if (customerType === null && patientType)
    read.issues.push({ field: 'customerType', problem: 'unparseable', raw: patientType });

  const medicalCard: PosMedicalCard = {
    cardNumber: read.text('medical.cardNumber', record.state_medical_id),
    state: null,
    // Read back as `2024-05-31 00:00:00.000` [1.4].
    expiresOn: read.date('medical.expiresOn', record.permit_expiration),
  };
  const licence = read.text('idDocument.number', record.drivers_license);
  const licenceExpiry = read.date('idDocument.expiresOn', record.drivers_license_expiration);

  return {
    externalId: record.customer_id,
    // `MERGED` means others were merged into this one, which stays active [1.4].
    status: record.status?.toUpperCase() === 'DEACTIVATED' ? 'inactive' : 'active',
    mergedIntoExternalId: record.merged_into_customer_id ?? null,
    mergedExternalIds: record.merged_customer_ids ?? [],
    firstName: read.text('firstName', record.first_name),
    middleName: read.text('middleName', record.middle_name),
    lastName: read.text('lastName', record.last_name),
    preferredName: read.text('preferredName', record.nickname),
    dateOfBirth: read.date('dateOfBirth', record.birthday),
    gender: TREEZ_GENDER_FROM[record.gender?.trim().toUpperCase() ?? ''] ?? null,
    phone: read.phone('phone', record.phone),
    email: read.email('email', record.email),
    customerType,
    medical:
      customerType === 'medical' || medicalCard.cardNumber !== null || medicalCard.expiresOn !== null
        ? medicalCard
        : null,
    idDocument:
      licence === null && licenceExpiry === null
        ? null
        : { type: 'drivers_license', number: licence, state: null, expiresOn: licenceExpiry },
    address: readAddress(read, record.addresses ?? []),
    // `opt_out: true` means opted out of marketing; Treez has one flag for every channel [1.4].
    consents:
      record.opt_out === null || record.opt_out === undefined
        ? { sms: null, email: null }
        : { sms: !record.opt_out, email: !record.opt_out },
    loyaltyPoints: record.rewards_balance ?? null,
    tags: record.customer_groups ?? [],
    notes: read.text('notes', record.notes),
    banned: record.banned ?? null,
    createdAt: read.instant('createdAt', record.signup_date, context.timeZone),
    updatedAt: read.instant('updatedAt', record.last_update, context.timeZone),
    lastVisitAt: read.instant('lastVisitAt', record.last_visit_date, context.timeZone),
    issues: read.issues,
  };
}

/** The address of record (primary first), as Patron keeps one address per customer. */
function readAddress(read: RecordReader, addresses: TreezCustomer['addresses'] & object): PosAddress | null {
  const ofRecord = (a: (typeof addresses)[number]) => a.type?.toLowerCase() === 'address_of_record';
  const chosen =
    addresses.find((a) => ofRecord(a) && a.primary !== false) ??
    addresses.find(ofRecord) ??
    addresses.find((a) => a.primary === true) ??
    addresses[0];
  if (!chosen) return null;
  const address: PosAddress = {
    line1: read.text('address.line1', chosen.street1),
    line2: read.text('address.line2', chosen.street2),
    city: read.text('address.city', chosen.city),
    state: read.text('address.state', chosen.state),
    postalCode: read.text('address.postalCode', chosen.zipcode),
    country: null,
  };
  const empty = Object.values(address).every((value) => value === null);
  // Treez serves US dispensaries only and has no country field.
  return empty ? null : { ...address, country: 'US' };
}

/** Parses one record at the edge: a record that is not a Treez customer comes back as `PosMalformed` with its raw payload. */
export function readTreezCustomer(raw: unknown, context: TreezMappingContext): PosCustomer | PosMalformed {
  const parsed = treezCustomerSchema.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { customer_id?: unknown } | null)?.customer_id;
    const externalId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
    const fields = [...new Set(parsed.error.issues.map((issue) => neutralFieldPath(String(issue.path[0] ?? ''))))];
    return new PosMalformed(
      'treez',
      `customer record does not match the Treez shape (${fields.join(', ')})`,
      raw,
      externalId,
    );
  }
  return toPosCustomer(parsed.data, context);
}

/** The write body for the fields Patron models; `null` clears a field (updates replace the whole record [1.3]). */
export function fromPosCustomer(input: PosCustomerInput): TreezCustomerWrite {
  const medical = input.customerType === 'medical' ? input.medical : null;
  const card = medical?.cardNumber ?? null;
  const expires = medical?.expiresOn ?? null;
  return {
    first_name: input.firstName,
    middle_name: input.middleName,
    last_name: input.lastName,
    nickname: input.preferredName,
    birthday: input.dateOfBirth,
    gender: input.gender ? TREEZ_GENDER_TO[input.gender] : TREEZ_GENDER_UNKNOWN,
    // 10 digits, no punctuation [1.4]; a number that is not a valid US one goes as its digits and Treez decides.
    phone: input.phone === null ? null : (usNationalDigits(input.phone) ?? input.phone.replace(/\D/g, '')),
    email: input.email,
    // `MEDICAL_MMID` needs both the card and its expiry [1.4]; a medical customer without them is `MEDICAL`.
    patient_type: input.customerType === 'medical' ? (card && expires ? 'MEDICAL_MMID' : 'MEDICAL') : 'ADULT',
    state_medical_id: card,
    permit_expiration: expires,
    drivers_license: input.idDocument?.number ?? null,
    drivers_license_expiration: input.idDocument?.expiresOn ?? null,
    addresses: input.address
      ? [
          {
            type: 'ADDRESS_OF_RECORD',
            street1: input.address.line1,
            street2: input.address.line2,
            city: input.address.city,
            state: input.address.state,
            zipcode: input.address.postalCode,
            primary: true,
          },
        ]
      : [],
    // One opt-out flag for all channels: an opt-out on either channel wins [DESIGN "Conflicts"].
    opt_out:
      input.consents.sms === null && input.consents.email === null
        ? null
        : input.consents.sms === false || input.consents.email === false,
    rewards_balance: input.loyaltyPoints,
    customer_groups: input.tags,
    notes: input.notes,
    banned: input.banned ?? false,
  };
}

/** Read-only fields that a write body must not carry back. */
const READ_ONLY = new Set([
  'customer_id',
  'status',
  'verification_status',
  'verification_reasons',
  'signup_date',
  'last_visit_date',
  'last_update',
  'merged_customer_ids',
  'merged_into_customer_id',
  'rewards_type',
  'imageList',
]);

/**
 * The body of a full-replace update [1.3]: everything Treez holds that Patron does not model
 * (physician, caregiver, warnings, referral source, other addresses) is sent back as it was read,
 * with Patron's fields written over it, so the update wipes nothing by omission.
 */
export function replacementBody(
  current: Record<string, unknown>,
  input: PosCustomerInput,
  context: TreezMappingContext,
): TreezCustomerWrite {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(current)) if (!READ_ONLY.has(field)) kept[field] = value;
  const ours = fromPosCustomer(input);
  const held = (Array.isArray(current.addresses) ? current.addresses : []).map((a: Record<string, unknown>) => ({
    ...a,
    type: String(a.type ?? 'address_of_record').toUpperCase(),
  })) as TreezAddressWrite[];
  const parsed = treezCustomerSchema.safeParse(current);
  const addressAsRead = parsed.success ? toPosCustomer(parsed.data, context).address : undefined;
  // An unchanged address keeps every Treez address as it is (Patron reads only one of them); a changed
  // one replaces the address of record and keeps the others.
  const addresses = isDeepStrictEqual(addressAsRead, input.address)
    ? held
    : [...ours.addresses, ...held.filter((a) => a.type !== 'ADDRESS_OF_RECORD')];
  return { ...kept, ...ours, addresses };
}

/**
 * The body that deactivates a customer: the record as Treez holds it (a full replacement wipes what
 * it leaves out [1.3]), with `status` `DEACTIVATED` [1.4]. Treez documents the status values but no
 * separate deactivate call; writing the status through the update is UNCONFIRMED, so the client
 * reads the record back and trusts only what it then says.
 */
export function deactivationBody(current: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(current)) if (!READ_ONLY.has(field)) kept[field] = value;
  const addresses = (Array.isArray(current.addresses) ? current.addresses : []).map((a: Record<string, unknown>) => ({
    ...a,
    type: String(a.type ?? 'address_of_record').toUpperCase(),
  }));
  return { ...kept, addresses, status: 'DEACTIVATED' };
}

const NEUTRAL_FIELD: Record<string, string> = {
  first_name: 'firstName',
  middle_name: 'middleName',
  last_name: 'lastName',
  nickname: 'preferredName',
  birthday: 'dateOfBirth',
  gender: 'gender',
  phone: 'phone',
  email: 'email',
  patient_type: 'customerType',
  state_medical_id: 'medical.cardNumber',
  permit_expiration: 'medical.expiresOn',
  drivers_license: 'idDocument.number',
  drivers_license_expiration: 'idDocument.expiresOn',
  addresses: 'address',
  opt_out: 'consents',
  rewards_balance: 'loyaltyPoints',
  customer_groups: 'tags',
  notes: 'notes',
  banned: 'banned',
  customer_id: 'externalId',
  signup_date: 'createdAt',
  last_update: 'updatedAt',
  last_visit_date: 'lastVisitAt',
};

/** A Treez field name as the neutral `PosCustomer` path, so vendor names do not leave this folder. */
export function neutralFieldPath(treezField: string): string {
  return NEUTRAL_FIELD[treezField] ?? 'other';
}

/**
 * Treez names the field in its message (`Field first_name cannot be blank` [1.6]): turn that into a
 * neutral field error. The rest of the message is kept only when it is plain words, so a value the
 * vendor quotes back (a phone, an email) never lands in an error.
 */
export function fieldErrorsFromMessage(reason: string, message: string | null): FieldError[] {
  const match = message ? /\bfield\s+([a-z_0-9]+)\s*(.*)$/i.exec(message) : null;
  if (!match?.[1]) return [{ path: '', message: `rejected by Treez (${reason})` }];
  const field = neutralFieldPath(match[1]);
  const rest = (match[2] ?? '').trim();
  return [
    {
      path: field === 'other' ? '' : field,
      message: /^[A-Za-z ,.'-]+$/.test(rest) ? rest : `rejected by Treez (${reason})`,
    },
  ];
}
