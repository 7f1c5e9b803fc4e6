/**
 * Calendar dates (`YYYY-MM-DD`) without time zones. Rules that depend on "today" take it as a
 * parameter so they stay deterministic in tests and so the caller decides whose today it is (a
 * store's local date, not the server's).
 */
import { z } from 'zod';

/** A real calendar date as `YYYY-MM-DD` (zod checks month lengths and leap days). */
export const CalendarDate = z.iso.date({
  // Only for a string in the wrong layout; a missing value keeps the general "is required".
  error: (issue) => (typeof issue.input === 'string' ? 'must be a date as YYYY-MM-DD, e.g. 1988-04-02' : undefined),
});

/** "Today" as rules accept it: a calendar date, or an instant read as a UTC date. */
export type Today = Date | string;

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date of `today`. A Date is read in UTC; pass the store's local date as a string when it matters. */
export function toCalendarDate(today: Today): string {
  if (typeof today === 'string') {
    if (!CalendarDate.safeParse(today).success) throw new TypeError(`not a calendar date: ${today}`);
    return today;
  }
  if (Number.isNaN(today.getTime())) throw new TypeError('not a valid Date');
  return today.toISOString().slice(0, 10);
}

/** The calendar date at `instant` in an IANA time zone, e.g. the store's "today" for age checks. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function dateParts(date: string): DateParts {
  if (!DATE_SHAPE.test(date)) throw new TypeError(`not a calendar date: ${date}`);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** `YYYY-MM-DD` strings compare correctly as text; this names the intent. */
export function isBefore(a: string, b: string): boolean {
  return a < b;
}
