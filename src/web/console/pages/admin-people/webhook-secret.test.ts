import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, SECRET_MIN_LENGTH } from './webhook-secret.ts';

describe('a generated webhook secret', () => {
  it('is 32 random bytes in hex, long enough for the API', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(secret.length).toBeGreaterThanOrEqual(SECRET_MIN_LENGTH);
  });
  it('differs each time', () => {
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
  });
  it('writes every byte as two hex digits', () => {
    expect(generateWebhookSecret((b) => b.fill(10))).toBe(`whsec_${'0a'.repeat(32)}`);
  });
});
