/**
 * The search page's filters as chips, and the chips as the query string of `GET /customers`: one
 * chip per filter, in the vocabulary of the API's list filters (src/customers/schemas.ts
 * `CustomerListQuery`). Pure: no React, no fetching.
 */

export type FilterKey =
  | 'customerType'
  | 'tag'
  | 'tags'
  | 'storeId'
  | 'homeStoreId'
  | 'consent'
  | 'medicalExpiringWithinDays'
  | 'birthday'
  | 'createdFrom'
  | 'createdTo'
  | 'lastVisitAfter'
  | 'lastVisitBefore';

/** The filters the page offers, in the "Add filter" menu's order. */
export const FILTER_KEYS: readonly FilterKey[] = [
  'customerType',
  'tags',
  'tag',
  'storeId',
  'homeStoreId',
  'consent',
  'medicalExpiringWithinDays',
  'birthday',
  'createdFrom',
  'createdTo',
  'lastVisitAfter',
  'lastVisitBefore',
];

export type FilterInput = 'choice' | 'store' | 'text' | 'days' | 'birthday' | 'date';

export interface FilterSpec {
  label: string;
  input: FilterInput;
  choices?: readonly { value: string; label: string }[];
  hint?: string;
}

export const FILTER_SPECS: Record<FilterKey, FilterSpec> = {
  customerType: {
    label: 'Type',
    input: 'choice',
    choices: [
      { value: 'adult', label: 'Adult use' },
      { value: 'medical', label: 'Medical' },
    ],
  },
  tag: { label: 'Tag', input: 'text', hint: 'One tag, e.g. vip' },
  tags: { label: 'Tags (all)', input: 'text', hint: 'Comma-separated, all of them: vip, regular' },
  storeId: { label: 'Linked store', input: 'store' },
  homeStoreId: { label: 'Home store', input: 'store' },
  consent: {
    label: 'Consents to',
    input: 'choice',
    choices: [
      { value: 'sms', label: 'SMS' },
      { value: 'email', label: 'Email' },
    ],
  },
  medicalExpiringWithinDays: { label: 'Card expiring within', input: 'days', hint: 'Days from today' },
  birthday: { label: 'Birthday', input: 'birthday', hint: 'Month and day, MM-DD' },
  createdFrom: { label: 'Created from', input: 'date' },
  createdTo: { label: 'Created to', input: 'date' },
  lastVisitAfter: { label: 'Last visit from', input: 'date' },
  lastVisitBefore: { label: 'Last visit before', input: 'date' },
};

export type Filters = Partial<Record<FilterKey, string>>;

export interface Chip {
  key: FilterKey;
  /** What the chip says: "Type: Medical", "Home store: Cova Store". */
  text: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BIRTHDAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isFilterKey(key: string): key is FilterKey {
  return (FILTER_KEYS as readonly string[]).includes(key);
}

/** A value the API would accept for `key`, trimmed; null when it would not (the form says why). */
export function normalizeFilterValue(key: FilterKey, raw: string): string | null {
  const value = raw.trim();
  if (value === '') return null;
  const spec = FILTER_SPECS[key];
  switch (spec.input) {
    case 'choice':
      return spec.choices?.some((c) => c.value === value) ? value : null;
    case 'days':
      return /^\d{1,4}$/.test(value) && Number(value) <= 3660 ? String(Number(value)) : null;
    case 'birthday':
      return BIRTHDAY.test(value) ? value : null;
    case 'date':
      return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
    case 'text': {
      if (key !== 'tags') return value;
      const tags = value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      return tags.length > 0 ? tags.join(',') : null;
    }
    case 'store':
      return /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : null;
  }
}

/** What is wrong with a value for `key`, for the form; null when it is fine. */
export function filterValueProblem(key: FilterKey, raw: string): string | null {
  if (normalizeFilterValue(key, raw) !== null) return null;
  switch (FILTER_SPECS[key].input) {
    case 'days':
      return 'Enter a number of days, 0 to 3660';
    case 'birthday':
      return 'Enter a month and day as MM-DD, e.g. 04-02';
    case 'date':
      return 'Enter a date as YYYY-MM-DD';
    case 'store':
      return 'Choose a store';
    case 'choice':
      return 'Choose one';
    default:
      return 'Enter a value';
  }
}

/** `filters` with `key` set (or replaced); an invalid value leaves them as they were. */
export function withFilter(filters: Filters, key: FilterKey, raw: string): Filters {
  const value = normalizeFilterValue(key, raw);
  return value === null ? filters : { ...filters, [key]: value };
}

export function withoutFilter(filters: Filters, key: FilterKey): Filters {
  const { [key]: _removed, ...rest } = filters;
  return rest;
}

/** The chips, in the menu's order. `storeName` names a store id (the id itself until the list is in). */
export function chipsOf(filters: Filters, storeName: (id: string) => string | undefined = () => undefined): Chip[] {
  return FILTER_KEYS.filter((key) => filters[key] !== undefined).map((key) => {
    const spec = FILTER_SPECS[key];
    const value = filters[key] as string;
    let shown = value;
    if (spec.input === 'choice') shown = spec.choices?.find((c) => c.value === value)?.label ?? value;
    if (spec.input === 'store') shown = storeName(value) ?? 'a store';
    if (spec.input === 'days') shown = `${value} day${value === '1' ? '' : 's'}`;
    if (key === 'tags') shown = value.split(',').join(', ');
    return { key, text: `${spec.label}: ${shown}` };
  });
}

/** The filters a menu may still add (each filter once). */
export function addableFilters(filters: Filters): FilterKey[] {
  return FILTER_KEYS.filter((key) => filters[key] === undefined);
}

export interface SearchRequest {
  q: string;
  filters: Filters;
  limit: number;
  cursor?: string | null;
}

/**
 * The path of `GET /customers` for a search: `q` when something is typed, the filters, the page
 * size and cursor; `total=true` only without `q` (the API counts filters, not a fuzzy search).
 * This path is only ever fetched, never put in the address bar.
 */
export function customersPath({ q, filters, limit, cursor }: SearchRequest): string {
  const params = new URLSearchParams();
  const typed = q.trim();
  if (typed !== '') params.set('q', typed.slice(0, 200));
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  params.set('limit', String(limit));
  if (typed === '') params.set('total', 'true');
  if (cursor) params.set('cursor', cursor);
  return `/customers?${params.toString()}`;
}

/** Whether there is anything to search for: a typed term or at least one filter. */
export function hasCriteria(q: string, filters: Filters): boolean {
  return q.trim() !== '' || Object.keys(filters).length > 0;
}

/** A saved view's filter as chips: only the keys the page knows, with values it would accept. */
export function filtersFromSaved(saved: Record<string, unknown>): Filters {
  let filters: Filters = {};
  for (const [key, value] of Object.entries(saved)) {
    if (isFilterKey(key) && typeof value === 'string') filters = withFilter(filters, key, value);
  }
  return filters;
}

/** "1,204 customers match", or "about 1,000" when the API estimated. */
export function countText(total: number, estimate: boolean): string {
  const n = total.toLocaleString('en-US');
  return `${estimate ? 'About ' : ''}${n} customer${total === 1 ? '' : 's'} match${total === 1 ? 'es' : ''}`;
}

/** +17025550123 as (702) 555-0123; other numbers as stored. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : phone;
}
