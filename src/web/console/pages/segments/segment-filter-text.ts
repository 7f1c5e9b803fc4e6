/**
 * A segment's filter in words for its page: the search page's chip wording for the filters the
 * search page knows, and the API's own parameter names for the rest (a prebuilt segment's
 * birthMonth). Pure: no React, no fetching.
 */
import { chipsOf, filtersFromSaved } from '../search/search-filters.ts';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const OTHER_WORDING: Record<string, (value: string) => string> = {
  birthMonth: (value) => `Born in ${MONTHS[Number(value) - 1] ?? value}`,
};

export function segmentFilterText(
  filter: Record<string, string>,
  storeName: (id: string) => string | undefined = () => undefined,
): string[] {
  const known = filtersFromSaved(filter);
  const chips = chipsOf(known, storeName).map((chip) => chip.text);
  const others = Object.entries(filter)
    .filter(([key]) => !(key in known))
    .map(([key, value]) => OTHER_WORDING[key]?.(value) ?? `${key}: ${value}`);
  return [...chips, ...others];
}
