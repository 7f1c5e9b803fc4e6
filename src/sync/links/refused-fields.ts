/**
 * `refusedFields` of `GET /customers/{id}/sync`: the link's recorded refusal (customer_links.refusal,
 * written by `recordRefusal` in outbound/push.ts) as a list the customer page shows under the last
 * error. Paths are Patron's and messages plain words, never values, as the refusal was recorded.
 */
import type { LinkRefusal } from '../tables.ts';

/** What the POS objected to in the last refused push: a Patron field path (null when the vendor named none). */
export interface RefusedField {
  field: string | null;
  message: string;
}

/**
 * The link's recorded refusal as a list: one entry per field the vendor named, and one with a null
 * field when it named none (the link's `lastError` then says what is known). Both come from the
 * push's record (`recordRefusal` in push.ts), which keeps paths and plain-words messages, never values.
 */
export function refusedFieldsOf(refusal: LinkRefusal | null, lastError: string | null): RefusedField[] {
  if (!refusal) return [];
  const named = refusal.errors.map((e) => ({ field: e.path === '' ? null : e.path, message: e.message }));
  if (named.length > 0) return named;
  const fallback = refusal.kind === 'exists' ? 'the POS already holds such a customer' : 'the POS refused the customer';
  return [{ field: null, message: lastError ?? fallback }];
}
