import { describe, expect, it } from 'vitest';
import { conflictFieldLabel, shownValue } from './conflict-fields.ts';

describe('conflict fields as shown', () => {
  it('names known fields in words and leaves others as their path', () => {
    expect(conflictFieldLabel('dateOfBirth')).toBe('Date of birth');
    expect(conflictFieldLabel('idDocument.number')).toBe('ID number');
    expect(conflictFieldLabel('address.zip')).toBe('address.zip');
  });
  it('says when a side holds nothing', () => {
    expect(shownValue(null)).toBe('(empty)');
    expect(shownValue('  ')).toBe('(empty)');
    expect(shownValue('1990-12-31')).toBe('1990-12-31');
  });
});
