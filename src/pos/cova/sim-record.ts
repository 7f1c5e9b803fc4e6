/**
 * The Cova simulator's customer row: a CustomerFull as REFERENCE.md §3.4 describes it, made from a
 * fake person or from a create body, plus the child records (addresses, contact methods,
 * extensions) as Cova stores them, and read or edited in neutral field names (`customerOf`,
 * `editCustomer`). Simulator only.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isCalendarDate } from '../dates.ts';
import type { FakePerson } from '../simulator-kit/fake-people.ts';
import type { NeutralFields } from '../simulator-kit/neutral-changes.ts';
import type { SimCustomer } from '../simulator-kit/simulator-types.ts';
import { COVA_SIM_CHOICES } from './sim-choices.ts';

export interface CovaSimAddress {
  Id: string;
  CustomerId: string;
  AddressTypeId: number;
  AddressType: string;
  Default: boolean;
  DoNotContact: boolean;
  CountryCode: string;
  Country: string | null;
  Locality: string | null;
  StateCode: string | null;
  State: string | null;
  PostalCode: string | null;
  PostOfficeBoxNumber: string;
  StreetAddress1: string | null;
  StreetAddress2: string | null;
  Notes: string;
}

export interface CovaSimContactMethod {
  Id: string;
  CustomerId: string;
  ContactMethodCategoryId: number;
  ContactMethodCategory: string;
  ContactMethodTypeId: number;
  ContactMethodType: string;
  Value: string;
  Default: boolean;
  DoNotContact: boolean;
  Notes: string;
}

export interface CovaSimExtension {
  Id: string;
  CustomerId: string;
  ExtensionTypeId: number;
  ExtensionType: string;
  Value: string;
}

export interface CovaSimRecord {
  Id: string;
  CustomerTypeId: number;
  CustomerType: string;
  Title: string | null;
  PrimaryName: string | null;
  MiddleName: string | null;
  FamilyName: string | null;
  AlternateName: string | null;
  DateOfBirth: string | null;
  Notes: string | null;
  ReferralSource: string | null;
  UniqueIdentifier: string | null;
  PricingGroupId: number | null;
  Disabled: boolean;
  DoNotContact: boolean;
  Version: number;
  MergedIntoCustomerId: string | null;
  MergedCustomers: string[];
  LastModifiedDateUtc: string;
  Addresses: CovaSimAddress[];
  ContactMethods: CovaSimContactMethod[];
  CustomerExtensions: CovaSimExtension[];
  RelatedCustomers: unknown[];
  MemberOf: unknown[];
  Documents: unknown[];
}

/** A GUID derived from a name, so a seeded store has the same ids every run (ids are GUIDs [3.3]). */
export function simGuid(name: string): string {
  const hex = createHash('sha256').update(`cova-sim:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const customerGuid = (sequence: number) => simGuid(`customer:${sequence}`);

/** `2025-10-21T14:26:36.123`: .NET ISO without offset [summary, COVA_SIM_CHOICES.writeUtcWithoutOffset]. */
export function dotNetUtc(instant: Date): string {
  const iso = instant.toISOString();
  return COVA_SIM_CHOICES.writeUtcWithoutOffset ? iso.replace(/Z$/, '') : iso;
}

/** Instant of a stored `…Utc` value (no offset means UTC). */
export function utcMillis(value: string): number {
  return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`);
}

const CATEGORY: Record<number, string> = { 1: 'Phone', 2: 'Email', 3: 'Other' };
/** `ContactMethodTypeId` names [3.4]. */
const CONTACT_TYPE: Record<number, string> = {
  1: 'Home',
  2: 'Work',
  3: 'Mobile',
  4: 'Company',
  5: 'Pager',
  6: 'Home Fax',
  7: 'Work Fax',
  8: 'Other',
  9: 'Home',
  10: 'Work',
  11: 'Other',
  12: 'Website',
  13: 'Skype',
  14: 'Twitter',
  15: 'Facebook',
  16: 'LinkedIn',
  17: 'Other',
};
const ADDRESS_TYPE: Record<number, string> = { 1: 'None', 2: 'Home', 3: 'Shipping', 4: 'Office', 5: 'Other' };
const COUNTRY: Record<string, string> = { US: 'United States', CA: 'Canada' };
const STATE: Record<string, string> = {
  NV: 'Nevada',
  CA: 'California',
  CO: 'Colorado',
  MI: 'Michigan',
  AZ: 'Arizona',
};

/** The category a contact method type belongs to (1-8 phone, 9-11 email, 12-17 other) [3.4]. */
function categoryOfType(typeId: number): number {
  return typeId <= 8 ? 1 : typeId <= 11 ? 2 : 3;
}

type Body = Record<string, unknown>;
const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
const num = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/** `yyyy-mm-dd` (or a date-time) as Cova reads it back: `1952-07-23T00:00:00` [3.4]. */
export function storedDateOfBirth(value: unknown): string | null {
  const text = str(value)?.trim();
  if (!text) return null;
  const date = text.slice(0, 10);
  return isCalendarDate(date) ? `${date}T00:00:00` : null;
}

