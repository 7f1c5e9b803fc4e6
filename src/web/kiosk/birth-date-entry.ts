/**
 * The date of birth as tapped on the keypad: eight digits, month, day, year (the US order people
 * write it in), shown as `04 / 02 / 1988` while typed. No calendar: scrolling back forty years on a
 * touch screen is the slowest way to enter a birthday.
 */

export interface BirthDateParts {
  month: string;
  day: string;
  year: string;
}

export function pressBirthDateDigit(digits: string, digit: string): string {
  if (!/^\d$/.test(digit) || digits.length >= 8) return digits;
  return digits + digit;
}

export function birthDateParts(digits: string): BirthDateParts {
  return { month: digits.slice(0, 2), day: digits.slice(2, 4), year: digits.slice(4, 8) };
}

export type BirthDateCheck = { ok: true; isoDate: string } | { ok: false; message: string };

/** A complete, real date in the past, as `YYYY-MM-DD`; else what is wrong, in words. */
export function checkBirthDate(digits: string, today: Date): BirthDateCheck {
  if (digits.length < 8) return { ok: false, message: 'Enter the month, day and year: 8 digits.' };
  const { month, day, year } = birthDateParts(digits);
  const m = Number(month);
  const d = Number(day);
  const y = Number(year);
  if (m < 1 || m > 12) return { ok: false, message: 'The month is 01 to 12.' };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (d < 1 || date.getUTCMonth() !== m - 1) return { ok: false, message: `That month has no day ${day}.` };
  const isoDate = `${year}-${month}-${day}`;
  if (isoDate >= localIsoDate(today)) return { ok: false, message: 'A date of birth is in the past.' };
  if (y < today.getFullYear() - 120) return { ok: false, message: 'Check the year.' };
  return { ok: true, isoDate };
}

/** Today's date where the kiosk stands, `YYYY-MM-DD`. */
export function localIsoDate(now: Date): string {
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${m}-${d}`;
}

/** Whole years from a `YYYY-MM-DD` birthday to today (a birthday today counts). */
export function ageOn(isoBirthDate: string, now: Date): number {
  const [y, m, d] = isoBirthDate.split('-').map(Number) as [number, number, number];
  const today = localIsoDate(now);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** `1988-04-02` → `04/02/1988`. */
export function usDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${m}/${d}/${y}`;
}
