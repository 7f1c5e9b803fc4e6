/**
 * Staff see card and ID numbers masked to the last four, so any answer that says whether a number
 * is held would let them recover the rest by guessing (about a thousand guesses). What can answer
 * that (a search by ID number, a create refused as a duplicate by ID number, a patch that sends an
 * ID number) is bounded here for those who see the numbers masked:
 *  - a search by ID number must also name the person (their name as `q`, or `dateOfBirth`), ANDed,
 *    so a guess confirms only for that person and cannot sweep the organization;
 *  - each such lookup counts against a per-user budget per hour (PATRON_ID_SEARCH_LIMIT), shared by
 *    every process through `rate_limit_counters` (src/auth/throttle.ts); past it, 429.
 * Managers and above see the numbers in full, so searching tells them nothing new: no limit.
 */
import { can } from '../auth/abilities.ts';
import { type Actor, actorRef } from '../auth/actor.ts';
import { hitThrottle, peekThrottle } from '../auth/throttle.ts';
import type { IdNumberLookupLimits } from '../config.ts';
import type { Db } from '../db/database.ts';
import { RateLimited, ValidationFailed } from '../domain/errors.ts';

/** Its shape is config's (src/config.ts), so that config imports no module. */
export type IdNumberLookupPolicy = IdNumberLookupLimits;

export const DEFAULT_ID_NUMBER_LOOKUP_POLICY: IdNumberLookupPolicy = { limit: 20, windowMs: 3_600_000 };

export const ID_SEARCH_NEEDS_PERSON = "Add the person's name or date of birth to search by ID number";

/** Fewer letters than this in `q` do not single a person out (one letter matches a tenth of the names). */
const FEWEST_NAME_LETTERS = 3;

/** Signed-in users below manager: kiosks and customer tokens have their own limits or cannot ask. */
export function seesNumbersMasked(actor: Actor): boolean {
  return actor.kind === 'user' && !can(actor, 'read', 'customerIdNumbers');
}

/** A search by ID number from someone who sees numbers masked must name the person too. */
export function assertIdSearchNamesThePerson(filters: { q?: string | undefined; dateOfBirth?: string | undefined }) {
  if (filters.dateOfBirth !== undefined) return;
  const q = filters.q?.trim();
  if (q === undefined || q === '') throw ValidationFailed.field('idNumber', ID_SEARCH_NEEDS_PERSON);
  const letters = q.match(/\p{L}/gu)?.length ?? 0;
  if (q.includes('@') || letters < FEWEST_NAME_LETTERS) {
    throw ValidationFailed.field(
      'q',
      `must be the person's name (at least ${FEWEST_NAME_LETTERS} letters) to search by ID number, or send dateOfBirth`,
    );
  }
}

/** Counts one lookup by ID number; past the budget, 429 (whatever the lookup would have answered). */
export async function countIdNumberLookup(db: Db, policy: IdNumberLookupPolicy, actor: Actor): Promise<void> {
  const state = await hitThrottle(db, keyOf(actor), policy.windowMs);
  if (state.hits > policy.limit) throw tooMany(state.resetInMs);
}

/** Refuses, without counting, once the budget is spent: a create carrying an ID number then answers 429 either way. */
export async function assertIdNumberLookupsLeft(db: Db, policy: IdNumberLookupPolicy, actor: Actor): Promise<void> {
  const state = await peekThrottle(db, keyOf(actor), policy.windowMs);
  if (state.hits >= policy.limit) throw tooMany(state.resetInMs);
}

function keyOf(actor: Actor): string {
  return `id-number-lookup:${actorRef(actor)}`;
}

function tooMany(resetInMs: number): RateLimited {
  return new RateLimited(
    resetInMs / 1000,
    'Too many lookups by ID number this hour; try again later, or ask a manager to look the customer up.',
  );
}
