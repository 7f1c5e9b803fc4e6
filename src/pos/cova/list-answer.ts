/**
 * Reads a Cova list answer whatever its envelope (`COVA_CLIENT_CHOICES.listEnvelopes`): HAL with
 * `_embedded.self` and relative `_links` [3.3, 3.5], an OData `value` array, Search's `Results`
 * [3.3], or a bare array ("returns all the Customers" [3.3]).
 */
import { PosMalformed } from '../port.ts';
import { COVA_CLIENT_CHOICES } from './choices.ts';

export interface ListAnswer {
  rows: unknown[];
  /** Whether the answer carried HAL `_links`: then the `next` link alone says whether more pages follow. */
  hasLinks: boolean;
  /** `$skip` of the `next` link; `null` without one. A link whose `$skip` cannot be read gives `NaN`. */
  nextSkip: number | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `$skip` of a relative HAL href (`Companies(1)/Customers?$skip=20&$top=10` [3.5]); the base is not needed for that. */
export function skipOfHref(href: string): number {
  const skip = new URL(href, 'http://relative.invalid/').searchParams.get('$skip');
  return skip === null ? Number.NaN : Number(skip);
}

function embeddedRows(embedded: Json): unknown[] | undefined {
  if (Array.isArray(embedded.self)) return embedded.self;
  return Object.values(embedded).find((value): value is unknown[] => Array.isArray(value));
}

export function readListAnswer(body: unknown, route: string): ListAnswer {
  if (Array.isArray(body)) return { rows: body, hasLinks: false, nextSkip: null };
  if (isObject(body)) {
    const links = isObject(body._links) ? body._links : null;
    const next = links && isObject(links.next) && typeof links.next.href === 'string' ? links.next.href : null;
    for (const envelope of COVA_CLIENT_CHOICES.listEnvelopes) {
      const inner = body[envelope];
      const rows = envelope === '_embedded' && isObject(inner) ? embeddedRows(inner) : inner;
      if (Array.isArray(rows)) {
        return { rows, hasLinks: links !== null, nextSkip: next === null ? null : skipOfHref(next) };
      }
    }
    // HAL with nothing embedded: an empty page.
    if (links !== null) return { rows: [], hasLinks: true, nextSkip: null };
  }
  throw new PosMalformed('cova', `${route} answered without a list of customers`, body);
}
