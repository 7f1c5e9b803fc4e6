import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, FieldDecryptionError } from './field-encryption.ts';

const CONTEXT = '0b7c1f6e-4c2a-4e8e-9d1a-5f3b2c6d7e8f/idDocument.number';

/** Flips one bit of the decoded payload at `offset` and re-encodes the ciphertext. */
function tamper(ciphertext: string, offset: number): string {
  const [version, keyId, body] = ciphertext.split(':') as [string, string, string];
  const payload = Buffer.from(body, 'base64url');
  payload[offset % payload.length]! ^= 0x01;
  return `${version}:${keyId}:${payload.toString('base64url')}`;
}

describe('field encryption', () => {
  const cipher = createFieldCipher(randomBytes(32));

  it('decrypts what it encrypted', () => {
    expect(cipher.decrypt(cipher.encrypt('D12345678', CONTEXT), CONTEXT)).toBe('D12345678');
  });

  it('round-trips any text, including empty and non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (plaintext) => {
        expect(cipher.decrypt(cipher.encrypt(plaintext, CONTEXT), CONTEXT)).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
  });

  it('writes the versioned format v1:<keyId>:<base64url> without the plain text', () => {
    const ciphertext = cipher.encrypt('MED-0042-7788', CONTEXT);
    expect(ciphertext).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(ciphertext.startsWith(`v1:${cipher.keyId}:`)).toBe(true);
    expect(ciphertext).not.toContain('7788');
    expect(Buffer.from(ciphertext.split(':')[2]!, 'base64url').toString('latin1')).not.toContain('MED');
  });

  it('uses a fresh IV each time, so equal numbers give different ciphertexts', () => {
    const a = cipher.encrypt('D12345678', CONTEXT);
    const b = cipher.encrypt('D12345678', CONTEXT);
    expect(a).not.toBe(b);
    const iv = (c: string) => Buffer.from(c.split(':')[2]!, 'base64url').subarray(0, 12).toString('hex');
    expect(iv(a)).not.toBe(iv(b));
  });

  it('detects a change to any byte of IV, tag or data', () => {
    const ciphertext = cipher.encrypt('D12345678', CONTEXT);
    const length = Buffer.from(ciphertext.split(':')[2]!, 'base64url').length;
    for (let offset = 0; offset < length; offset++) {
      expect(() => cipher.decrypt(tamper(ciphertext, offset), CONTEXT)).toThrow(FieldDecryptionError);
    }
  });

  it('refuses a ciphertext moved to another field or organization', () => {
    const ciphertext = cipher.encrypt('D12345678', CONTEXT);
    expect(() => cipher.decrypt(ciphertext, CONTEXT.replace('idDocument.number', 'medical.cardNumber'))).toThrow(
      FieldDecryptionError,
    );
  });

  it('refuses a ciphertext written under a key it does not hold', () => {
    const other = createFieldCipher(randomBytes(32));
    expect(() => cipher.decrypt(other.encrypt('D12345678', CONTEXT), CONTEXT)).toThrow(/no key with id/);
  });

  it('refuses text that is not a v1 ciphertext', () => {
    for (const bad of ['D12345678', 'v2:abcdef01:AAAA', `v1:${cipher.keyId}:AAAA`, '']) {
      expect(() => cipher.decrypt(bad, CONTEXT), bad).toThrow(FieldDecryptionError);
    }
  });

  it('still decrypts with a retired key after rotation, and writes with the new one', () => {
    const oldMaster = randomBytes(32);
    const before = createFieldCipher(oldMaster).encrypt('D12345678', CONTEXT);
    const rotated = createFieldCipher(randomBytes(32), [oldMaster]);
    expect(rotated.decrypt(before, CONTEXT)).toBe('D12345678');
    expect(rotated.keyIdOf(before)).not.toBe(rotated.keyId);
    expect(rotated.keyIdOf(rotated.encrypt('D12345678', CONTEXT))).toBe(rotated.keyId);
  });
});
