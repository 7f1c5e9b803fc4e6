import { describe, expect, it } from 'vitest';
import { ageOn, birthDateParts, checkBirthDate, pressBirthDateDigit, usDate } from './birth-date-entry.ts';

const today = new Date(2026, 11, 2, 10, 0); // 2 December 2026, local time

describe('date of birth entry', () => {
  it('splits the digits into month, day and year as typed, and takes eight at most', () => {
    const digits = [...'040219881'].reduce(pressBirthDateDigit, '');
    expect(digits).toBe('04021988');
    expect(birthDateParts('0402')).toEqual({ month: '04', day: '02', year: '' });
  });

  it('accepts a real past date and gives it as YYYY-MM-DD', () => {
    expect(checkBirthDate('04021988', today)).toEqual({ ok: true, isoDate: '1988-04-02' });
    expect(checkBirthDate('02292000', today)).toEqual({ ok: true, isoDate: '2000-02-29' });
  });

  it('says in words what is wrong with an impossible, future or unfinished date', () => {
    expect(checkBirthDate('13021988', today)).toEqual({ ok: false, message: 'The month is 01 to 12.' });
    expect(checkBirthDate('02302000', today)).toEqual({ ok: false, message: 'That month has no day 30.' });
    expect(checkBirthDate('02291999', today)).toEqual({ ok: false, message: 'That month has no day 29.' });
    expect(checkBirthDate('12032026', today)).toEqual({ ok: false, message: 'A date of birth is in the past.' });
    expect(checkBirthDate('0402', today).ok).toBe(false);
  });

  it('counts whole years, a birthday today included', () => {
    expect(ageOn('2005-12-02', today)).toBe(21);
    expect(ageOn('2005-12-03', today)).toBe(20);
    expect(ageOn('1988-04-02', today)).toBe(38);
  });

  it('shows a date the US way', () => {
    expect(usDate('1988-04-02')).toBe('04/02/1988');
  });
});
