/**
 * A vendor record (`PosCustomer`) as customer columns, leniently: POS data is messy and the rules for
 * new signups (age, valid phone, unexpired card) must never make an inbound record disappear
 * [DESIGN "Real-world records"]. What could not be normalized is kept as the POS holds it; the link
 * remembers the issues for data quality.
 *
 * Missing names and dates of birth: the `customers_live_rows_complete` check keeps first name, last
 * name and date of birth on every live row, and the API answers them as strings. Rather than weaken
 * that guarantee for everyone, an inbound record without them keeps the POS's own placeholder as it
 * came (`N/A`, `1900-01-01`: what staff also see at the register), or an empty name / the
 * conventional `1900-01-01` when the POS sent nothing at all. `dobKnown` tells identity resolution and
 * the weak name key to ignore such a date, so a placeholder never makes two people one.
 */
import type { customers } from '../../customers/tables.ts';
import { ID_DOCUMENT_TYPES } from '../../domain/customer-schema.ts';
import { nameKey, normalizeIdNumber } from '../../domain/identity.ts';
import { normalizeTag } from '../../domain/tags.ts';
import { isCalendarDate } from '../../pos/dates.ts';
import type { PosCustomer } from '../../pos/port.ts';
import type { FieldProtector } from '../../privacy/field-protector.ts';

/** The date stored when a POS sent no usable date of birth at all. */
export const UNKNOWN_BIRTH_DATE = '1900-01-01';

type Insert = typeof customers.$inferInsert;

export type InboundColumns = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  customerType: 'adult' | 'medical';
  tags: string[];
} & Required<
  Pick<
    Insert,
    | 'preferredName'
    | 'phone'
    | 'email'
    | 'medicalCardNumberEnc'
    | 'medicalCardNumberIndex'
    | 'medicalState'
    | 'medicalExpiresOn'
    | 'idDocumentType'
    | 'idDocumentNumberEnc'
    | 'idDocumentNumberIndex'
    | 'idDocumentState'
    | 'idDocumentExpiresOn'
    | 'address'
    | 'notes'
    | 'nameKey'
    | 'lastVisitAt'
  >
>;

export interface InboundRecord {
  columns: InboundColumns;
  /** False when the date of birth is a placeholder or missing: not an identity key then. */
  dobKnown: boolean;
  namesKnown: boolean;
}

type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

export function inboundColumns(pos: PosCustomer, protector: FieldProtector): InboundRecord {
  const rawOf = (field: string) => pos.issues.find((issue) => issue.field === field)?.raw ?? null;
  const placeholderDate = rawOf('dateOfBirth')?.slice(0, 10) ?? null;
  const dobKnown = pos.dateOfBirth !== null;
  const dateOfBirth =
    pos.dateOfBirth ?? (placeholderDate && isCalendarDate(placeholderDate) ? placeholderDate : UNKNOWN_BIRTH_DATE);
  const namesKnown = pos.firstName !== null && pos.lastName !== null;
  const firstName = pos.firstName ?? rawOf('firstName') ?? '';
  const lastName = pos.lastName ?? rawOf('lastName') ?? '';

  const cardNumber = pos.medical?.cardNumber ?? null;
  const idNumber = pos.idDocument?.number ?? null;
  const address = pos.address?.line1
    ? {
        line1: pos.address.line1,
        line2: pos.address.line2,
        city: pos.address.city ?? '',
        state: pos.address.state ?? '',
        postalCode: pos.address.postalCode ?? '',
        country: pos.address.country ?? 'US',
      }
    : null;
  return {
    dobKnown,
    namesKnown,
    columns: {
      firstName,
      lastName,
      preferredName: pos.preferredName,
      dateOfBirth,
      phone: pos.phone,
      email: pos.email,
      customerType: pos.customerType ?? (cardNumber ? 'medical' : 'adult'),
      medicalCardNumberEnc: cardNumber ? protector.encrypt('medicalCardNumber', cardNumber) : null,
      medicalCardNumberIndex: cardNumber
        ? protector.blindIndex('medicalCardNumber', normalizeIdNumber(cardNumber))
        : null,
      medicalState: pos.medical?.state ?? null,
      // Kept even when expired: eligibility is checked at the counter, not by dropping the record.
      medicalExpiresOn: pos.medical?.expiresOn ?? null,
      idDocumentType: idNumber ? idDocumentType(pos.idDocument?.type ?? null) : null,
      idDocumentNumberEnc: idNumber ? protector.encrypt('idNumber', idNumber) : null,
      idDocumentNumberIndex: idNumber ? protector.blindIndex('idNumber', normalizeIdNumber(idNumber)) : null,
      idDocumentState: pos.idDocument?.state ?? null,
      idDocumentExpiresOn: pos.idDocument?.expiresOn ?? null,
      address,
      tags: [...new Set(pos.tags.map(normalizeTag).filter((tag) => tag.length > 0))],
      notes: pos.notes,
      nameKey: dobKnown && namesKnown ? nameKey(firstName, lastName, dateOfBirth) : null,
      lastVisitAt: pos.lastVisitAt ? new Date(pos.lastVisitAt) : null,
    },
  };
}

/**
 * Patron's document types are the ones a dispensary may accept; a POS's `other` keeps its number
 * (encrypted, indexed for identity) but no type, so it is matched on yet not shown as a document.
 */
function idDocumentType(type: string | null): IdDocumentType | null {
  return type !== null && (ID_DOCUMENT_TYPES as readonly string[]).includes(type) ? (type as IdDocumentType) : null;
}
