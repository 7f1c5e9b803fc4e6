/**
 * Cova CustomerFull JSON <-> `PosCustomer`. The only place (with `client.ts`, `update-plan.ts` and
 * `simulator.ts`) that knows Cova field names. Section numbers cite `/work/shared/pos/REFERENCE.md` §3.
 */
import { z } from 'zod';
import type { FieldError } from '../../domain/errors.ts';
import { normalizePhone, usNationalDigits } from '../normalize.ts';
import {
  type PosAddress,
  type PosCustomer,
  type PosCustomerInput,
  type PosCustomerType,
  PosMalformed,
  type PosMedicalCard,
} from '../port.ts';
import { RecordReader } from '../record-reader.ts';
import { COVA_CLIENT_CHOICES } from './choices.ts';
import { type ExtensionKey, extensionKeyOf, extensionTypeName, readPatientType } from './extensions.ts';

const CHOICES = COVA_CLIENT_CHOICES;

/** GUID strings [3.3]; numbers accepted when `COVA_CLIENT_CHOICES.idsMayBeNumbers`. */
const idLike = CHOICES.idsMayBeNumbers ? z.union([z.string(), z.number()]).transform(String) : z.string();
const text = z.string().nullish();
const flag = z.boolean().nullish();
const numberLike = z.union([z.number(), z.string()]).nullish();
/** Some sample values are numbers where the field is a string (`"Zip": 1` in Cova's sample [3.4]). */
const textLike = z.union([z.string(), z.number(), z.boolean()]).transform(String).nullish();

const contactMethodSchema = z
  .object({
    Id: idLike.nullish(),
    ContactMethodCategoryId: numberLike,
    ContactMethodCategory: text,
    ContactMethodTypeId: numberLike,
    ContactMethodType: text,
    Value: textLike,
    Default: flag,
    DoNotContact: flag,
    Notes: text,
  })
  .loose();

/** `StreetAddress1`…`PostalCode`, with the alias fields of Cova's own sample (`AddressLine1`, `City`, `Zip`…) [3.4]. */
const addressSchema = z
  .object({
    Id: idLike.nullish(),
    AddressTypeId: numberLike,
    AddressType: text,
    Default: flag,
    DoNotContact: flag,
    CountryCode: text,
    Country: text,
    CountryName: text,
    Locality: text,
    City: text,
    StateCode: text,
    State: text,
    StateName: text,
    PostalCode: textLike,
    Zip: textLike,
    StreetAddress1: text,
    StreetAddress2: text,
    AddressLine1: text,
    AddressLine2: text,
  })
  .loose();

const extensionSchema = z
  .object({ Id: idLike.nullish(), ExtensionTypeId: numberLike, ExtensionType: text, Value: textLike })
  .loose();

/** A merged customer: a GUID, or an object carrying its `Id` (accepted, UNCONFIRMED). */
const mergedId = z.union([
  idLike,
  z
    .object({ Id: idLike })
    .loose()
    .transform((merged) => merged.Id),
]);

/**
 * A CustomerFull as Cova reads it back [3.4]. Liberal where the reference is unsure (nulls
 * everywhere, numbers for strings); strict on types, so a record that is not a Cova customer fails
 * here and is quarantined. Unknown fields are kept: an update sends the Customer back whole [3.3].
 */
export const covaCustomerSchema = z
  .object({
    Id: idLike,
    CustomerTypeId: numberLike,
    CustomerType: text,
    Title: text,
    PrimaryName: text,
    MiddleName: text,
    FamilyName: text,
    AlternateName: text,
    DateOfBirth: text,
    Notes: text,
    ReferralSource: text,
    UniqueIdentifier: textLike,
    Disabled: flag,
    DoNotContact: flag,
    Version: numberLike,
    MergedIntoCustomerId: idLike.nullish(),
    MergedCustomers: z.array(mergedId).nullish(),
    LastModifiedDateUtc: text,
    /** Not in the documented field tables; read when present. */
    CreatedDateUtc: text,
    Addresses: z.array(addressSchema).nullish(),
    ContactMethods: z.array(contactMethodSchema).nullish(),
    CustomerExtensions: z.array(extensionSchema).nullish(),
  })
  .loose();

