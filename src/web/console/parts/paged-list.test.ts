import { describe, expect, it } from 'vitest';
import { itemsOf, pagePath } from './paged-list.ts';

describe('paged lists', () => {
  it('asks for a page with its limit and cursor', () => {
    expect(pagePath('/users', 50, null)).toBe('/users?limit=50');
    expect(pagePath('/users', 50, 'abc')).toBe('/users?limit=50&cursor=abc');
    expect(pagePath('/sync-runs?storeId=1', 20, null)).toBe('/sync-runs?storeId=1&limit=20');
  });
  it('joins the pages read and knows when the list is whole', () => {
    expect(itemsOf([{ items: [1, 2], nextCursor: 'x' }])).toEqual({ items: [1, 2], complete: false });
    expect(
      itemsOf([
        { items: [1, 2], nextCursor: 'x' },
        { items: [3], nextCursor: null },
      ]),
    ).toEqual({ items: [1, 2, 3], complete: true });
    expect(itemsOf(undefined)).toEqual({ items: [], complete: false });
  });
});
