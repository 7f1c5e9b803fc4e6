/**
 * The If-Match header of a versioned resource (a customer: ETag `"<version>"`), read alike by every
 * route module that edits one (src/customers/routes.ts, src/kiosk/me-routes.ts): route modules do
 * not import each other.
 */
import { MalformedRequest } from '../domain/errors.ts';

/** `If-Match: "3"` (or W/"3", or 3) -> 3; `*` or absent -> undefined. */
export function expectedVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new MalformedRequest('If-Match must be the ETag of the customer, e.g. "3".');
  return Number(match[1]);
}
