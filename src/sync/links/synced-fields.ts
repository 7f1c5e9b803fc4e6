/**
 * The fields Patron keeps in step both ways with a POS, and their projection on either side: the
 * local record's values and a vendor record's values, in the same neutral, normalized form, limited
 * to what that vendor can hold (`capabilities.fields`). The hash of a pushed projection is what echo
 * suppression compares against.
 *
 * Two kinds. Merged fields (names, date of birth, phone, email, notes) are decided one by one by the
 * three-way policy against the link's base (inbound/changes.ts). Carried fields (type, medical card,
 * ID document, address, consents, tags) come in by their own rules (the POS fills in, never blanks;
 * consents through the ledger) and go out from the record on every push. A vendor holds parts of
 * them only (Treez keeps no card state, Blaze no ID type): a part the POS reads back as `null` is
 * taken as one it cannot hold, and a local `null` is never sent as a blank (see `holds`).
 */
import { createHash } from 'node:crypto';
import type { CustomerRow } from '../../customers/customer-record.ts';
import { normalizeTag } from '../../domain/tags.ts';
import type { PosCapabilities, PosCustomer, PosField } from '../../pos/port.ts';
import type { FieldProtector } from '../../privacy/field-protector.ts';
import { canonicalJson } from './pos-hash.ts';

export const MERGED_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'notes',
] as const satisfies readonly PosField[];

export const CARRIED_FIELDS = [
  'customerType',
  'medical',
  'idDocument',
  'address',
  'consents.sms',
  'consents.email',
  'tags',
] as const satisfies readonly PosField[];

export const SYNCED_FIELDS = [...MERGED_FIELDS, ...CARRIED_FIELDS] as const;

export type MergedField = (typeof MERGED_FIELDS)[number];
export type CarriedField = (typeof CARRIED_FIELDS)[number];
export type SyncedField = MergedField | CarriedField;

/** Fields whose disagreement is never settled by time: a manager decides (DESIGN "Conflicts"). */
export const IDENTITY_FIELDS: readonly MergedField[] = ['dateOfBirth'];

/** Held by every vendor Patron supports, for a client that does not declare `fields`. */
const ASSUMED_FIELDS: readonly SyncedField[] = ['firstName', 'lastName', 'dateOfBirth', 'phone', 'email'];

export type Parts = Record<string, string | null>;
/** Merged fields project to a string or null; carried ones to parts, a flag or a sorted tag list. */
export type Projection = Partial<Record<SyncedField, string | boolean | Parts | string[] | null>>;

export function heldFields(capabilities: PosCapabilities): SyncedField[] {
  const declared = capabilities.fields;
  if (!declared) return [...ASSUMED_FIELDS];
  return SYNCED_FIELDS.filter((field) => declared.includes(field));
}

export function isMerged(field: SyncedField): field is MergedField {
  return (MERGED_FIELDS as readonly string[]).includes(field);
}

export function projectLocal(row: CustomerRow, fields: readonly SyncedField[], protector: FieldProtector): Projection {
  const out: Projection = {};
  for (const field of fields) out[field] = localValue(row, field, protector);
  return out;
}

export function projectPos(pos: PosCustomer, fields: readonly SyncedField[]): Projection {
  const out: Projection = {};
  for (const field of fields) out[field] = posValue(pos, field);
  return out;
}

function localValue(row: CustomerRow, field: SyncedField, protector: FieldProtector): Projection[SyncedField] {
  switch (field) {
    case 'customerType':
      return row.customerType;
    case 'medical':
      return row.medicalCardNumberEnc
        ? parts({
            cardNumber: protector.decrypt('medicalCardNumber', row.medicalCardNumberEnc),
            state: row.medicalState,
            expiresOn: row.medicalExpiresOn,
          })
        : null;
    case 'idDocument':
      return row.idDocumentNumberEnc
        ? parts({
            type: row.idDocumentType,
            number: protector.decrypt('idNumber', row.idDocumentNumberEnc),
            state: row.idDocumentState,
            expiresOn: row.idDocumentExpiresOn,
          })
        : null;
    case 'address':
      return row.address ? parts({ ...row.address }) : null;
    case 'consents.sms':
    case 'consents.email': {
      const state = row.consents[field === 'consents.sms' ? 'sms' : 'email'];
      // Never stated: nothing to tell the POS.
      return state.source === null ? null : state.granted;
    }
    case 'tags':
      return tagList(row.tags);
    default:
      return row[field] ?? null;
  }
}

function posValue(pos: PosCustomer, field: SyncedField): Projection[SyncedField] {
  switch (field) {
    case 'customerType':
      return pos.customerType;
    case 'medical':
      return pos.medical ? parts({ ...pos.medical }) : null;
    case 'idDocument':
      return pos.idDocument ? parts({ ...pos.idDocument }) : null;
    case 'address':
      return pos.address ? parts({ ...pos.address }) : null;
    case 'consents.sms':
      return pos.consents.sms;
    case 'consents.email':
      return pos.consents.email;
    case 'tags':
      return tagList(pos.tags);
    default:
      return pos[field] ?? null;
  }
}

/** Blank parts as `null`; an object with no part at all is `null`. */
function parts(values: Record<string, string | null | undefined>): Parts | null {
  const out: Parts = {};
  for (const [key, value] of Object.entries(values)) out[key] = value === undefined || value === '' ? null : value;
  return Object.values(out).some((v) => v !== null) ? out : null;
}

function tagList(tags: readonly string[]): string[] | null {
  const list = [...new Set(tags.map(normalizeTag).filter((t) => t.length > 0))].sort();
  return list.length > 0 ? list : null;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** Like for like (e.g. two reads of the POS): every field equal. */
export function sameProjection(a: Projection, b: Projection, fields: readonly SyncedField[]): boolean {
  return fields.every((field) => sameValue(a[field], b[field]));
}

/**
 * Whether the POS holds the local value of one field: merged fields exactly; carried ones in every
 * part the POS keeps (a part it reads as `null` is one it cannot hold; an ID document's type is the
 * vendor's own), and a local `null` asks nothing of it.
 */
export function holds(field: SyncedField, pos: Projection[SyncedField], local: Projection[SyncedField]): boolean {
  if (isMerged(field)) return sameValue(pos, local);
  if (local === null || local === undefined) return true;
  if (pos === null || pos === undefined) return false;
  if (field === 'tags') return (local as string[]).every((tag) => (pos as string[]).includes(tag));
  if (typeof local !== 'object') return pos === local;
  const held = pos as Parts;
  return Object.entries(local as Parts).every(
    ([key, value]) => value === null || key === 'type' || (held[key] ?? null) === null || held[key] === value,
  );
}

/** Whether the POS holds every local value (see `holds`). */
export function posHolds(pos: Projection, local: Projection, fields: readonly SyncedField[]): boolean {
  return fields.every((field) => holds(field, pos[field], local[field]));
}

export function hashProjection(projection: Projection): string {
  return createHash('sha256').update(canonicalJson(projection)).digest('hex');
}
