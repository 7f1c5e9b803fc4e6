/**
 * Issue 14's match-quality evaluation: from a seeded population of customers, a deterministic set of
 * queries a budtender would type for a known person (typos, accents, nicknames, sound-alikes, the
 * name backwards, phone and email fragments), and recall@1 / recall@10 per category over what the
 * search answered. Test-only (src must not import test/support); the e2e test runs the queries.
 *
 * The small edits (`substituteAt`, `transposeAt`, ...) are pure and unit-tested on hand-written
 * examples, so the generator's claims ("one edit away") do not rest on the code they check.
 */

export interface EvalPerson {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  /** E.164. */
  phone: string | null;
  email: string | null;
}

export const CATEGORIES = [
  'exact',
  'substitution',
  'insertion',
  'deletion',
  'transposition',
  'accents',
  'nickname',
  'sound-alike',
  'swapped',
  'phone-last4',
  'phone-formatted',
  'email-address',
  'email-local',
  'email-domain',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The categories that are one edit from the name as stored, the "one-edit typos". */
export const ONE_EDIT: readonly Category[] = ['substitution', 'insertion', 'deletion', 'transposition'];

export interface EvalQuery {
  category: Category;
  query: string;
  targetId: string;
  /**
   * Every customer the query cannot tell apart from the target (the target included): the same name
   * for a name query, the same last four digits, the same domain. A hit is any of them; without this
   * two identical "James Smith"s would make recall depend on which one sorts first.
   */
  acceptIds: readonly string[];
}

// --- the edits ---------------------------------------------------------------------------------

/** QWERTY neighbours of each letter: the keys a finger slips onto. */
const NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz',
  b: 'vghn',
  c: 'xdfv',
  d: 'serfcx',
  e: 'wsdr',
  f: 'drtgvc',
  g: 'ftyhbv',
  h: 'gyujnb',
  i: 'ujko',
  j: 'huikmn',
  k: 'jiolm',
  l: 'kop',
  m: 'njk',
  n: 'bhjm',
  o: 'iklp',
  p: 'ol',
  q: 'wa',
  r: 'edft',
  s: 'awedxz',
  t: 'rfgy',
  u: 'yhji',
  v: 'cfgb',
  w: 'qase',
  x: 'zsdc',
  y: 'tghu',
  z: 'asx',
};

export function keyboardNeighbours(letter: string): string {
  return NEIGHBOURS[letter.toLowerCase()] ?? '';
}

/** `word` with the character at `index` replaced by `by`. */
export function substituteAt(word: string, index: number, by: string): string {
  const chars = [...word];
  if (index < 0 || index >= chars.length) throw new RangeError(`no character ${index} in "${word}"`);
  chars[index] = by;
  return chars.join('');
}

/** `word` with `extra` inserted before character `index` (`index` = length appends). */
export function insertAt(word: string, index: number, extra: string): string {
  const chars = [...word];
  if (index < 0 || index > chars.length) throw new RangeError(`cannot insert at ${index} in "${word}"`);
  chars.splice(index, 0, extra);
  return chars.join('');
}

/** `word` without character `index`. */
export function deleteAt(word: string, index: number): string {
  const chars = [...word];
  if (index < 0 || index >= chars.length) throw new RangeError(`no character ${index} in "${word}"`);
  chars.splice(index, 1);
  return chars.join('');
}

/** `word` with characters `index` and `index + 1` swapped. */
export function transposeAt(word: string, index: number): string {
  const chars = [...word];
  if (index < 0 || index + 1 >= chars.length) throw new RangeError(`cannot swap ${index} in "${word}"`);
  [chars[index], chars[index + 1]] = [chars[index + 1]!, chars[index]!];
  return chars.join('');
}

/** Without accents, as a keyboard without them types the name ("José Núñez" -> "Jose Nunez"). */
export function stripAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øØ]/g, (c) => (c === 'ø' ? 'o' : 'O'))
    .normalize('NFC');
}

export function hasAccents(text: string): boolean {
  return stripAccents(text) !== text;
}

/** For telling names apart: lower case, no accents. */
export function foldName(text: string): string {
  return stripAccents(text).toLowerCase();
}

export type PhoneFormat = 'national' | 'dashes' | 'dots' | 'digits' | 'international' | 'spaces' | 'last7';

/** An E.164 US number (+17025550123) the ways people write it. */
export function formatPhone(e164: string, format: PhoneFormat): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (!m) throw new Error(`not a US E.164 number: ${e164}`);
  const [, area, exchange, line] = m;
  switch (format) {
    case 'national':
      return `(${area}) ${exchange}-${line}`;
    case 'dashes':
      return `${area}-${exchange}-${line}`;
    case 'dots':
      return `${area}.${exchange}.${line}`;
    case 'digits':
      return `${area}${exchange}${line}`;
    case 'international':
      return `+1 ${area} ${exchange} ${line}`;
    case 'spaces':
      return `${area} ${exchange} ${line}`;
    case 'last7':
      return `${exchange}-${line}`;
  }
}
const PHONE_FORMATS: readonly PhoneFormat[] = [
  'national',
  'dashes',
  'dots',
  'digits',
  'international',
  'spaces',
  'last7',
];

