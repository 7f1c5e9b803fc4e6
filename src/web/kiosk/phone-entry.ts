/**
 * The phone number as the customer taps it on the keypad: digits only, at most a US number's ten
 * (eleven with a leading 1), shown formatted as it grows — `(702) 555-0123` — by libphonenumber-js,
 * the library the server normalizes with, so what the screen shows is what the server will store.
 */
import { AsYouType } from 'libphonenumber-js/min';

const MAX_DIGITS = 11;

/** The digits after one more key press (ignored once the number is complete). */
export function pressPhoneDigit(digits: string, digit: string): string {
  if (!/^\d$/.test(digit)) return digits;
  if (isCompletePhone(digits)) return digits;
  if (digits.length === 0 && digit === '1') return '1'; // a country code, allowed but not required
  return (digits + digit).slice(0, MAX_DIGITS);
}

export function isCompletePhone(digits: string): boolean {
  return digits.startsWith('1') ? digits.length === 11 : digits.length === 10;
}

/** `7025550123` → `(702) 555-0123`, and the partial forms on the way there. */
export function formatPhone(digits: string): string {
  if (digits === '') return '';
  return new AsYouType('US').input(digits);
}

/** Digits of a stored E.164 number (`+17025550123` → `7025550123`), to prefill the keypad. */
export function phoneDigitsOf(e164: string | null | undefined): string {
  if (!e164) return '';
  const digits = e164.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}
