/**
 * One-time codes for a customer's second factor: six random digits, mailed to the email on file and
 * kept only as an HMAC under a key derived from the master key, bound to the organization and the
 * request, so a database reader cannot try the million codes offline, nor replay one elsewhere.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { FieldProtector } from '../../privacy/field-protector.ts';

export const CODE_DIGITS = 6;
/** How long a request (and its code) stays open. */
export const REQUEST_TTL_MS = 10 * 60_000;
/** Wrong codes before the request is void. */
export const MAX_CODE_ATTEMPTS = 5;
/** Requests voided by wrong codes within the window after which a customer is sent no more codes (staff only). */
export const BURNT_REQUEST_LIMIT = 3;
export const BURNT_REQUEST_WINDOW_MS = 60 * 60_000;
/** Codes mailed to one customer within the same window, after which only staff can confirm: a token must not flood the mailbox. */
export const MAILED_CODE_LIMIT = 5;

export function newCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

export function codeHash(protector: FieldProtector, requestId: string, code: string): string {
  return protector.blindIndex('oneTimeCode', `${requestId}:${code}`);
}

export function codeMatches(protector: FieldProtector, requestId: string, code: string, stored: string): boolean {
  const given = Buffer.from(codeHash(protector, requestId, code));
  const held = Buffer.from(stored);
  return given.length === held.length && timingSafeEqual(given, held);
}

/** `k•••@example.com`: enough for the customer to know which mailbox to look in, not to learn it. */
export function maskedAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
