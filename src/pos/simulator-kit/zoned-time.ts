/** Formats instants as a vendor in a given store time zone writes them (simulators only). */
export interface ZonedParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm:ss.SSS */
  time: string;
  /** `-07:00` */
  offset: string;
}

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const ms = String(instant.getUTCMilliseconds()).padStart(3, '0');
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}.${ms}`,
    offset,
  };
}