export type CovaCustomer = z.infer<typeof covaCustomerSchema>;
export type CovaContactMethod = z.infer<typeof contactMethodSchema>;
export type CovaAddress = z.infer<typeof addressSchema>;
export type CovaExtension = z.infer<typeof extensionSchema>;

/** `PrimaryName` for `primaryName`: keys are PascalCase [3.4]; camelCase is read too (`COVA_CLIENT_CHOICES.readCamelCase`). */
export function pascalKeys(value: unknown): unknown {
  if (!CHOICES.readCamelCase) return value;
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(source)) {
    const pascal = /^[a-z]/.test(key) ? key[0]?.toUpperCase() + key.slice(1) : key;
    const target = pascal !== key && Object.hasOwn(source, pascal) ? key : pascal;
    result[target] = pascalKeys(inner);
  }
  return result;
}

type ContactKind = 'phone' | 'email';

/** Category 1 Phone, 2 Email [3.4]; the category name, then the type id (1-8 phone, 9-11 email), when the id is missing. */
export function contactKind(method: CovaContactMethod): ContactKind | null {
  const category = Number(method.ContactMethodCategoryId);
  if (category === CHOICES.contactMethods.phone.categoryId) return 'phone';
  if (category === CHOICES.contactMethods.email.categoryId) return 'email';
  if (Number.isFinite(category) && category > 0) return null;
  const name = method.ContactMethodCategory?.trim().toLowerCase();
  if (name === 'phone') return 'phone';
  if (name === 'email') return 'email';
  const type = Number(method.ContactMethodTypeId);
  if (type >= 1 && type <= 8) return 'phone';
  if (type >= 9 && type <= 11) return 'email';
  return null;
}

/** The contact method of `kind` Patron reads: the default one, else the first. */
export function pickContact(record: CovaCustomer, kind: ContactKind): CovaContactMethod | undefined {
  const matching = (record.ContactMethods ?? []).filter((method) => contactKind(method) === kind);
  return matching.find((method) => method.Default === true) ?? matching[0];
}

/** The address Patron reads: the default one, else Home, else the first [3.4]. */
export function pickAddress(record: CovaCustomer): CovaAddress | undefined {
  const addresses = record.Addresses ?? [];
  return (
    addresses.find((a) => a.Default === true) ??
    addresses.find((a) => Number(a.AddressTypeId) === CHOICES.homeAddressTypeId) ??
    addresses[0]
  );
}

/** The first extension carrying `key`, under any of its accepted names. */
export function pickExtension(record: CovaCustomer, key: ExtensionKey): CovaExtension | undefined {
  return (record.CustomerExtensions ?? []).find((extension) => extensionKeyOf(extension.ExtensionType) === key);
}

export function readAddress(read: RecordReader, address: CovaAddress | undefined): PosAddress | null {
  if (!address) return null;
  const state = read.text('address.state', address.StateCode ?? address.State ?? address.StateName);
  const result: PosAddress = {
    line1: read.text('address.line1', address.StreetAddress1 ?? address.AddressLine1),
    line2: read.text('address.line2', address.StreetAddress2 ?? address.AddressLine2),
    city: read.text('address.city', address.Locality ?? address.City),
    // ISO-3166-2 [3.4]: `CA-SK` is read as `SK`.
    state: state && CHOICES.stripCountryFromStateCode ? state.replace(/^[A-Z]{2}-/, '') : state,
    postalCode: read.text('address.postalCode', address.PostalCode ?? address.Zip),
    country: null,
  };
  if (Object.values(result).every((value) => value === null)) return null;
  const country = read.text('address.country', address.CountryCode);
  return { ...result, country: country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : country };
}

/** One extension's value read as Patron text (placeholders flagged). */
function extensionText(read: RecordReader, record: CovaCustomer, key: ExtensionKey, field: string): string | null {
  return read.text(field, pickExtension(record, key)?.Value);
}

function extensionDate(read: RecordReader, record: CovaCustomer, key: ExtensionKey, field: string): string | null {
  return read.date(field, pickExtension(record, key)?.Value);
}

