/**
 * What an inbound vendor record changes on a customer Patron already holds. The POS fills in and
 * updates what it knows; it never blanks a field by not knowing it (a `null` from the POS leaves the
 * local value), and disagreements rules cannot settle (two real dates of birth, two ID numbers) are
 * kept as conflicts instead of guessed. Per-field "latest wins" against pending local edits comes
 * with outbound pushes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CustomerRow } from '../customers/customer-record.ts';
import { nameKey } from '../domain/identity.ts';
import { isPlaceholderDate } from '../pos/normalize.ts';
import type { PosCustomer } from '../pos/port.ts';
import type { FieldProtector } from '../privacy/field-protector.ts';
import type { InboundColumns, InboundRecord } from './inbound-columns.ts';

export interface InboundConflict {
  field: 'dateOfBirth' | 'idDocument.number' | 'phone' | 'email';
  local: string | null;
  pos: string | null;
}

export interface InboundChanges {
  set: Partial<InboundColumns>;
  /** Customer fields changed, for the audit row (names only, never values). */
  fields: string[];
  conflicts: InboundConflict[];
}

export function inboundChanges(
  current: CustomerRow,
  pos: PosCustomer,
  record: InboundRecord,
  protector: FieldProtector,
): InboundChanges {
  const next = record.columns;
  const set: Partial<InboundColumns> = {};
  const fields: string[] = [];
  const conflicts: InboundConflict[] = [];
  const take = <K extends keyof InboundColumns>(key: K, field: string = key) => {
    if (next[key] === null || isDeepStrictEqual(current[key], next[key])) return;
    set[key] = next[key];
    if (!fields.includes(field)) fields.push(field);
  };

  if (pos.firstName !== null) take('firstName');
  if (pos.lastName !== null) take('lastName');
  take('preferredName');
  take('phone');
  take('email');
  if (pos.customerType !== null) take('customerType');
  take('notes');
  take('address');
  if (pos.loyaltyPoints !== null) {
    take('loyaltyPoints', 'loyalty');
    take('loyaltySource', 'loyalty');
  }

  if (record.dobKnown && current.dateOfBirth !== next.dateOfBirth) {
    if (current.dateOfBirth === null || isPlaceholderDate(current.dateOfBirth)) take('dateOfBirth');
    else conflicts.push({ field: 'dateOfBirth', local: current.dateOfBirth, pos: next.dateOfBirth });
  }

  if (next.medicalCardNumberIndex && next.medicalCardNumberIndex !== current.medicalCardNumberIndex) {
    set.medicalCardNumberEnc = next.medicalCardNumberEnc;
    set.medicalCardNumberIndex = next.medicalCardNumberIndex;
    fields.push('medical');
  }
  for (const key of ['medicalState', 'medicalExpiresOn'] as const) take(key, 'medical');

  if (next.idDocumentNumberIndex && next.idDocumentNumberIndex !== current.idDocumentNumberIndex) {
    if (current.idDocumentNumberIndex === null) {
      set.idDocumentNumberEnc = next.idDocumentNumberEnc;
      set.idDocumentNumberIndex = next.idDocumentNumberIndex;
      set.idDocumentType = next.idDocumentType;
      fields.push('idDocument');
    } else {
      conflicts.push({
        field: 'idDocument.number',
        local: current.idDocumentNumberEnc ? protector.decrypt('idNumber', current.idDocumentNumberEnc) : null,
        pos: pos.idDocument?.number ?? null,
      });
    }
  }
  if (next.idDocumentNumberIndex === (set.idDocumentNumberIndex ?? current.idDocumentNumberIndex)) {
    for (const key of ['idDocumentState', 'idDocumentExpiresOn'] as const) take(key, 'idDocument');
  }

  const tags = [...new Set([...current.tags, ...next.tags])];
  if (tags.length !== current.tags.length) {
    set.tags = tags;
    fields.push('tags');
  }
  if (next.lastVisitAt && (!current.lastVisitAt || next.lastVisitAt > current.lastVisitAt)) {
    set.lastVisitAt = next.lastVisitAt;
    fields.push('lastVisitAt');
  }

  const first = set.firstName ?? current.firstName;
  const last = set.lastName ?? current.lastName;
  const dob = set.dateOfBirth ?? current.dateOfBirth;
  if (first && last && dob && !isPlaceholderDate(dob) && (set.firstName || set.lastName || set.dateOfBirth)) {
    set.nameKey = nameKey(first, last, dob);
  }
  return { set, fields, conflicts };
}
