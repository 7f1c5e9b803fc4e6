/**
 * Shared pieces of the vendor contract tests (`src/pos/<vendor>/client.test.ts`): a retry policy
 * short enough for tests, and reading a whole pull into memory.
 */
import type { PosClient, PosCursor, PosCustomer, PosMalformed } from './port.ts';

/** Retries with short waits, so fault tests stay fast; Retry-After is still honoured up to 5 s. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 5_000 };

/** Every page of a pull from `cursor`, with where it ended; fails rather than loop past `maxPages`. */
export async function pullAll(client: PosClient, cursor: PosCursor, maxPages = 500) {
  const customers: PosCustomer[] = [];
  const malformed: PosMalformed[] = [];
  let next = cursor;
  let pages = 0;
  for await (const page of client.listChangedSince(cursor)) {
    customers.push(...page.customers);
    malformed.push(...page.malformed);
    next = page.next;
    pages += 1;
    if (pages >= maxPages) throw new Error('pull did not end');
  }
  return { customers, malformed, next, pages };
}
