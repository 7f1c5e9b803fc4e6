import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.ts';

const whitespace = fc.constantFrom('', ' ', '  ', '\t', '\n');

/** Upper-cases a random selection of the characters of `s`. */
function scrambleCase(s: string, flips: boolean[]): string {
  return Array.from(s, (c, i) => (flips[i % Math.max(1, flips.length)] ? c.toUpperCase() : c)).join('');
}

describe('email normalization', () => {
  it('trims and lower-cases an address', () => {
    expect(normalizeEmail('  Kathleen.Scott@Example.COM ')).toBe('kathleen.scott@example.com');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        expect(normalizeEmail(normalizeEmail(raw))).toBe(normalizeEmail(raw));
      }),
    );
  });

  it('gives the same key for case and surrounding whitespace variants of one address', () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        whitespace,
        whitespace,
        fc.array(fc.boolean(), { minLength: 1 }),
        (email, before, after, flips) => {
          expect(normalizeEmail(`${before}${scrambleCase(email, flips)}${after}`)).toBe(normalizeEmail(email));
        },
      ),
    );
  });
});