function readCustomerType(read: RecordReader, record: CovaCustomer, hasCard: boolean): PosCustomerType | null {
  const raw = read.text('customerType', pickExtension(record, 'patientType')?.Value);
  if (raw !== null) {
    const type = readPatientType(raw);
    if (type !== null) return type;
    read.issues.push({ field: 'customerType', problem: 'unparseable', raw });
  }
  // A medical card on file makes a medical customer even without a patient type.
  return hasCard ? 'medical' : null;
}

function readLoyalty(read: RecordReader, record: CovaCustomer): number | null {
  const raw = extensionText(read, record, 'loyaltyPoints', 'loyaltyPoints');
  if (raw === null) return null;
  const points = Number(raw.replace(/,/g, ''));
  if (Number.isFinite(points)) return points;
  read.issues.push({ field: 'loyaltyPoints', problem: 'unparseable', raw });
  return null;
}

/**
 * Marketing consent from `DoNotContact` (`COVA_CLIENT_CHOICES.doNotContactMeansNoConsent`): the
 * customer's flag wins; otherwise each channel's contact method says.
 */
function readConsents(record: CovaCustomer) {
  if (record.DoNotContact === true && CHOICES.doNotContactMeansNoConsent) return { sms: false, email: false };
  const channel = (kind: ContactKind) => {
    const method = pickContact(record, kind);
    return typeof method?.DoNotContact === 'boolean' ? !method.DoNotContact : null;
  };
  return { sms: channel('phone'), email: channel('email') };
}

export interface CovaMappingContext {
  /** IANA zone of the store, for times without offset when they are not read as UTC. */
  timeZone: string;
}

export function toPosCustomer(record: CovaCustomer, context: CovaMappingContext = { timeZone: 'UTC' }): PosCustomer {
  const read = new RecordReader();
  const card: PosMedicalCard = {
    cardNumber: extensionText(read, record, 'medicalCardNumber', 'medical.cardNumber'),
    state: extensionText(read, record, 'medicalCardState', 'medical.state'),
    expiresOn: extensionDate(read, record, 'medicalCardExpiry', 'medical.expiresOn'),
  };
  const hasCard = card.cardNumber !== null || card.expiresOn !== null || card.state !== null;
  const customerType = readCustomerType(read, record, card.cardNumber !== null);
  const licence = {
    number: extensionText(read, record, 'licenceNumber', 'idDocument.number'),
    state: extensionText(read, record, 'licenceState', 'idDocument.state'),
    expiresOn: extensionDate(read, record, 'licenceExpiry', 'idDocument.expiresOn'),
  };
  // `…Utc` fields without offset are UTC [3.4] unless the choice says otherwise.
  const zone = CHOICES.zoneLessTimesAreUtc ? 'UTC' : context.timeZone;

  return {
    externalId: record.Id,
    // "Delete acts as a Disable": the customer stays readable with `Disabled=true` [3.3].
    status: record.Disabled === true ? 'inactive' : 'active',
    mergedIntoExternalId: record.MergedIntoCustomerId ?? null,
    mergedExternalIds: record.MergedCustomers ?? [],
    firstName: read.text('firstName', record.PrimaryName),
    middleName: read.text('middleName', record.MiddleName),
    lastName: read.text('lastName', record.FamilyName),
    preferredName: read.text('preferredName', record.AlternateName),
    // `1952-07-23T12:00:00` [3.4]: the calendar date only.
    dateOfBirth: read.date('dateOfBirth', record.DateOfBirth),
    gender: null, // Cova's customer model has no gender [3.4]
    phone: read.phone('phone', pickContact(record, 'phone')?.Value),
    email: read.email('email', pickContact(record, 'email')?.Value),
    customerType,
    medical: customerType === 'medical' || hasCard ? card : null,
    idDocument:
      licence.number === null && licence.state === null && licence.expiresOn === null
        ? null
        : { type: 'drivers_license', ...licence },
    address: readAddress(read, pickAddress(record)),
    consents: readConsents(record),
    loyaltyPoints: readLoyalty(read, record),
    tags: [], // no groups on the customer [3.4]
    notes: read.text('notes', record.Notes),
    banned: null, // no banned flag [3.4]
    createdAt: read.instant('createdAt', record.CreatedDateUtc, zone),
    updatedAt: read.instant('updatedAt', record.LastModifiedDateUtc, zone),
    lastVisitAt: null, // not on the customer [3.4]
    issues: read.issues,
  };
}

