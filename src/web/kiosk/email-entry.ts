/**
 * An email address as typed on the on-screen keyboard. Only enough of a check to offer "Save" (an
 * at sign, a dotted domain, no spaces): the server's rule and its message are the real check.
 */
export const MAX_EMAIL_LENGTH = 254;

export function looksLikeEmail(text: string): boolean {
  return /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(text);
}

/** The text after one key (a letter, a mark, or ".com"), never past the longest address there is. */
export function typeEmailKey(text: string, key: string): string {
  return (text + key).slice(0, MAX_EMAIL_LENGTH);
}
