import { describe, expect, it } from 'vitest';
import { localDateTimeToUtc, offsetDateTimeToUtc } from './dates.ts';
import { isPlaceholderText, normalizeEmail, normalizePhone, usNationalDigits } from './normalize.ts';
import { RecordReader } from './record-reader.ts';

describe('normalize', () => {
  it('turns US phone numbers in any punctuation into E.164', () => {
    expect(normalizePhone('7025550123')).toBe('+17025550123');
    expect(normalizePhone('(303) 555-1234')).toBe('+13035551234');
    expect(normalizePhone('+1 619 555 0123')).toBe('+16195550123');
  });

  it('refuses phone numbers that cannot exist', () => {
    expect(normalizePhone('0123456789')).toBeNull();
    expect(normalizePhone('7777777777')).toBeNull();
    expect(normalizePhone('555-0123')).toBeNull();
  });

  it('gives the 10 national digits of a US number and nothing for others', () => {
    expect(usNationalDigits('+17025550123')).toBe('7025550123');
    expect(usNationalDigits('+442079460958')).toBeNull();
  });

  it('lower-cases and trims valid emails and refuses others', () => {
    expect(normalizeEmail(' SCOTT20@Mail.com ')).toBe('scott20@mail.com');
    expect(normalizeEmail('not an email')).toBeNull();
  });

  it('recognises placeholder strings whatever their case', () => {
    for (const value of ['N/A', 'n/a', 'NONE', '  ', '-']) expect(isPlaceholderText(value)).toBe(true);
    expect(isPlaceholderText('Nadia')).toBe(false);
  });
});

describe('dates', () => {
  it('reads offsets with and without a colon as the same instant', () => {
    expect(offsetDateTimeToUtc('2026-01-11T13:56:05.000-0800')).toBe('2026-01-11T21:56:05.000Z');
    expect(offsetDateTimeToUtc('2026-01-11T13:56:05.000-08:00')).toBe('2026-01-11T21:56:05.000Z');
    expect(offsetDateTimeToUtc('2026-01-11T21:56:05Z')).toBe('2026-01-11T21:56:05.000Z');
  });

  it('does not guess an instant for a date-time without offset', () => {
    expect(offsetDateTimeToUtc('2024-05-31 09:54:13.000')).toBeNull();
  });

  it('reads a local wall-clock time in the store time zone, summer and winter', () => {
    expect(localDateTimeToUtc('2024-05-31 09:54:13.000', 'America/Los_Angeles')).toBe('2024-05-31T16:54:13.000Z');
    expect(localDateTimeToUtc('2024-12-31 09:54:13.5', 'America/Los_Angeles')).toBe('2024-12-31T17:54:13.500Z');
    expect(localDateTimeToUtc('2024-05-31 09:54:13', 'UTC')).toBe('2024-05-31T09:54:13.000Z');
  });
});

describe('record reader', () => {
  it('reads placeholders as missing and notes each one', () => {
    const reader = new RecordReader();
    expect(reader.text('notes', 'N/A')).toBeNull();
    expect(reader.date('dateOfBirth', '1900-01-01')).toBeNull();
    expect(reader.issues).toEqual([
      { field: 'notes', problem: 'placeholder', raw: 'N/A' },
      { field: 'dateOfBirth', problem: 'placeholder', raw: '1900-01-01' },
    ]);
  });

  it('keeps an invalid phone as it came and flags it', () => {
    const reader = new RecordReader();
    expect(reader.phone('phone', '7777777777')).toBe('7777777777');
    expect(reader.issues).toEqual([{ field: 'phone', problem: 'unparseable', raw: '7777777777' }]);
  });

  it('keeps the case of names but collapses stray whitespace', () => {
    const reader = new RecordReader();
    expect(reader.text('firstName', '  KATHLEEN   ANN ')).toBe('KATHLEEN ANN');
    expect(reader.issues).toEqual([]);
  });

  it('takes the date part of a date written with a time', () => {
    const reader = new RecordReader();
    expect(reader.date('medical.expiresOn', '2024-05-31 00:00:00.000')).toBe('2024-05-31');
    expect(reader.date('dateOfBirth', '31/05/2024')).toBeNull();
    expect(reader.issues).toEqual([{ field: 'dateOfBirth', problem: 'unparseable', raw: '31/05/2024' }]);
  });
});
