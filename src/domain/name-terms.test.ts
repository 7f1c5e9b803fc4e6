import { describe, expect, it } from 'vitest';
import { nameTermOf, oneLetterDeletionsOf, queryTermsOf } from './name-terms.ts';

describe('name terms', () => {
  it('fold accents, case, apostrophes and hyphens into one term', () => {
    expect(nameTermOf("O'Brien-Díaz")).toBe('obriendiaz');
    expect(nameTermOf('ZOË')).toBe('zoe');
    expect(nameTermOf('Straße')).toBe('strasse');
    expect(nameTermOf('Łukasz')).toBe('lukasz');
    expect(nameTermOf('De la Cruz')).toBe('delacruz');
  });

  it('leave nothing for a name without letters or digits', () => {
    expect(nameTermOf(" -' ")).toBeNull();
  });

  it('split a query at spaces and commas, so "Smith, Kathleen" is two words', () => {
    expect(queryTermsOf('Smith, Kathleen')).toEqual(['smith', 'kathleen']);
    expect(queryTermsOf('  José   Núñez ')).toEqual(['jose', 'nunez']);
    expect(queryTermsOf(' , ')).toEqual([]);
  });

  it('give each one-letter deletion once', () => {
    expect(oneLetterDeletionsOf('smith').sort()).toEqual(['mith', 'sith', 'smih', 'smit', 'smth']);
    // Two neighbouring letters alike delete to the same word.
    expect(oneLetterDeletionsOf('anne').sort()).toEqual(['ane', 'ann', 'nne']);
  });

  it('make a transposition share a deletion with the word it garbles', () => {
    const shared = oneLetterDeletionsOf('smtih').filter((d) => oneLetterDeletionsOf('smith').includes(d));
    expect(shared.length).toBeGreaterThan(0);
  });
});
