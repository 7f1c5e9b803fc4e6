import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBlindIndex } from './blind-index.ts';
import { deriveKey } from './key-derivation.ts';

const ORG = '0b7c1f6e-4c2a-4e8e-9d1a-5f3b2c6d7e8f';
const OTHER_ORG = '9a1d2e3f-4b5c-4d6e-8f70-112233445566';

describe('blind index', () => {
  const master = randomBytes(32);
  const index = createBlindIndex(master);

  it('is deterministic: the same number gives the same 64-hex index', () => {
    const a = index.of('idNumber', ORG, 'D12345678');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(index.of('idNumber', ORG, 'D12345678')).toBe(a);
    expect(createBlindIndex(Buffer.from(master)).of('idNumber', ORG, 'D12345678')).toBe(a);
  });

  it('finds a number however it was typed', () => {
    expect(index.of('idNumber', ORG, ' d12-345 678 ')).toBe(index.of('idNumber', ORG, 'D12345678'));
  });

  it('depends on the key', () => {
    expect(createBlindIndex(randomBytes(32)).of('idNumber', ORG, 'D12345678')).not.toBe(
      index.of('idNumber', ORG, 'D12345678'),
    );
  });

  it('keeps equal numbers apart across organizations and kinds', () => {
    const base = index.of('idNumber', ORG, 'D12345678');
    expect(index.of('idNumber', OTHER_ORG, 'D12345678')).not.toBe(base);
    expect(index.of('medicalCardNumber', ORG, 'D12345678')).not.toBe(base);
  });

  it('uses a key derived for indexing, neither the master key nor the encryption key', () => {
    const message = `idNumber\0${ORG}\0D12345678`;
    const hmac = (key: Buffer) => createHmac('sha256', key).update(message).digest('hex');
    const actual = index.of('idNumber', ORG, 'D12345678');
    expect(actual).toBe(hmac(deriveKey(master, 'blind-index')));
    expect(actual).not.toBe(hmac(master));
    expect(actual).not.toBe(hmac(deriveKey(master, 'field-encryption')));
  });
});
