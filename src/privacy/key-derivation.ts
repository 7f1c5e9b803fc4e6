/**
 * One master key, several working keys: HKDF-SHA256 with a distinct label per purpose, so the key
 * that encrypts fields is not the key that builds blind indexes, and a leak of one says nothing of
 * the other or of the master key.
 */
import { hkdfSync } from 'node:crypto';

export const DERIVED_KEY_BYTES = 32;

export type KeyPurpose = 'field-encryption' | 'blind-index' | 'key-id';

export function deriveKey(masterKey: Buffer, purpose: KeyPurpose): Buffer {
  // No salt: the master key is already uniformly random; the label alone separates the purposes.
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `patron/${purpose}/v1`, DERIVED_KEY_BYTES));
}

/** A short public name of a master key (8 hex characters), written into ciphertexts for rotation. */
export function keyIdOf(masterKey: Buffer): string {
  return deriveKey(masterKey, 'key-id').subarray(0, 4).toString('hex');
}