/**
 * Names people go by instead of the one on their ID. Small on purpose: only pairs a budtender would
 * hear at the counter, for first names of the demo seed.
 */
export const NICKNAMES_OF: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Bob', 'Rob'],
  William: ['Bill', 'Will'],
  Katherine: ['Kathy', 'Kate'],
  Kathleen: ['Kathy'],
  Elizabeth: ['Liz', 'Beth'],
  Michael: ['Mike'],
  James: ['Jim'],
  Richard: ['Rick'],
  Margaret: ['Peggy', 'Maggie'],
  Jennifer: ['Jen'],
  Joseph: ['Joe'],
  Thomas: ['Tom'],
  Christopher: ['Chris'],
  Daniel: ['Dan'],
  Anthony: ['Tony'],
  Patricia: ['Patty'],
  Steven: ['Steve'],
  Stephen: ['Steve'],
  Edward: ['Ed'],
  Nicholas: ['Nick'],
  Jonathan: ['Jon'],
  Timothy: ['Tim'],
};

/**
 * Spellings that sound the same, both ways where both are names: what a person hears and types
 * when the customer says their name.
 */
export const SOUND_ALIKES: Readonly<Record<string, readonly string[]>> = {
  Steven: ['Stephen'],
  Stephen: ['Steven'],
  John: ['Jon'],
  Katherine: ['Catherine', 'Kathryn'],
  Sarah: ['Sara'],
  Brian: ['Bryan'],
  Jeffrey: ['Geoffrey'],
  Eric: ['Erik'],
  Mark: ['Marc'],
  Rebecca: ['Rebekah'],
  Ashley: ['Ashlee'],
  Michelle: ['Michele'],
  Deborah: ['Debra'],
  Smith: ['Smyth'],
  Thompson: ['Thomson'],
  Reed: ['Reid'],
  Gray: ['Grey'],
  Peterson: ['Petersen'],
  Meyer: ['Meier'],
  Myers: ['Meyers'],
  Lee: ['Li'],
  Allen: ['Allan'],
  Phillips: ['Philips'],
  Stevens: ['Stephens'],
};

// --- generation --------------------------------------------------------------------------------

export interface GenerateOptions {
  seed: number;
  /** Queries per category (fewer where the population has too few fitting customers). */
  perCategory: number;
}

/** mulberry32, as the demo seed uses: small and deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Indexes of the plain letters a-z of a word: where an edit makes a typo rather than a new accent. */
function letterIndexes(word: string): number[] {
  return [...word].flatMap((c, i) => (/[a-z]/i.test(c) ? [i] : []));
}

/** One typo of `category` in `word`, or null when the word is too short to carry one. */
export function typoOf(category: Category, word: string, random: Random): string | null {
  const chars = [...word];
  const letters = letterIndexes(word);
  switch (category) {
    case 'substitution': {
      if (letters.length < 2) return null;
      const i = pick(random, letters);
      const neighbours = keyboardNeighbours(chars[i]!);
      const by = pick(random, [...neighbours]);
      return substituteAt(word, i, chars[i] === chars[i]!.toUpperCase() ? by.toUpperCase() : by);
    }
    case 'insertion': {
      if (letters.length < 2) return null;
      const i = pick(random, letters);
      // A doubled key or a neighbour struck with it.
      const extra = random() < 0.5 ? chars[i]!.toLowerCase() : pick(random, [...keyboardNeighbours(chars[i]!)]);
      return insertAt(word, i + 1, extra);
    }
    case 'deletion': {
      if (letters.length < 3) return null;
      return deleteAt(word, pick(random, letters));
    }
    case 'transposition': {
      const swappable = letters.filter(
        (i) => letters.includes(i + 1) && chars[i]!.toLowerCase() !== chars[i + 1]!.toLowerCase(),
      );
      if (swappable.length === 0) return null;
      return transposeAt(word, pick(random, swappable));
    }
    default:
      throw new Error(`${category} is not a typo`);
  }
}

/**
 * The evaluation set: `perCategory` targets per category drawn from `people` (by `seed`), each with
 * the query typed for them and who else it would rightly find. Same people and seed, same queries.
 */
