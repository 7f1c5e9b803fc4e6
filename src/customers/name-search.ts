/**
 * The tiers of a search by name (run by search-tiers.ts), each read from a btree index in name
 * order, so that the cost of a page does not depend on how many people share the name (a surname a
 * third of a town bears reads one page, like a rare one). For a query of one word, in this order:
 *   1. the word is a last, first or preferred name            ("smith")
 *   2. a name starts with it (being typed)                    ("smi")
 *   3. a short or full form of it                             ("bob" → robert)
 *   4. a name within one edit of it                           ("smtih" → smith)
 *   5. a name that sounds like it (Double Metaphone)          ("smyth" → smith)
 * For first and last name (either order, a comma or not), the same tiers for the pair: both exact,
 * the last word being typed, then the pairs of their near forms. Near forms (3–5) come from the
 * organization's name terms (customer_name_terms, a few thousand rows), best first; each is then one
 * index range of customers. Within a tier, customers are listed by name.
 */
import { type SQL, sql } from 'drizzle-orm';
import { oneLetterDeletionsOf, queryTermsOf } from '../domain/name-terms.ts';
import { otherFormsOf } from '../domain/nicknames.ts';
import type { Column, MatchedField, Step, Tiers } from './search-tiers.ts';

const FIELD_OF: Record<Column, MatchedField> = {
  last_term: 'lastName',
  first_term: 'firstName',
  preferred_term: 'preferredName',
};

/** How many near forms of a word are tried (in rank order); past these, trigram search takes over. */
const NEAR_FORMS = 8;
/** Words shorter than this are matched exactly or as a prefix only (too few letters for a typo). */
const SHORTEST_FOR_EDITS = 4;
const SHORTEST_FOR_SOUNDS = 3;

export type NameSearch = Pick<Tiers, 'with' | 'steps'> & {
  /** Steps before this one (numbered from 1) are exact and prefix reads; from it, the near forms. */
  nearFrom: number;
};

/**
 * The steps of a name query, or null when `q` holds no searchable word. `terms` of the query are
 * compared with the stored terms (`nameTermOf` computes both alike).
 */
export function nameSearchOf(q: string, orgId: string): NameSearch | null {
  const words = queryTermsOf(q);
  if (words.length === 0) return null;
  if (words.length === 1) return oneWord(words[0]!, orgId);
  return fullName(words, orgId);
}

const col = (c: Column) => sql.raw(c);

/** The largest code point: in the "C" collation, every longer term starting with `w` sorts below `w` + it. */
const LAST_CHARACTER = String.fromCodePoint(0x10ffff);

/**
 * `column` continues `w` (longer, same start): a btree range in the "C" collation, written as one so
 * that a plan made once for the statement (prepared, any `w`) still reads the range alone.
 */
function startsWith(column: SQL, w: string): SQL {
  return sql`(${column} > ${w} AND ${column} < ${w + LAST_CHARACTER})`;
}

function oneWord(w: string, orgId: string): NameSearch {
  const steps: Step[] = [];
  for (const c of ['last_term', 'first_term', 'preferred_term'] as const) {
    steps.push({ finds: sql`${col(c)} = ${w}`, column: c, matched: [FIELD_OF[c]] });
  }
  for (const c of ['last_term', 'first_term', 'preferred_term'] as const) {
    steps.push({ finds: startsWith(col(c), w), column: c, matched: [FIELD_OF[c]] });
  }
  if ([...w].length < SHORTEST_FOR_SOUNDS) return { with: [], steps, nearFrom: steps.length + 1 };
  const nearFrom = steps.length + 1;
  const near = nearFormsCte('near_w', w, orgId);
  for (const c of ['last_term', 'first_term', 'preferred_term'] as const) {
    steps.push({
      finds: sql`${col(c)} IN (SELECT term FROM near_w)`,
      column: c,
      matched: [FIELD_OF[c]],
      near: 'near_w',
      reads: sql`${col(c)} = n.term`,
    });
  }
  return { with: [near], steps, nearFrom };
}

/**
 * First and last name, in either order; with three or more words, the split of a two-word first or
 * last name too ("Mary Ann Smith", "Ana de la Cruz").
 */
