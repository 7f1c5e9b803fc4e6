import { describe, expect, it } from 'vitest';
import { groupDuplicates } from './duplicate-groups.ts';

const pair = (a: string, b: string, reason = 'same_phone', detectedAt = '2026-01-01T00:00:00Z') => ({
  customerIds: [a, b] as [string, string],
  reason,
  detectedAt,
});

describe('groupDuplicates', () => {
  it('joins pairs that share a customer, transitively', () => {
    const groups = groupDuplicates([
      pair('a', 'b'),
      pair('c', 'd', 'same_email'),
      pair('b', 'e', 'same_email', '2026-02-01T00:00:00Z'),
      pair('e', 'a'),
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual({
      customerIds: ['a', 'b', 'e'],
      reasons: ['same_phone', 'same_email'],
      detectedAt: '2026-02-01T00:00:00Z',
    });
    expect(groups[1]!.customerIds).toEqual(['c', 'd']);
  });

  it('merges two groups that a later pair bridges', () => {
    const groups = groupDuplicates([pair('a', 'b'), pair('c', 'd'), pair('d', 'b')]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.customerIds.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps one reason once per group and answers no group for no pairs', () => {
    expect(groupDuplicates([])).toEqual([]);
    expect(groupDuplicates([pair('a', 'b'), pair('a', 'b', 'same_phone')])[0]!.reasons).toEqual(['same_phone']);
  });
});
