/** Tags are short lower-case slugs, so `VIP`, ` vip ` and `Vip` are one tag in filters and segments. */
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 50;

/** `Big Spender!` -> `big-spender`; accents dropped; may return '' when nothing usable remains. */
export function normalizeTag(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
