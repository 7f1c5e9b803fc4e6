/**
 * Blind indexes: equality search on encrypted fields. The index is an HMAC-SHA256 of the
 * normalized value under a key derived from the master key (not the encryption key), so
 * `d12-345 678` and `D12345678` find the same row while the database holds neither. The kind and
 * the organization are part of the message: equal numbers in two fields or two organizations give
 * unrelated indexes, so a database reader cannot link customers across tenants.
 */
import { createHmac } from 'node:crypto';
import { normalizeIdNumber } from '../domain/identity.ts';
import { deriveKey } from './key-derivation.ts';

/** `oneTimeCode`: a customer's second-factor code, kept only as this keyed hash (kiosk/second-factor/). */
export type BlindIndexKind = 'idNumber' | 'medicalCardNumber' | 'oneTimeCode';

const NORMALIZE: Record<BlindIndexKind, (raw: string) => string> = {
  idNumber: normalizeIdNumber,
  medicalCardNumber: normalizeIdNumber,
  oneTimeCode: (raw) => raw.trim(),
};

export interface BlindIndex {
  /** 64 hex characters; the same for every way of writing the same number. */
  of(kind: BlindIndexKind, orgId: string, raw: string): string;
}

export function createBlindIndex(masterKey: Buffer): BlindIndex {
  const key = deriveKey(masterKey, 'blind-index');
  return {
    of(kind, orgId, raw) {
      // NUL cannot occur in a kind or an org id, so the parts cannot be shifted into one another.
      return createHmac('sha256', key)
        .update(`${kind}\0${orgId}\0${NORMALIZE[kind](raw)}`)
        .digest('hex');
    },
  };
}
