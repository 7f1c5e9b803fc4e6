/**
 * Email addresses are compared and stored trimmed and lower-cased. The local part is case-sensitive
 * in theory only; no mailbox provider customers use treats `Kate@` and `kate@` as different people.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize('NFC').toLowerCase();
}
