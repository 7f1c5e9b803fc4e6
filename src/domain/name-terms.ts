/**
 * Names as search terms, the same way the database computes `first_term`/`last_term`
 * (`patron_name_term`: unaccent, lower-case, letters and digits only), so a query's words can be
 * compared with the stored terms without a round trip. A letter unaccent would transliterate and
 * NFKD does not decompose is listed in LETTERS (src/domain/name-terms.test.ts checks the pairs
 * against the database's function).
 */

/** Letters that are not a base letter plus marks under NFKD but that unaccent rewrites. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

/** One name as one term: "O'Brien-Díaz" is `obriendiaz`; null when nothing searchable is left. */
export function nameTermOf(value: string): string | null {
  const folded = value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæœøłđðþıħ]/g, (c) => LETTERS[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return folded === '' ? null : folded;
}

/** The words of a query as terms: split at spaces, commas and the like ("Smith, Kathleen"). */
export function queryTermsOf(query: string): string[] {
  return query
    .split(/[\s,;/]+/u)
    .map(nameTermOf)
    .filter((t): t is string => t !== null);
}

/**
 * The term with each one of its letters left out, as the database's `patron_one_letter_deletions`:
 * two terms within one edit (one letter wrong, missing, extra, or two neighbours swapped) share one
 * of these or one of them is the other.
 */
export function oneLetterDeletionsOf(term: string): string[] {
  const letters = [...term];
  return [...new Set(letters.map((_, i) => [...letters.slice(0, i), ...letters.slice(i + 1)].join('')))];
}
