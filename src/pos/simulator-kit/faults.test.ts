import { describe, expect, it } from 'vitest';
import { Faults } from './faults.ts';

describe('faults', () => {
  it('uses up bursts exactly, one call at a time, then answers no fault', () => {
    const faults = new Faults({ resetBurst: 1, rateLimitBurst: 2, serverErrorBurst: 1 });
    const drawn = Array.from({ length: 6 }, () => faults.draw());
    expect(drawn).toEqual(['reset', 'rate-limited', 'rate-limited', 'server-error', null, null]);
  });

  it('draws rate-based faults in about the set share, the same way for the same seed', () => {
    const draws = (seed: number) => {
      const faults = new Faults({ serverErrorRate: 0.25 }, seed);
      return Array.from({ length: 2000 }, () => faults.draw());
    };
    const errors = draws(5).filter((f) => f === 'server-error').length;
    expect(errors).toBeGreaterThan(400);
    expect(errors).toBeLessThan(600);
    expect(draws(5)).toEqual(draws(5));
  });

  it('always breaks the records named in malformedIds and no others when the rate is zero', () => {
    const faults = new Faults({ malformedIds: ['7'] });
    expect(faults.breaks('7')).toBe(true);
    expect(faults.breaks('8')).toBe(false);
  });

  it('refuses settings out of range', () => {
    const faults = new Faults();
    expect(() => faults.set({ serverErrorRate: 2 })).toThrow();
  });
});
