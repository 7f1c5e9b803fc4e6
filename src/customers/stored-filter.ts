/**
 * A customer filter kept on the server and shared (a saved view, a segment): the filters of
 * `GET /customers` with their rules, the personal search terms refused by name (a kept filter never
 * holds a name, a phone, an email, an ID number or a birth date) and unknown keys refused. It is kept
 * as the list's query values, each a string, so a client appends them to `GET /customers` as they are.
 */
import { z } from 'zod';
import { CustomerFilters, CustomerListQuery, filterRules } from './schemas.ts';

export const PERSONAL_TERMS = [
  'q',
  'phone',
  'email',
  'idNumber',
  'dateOfBirth',
] as const satisfies readonly (keyof typeof CustomerFilters.shape)[];

const refusedTerm = () =>
  z
    .never({ error: 'is personal data, which a kept filter does not hold: keep the filters without it' })
    .optional()
    .meta({ description: 'Refused: a kept filter holds no personal data' });

/** The filters of `GET /customers` but the personal search terms; `required` asks for at least one. */
export function storedFilter({ required }: { required: boolean }) {
  return CustomerFilters.extend({
    q: refusedTerm(),
    phone: refusedTerm(),
    email: refusedTerm(),
    idNumber: refusedTerm(),
    dateOfBirth: refusedTerm(),
  }).superRefine((filter, ctx) => {
    if (required && Object.values(filter).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'must set at least one filter' });
    }
    filterRules(filter, ctx);
  });
}

export type StoredFilterInput = z.output<ReturnType<typeof storedFilter>>;

/** A kept filter as `GET /customers` query parameters: parameter name -> value, every value a string. */
export type StoredFilterValues = Record<string, string>;

/** What the filter's schema parsed (trimmed, numbers read, instants as ISO 8601), each value a string. */
export function asQueryValues(filter: StoredFilterInput): StoredFilterValues {
  const values: StoredFilterValues = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    values[key] = value instanceof Date ? value.toISOString() : String(value);
  }
  return values;
}

/**
 * A kept filter read back as the list's typed filters. It was checked when kept; a rule that has
 * tightened since makes it match nothing rather than everything.
 */
export function asListFilters(values: StoredFilterValues): z.output<typeof CustomerListQuery> | null {
  const parsed = CustomerListQuery.safeParse(values);
  return parsed.success ? parsed.data : null;
}
