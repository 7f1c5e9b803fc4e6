import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

/** Valid US area codes and exchanges: NXX, N = 2..9; 555-01xx is the range reserved for examples. */
const usNumber = fc.record({
  area: fc.constantFrom('702', '775', '213', '312', '415', '646', '720', '503'),
  exchange: fc.integer({ min: 200, max: 999 }).map(String),
  line: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
});

const layouts: ReadonlyArray<(a: string, e: string, l: string) => string> = [
  (a, e, l) => `(${a}) ${e}-${l}`,
  (a, e, l) => `${a}.${e}.${l}`,
  (a, e, l) => `+1 ${a} ${e} ${l}`,
  (a, e, l) => `${a}${e}${l}`,
  (a, e, l) => `1-${a}-${e}-${l}`,
  (a, e, l) => `+1 (${a}) ${e}-${l}`,
  (a, e, l) => `  ${a} ${e} ${l}  `,
];

describe('phone normalization', () => {
  it('treats (702) 555-0123, 702.555.0123 and +1 702 555 0123 as the same number', () => {
    expect(normalizePhone('(702) 555-0123')).toBe('+17025550123');
    expect(normalizePhone('702.555.0123')).toBe('+17025550123');
    expect(normalizePhone('+1 702 555 0123')).toBe('+17025550123');
  });

  it('keeps a number with a country code outside the US', () => {
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('reads a number without country code in the given default region', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('refuses what is not a valid number', () => {
    for (const raw of ['', '123', '555-0123', '(702) 555-01234', '(000) 000-0000', 'call me', '+1 702 555 0123 abc']) {
      expect(normalizePhone(raw), raw).toBeNull();
    }
  });

  it('refuses a number with an extension, which reaches no one by SMS', () => {
    expect(normalizePhone('702 555 0123 ext 5')).toBeNull();
  });

  it('gives the same E.164 for every common way of writing a US number', () => {
    fc.assert(
      fc.property(
        usNumber,
        fc.constantFrom(...layouts),
        fc.constantFrom(...layouts),
        ({ area, exchange, line }, f, g) => {
          const first = normalizePhone(f(area, exchange, line));
          expect(first).toBe(normalizePhone(g(area, exchange, line)));
          if (first !== null) expect(first).toBe(`+1${area}${exchange}${line}`);
        },
      ),
    );
  });

  it('is idempotent: a normalized number normalizes to itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          usNumber.map(({ area, exchange, line }) => `${area}-${exchange}-${line}`),
        ),
        (raw) => {
          const once = normalizePhone(raw);
          if (once !== null) expect(normalizePhone(once)).toBe(once);
        },
      ),
    );
  });
});
