/**
 * Reads a vendor record's values one at a time into neutral form and notes, per field, what was a
 * placeholder or could not be normalized. Every vendor's `mapping.ts` uses it, so "N/A", 1900-01-01
 * and invalid phones are treated the same everywhere [DESIGN "Real-world records"].
 */
import { isCalendarDate, leadingCalendarDate, localDateTimeToUtc, offsetDateTimeToUtc } from './dates.ts';
import { isPlaceholderDate, isPlaceholderText, normalizeEmail, normalizePhone } from './normalize.ts';
import type { PosFieldIssue } from './port.ts';

type Raw = string | null | undefined;

export class RecordReader {
  readonly issues: PosFieldIssue[] = [];

  /** Trimmed text; `null` for missing, empty or placeholder values. Case is kept as the POS has it. */
  text(field: string, raw: Raw): string | null {
    if (raw === null || raw === undefined) return null;
    const value = raw.replace(/\s+/g, ' ').trim();
    if (value === '') return null;
    if (isPlaceholderText(value)) {
      this.issues.push({ field, problem: 'placeholder', raw });
      return null;
    }
    return value;
  }

  /** E.164 when valid; otherwise the value as the POS holds it, flagged (a record never loses data). */
  phone(field: string, raw: Raw): string | null {
    const value = this.text(field, raw);
    if (value === null) return null;
    const e164 = normalizePhone(value);
    if (e164 === null) this.issues.push({ field, problem: 'unparseable', raw: value });
    return e164 ?? value;
  }

  /** Lower-cased when valid; otherwise kept as it came, flagged. */
  email(field: string, raw: Raw): string | null {
    const value = this.text(field, raw);
    if (value === null) return null;
    const email = normalizeEmail(value);
    if (email === null) this.issues.push({ field, problem: 'unparseable', raw: value });
    return email ?? value;
  }

  /** `YYYY-MM-DD` from a date or a date-time string; `null` (flagged) for placeholders and garbage. */
  date(field: string, raw: Raw): string | null {
    const value = this.text(field, raw);
    if (value === null) return null;
    const date = isCalendarDate(value) ? value : leadingCalendarDate(value);
    if (date === null) {
      this.issues.push({ field, problem: 'unparseable', raw: value });
      return null;
    }
    if (isPlaceholderDate(date)) {
      this.issues.push({ field, problem: 'placeholder', raw: value });
      return null;
    }
    return date;
  }

  /** An instant from a date-time with offset, or from a local one read in `timeZone`. */
  instant(field: string, raw: Raw, timeZone: string): string | null {
    const value = this.text(field, raw);
    if (value === null) return null;
    const instant = offsetDateTimeToUtc(value) ?? localDateTimeToUtc(value, timeZone);
    if (instant === null) this.issues.push({ field, problem: 'unparseable', raw: value });
    else if (isPlaceholderDate(instant.slice(0, 10))) {
      this.issues.push({ field, problem: 'placeholder', raw: value });
      return null;
    }
    return instant;
  }
}