function fullName(words: string[], orgId: string): NameSearch {
  const pairs = namePairsOf(words);
  const steps: Step[] = [];
  const exact = (first: string, last: string) => sql`(last_term = ${last} AND first_term = ${first})`;
  const exactPreferred = (first: string, last: string) => sql`(last_term = ${last} AND preferred_term = ${first})`;
  for (const { first, last } of pairs) {
    steps.push({ finds: exact(first, last), column: 'last_term', matched: ['firstName', 'lastName'] });
  }
  for (const { first, last } of pairs) {
    steps.push({
      finds: exactPreferred(first, last),
      column: 'preferred_term',
      matched: ['preferredName', 'lastName'],
    });
  }
  // All the words one last name, as typed or being typed: "washington castro" is Washington-Castro.
  const whole = words.join('');
  steps.push({ finds: sql`last_term = ${whole}`, column: 'last_term', matched: ['lastName'] });
  steps.push({ finds: startsWith(sql`last_term`, whole), column: 'last_term', matched: ['lastName'] });
  // The word being typed is the query's last: the last name in "kathleen smi", the first in "smith, kat".
  for (const { first, last, typed } of pairs) {
    if (typed === 'last') {
      steps.push({
        finds: sql`(first_term = ${first} AND ${startsWith(sql`last_term`, last)})`,
        column: 'first_term',
        matched: ['firstName', 'lastName'],
      });
    } else {
      steps.push({
        finds: sql`(last_term = ${last} AND ${startsWith(sql`first_term`, first)})`,
        column: 'last_term',
        matched: ['firstName', 'lastName'],
      });
    }
  }
  const nearFrom = steps.length + 1;
  const ctes: SQL[] = [];
  const distinct = [...new Set(pairs.flatMap((p) => [p.first, p.last]))];
  const cteOf = new Map(distinct.map((w, i) => [w, `near_${i}`]));
  for (const [w, name] of cteOf) ctes.push(nearFormsCte(name, w, orgId, { includeItself: true }));
  pairs.forEach(({ first, last }, i) => {
    const name = `pairs_${i}`;
    // One of the two near, the other as typed (each list holds the word itself at rank 0), best first:
    // both misspelt only among the three nearest forms of each, which keeps the pairs few (25).
    ctes.push(sql`${sql.raw(name)} AS (
      SELECT f.term AS first, l.term AS last, row_number() OVER (ORDER BY f.rank + l.rank, f.rank, f.term, l.term) AS rank
        FROM ${sql.raw(cteOf.get(first)!)} f CROSS JOIN ${sql.raw(cteOf.get(last)!)} l
       WHERE f.rank + l.rank > 0 AND (f.rank = 0 OR l.rank = 0 OR (f.rank <= 3 AND l.rank <= 3)))`);
    const inPairs = (firstColumn: Column) =>
      sql`(${col(firstColumn)}, last_term) IN (SELECT first, last FROM ${sql.raw(name)})`;
    for (const firstColumn of ['first_term', 'preferred_term'] as const) {
      steps.push({
        finds: inPairs(firstColumn),
        column: firstColumn === 'first_term' ? 'last_term' : 'preferred_term',
        matched: [FIELD_OF[firstColumn], 'lastName'],
        near: name,
        reads: sql`(${col(firstColumn)} = n.first AND last_term = n.last)`,
      });
    }
  });
  return { with: ctes, steps, nearFrom };
}

interface NamePair {
  first: string;
  last: string;
  /** Which of the two the query's last word is part of (it may be half typed). */
  typed: 'first' | 'last';
}

/** The ways a query's words are a first and a last name: as typed first, then swapped. */
export function namePairsOf(words: readonly string[]): NamePair[] {
  const n = words.length;
  const join = (from: number, to: number) => words.slice(from, to).join('');
  const splits = n === 2 ? [1] : [1, n - 1];
  const pairs: NamePair[] = [];
  for (const at of splits) pairs.push({ first: join(0, at), last: join(at, n), typed: 'last' });
  for (const at of splits) pairs.push({ first: join(at, n), last: join(0, at), typed: 'first' });
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const key = `${p.first} ${p.last}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A CTE `name(term, rank)` of the organization's name terms near `w`, best first: its other forms
 * (nicknames), then terms one edit away, then terms that sound alike; within each, the terms more
 * customers bear first (a typo of a common name is more likely meant than a rare name). With
 * `includeItself`, `w` heads the list at rank 0 (a pair of near forms keeps one word as typed).
 */
function nearFormsCte(name: string, w: string, orgId: string, options: { includeItself?: boolean } = {}): SQL {
  const forms = otherFormsOf(w);
  const length = [...w].length;
  const edits = length >= SHORTEST_FOR_EDITS;
  const sounds = length >= SHORTEST_FOR_SOUNDS;
  const deletions = oneLetterDeletionsOf(w);
  const candidates = [
    sql`SELECT unnest(${sql.param(forms)}::text[]) AS term, 1 AS kind`,
    edits
      ? // A function: under row-level security the GIN index of deletions is not read (migration 0027).
        sql`SELECT t AS term, 2 FROM patron_terms_one_edit_from(${w}, ${sql.param(deletions)}::text[]) AS t`
      : undefined,
    sounds
      ? sql`SELECT term, 3 FROM customer_name_terms
             WHERE org_id = ${orgId} AND (sound = dmetaphone(${w}) OR sound_alt = dmetaphone(${w}))
               AND abs(length(term) - ${length}) <= 2`
      : undefined,
  ].filter((s): s is SQL => s !== undefined);
  // Alone, a word's longer forms are its prefix step's (1–2); in a pair only the last word is typed.
  const longer = options.includeItself ? sql`` : sql` AND NOT ${startsWith(sql`term`, w)}`;
  const near = sql`SELECT term, min(kind) AS kind FROM (${sql.join(candidates, sql` UNION ALL `)}) AS c
     WHERE term <> ${w}${longer} GROUP BY term`;
  const ranked = sql`SELECT term, row_number() OVER (ORDER BY kind, bearers DESC, term) AS rank FROM (
       SELECT term, kind, ${bearers(orgId)} AS bearers FROM (${near}) AS k
     ) AS b ORDER BY rank LIMIT ${NEAR_FORMS}`;
  const itself = options.includeItself
    ? sql`SELECT ${w}::text COLLATE "C" AS term, 0::bigint AS rank UNION ALL `
    : sql``;
  return sql`${sql.raw(name)} AS (${itself}${ranked})`;
}

/** How many live customers bear the term `term` as a last or first name, counted up to 30 each (enough to rank). */
function bearers(orgId: string): SQL {
  const upTo100 = (c: Column) =>
    sql`(SELECT count(*) FROM (SELECT 1 FROM customers
          WHERE org_id = ${orgId} AND deleted_at IS NULL AND ${col(c)} = k.term COLLATE "C" LIMIT 30) AS x)`;
  return sql`(${upTo100('last_term')} + ${upTo100('first_term')})`;
}
