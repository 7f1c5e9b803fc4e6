/** The pure reading of list filter values: birthdays, age ranges as birth dates, range bounds. */
import { describe, expect, it } from 'vitest';
import { ageOn } from '../domain/age.ts';
import { addDays, birthDatesForAges, birthdayKey, latestBirthDateAged, rangeBound } from './filter-values.ts';

describe('birthdayKey', () => {
  it('reads MM-DD as month * 100 + day, Feb 29 included', () => {
    expect(birthdayKey('04-02')).toBe(402);
    expect(birthdayKey('12-31')).toBe(1231);
    expect(birthdayKey('02-29')).toBe(229);
  });

  it('refuses days no year has and other layouts', () => {
    for (const bad of ['13-40', '02-30', '04-31', '00-10', '7-4', '07-4', '0704', '2026-07-04', '']) {
      expect(birthdayKey(bad), bad).toBeNull();
    }
  });
});

describe('age ranges as dates of birth', () => {
  it('agrees with the age rule (ageOn) for every birth date around each edge, leap days included', () => {
    const todays = ['2026-12-02', '2028-02-29', '2027-02-28', '2027-03-01', '2024-03-01', '2026-01-01'];
    for (const today of todays) {
      for (const years of [0, 18, 21, 30, 65]) {
        const edge = latestBirthDateAged(years, today);
        // Every birth date within a week of the edge: at least `years` old exactly when on or before it.
        for (let d = -7; d <= 7; d++) {
          const born = addDays(edge, d);
          expect(ageOn(born, today) >= years, `${born} on ${today}, ${years}`).toBe(born <= edge);
        }
      }
    }
  });

  it('gives an exclusive lower and an inclusive upper birth date for ageMax and ageMin', () => {
    expect(birthDatesForAges(21, 30, '2026-12-02')).toEqual({ after: '1995-12-02', onOrBefore: '2005-12-02' });
    expect(birthDatesForAges(undefined, undefined, '2026-12-02')).toEqual({});
  });
});

describe('rangeBound', () => {
  it('reads a date as a whole UTC day: its start from, the next day as an end through it, its start before it', () => {
    expect(rangeBound('2026-01-31', 'from').toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(rangeBound('2026-01-31', 'through').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(rangeBound('2026-01-31', 'before').toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });

  it('reads an instant as itself, whatever its offset', () => {
    expect(rangeBound('2026-01-31T17:00:00-08:00', 'through').toISOString()).toBe('2026-02-01T01:00:00.000Z');
  });
});
