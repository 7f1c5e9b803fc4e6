/**
 * Identity values read from a POS, normalized the way Patron stores them: phones to E.164 (US by
 * default), emails trimmed and lower-cased, and the stand-ins POS data uses for "nothing" recognised.
 * Written here because `src/domain/` had no phone or email helper yet; pure, so it can move there.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/** E.164 (`+17025550123`) when `raw` is a valid number, else `null`. */
export function normalizePhone(raw: string, region: CountryCode = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), region);
  return parsed?.isValid() ? parsed.number : null;
}

/** The 10 national digits of a NANP number (`+17025550123` -> `7025550123`), else `null`. */
export function usNationalDigits(phone: string): string | null {
  const e164 = normalizePhone(phone);
  return e164?.startsWith('+1') && e164.length === 12 ? e164.slice(2) : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/** Strings POS systems store instead of leaving a field empty [REFERENCE 1.8, 4.8]. */
const PLACEHOLDER_TEXT = new Set(['', 'n/a', 'na', 'none', 'null', 'undefined', '-', '--', 'unknown']);

export function isPlaceholderText(raw: string): boolean {
  return PLACEHOLDER_TEXT.has(raw.trim().toLowerCase());
}

/** Dates POS systems store for an unknown date (the year 1900 and the zero date) [REFERENCE 4.8]. */
export function isPlaceholderDate(isoDate: string): boolean {
  return isoDate.startsWith('1900-') || isoDate.startsWith('0001-') || isoDate === '1899-12-31';
}
