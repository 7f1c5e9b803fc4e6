/** A stable digest of a vendor record as read: the same record read twice gives the same hash. */
import { createHash } from 'node:crypto';
import type { PosCustomer } from '../../pos/port.ts';

export function hashPosCustomer(customer: PosCustomer): string {
  return createHash('sha256').update(canonicalJson(customer)).digest('hex');
}

/** JSON with object keys sorted, so key order in the vendor's answer does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
