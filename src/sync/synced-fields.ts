/**
 * The fields Patron keeps in step both ways with a POS, and their projection on either side: the
 * local record's values and a vendor record's values, in the same neutral, normalized form, limited
 * to what that vendor can hold (`capabilities.fields`). Equal projections mean "nothing to sync";
 * the hash of a pushed projection is what echo suppression compares against.
 */
import { createHash } from 'node:crypto';
import type { CustomerRow } from '../customers/customer-record.ts';
import type { PosCapabilities, PosCustomer, PosField } from '../pos/port.ts';
import { canonicalJson } from './pos-hash.ts';

export const SYNCED_FIELDS = [
  'firstName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'phone',
  'email',
  'notes',
] as const satisfies readonly PosField[];

export type SyncedField = (typeof SYNCED_FIELDS)[number];

/** Fields whose disagreement is never settled by time: a manager decides (DESIGN "Conflicts"). */
export const IDENTITY_FIELDS: readonly SyncedField[] = ['dateOfBirth'];

/** Held by every vendor Patron supports, for a client that does not declare `fields`. */
const ASSUMED_FIELDS: readonly SyncedField[] = ['firstName', 'lastName', 'dateOfBirth', 'phone', 'email'];

export type Projection = Partial<Record<SyncedField, string | null>>;

export function heldFields(capabilities: PosCapabilities): SyncedField[] {
  const declared = capabilities.fields;
  if (!declared) return [...ASSUMED_FIELDS];
  return SYNCED_FIELDS.filter((field) => declared.includes(field));
}

export function projectLocal(row: CustomerRow, fields: readonly SyncedField[]): Projection {
  const out: Projection = {};
  for (const field of fields) out[field] = row[field] ?? null;
  return out;
}

export function projectPos(pos: PosCustomer, fields: readonly SyncedField[]): Projection {
  const out: Projection = {};
  for (const field of fields) out[field] = pos[field] ?? null;
  return out;
}

export function sameValue(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

export function sameProjection(a: Projection, b: Projection, fields: readonly SyncedField[]): boolean {
  return fields.every((field) => sameValue(a[field], b[field]));
}

export function hashProjection(projection: Projection): string {
  return createHash('sha256').update(canonicalJson(projection)).digest('hex');
}
