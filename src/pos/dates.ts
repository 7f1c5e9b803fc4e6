/**
 * The date and time formats vendors send, read into Patron's two forms: calendar dates as
 * `YYYY-MM-DD` and instants as ISO 8601 UTC (`…Z`).
 */

/** `YYYY-MM-DD` naming a real calendar day. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar date at the start of `value` (`2024-05-31 00:00:00.000` -> `2024-05-31`), or `null`. */
export function leadingCalendarDate(value: string): string | null {
  const date = value.trim().slice(0, 10);
  return isCalendarDate(date) ? date : null;
}

const OFFSET_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO date-time with an offset, also in the `-0800` form without a colon that Treez sends
 * [REFERENCE 1.2], as an ISO UTC instant; `null` when it has no offset or is not a date-time.
 */
export function offsetDateTimeToUtc(value: string): string | null {
  const match = OFFSET_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const zone = match[3] ?? 'Z';
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(ms) || !isCalendarDate(match[1] ?? '') ? null : new Date(ms).toISOString();
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/**
 * A wall-clock time without offset (`2024-05-31 09:54:13.000`), read in the store's IANA time zone,
 * as an ISO UTC instant; `null` when it is not such a value.
 */
export function localDateTimeToUtc(value: string, timeZone: string): string | null {
  const match = LOCAL_DATE_TIME.exec(value.trim());
  if (!match || !isCalendarDate(`${match[1]}-${match[2]}-${match[3]}`)) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  const wall = Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second, millis);
  // The offset at the guessed instant, corrected once for a DST change between guess and answer.
  let instant = wall - zoneOffsetMs(wall, timeZone);
  const corrected = wall - zoneOffsetMs(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant).toISOString();
}

/** How far `timeZone` is ahead of UTC at `instant`, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}
