import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKey, keyIdOf } from './key-derivation.ts';

describe('key derivation', () => {
  it('derives different 32-byte keys for encryption and blind indexes from one master key', () => {
    const master = randomBytes(32);
    const encryption = deriveKey(master, 'field-encryption');
    const index = deriveKey(master, 'blind-index');
    expect(encryption).toHaveLength(32);
    expect(index).toHaveLength(32);
    expect(encryption.equals(index)).toBe(false);
    expect(encryption.equals(master)).toBe(false);
  });

  it('derives the same key again from the same master key', () => {
    const master = randomBytes(32);
    expect(deriveKey(master, 'blind-index').equals(deriveKey(Buffer.from(master), 'blind-index'))).toBe(true);
  });

  it('names a master key with 8 hex characters that differ between keys', () => {
    const a = randomBytes(32);
    expect(keyIdOf(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(keyIdOf(a)).toBe(keyIdOf(Buffer.from(a)));
    expect(keyIdOf(a)).not.toBe(keyIdOf(randomBytes(32)));
  });
});