export function contactMethodFromWrite(
  body: Body,
  customerId: string,
  id: string = randomUUID(),
): CovaSimContactMethod {
  const typeId = num(body.ContactMethodTypeId) ?? 8;
  const categoryId = num(body.ContactMethodCategoryId) ?? categoryOfType(typeId);
  return {
    Id: id,
    CustomerId: customerId,
    ContactMethodCategoryId: categoryId,
    ContactMethodCategory: CATEGORY[categoryId] ?? 'Other',
    ContactMethodTypeId: typeId,
    ContactMethodType: CONTACT_TYPE[typeId] ?? 'Other',
    Value: str(body.Value) ?? '',
    Default: body.Default === true,
    // Defaults to true like the customer's flag [3.8].
    DoNotContact: body.DoNotContact !== false,
    Notes: str(body.Notes) ?? '',
  };
}

export function addressFromWrite(body: Body, customerId: string, id: string = randomUUID()): CovaSimAddress {
  const typeId = num(body.AddressTypeId) ?? 1;
  const country = (str(body.CountryCode) ?? '').toUpperCase();
  const state = str(body.StateCode) ?? str(body.StateName);
  return {
    Id: id,
    CustomerId: customerId,
    AddressTypeId: typeId,
    AddressType: ADDRESS_TYPE[typeId] ?? 'Other',
    Default: body.Default === true,
    DoNotContact: body.DoNotContact !== false,
    CountryCode: country,
    Country: COUNTRY[country] ?? str(body.CountryName),
    Locality: str(body.Locality) ?? str(body.City),
    StateCode: state,
    State: (state && STATE[state]) ?? null,
    PostalCode: str(body.PostalCode) ?? str(body.Zip),
    PostOfficeBoxNumber: str(body.PostOfficeBoxNumber) ?? '',
    StreetAddress1: str(body.StreetAddress1) ?? str(body.AddressLine1),
    StreetAddress2: str(body.StreetAddress2) ?? str(body.AddressLine2),
    Notes: str(body.Notes) ?? '',
  };
}

/** The company's extension type named or numbered in `body`, if Cova knows it. */
export function extensionType(body: Body): { id: number; name: string } | undefined {
  const id = num(body.ExtensionTypeId);
  const name = str(body.ExtensionType)?.toLowerCase();
  return COVA_SIM_CHOICES.extensionTypes.find((type) => type.id === id || type.name.toLowerCase() === name);
}

export function extensionFromWrite(body: Body, customerId: string, id: string = randomUUID()): CovaSimExtension | null {
  const type = extensionType(body);
  if (!type) return null;
  return {
    Id: id,
    CustomerId: customerId,
    ExtensionTypeId: type.id,
    ExtensionType: type.name,
    Value: str(body.Value) ?? '',
  };
}

const list = (value: unknown): Body[] =>
  Array.isArray(value) ? value.filter((item): item is Body => item !== null && typeof item === 'object') : [];

/** The base Customer fields of a create or `PUT Customers({id})` body; omitted ones are cleared (a PUT replaces) [3.3]. */
export function baseFieldsFromWrite(body: Body) {
  return {
    CustomerTypeId: num(body.CustomerTypeId) ?? 2,
    CustomerType:
      ({ 1: 'None', 2: 'Person', 3: 'Company' } as Record<number, string>)[num(body.CustomerTypeId) ?? 2] ?? 'Person',
    Title: str(body.Title),
    PrimaryName: str(body.PrimaryName),
    MiddleName: str(body.MiddleName),
    FamilyName: str(body.FamilyName),
    AlternateName: str(body.AlternateName),
    DateOfBirth: storedDateOfBirth(body.DateOfBirth),
    Notes: str(body.Notes),
    ReferralSource: str(body.ReferralSource),
    UniqueIdentifier: str(body.UniqueIdentifier),
    PricingGroupId: num(body.PricingGroupId),
    Disabled: body.Disabled === true,
    // "DoNotContact defaults to true" [3.4, 3.8].
    DoNotContact: body.DoNotContact !== false,
  };
}

/** What Cova stores for a `POST CustomerFull` body [3.3]: children get ids, names of their types and the customer's id. */
export function covaRecordFromWrite(body: Body, sequence: number, now: Date): CovaSimRecord {
  const id = customerGuid(sequence);
  return {
    Id: id,
    ...baseFieldsFromWrite(body),
    Version: 1,
    MergedIntoCustomerId: null,
    MergedCustomers: [],
    LastModifiedDateUtc: dotNetUtc(now),
    Addresses: list(body.Addresses).map((a) => addressFromWrite(a, id)),
    ContactMethods: list(body.ContactMethods).map((c) => contactMethodFromWrite(c, id)),
    CustomerExtensions: list(body.CustomerExtensions)
      .map((e) => extensionFromWrite(e, id))
      .filter((e): e is CovaSimExtension => e !== null),
    RelatedCustomers: [],
    MemberOf: [],
    Documents: [],
  };
}

