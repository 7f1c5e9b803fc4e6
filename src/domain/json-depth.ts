/**
 * How deeply a JSON text nests, read from the raw text before it is parsed. `JSON.parse` and every
 * walk of the value that follows (NUL check, validation, merge patch) would otherwise pay for, or
 * overflow the stack on, a body of thousands of nested arrays that fits in a few kilobytes. One
 * iterative pass that stops at the first bracket too deep: no recursion, no value built. Used on
 * request bodies (src/http/json-body.ts) and on what a POS answers (src/pos/transport.ts).
 */

/** The deepest nesting a body may have; Patron's own bodies go 3 or 4 levels deep. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting a POS answer may have: vendors' records go 4 to 6 levels deep (REFERENCE.md samples). */
export const MAX_POS_ANSWER_DEPTH = 64;

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }

/**
 * Whether `text` opens more than `max` arrays or objects inside one another. Brackets inside
 * strings (escaped quotes included) do not count. Malformed text is left for the parser to refuse.
 */
export function nestsDeeperThan(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH)
        i++; // the escaped character, a quote included, is part of the string
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      depth++;
      if (depth > max) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}
