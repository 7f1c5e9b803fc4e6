/**
 * What an inbound vendor record changes on a customer Patron already holds. The POS fills in and
 * updates what it knows; it never blanks a field by not knowing it (a `null` from the POS leaves the
 * local value), and disagreements rules cannot settle (two real dates of birth, two ID numbers) are
 * kept as conflicts instead of guessed. The merged fields (synced-fields.ts) the vendor holds are
 * decided one by one by the three-way policy of domain/field-conflicts.ts against the link's base.
 * Loyalty is no customer field: each store's balance is kept apart (loyalty/balances.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import type { CustomerRow } from '../../customers/customer-record.ts';
import { resolveField } from '../../domain/field-conflicts.ts';
import { nameKey } from '../../domain/identity.ts';
import { isPlaceholderDate } from '../../pos/normalize.ts';
import type { PosCustomer } from '../../pos/port.ts';
import type { FieldProtector } from '../../privacy/field-protector.ts';
import {
  IDENTITY_FIELDS,
  MERGED_FIELDS,
  type MergedField,
  type Projection,
  type SyncedField,
  sameValue,
} from '../links/synced-fields.ts';
import type { InboundColumns, InboundRecord } from './columns.ts';

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
  /** Synced fields where the local value won and the POS still holds another: a push is due. */
  keptLocal: MergedField[];
}

export interface SyncedFieldContext {
  /** Synced fields this vendor holds. */
  held: readonly SyncedField[];
  /** The link's base; `undefined` when Patron never saw or wrote this POS record. */
  base: Projection | undefined;
  now: Date;
}

const REQUIRED: readonly MergedField[] = ['firstName', 'lastName', 'dateOfBirth'];

export function inboundChanges(
  current: CustomerRow,
  pos: PosCustomer,
  record: InboundRecord,
  protector: FieldProtector,
  sync: SyncedFieldContext,
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

  const keptLocal: MergedField[] = [];
  const posAt = pos.updatedAt ? Date.parse(pos.updatedAt) : null;
  for (const field of MERGED_FIELDS) {
    if (!sync.held.includes(field)) continue;
    const posValue = pos[field] ?? null;
    const baseValue = sync.base === undefined ? undefined : ((sync.base[field] as string | null | undefined) ?? null);
    // A POS that sends nothing never blanks a value it was not known to hold, nor a required one.
    if (posValue === null && (baseValue === undefined || baseValue === null || REQUIRED.includes(field))) continue;
    if (field === 'dateOfBirth') {
      if (!record.dobKnown) continue;
      if (current.dateOfBirth === null || isPlaceholderDate(current.dateOfBirth)) {
        take('dateOfBirth');
        continue;
      }
    }
    const changedAt = current.fieldChangedAt?.[field];
    const decision = resolveField(
      {
        local: current[field] ?? null,
        localChangedAt: changedAt ? Date.parse(changedAt) : null,
        pos: posValue,
        posChangedAt: posAt,
        base: baseValue,
        kind: IDENTITY_FIELDS.includes(field) ? 'identity' : 'plain',
      },
      sameValue,
      sync.now.getTime(),
    );
    if (decision === 'take-pos') {
      set[field] = posValue as never;
      fields.push(field);
    } else if (decision === 'keep-local') {
      keptLocal.push(field);
    } else if (decision === 'conflict') {
      conflicts.push({ field: 'dateOfBirth', local: current.dateOfBirth, pos: posValue });
    }
  }
  if (pos.customerType !== null) take('customerType');
  take('address');

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
  return { set, fields, conflicts, keptLocal };
}
