import { describe, expect, it } from 'vitest';
import { otherFormsOf } from './nicknames.ts';

describe('other forms of a given name', () => {
  it('lead from a short form to the full names it stands for', () => {
    expect(otherFormsOf('bob')).toEqual(['robert']);
    expect(otherFormsOf('kathy')).toEqual(['katherine', 'kathleen', 'kathryn']);
  });

  it('lead from a full name to its short forms', () => {
    expect(otherFormsOf('william')).toEqual(expect.arrayContaining(['bill', 'will', 'liam']));
  });

  it('know nothing of a name without other forms', () => {
    expect(otherFormsOf('zephyrine')).toEqual([]);
  });
});
