/**
 * The medical card's expiry: whether the card on file has expired (GET /me's `medical.expiresOn`),
 * and the new expiry as typed on the keypad, month / day / year like the date of birth (same digits,
 * same display), but a date that has not passed yet.
 */
import { birthDateParts, localIsoDate } from './birth-date-entry.ts';

/** The day the card on file expired, or null when there is no card or it is still valid today. */
export function expiredCardOn(medical: { expiresOn: string } | null | undefined, now: Date): string | null {
  if (!medical) return null;
  return medical.expiresOn < localIsoDate(now) ? medical.expiresOn : null;
}

export type ExpiryCheck = { ok: true; isoDate: string } | { ok: false; message: string };

// A card valid for longer than this is a typing slip (US medical cards run one to a few years).
const FURTHEST_YEARS = 10;

/** A complete, real date from today on, as `YYYY-MM-DD`; else what is wrong, in words. */
export function checkCardExpiry(digits: string, now: Date): ExpiryCheck {
  if (digits.length < 8) return { ok: false, message: 'Enter the month, day and year: 8 digits.' };
  const { month, day, year } = birthDateParts(digits);
  const m = Number(month);
  const d = Number(day);
  const y = Number(year);
  if (m < 1 || m > 12) return { ok: false, message: 'The month is 01 to 12.' };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (d < 1 || date.getUTCMonth() !== m - 1) return { ok: false, message: `That month has no day ${day}.` };
  const isoDate = `${year}-${month}-${day}`;
  if (isoDate < localIsoDate(now)) {
    return { ok: false, message: 'That date has passed: enter the expiry printed on your new card.' };
  }
  if (y > now.getFullYear() + FURTHEST_YEARS) return { ok: false, message: 'Check the year.' };
  return { ok: true, isoDate };
}