/** A seeded customer, as if entered at a Cova till: `(702) 555-0123` phones [3.4], extensions for card and licence. */
export function covaRecordFromPerson(person: FakePerson, sequence: number): CovaSimRecord {
  const id = customerGuid(sequence);
  const child = (kind: string, n = 0) => simGuid(`${kind}:${sequence}:${n}`);
  const phone = person.phone;
  const contactMethods: CovaSimContactMethod[] = [];
  if (phone !== null) {
    const value = /^\d{10}$/.test(phone) ? `(${phone.slice(0, 3)}) ${phone.slice(3, 6)}-${phone.slice(6)}` : phone;
    contactMethods.push(
      contactMethodFromWrite(
        { ContactMethodTypeId: 3, Value: value, Default: true, DoNotContact: person.smsOptIn !== true },
        id,
        child('phone'),
      ),
    );
  }
  if (person.email !== null) {
    contactMethods.push(
      contactMethodFromWrite(
        { ContactMethodTypeId: 9, Value: person.email, Default: true, DoNotContact: person.emailOptIn !== true },
        id,
        child('email'),
      ),
    );
  }
  const extensions: [string, string | null | undefined][] = [
    ['PatientType', person.customerType === 'medical' ? 'Medical' : 'Recreational'],
    ['MedicalCardNumber', person.medicalCard?.number],
    ['MedicalCardExpiry', person.medicalCard && `${person.medicalCard.expiresOn}T00:00:00`],
    ['MedicalCardState', person.medicalCard?.state],
    ['DriversLicenseNumber', person.driversLicense?.number],
    ['DriversLicenseExpiry', person.driversLicense?.expiresOn],
    ['DriversLicenseState', person.driversLicense?.state],
    ['LoyaltyPoints', person.loyaltyPoints ? String(person.loyaltyPoints) : null],
  ];
  const address = person.address;
  return {
    Id: id,
    CustomerTypeId: 2,
    CustomerType: 'Person',
    Title: null,
    PrimaryName: person.firstName,
    MiddleName: person.middleName,
    FamilyName: person.lastName,
    AlternateName: person.nickname,
    DateOfBirth: storedDateOfBirth(person.dateOfBirth),
    Notes: person.notes,
    ReferralSource: null,
    UniqueIdentifier: null,
    PricingGroupId: null,
    Disabled: false,
    DoNotContact: !(person.smsOptIn === true || person.emailOptIn === true),
    Version: 1,
    MergedIntoCustomerId: null,
    MergedCustomers: [],
    LastModifiedDateUtc: dotNetUtc(person.updatedAt),
    Addresses: address
      ? [
          addressFromWrite(
            {
              AddressTypeId: 2,
              Default: true,
              CountryCode: 'US',
              Locality: address.city,
              StateCode: address.state,
              PostalCode: address.postalCode,
              StreetAddress1: address.line1,
              StreetAddress2: address.line2 ?? '',
            },
            id,
            child('address'),
          ),
        ]
      : [],
    ContactMethods: contactMethods,
    CustomerExtensions: extensions
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([name, value], n) => extensionFromWrite({ ExtensionType: name, Value: value }, id, child('extension', n)))
      .filter((e): e is CovaSimExtension => e !== null),
    RelatedCustomers: [],
    MemberOf: [],
    Documents: [],
  };
}

/** A Cova customer in neutral field names (`customerOf`): phone (type 3) and email (type 9) are contact methods [3.4]. */
export function covaCustomerFromRecord(record: CovaSimRecord): SimCustomer {
  const contact = (typeId: number) =>
    record.ContactMethods.find((c) => c.ContactMethodTypeId === typeId)?.Value ?? null;
  return {
    status: record.MergedIntoCustomerId !== null ? 'merged' : record.Disabled ? 'deactivated' : 'active',
    firstName: record.PrimaryName ?? '',
    middleName: record.MiddleName,
    lastName: record.FamilyName ?? '',
    nickname: record.AlternateName,
    dateOfBirth: record.DateOfBirth?.slice(0, 10) ?? '',
    phone: contact(3),
    email: contact(9),
    notes: record.Notes,
  };
}

/** Neutral edits of Cova's own columns; contact methods and extensions are child records, edited in the folder. */
export const COVA_FIELDS: Partial<NeutralFields<CovaSimRecord>> = {
  firstName: (value) => ({ PrimaryName: value }),
  middleName: (value) => ({ MiddleName: value }),
  lastName: (value) => ({ FamilyName: value }),
  nickname: (value) => ({ AlternateName: value }),
  dateOfBirth: (value) => ({ DateOfBirth: storedDateOfBirth(value) }),
  notes: (value) => ({ Notes: value }),
};
