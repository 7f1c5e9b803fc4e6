/**
 * The pure reading of list filter values (customers/search-filters.ts): a birthday as month and day,
 * an age as a range of birth dates on a given "today", and a date-or-instant as a range bound. No
 * I/O: the caller says whose today it is.
 */
import { dateParts } from '../domain/calendar-date.ts';

/** `MM-DD` of a real day of some year (02-29 included): 1..12 and 1..the month's longest. */
export const BIRTHDAY_SHAPE = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `04-02` as 402, the key of `customers.birthday_md`; null when no year has that day. */
export function birthdayKey(value: string): number | null {
  const m = BIRTHDAY_SHAPE.exec(value);
  if (!m) return null;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return day <= LONGEST_MONTH[month - 1]! ? month * 100 + day : null;
}

/**
 * The latest date of birth of someone at least `years` old on `today` (`YYYY-MM-DD`): the same day
 * `years` years back, or Feb 28 when that is a Feb 29 of a common year. It agrees with `ageOn`, whose
 * Feb 29 birthday comes on Mar 1 in common years (`ageOn(d, today) >= years` ⟺ `d <= this`).
 */
export function latestBirthDateAged(years: number, today: string): string {
  const { year, month, day } = dateParts(today);
  const y = year - years;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const d = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Dates of birth of an age range in whole years on `today`: `from` exclusive, `to` inclusive. */
export function birthDatesForAges(
  ageMin: number | undefined,
  ageMax: number | undefined,
  today: string,
): { after?: string; onOrBefore?: string } {
  return {
    ...(ageMax !== undefined ? { after: latestBirthDateAged(ageMax + 1, today) } : {}),
    ...(ageMin !== undefined ? { onOrBefore: latestBirthDateAged(ageMin, today) } : {}),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A range bound given as an ISO instant or a date, as an instant. A date is a whole UTC day: as a
 * lower bound (`createdFrom`, `lastVisitAfter`) its start; as an upper bound that includes it
 * (`createdTo`, `updatedTo`) the start of the next day, exclusive; as `lastVisitBefore` its start,
 * exclusive (before that day). An instant is itself: lower bounds inclusive, upper bounds exclusive.
 */
export function rangeBound(value: string, as: 'from' | 'through' | 'before'): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  const start = new Date(`${value}T00:00:00.000Z`);
  return as === 'through' ? new Date(start.getTime() + 86_400_000) : start;
}

/** Today plus `days` days (`YYYY-MM-DD`). */
export function addDays(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
