/**
 * What an update sends to Cova. Cova documents no CustomerFull update; the iQmetrix resource model
 * underneath has `PUT Customers({id})` with the whole Customer (children excluded) and separate
 * calls for `Addresses` and `ContactMethods` [3.3]; `CustomerExtensions` and `DELETE` on a child
 * follow the same pattern by assumption (`COVA_CLIENT_CHOICES.childDeleteAllowed`). Pure, so the
 * plan is tested without a server; the client only sends it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PosCustomerInput } from '../port.ts';
import { RecordReader } from '../record-reader.ts';
import { COVA_CLIENT_CHOICES } from './choices.ts';
import { EXTENSION_KEYS, type ExtensionKey, extensionTypeName, readPatientType } from './extensions.ts';
import {
  addressWrite,
  type CovaCustomer,
  contactMethodWrite,
  customerDoNotContact,
  extensionValues,
  pickAddress,
  pickContact,
  pickExtension,
  readAddress,
  samePhone,
} from './mapping.ts';

export type ChildCollection = 'Addresses' | 'ContactMethods' | 'CustomerExtensions';

export interface ChildChange {
  method: 'POST' | 'PUT' | 'DELETE';
  collection: ChildCollection;
  /** The child's id for PUT and DELETE. */
  childId: string | null;
  body: Record<string, unknown> | null;
}

/** Fields a Customer PUT must not carry: children (they have their own calls) and what Cova computes. */
const NOT_IN_CUSTOMER_PUT = new Set([
  'Addresses',
  'ContactMethods',
  'CustomerExtensions',
  'RelatedCustomers',
  'MemberOf',
  'Documents',
  'CustomerType',
  'LastModifiedDateUtc',
  'CreatedDateUtc',
  'MergedCustomers',
  'MergedIntoCustomerId',
]);

/**
 * The `PUT Customers({id})` body: the full Customer "including Id" [3.3], so every base field Cova
 * holds that Patron does not model (Title, ReferralSource, PricingGroupId, UniqueIdentifier,
 * Disabled, Version…) goes back as it was read, with Patron's fields written over it.
 */
export function customerPutBody(current: CovaCustomer, input: PosCustomerInput): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(current)) if (!NOT_IN_CUSTOMER_PUT.has(field)) kept[field] = value;
  return {
    ...kept,
    Id: current.Id,
    PrimaryName: input.firstName,
    MiddleName: input.middleName,
    FamilyName: input.lastName,
    AlternateName: input.preferredName,
    DateOfBirth: input.dateOfBirth,
    Notes: input.notes,
    DoNotContact: customerDoNotContact(input),
  };
}

/** One child, compared by what Patron reads from it, so placeholders and formatting do not cause writes. */
function change(
  collection: ChildCollection,
  existing: { Id?: string | null | undefined } | undefined,
  desired: Record<string, unknown> | null,
  same: boolean,
  customerId: string,
): ChildChange | null {
  const id = existing?.Id ?? null;
  if (desired === null) {
    if (!existing || same || id === null || !COVA_CLIENT_CHOICES.childDeleteAllowed) return null;
    return { method: 'DELETE', collection, childId: id, body: null };
  }
  if (existing && same) return null;
  if (existing && id !== null) {
    return {
      method: 'PUT',
      collection,
      childId: id,
      body: { ...existing, ...desired, Id: id, CustomerId: customerId },
    };
  }
  return { method: 'POST', collection, childId: null, body: { ...desired, CustomerId: customerId } };
}

function sameExtension(key: ExtensionKey, held: string | null, desired: string | null): boolean {
  if (held === null || desired === null) return held === desired;
  if (key === 'patientType') return readPatientType(held) === readPatientType(desired);
  if (key === 'loyaltyPoints') return Number(held.replace(/,/g, '')) === Number(desired);
  if (key === 'medicalCardExpiry' || key === 'licenceExpiry') return held.slice(0, 10) === desired;
  return held === desired;
}

/** The child calls that make Cova hold `input`'s phone, email, address and extensions; none when nothing changed. */
export function childChanges(current: CovaCustomer, input: PosCustomerInput): ChildChange[] {
  const read = new RecordReader();
  const changes: (ChildChange | null)[] = [];

  for (const kind of ['phone', 'email'] as const) {
    const existing = pickContact(current, kind);
    const desired = contactMethodWrite(input, kind);
    const heldValue = kind === 'phone' ? read.phone(kind, existing?.Value) : read.email(kind, existing?.Value);
    const wanted = kind === 'phone' ? input.phone : input.email;
    const sameValue =
      heldValue === wanted || (kind === 'phone' && wanted !== null && samePhone(existing?.Value, wanted));
    const sameConsent = desired === null || existing?.DoNotContact === desired.DoNotContact;
    changes.push(
      change('ContactMethods', existing, desired ? { ...desired } : null, sameValue && sameConsent, current.Id),
    );
  }

  const address = pickAddress(current);
  const desiredAddress = addressWrite(input);
  changes.push(
    change(
      'Addresses',
      address,
      desiredAddress ? { ...desiredAddress } : null,
      isDeepStrictEqual(readAddress(read, address), input.address),
      current.Id,
    ),
  );

  const values = extensionValues(input);
  for (const key of EXTENSION_KEYS) {
    const existing = pickExtension(current, key);
    const held = read.text(key, existing?.Value);
    const desired = values[key];
    const body =
      desired === null ? null : { ExtensionType: existing?.ExtensionType ?? extensionTypeName(key), Value: desired };
    changes.push(change('CustomerExtensions', existing, body, sameExtension(key, held, desired), current.Id));
  }
  return changes.filter((item): item is ChildChange => item !== null);
}
