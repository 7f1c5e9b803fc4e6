/**
 * Age and eligibility by calendar date. Ages are whole years; a birthday on Feb 29 comes on Mar 1
 * in common years, the conservative reading: no one is ever treated as older than they are.
 */
import { dateParts, type Today, toCalendarDate } from './calendar-date.ts';

export const ADULT_USE_MINIMUM_AGE = 21;
export const MEDICAL_MINIMUM_AGE = 18;
/** Older than this is taken for a typo or a POS placeholder (e.g. 1900-01-01), not a customer. */
export const MAXIMUM_PLAUSIBLE_AGE = 120;

export type CustomerType = 'adult' | 'medical';

export function minimumAgeFor(customerType: CustomerType): number {
  return customerType === 'adult' ? ADULT_USE_MINIMUM_AGE : MEDICAL_MINIMUM_AGE;
}

/** Completed years between `dateOfBirth` and `today` (negative when born after today). */
export function ageOn(dateOfBirth: string, today: Today): number {
  const born = dateParts(dateOfBirth);
  const now = dateParts(toCalendarDate(today));
  const birthdayPassed = now.month > born.month || (now.month === born.month && now.day >= born.day);
  return now.year - born.year - (birthdayPassed ? 0 : 1);
}

export function isAtLeast(dateOfBirth: string, years: number, today: Today): boolean {
  return ageOn(dateOfBirth, today) >= years;
}
