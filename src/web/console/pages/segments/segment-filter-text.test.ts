import { describe, expect, it } from 'vitest';
import { segmentFilterText } from './segment-filter-text.ts';

describe('a segment filter in words', () => {
  it('uses the search chips for the filters the search page knows', () => {
    expect(segmentFilterText({ customerType: 'medical' })).toEqual(['Type: Medical']);
  });

  it('words the prebuilt segments’ own filters', () => {
    expect(segmentFilterText({ birthMonth: '12' })).toEqual(['Born in December']);
    expect(segmentFilterText({ medicalExpiringWithinDays: '30' })).toEqual(['Card expiring within: 30 days']);
  });

  it('says nothing for an empty filter (every customer)', () => {
    expect(segmentFilterText({})).toEqual([]);
  });
});