/** Parses one record at the edge: a record that is not a Cova customer comes back as `PosMalformed` with its raw payload. */
export function readCovaCustomer(raw: unknown, context?: CovaMappingContext): PosCustomer | PosMalformed {
  const parsed = covaCustomerSchema.safeParse(pascalKeys(raw));
  if (!parsed.success) {
    const record = raw as { Id?: unknown; id?: unknown } | null;
    const id = record?.Id ?? record?.id;
    const externalId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
    const fields = [...new Set(parsed.error.issues.map((issue) => neutralFieldPath(String(issue.path[0] ?? ''))))];
    return new PosMalformed(
      'cova',
      `customer record does not match the Cova shape (${fields.join(', ')})`,
      raw,
      externalId,
    );
  }
  return toPosCustomer(parsed.data, context);
}

export interface CovaContactMethodWrite {
  ContactMethodCategoryId: number;
  ContactMethodTypeId: number;
  Value: string;
  Default: boolean;
  DoNotContact: boolean;
}

export interface CovaAddressWrite {
  AddressTypeId: number;
  Default: boolean;
  DoNotContact: boolean;
  CountryCode: string;
  Locality: string | null;
  StateCode: string | null;
  PostalCode: string | null;
  StreetAddress1: string | null;
  StreetAddress2: string | null;
}

export interface CovaExtensionWrite {
  ExtensionType: string;
  Value: string;
}

/** The body of `POST v1/Companies({CompanyId})/CustomerFull` [3.3, 3.4]. */
export interface CovaCustomerWrite {
  CustomerTypeId: 2; // Person [3.4]
  PrimaryName: string | null;
  MiddleName: string | null;
  FamilyName: string | null;
  AlternateName: string | null;
  DateOfBirth: string | null;
  Notes: string | null;
  Disabled: boolean;
  DoNotContact: boolean;
  Addresses: CovaAddressWrite[];
  ContactMethods: CovaContactMethodWrite[];
  CustomerExtensions: CovaExtensionWrite[];
}

