/**
 * Who may say what in a consent statement. The ledger's latest statement wins, so a statement's
 * time and source must be facts, not claims: the server sets the time, the source follows from who
 * is speaking, from a fixed set. A client that sends either is refused (422), not silently
 * corrected, so it learns its value was not taken. A grant of SMS consent carries the wording agreed
 * to (TCPA: prior express written consent names what was agreed).
 */
import { z } from 'zod';
import type { FieldError } from './errors.ts';
import { isJsonObject } from './merge-patch.ts';

/**
 * `customer`: a customer token (PATCH /me); `kiosk`: a kiosk key; `staff`: a user session of any
 * role; `pos`: read from a store's POS; `import`: a bulk import; `integration`: an integration key
 * (an order-management system speaks for itself, neither for staff nor for the customer).
 */
export const CONSENT_SOURCES = ['customer', 'kiosk', 'staff', 'pos', 'import', 'integration'] as const;
export const ConsentSource = z.enum(CONSENT_SOURCES);
export type ConsentSource = z.output<typeof ConsentSource>;

/**
 * Sources whose own time of a statement is kept (when not in the future): a POS or an import
 * reports a choice made earlier elsewhere. Everyone else speaks now.
 */
const REPORTING_SOURCES: ReadonlySet<ConsentSource> = new Set(['pos', 'import']);

export function keepsOwnTime(source: ConsentSource): boolean {
  return REPORTING_SOURCES.has(source);
}

/**
 * The time a statement goes in the ledger with: `now` for a speaker, the reported time for a POS or
 * an import, never later than `now` (a hostile or misconfigured POS must not date a grant ahead of
 * every later withdrawal).
 */
export function statementTime(source: ConsentSource, reported: Date | undefined, now: Date): Date {
  if (!keepsOwnTime(source) || reported === undefined || Number.isNaN(reported.getTime())) return now;
  return reported.getTime() > now.getTime() ? now : reported;
}

/**
 * The problems with a body's `consents` (POST /customers, kiosk signup, PATCH /customers/{id},
 * PATCH /me): `at` is never the client's to set; `source` from a customer or a kiosk is refused, from
 * staff or an integration it may only repeat what the server derives. `null` is as absent.
 */
export function serverSetConsentProblems(consents: unknown, speaker: ConsentSource): FieldError[] {
  if (!isJsonObject(consents)) return [];
  const problems: FieldError[] = [];
  for (const channel of ['sms', 'email'] as const) {
    const choice = consents[channel];
    if (!isJsonObject(choice)) continue;
    if (choice.at !== undefined && choice.at !== null) {
      problems.push({ path: `consents.${channel}.at`, message: AT_IS_SERVERS });
    }
    const problem = sourceProblem(choice.source, speaker);
    if (problem) problems.push({ path: `consents.${channel}.source`, message: problem });
  }
  return problems;
}

export const AT_IS_SERVERS = 'is set by the server: a consent statement is dated when Patron records it';

/** Why a client-sent `source` is refused, or null when it may stand (absent, or the speaker's own). */
export function sourceProblem(sent: unknown, speaker: ConsentSource): string | null {
  if (sent === undefined || sent === null) return null;
  if (speaker === 'customer' || speaker === 'kiosk' || sent !== speaker) {
    return `is set by the server: it follows from who is speaking (here "${speaker}")`;
  }
  return null;
}

/** A statement about to be recorded, as far as the wording rule needs it. */
export interface WordedStatement {
  channel: 'sms' | 'email';
  granted: boolean;
  wording: string | null;
}

/** The wording the law asks for: an SMS grant names what was agreed to (TCPA, 47 CFR 64.1200). */
export function missingWordingProblems(statements: readonly WordedStatement[]): FieldError[] {
  return statements
    .filter((s) => s.channel === 'sms' && s.granted && (s.wording ?? '').trim() === '')
    .map((s) => ({ path: `consents.${s.channel}.wording`, message: WORDING_REQUIRED }));
}

export const WORDING_REQUIRED = 'is required when SMS consent is given: the ledger keeps the words agreed to (TCPA)';
