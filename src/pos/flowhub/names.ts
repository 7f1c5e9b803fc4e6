/**
 * Flowhub keeps one `name` for the whole name [2.4, 2.8]; Patron keeps first, middle and last. The
 * split is a heuristic, written once here: the first word is the first name, the last word the last
 * name, words between the middle name; a surname particle (`de`, `van`, …) starts the last name early
 * and a suffix (`Jr`, `III`) stays with it; `Last, First Middle` is read too. Joining is the inverse
 * for every name this split reads back the same.
 */
export interface NameParts {
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
}

/** Words that begin a compound surname: `Maria De La Cruz` -> last name `De La Cruz`. */
const SURNAME_PARTICLES = new Set([
  'da',
  'de',
  'del',
  'della',
  'der',
  'di',
  'dos',
  'du',
  'la',
  'le',
  'st',
  'st.',
  'van',
  'von',
  'bin',
  'al',
  'el',
]);
const SUFFIXES = new Set(['jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv', 'v']);

const words = (value: string): string[] => value.split(/\s+/).filter((word) => word !== '');

export function splitFullName(full: string): NameParts {
  const comma = full.indexOf(',');
  if (comma > 0) {
    // `Doe, Jane Ann`: a suffix after a second comma (`Doe, Jane, Jr`) is not expected and stays in the given names.
    const last = words(full.slice(0, comma)).join(' ');
    const given = words(full.slice(comma + 1));
    return {
      firstName: given[0] ?? null,
      middleName: given.length > 1 ? given.slice(1).join(' ') : null,
      lastName: last === '' ? null : last,
    };
  }
  const parts = words(full);
  if (parts.length === 0) return { firstName: null, middleName: null, lastName: null };
  if (parts.length === 1) return { firstName: parts[0] ?? null, middleName: null, lastName: null };
  let lastStart = parts.length - 1;
  // A suffix joins the word before it: `John Smith Jr` -> last name `Smith Jr`.
  while (lastStart > 1 && SUFFIXES.has((parts[lastStart] ?? '').toLowerCase())) lastStart -= 1;
  const particle = parts.findIndex((word, index) => index > 0 && SURNAME_PARTICLES.has(word.toLowerCase()));
  if (particle > 0 && particle < lastStart) lastStart = particle;
  return {
    firstName: parts[0] ?? null,
    middleName: lastStart > 1 ? parts.slice(1, lastStart).join(' ') : null,
    lastName: parts.slice(lastStart).join(' '),
  };
}

/** The single `name` Flowhub stores; `null` when there is no name at all. */
export function joinFullName(parts: NameParts): string | null {
  const joined = [parts.firstName, parts.middleName, parts.lastName]
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join(' ');
  return joined === '' ? null : joined;
}
