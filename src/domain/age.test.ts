import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, isAtLeast, minimumAgeFor } from './age.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

describe('age on a calendar date', () => {
  it('counts a 21st birthday today as 21', () => {
    expect(ageOn('2005-03-15', '2026-03-15')).toBe(21);
  });

  it('counts the day before the 21st birthday as 20', () => {
    expect(ageOn('2005-03-15', '2026-03-14')).toBe(20);
  });

  it('takes a Date as "today", read in UTC', () => {
    expect(ageOn('2005-03-15', new Date('2026-03-15T00:00:00Z'))).toBe(21);
    expect(ageOn('2005-03-15', new Date('2026-03-14T23:59:59Z'))).toBe(20);
  });

  it('has a Feb 29 birthday arrive on Mar 1 in a common year', () => {
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
  });

  it('has a Feb 29 birthday arrive on Feb 29 in a leap year', () => {
    expect(ageOn('2004-02-29', '2024-02-28')).toBe(19);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it('needs 21 years for adult use and 18 for medical', () => {
    expect(minimumAgeFor('adult')).toBe(21);
    expect(minimumAgeFor('medical')).toBe(18);
    expect(isAtLeast('2008-03-15', minimumAgeFor('medical'), '2026-03-15')).toBe(true);
    expect(isAtLeast('2008-03-16', minimumAgeFor('medical'), '2026-03-15')).toBe(false);
  });

  it('refuses a "today" that is not a calendar date instead of guessing', () => {
    expect(() => ageOn('2000-01-01', '2026-02-30')).toThrow(TypeError);
  });

  it('gives exactly N on the Nth anniversary of any date that is not Feb 29', () => {
    const birthDates = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
      .map(isoDate)
      .filter((d) => !d.endsWith('-02-29'));
    fc.assert(
      fc.property(birthDates, fc.integer({ min: 0, max: 120 }), (born, years) => {
        const anniversary = `${pad(Number(born.slice(0, 4)) + years, 4)}${born.slice(4)}`;
        expect(ageOn(born, anniversary)).toBe(years);
      }),
    );
  });

  it('never decreases as time passes', () => {
    const day = fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
      .map(isoDate);
    fc.assert(
      fc.property(day, day, day, (born, a, b) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        expect(ageOn(born, later)).toBeGreaterThanOrEqual(ageOn(born, earlier));
      }),
    );
  });
});
