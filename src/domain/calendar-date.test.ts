import { describe, expect, it } from 'vitest';
import { CalendarDate, calendarDateIn, toCalendarDate } from './calendar-date.ts';

describe('calendar dates', () => {
  it('accepts Feb 29 of a leap year and refuses it in a common year', () => {
    expect(CalendarDate.safeParse('2024-02-29').success).toBe(true);
    expect(CalendarDate.safeParse('2025-02-29').success).toBe(false);
  });

  it('refuses dates with a time or another layout', () => {
    expect(CalendarDate.safeParse('2024-02-01T00:00:00Z').success).toBe(false);
    expect(CalendarDate.safeParse('02/01/2024').success).toBe(false);
  });

  it('reads a Date as its UTC calendar date', () => {
    expect(toCalendarDate(new Date('2026-01-31T23:30:00Z'))).toBe('2026-01-31');
  });

  it("gives a store's local date, which can differ from the UTC date", () => {
    const evening = new Date('2026-02-01T03:30:00Z');
    expect(calendarDateIn(evening, 'America/Los_Angeles')).toBe('2026-01-31');
    expect(calendarDateIn(evening, 'UTC')).toBe('2026-02-01');
  });
});
