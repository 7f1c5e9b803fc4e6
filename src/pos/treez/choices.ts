/**
 * How the Treez client reads what REFERENCE.md §1 leaves open, and the few enumerations its client
 * and mapping share, in one place as every vendor folder has it. Treez's reference leaves less open
 * than the others', so this file is short: it holds what the client and mapping had as constants.
 * The simulator's own choices stay in `TREEZ_SIM_CHOICES` (simulator.ts).
 */
import type { PosGender } from '../port.ts';

export const TREEZ_CLIENT_CHOICES = {
  /** `lastUpdated/after` may be strict; re-read the last second so a change at the cursor is not missed. */
  changedSinceOverlapMs: 1000,
  /**
   * Treez refuses a create whose phone or email another customer has [1.8]; its reason code is not
   * documented, so any code that says "already exists" or "duplicate" counts.
   */
  duplicateReason: /ALREADY_EXISTS?|DUPLICATE/,
} as const;

/** `M | F | U | N` [1.4]. `N` is read as non-binary (UNCONFIRMED: the docs do not spell it out); `U` is unknown. */
export const TREEZ_GENDER_FROM: Readonly<Record<string, PosGender>> = { M: 'male', F: 'female', N: 'nonbinary' };
export const TREEZ_GENDER_TO: Readonly<Record<PosGender, 'M' | 'F' | 'N'>> = {
  male: 'M',
  female: 'F',
  nonbinary: 'N',
};
/** What Treez holds for a customer whose gender is not known [1.4]. */
export const TREEZ_GENDER_UNKNOWN = 'U';
