/** The date of birth (or another date: `label`) being typed, as three boxes: month / day / year. */
import { birthDateParts } from '../birth-date-entry.ts';

export function BirthDateDisplay({
  digits,
  describedBy,
  label = 'Date of birth',
}: {
  digits: string;
  describedBy?: string;
  label?: string;
}) {
  const { month, day, year } = birthDateParts(digits);
  const spoken = digits === '' ? 'empty' : [month, day, year].filter(Boolean).join(' ');
  return (
    <output
      className="date-display"
      aria-live="polite"
      aria-label={`${label}: ${spoken}`}
      aria-describedby={describedBy}
    >
      <span className={`date-part${month.length < 2 ? ' date-part-current' : ''}`} aria-hidden="true">
        <span className="date-label">Month</span>
        {month.padEnd(2, '–')}
      </span>
      <span className="date-sep" aria-hidden="true">
        /
      </span>
      <span
        className={`date-part${month.length === 2 && day.length < 2 ? ' date-part-current' : ''}`}
        aria-hidden="true"
      >
        <span className="date-label">Day</span>
        {day.padEnd(2, '–')}
      </span>
      <span className="date-sep" aria-hidden="true">
        /
      </span>
      <span className={`date-part date-part-year${day.length === 2 ? ' date-part-current' : ''}`} aria-hidden="true">
        <span className="date-label">Year</span>
        {year.padEnd(4, '–')}
      </span>
    </output>
  );
}