/** `(702) 555-0123`, as Cova's sample stores phones [3.4]; a number that is not a NANP one goes as it is. */
export function phoneValue(phone: string): string {
  const digits = usNationalDigits(phone);
  if (digits === null || CHOICES.phoneWriteFormat !== 'national') return phone;
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** Whether the customer may be contacted at all: when either channel is consented. */
export function customerDoNotContact(input: PosCustomerInput): boolean {
  return !(input.consents.sms === true || input.consents.email === true);
}

export function contactMethodWrite(input: PosCustomerInput, kind: ContactKind): CovaContactMethodWrite | null {
  const value = kind === 'phone' ? input.phone : input.email;
  if (value === null) return null;
  const chosen = CHOICES.contactMethods[kind];
  const consent = kind === 'phone' ? input.consents.sms : input.consents.email;
  return {
    ContactMethodCategoryId: chosen.categoryId,
    ContactMethodTypeId: chosen.typeId, // required [3.4]
    Value: kind === 'phone' ? phoneValue(value) : value,
    Default: true,
    DoNotContact: consent !== true,
  };
}

export function addressWrite(input: PosCustomerInput): CovaAddressWrite | null {
  const address = input.address;
  if (!address) return null;
  return {
    AddressTypeId: CHOICES.homeAddressTypeId,
    Default: true,
    // Patron holds no postal-mail consent: the vendor default (do not contact) is kept.
    DoNotContact: true,
    CountryCode: address.country ?? CHOICES.defaultCountryCode, // required [3.4]
    Locality: address.city,
    StateCode: address.state,
    PostalCode: address.postalCode,
    StreetAddress1: address.line1,
    StreetAddress2: address.line2,
  };
}

/** The extension values Patron writes, `null` where it holds nothing (an update then removes the extension). */
export function extensionValues(input: PosCustomerInput): Record<ExtensionKey, string | null> {
  const medical = input.customerType === 'medical' ? input.medical : null;
  const id = input.idDocument;
  return {
    patientType: input.customerType ? CHOICES.patientTypeValues[input.customerType] : null,
    medicalCardNumber: medical?.cardNumber ?? null,
    medicalCardExpiry: medical?.expiresOn ?? null,
    medicalCardState: medical?.state ?? null,
    licenceNumber: id?.number ?? null,
    licenceExpiry: id?.expiresOn ?? null,
    licenceState: id?.state ?? null,
    loyaltyPoints: input.loyaltyPoints === null ? null : String(input.loyaltyPoints),
  };
}

/** The create body for the fields Patron models. Cova has no gender, tags, banned flag or last visit [3.4]. */
export function fromPosCustomer(input: PosCustomerInput): CovaCustomerWrite {
  const contactMethods = [contactMethodWrite(input, 'phone'), contactMethodWrite(input, 'email')].filter(
    (method): method is CovaContactMethodWrite => method !== null,
  );
  const address = addressWrite(input);
  const extensions = Object.entries(extensionValues(input))
    .filter((entry): entry is [ExtensionKey, string] => entry[1] !== null)
    .map(([key, value]) => ({ ExtensionType: extensionTypeName(key), Value: value }));
  return {
    CustomerTypeId: 2,
    PrimaryName: input.firstName,
    MiddleName: input.middleName,
    FamilyName: input.lastName,
    AlternateName: input.preferredName,
    DateOfBirth: input.dateOfBirth, // `yyyy-mm-dd` is accepted on write [3.4]
    Notes: input.notes,
    Disabled: false,
    DoNotContact: customerDoNotContact(input),
    Addresses: address ? [address] : [],
    ContactMethods: contactMethods,
    CustomerExtensions: extensions,
  };
}

/** Whether a phone as Cova holds it is `phone` (E.164), comparing normalized numbers. */
export function samePhone(held: string | null | undefined, phone: string): boolean {
  if (!held) return false;
  return (normalizePhone(held) ?? held.replace(/\D/g, '')) === (normalizePhone(phone) ?? phone.replace(/\D/g, ''));
}

const NEUTRAL_FIELD: Record<string, string> = {
  Id: 'externalId',
  PrimaryName: 'firstName',
  MiddleName: 'middleName',
  FamilyName: 'lastName',
  AlternateName: 'preferredName',
  DateOfBirth: 'dateOfBirth',
  Notes: 'notes',
  DoNotContact: 'consents',
  Disabled: 'status',
  Addresses: 'address',
  LastModifiedDateUtc: 'updatedAt',
  CreatedDateUtc: 'createdAt',
  MergedIntoCustomerId: 'mergedIntoExternalId',
  MergedCustomers: 'mergedExternalIds',
  ContactMethods: 'contactMethods',
  CustomerExtensions: 'extensions',
};

/** A Cova field name as the neutral `PosCustomer` path, so vendor names do not leave this folder. */
export function neutralFieldPath(covaField: string): string {
  return NEUTRAL_FIELD[covaField] ?? 'other';
}

/**
 * ASP.NET `ModelState` keys (`customer.PrimaryName`, `customer.ContactMethods[0].Value`) as neutral
 * field errors. Vendor messages name vendor fields and may quote values, so only their gist is kept.
 */
export function fieldErrorsFromModelState(modelState: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, messages] of Object.entries(modelState)) {
    const segments = key.split('.').map((segment) => segment.replace(/\[\d+\]$/, ''));
    const known = segments.map((segment) => neutralFieldPath(segment)).filter((path) => path !== 'other');
    const path = known.at(-1) ?? '';
    const text = Array.isArray(messages) ? messages.map(String).join(' ') : String(messages ?? '');
    const message = /required/i.test(text)
      ? 'is required'
      : /invalid|not valid|format/i.test(text)
        ? 'is not valid'
        : 'rejected by Cova';
    errors.push({ path: path === 'contactMethods' || path === 'extensions' ? '' : path, message });
  }
  return errors.length ? errors : [{ path: '', message: 'rejected by Cova' }];
}
