/**
 * Card and ID numbers as the customers module stores them: encrypted (AES-256-GCM, bound to the
 * organization and the field, so a ciphertext copied to another row or tenant does not decrypt)
 * and indexed by an HMAC blind index for equality search.
 */
import { type BlindIndexKind, createBlindIndex } from './blind-index.ts';
import { createFieldCipher } from './field-encryption.ts';

export type ProtectedField = BlindIndexKind;

/** Protection of one organization's fields. */
export interface FieldProtector {
  encrypt(field: ProtectedField, plaintext: string): string;
  decrypt(field: ProtectedField, ciphertext: string): string;
  blindIndex(field: ProtectedField, value: string): string;
}

export interface FieldProtection {
  forOrg(orgId: string): FieldProtector;
}

export function createFieldProtection(masterKey: Buffer, retiredKeys: readonly Buffer[] = []): FieldProtection {
  const cipher = createFieldCipher(masterKey, retiredKeys);
  const index = createBlindIndex(masterKey);
  return {
    forOrg: (orgId) => ({
      encrypt: (field, plaintext) => cipher.encrypt(plaintext, `${orgId}:${field}`),
      decrypt: (field, ciphertext) => cipher.decrypt(ciphertext, `${orgId}:${field}`),
      blindIndex: (field, value) => index.of(field, orgId, value),
    }),
  };
}
