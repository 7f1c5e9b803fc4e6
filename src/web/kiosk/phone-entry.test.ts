import { describe, expect, it } from 'vitest';
import { formatPhone, isCompletePhone, phoneDigitsOf, pressPhoneDigit } from './phone-entry.ts';

const typed = (keys: string) => [...keys].reduce(pressPhoneDigit, '');

describe('phone entry on the keypad', () => {
  it('formats as it is typed, the US way', () => {
    expect(formatPhone(typed('702'))).toBe('(702)');
    expect(formatPhone(typed('7025'))).toBe('(702) 5');
    expect(formatPhone(typed('7025550123'))).toBe('(702) 555-0123');
  });

  it('is complete at ten digits, or eleven after a leading 1, and takes no more', () => {
    expect(isCompletePhone(typed('702555012'))).toBe(false);
    expect(isCompletePhone(typed('7025550123'))).toBe(true);
    expect(typed('70255501234')).toBe('7025550123');
    expect(isCompletePhone(typed('17025550123'))).toBe(true);
    expect(formatPhone(typed('17025550123'))).toBe('1 (702) 555-0123');
  });

  it('ignores anything that is not a digit', () => {
    expect(pressPhoneDigit('70', 'x')).toBe('70');
  });

  it('reads the digits back from a stored E.164 number', () => {
    expect(phoneDigitsOf('+17025550123')).toBe('7025550123');
    expect(phoneDigitsOf(null)).toBe('');
  });
});
