/**
 * Encryption of sensitive fields (ID-document and medical card numbers) with AES-256-GCM under a
 * key derived from the master key. A ciphertext reads `v1:<keyId>:<base64url(iv | tag | data)>`:
 * the version allows a new format, the key id lets a rotated key still decrypt old rows. The
 * `context` (e.g. `<orgId>/idDocument.number`) is authenticated with the data, so a ciphertext copied
 * to another field or organization fails to decrypt instead of showing the wrong person's number.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { deriveKey, keyIdOf } from './key-derivation.ts';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHERTEXT = /^v1:([0-9a-f]{8}):([A-Za-z0-9_-]+)$/;

export class FieldDecryptionError extends Error {}

export interface FieldCipher {
  /** Id of the key new ciphertexts are written with. */
  readonly keyId: string;
  encrypt(plaintext: string, context: string): string;
  decrypt(ciphertext: string, context: string): string;
  /** Which key id a ciphertext was written with (to find rows to re-encrypt after a rotation). */
  keyIdOf(ciphertext: string): string;
}

/** A cipher writing with `masterKey`, and reading what `masterKey` or any `retiredKeys` wrote. */
export function createFieldCipher(masterKey: Buffer, retiredKeys: readonly Buffer[] = []): FieldCipher {
  // KeyObjects made once: a raw Buffer key is turned into one on every cipher call otherwise.
  const keys = new Map<string, KeyObject>();
  for (const master of [masterKey, ...retiredKeys]) {
    keys.set(keyIdOf(master), createSecretKey(deriveKey(master, 'field-encryption')));
  }
  const currentId = keyIdOf(masterKey);
  const currentKey = keys.get(currentId)!;

  return {
    keyId: currentId,

    encrypt(plaintext, context) {
      // A fresh random IV per value: GCM must never reuse an IV under one key.
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${FORMAT}:${currentId}:${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
    },

    decrypt(ciphertext, context) {
      const { keyId, payload } = parse(ciphertext);
      const key = keys.get(keyId);
      if (key === undefined) throw new FieldDecryptionError(`no key with id ${keyId} is loaded`);
      const decipher = createDecipheriv('aes-256-gcm', key, payload.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(payload.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new FieldDecryptionError('ciphertext failed authentication: altered, or written for another context');
      }
    },

    keyIdOf(ciphertext) {
      return parse(ciphertext).keyId;
    },
  };
}

function parse(ciphertext: string): { keyId: string; payload: Buffer } {
  const match = CIPHERTEXT.exec(ciphertext);
  const payload = match ? Buffer.from(match[2]!, 'base64url') : undefined;
  if (!match || payload === undefined || payload.length < IV_BYTES + TAG_BYTES) {
    throw new FieldDecryptionError('not a v1 field ciphertext');
  }
  return { keyId: match[1]!, payload };
}