export function generateEvaluation(people: readonly EvalPerson[], options: GenerateOptions): EvalQuery[] {
  const sorted = [...people].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byName = groupBy(sorted, (p) => `${foldName(p.firstName)} ${foldName(p.lastName)}`);
  const byLast4 = groupBy(
    sorted.filter((p) => p.phone),
    (p) => p.phone!.slice(-4),
  );
  const byDomain = groupBy(
    sorted.filter((p) => p.email),
    (p) => p.email!.split('@')[1]!,
  );
  const sameName = (p: EvalPerson) => byName.get(`${foldName(p.firstName)} ${foldName(p.lastName)}`)!.map((q) => q.id);

  const queries: EvalQuery[] = [];
  for (const [c, category] of CATEGORIES.entries()) {
    const random = seededRandom(Math.imul(options.seed, 0x9e3779b1) ^ (c + 1));
    const used = new Set<string>();
    // Enough tries to fill the category from a population where few fit (accents, nicknames).
    for (let attempt = 0; queries.filter((q) => q.category === category).length < options.perCategory; attempt++) {
      if (attempt > options.perCategory * 200) break;
      const person = pick(random, sorted);
      if (used.has(person.id)) continue;
      const made = queryFor(category, person, random);
      if (!made) continue;
      used.add(person.id);
      const acceptIds =
        category === 'phone-last4'
          ? byLast4.get(person.phone!.slice(-4))!.map((p) => p.id)
          : category === 'email-domain'
            ? byDomain.get(person.email!.split('@')[1]!)!.map((p) => p.id)
            : category.startsWith('phone') || category.startsWith('email')
              ? [person.id]
              : sameName(person);
      queries.push({ category, query: made, targetId: person.id, acceptIds });
    }
  }
  return queries;
}

/** The query typed for `person` in `category`, or null when the person does not fit it. */
function queryFor(category: Category, person: EvalPerson, random: Random): string | null {
  const { firstName: first, lastName: last } = person;
  switch (category) {
    case 'exact':
      return `${first} ${last}`;
    case 'substitution':
    case 'insertion':
    case 'deletion':
    case 'transposition': {
      // Typed without accents (most keyboards at a counter), one slip in the first or the last name.
      const [f, l] = [stripAccents(first), stripAccents(last)];
      if (random() < 0.5) {
        const typo = typoOf(category, f, random);
        return typo && `${typo} ${l}`;
      }
      const typo = typoOf(category, l, random);
      return typo && `${f} ${typo}`;
    }
    case 'accents':
      if (!hasAccents(`${first} ${last}`)) return null;
      return random() < 0.5 ? stripAccents(`${first} ${last}`) : stripAccents(`${first} ${last}`).toLowerCase();
    case 'nickname': {
      const nicknames = NICKNAMES_OF[first];
      if (!nicknames) return null;
      const nickname = pick(random, nicknames);
      // One who goes by it in the record is found by the stored name; this is about the table.
      if (person.preferredName === nickname) return null;
      return `${nickname} ${last}`;
    }
    case 'sound-alike': {
      const firsts = SOUND_ALIKES[first];
      const lasts = SOUND_ALIKES[last];
      if (!firsts && !lasts) return null;
      if (firsts && (!lasts || random() < 0.5)) return `${pick(random, firsts)} ${last}`;
      return `${first} ${pick(random, lasts!)}`;
    }
    case 'swapped':
      return random() < 0.5 ? `${last} ${first}` : `${last}, ${first}`;
    case 'phone-last4':
      return person.phone ? person.phone.slice(-4) : null;
    case 'phone-formatted':
      return person.phone && formatPhone(person.phone, pick(random, PHONE_FORMATS));
    case 'email-address':
      if (!person.email) return null;
      return random() < 0.3 ? person.email.toUpperCase() : person.email;
    case 'email-local':
      return person.email && person.email.split('@')[0]!;
    case 'email-domain': {
      if (!person.email) return null;
      const domain = person.email.split('@')[1]!;
      return random() < 0.5 ? `@${domain}` : domain;
    }
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

// --- scoring -----------------------------------------------------------------------------------

export interface CategoryRecall {
  category: Category | 'one-edit';
  count: number;
  recallAt1: number;
  recallAt10: number;
}

/** Recall@1 and @10 per category (and for the one-edit typos together), from each query's result ids. */
export function recallByCategory(
  queries: readonly EvalQuery[],
  resultsOf: (query: EvalQuery, index: number) => readonly string[],
): CategoryRecall[] {
  const scored = queries.map((q, i) => {
    const results = resultsOf(q, i);
    const accept = new Set(q.acceptIds);
    return {
      category: q.category,
      at1: results.slice(0, 1).some((id) => accept.has(id)),
      at10: results.slice(0, 10).some((id) => accept.has(id)),
    };
  });
  const summarize = (category: CategoryRecall['category'], rows: typeof scored): CategoryRecall => ({
    category,
    count: rows.length,
    recallAt1: rows.length === 0 ? 0 : rows.filter((r) => r.at1).length / rows.length,
    recallAt10: rows.length === 0 ? 0 : rows.filter((r) => r.at10).length / rows.length,
  });
  const present = CATEGORIES.filter((c) => scored.some((r) => r.category === c));
  return [
    ...present.map((c) =>
      summarize(
        c,
        scored.filter((r) => r.category === c),
      ),
    ),
    summarize(
      'one-edit',
      scored.filter((r) => ONE_EDIT.includes(r.category)),
    ),
  ];
}
