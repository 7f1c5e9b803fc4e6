/**
 * Which of one channel's consent statements is the current one (the TCPA ledger of
 * customers/consents.ts): the latest wins, and when two have the same time the opt-out wins. The
 * rule is stated once, here, as data (`CONSENT_PRECEDENCE`): the pure `currentStatement` reads it,
 * and the SQL that derives a customer's consents turns the same list into its ORDER BY, so the
 * database and this module cannot disagree about which statement prevails.
 */

/** What precedence looks at in a statement (the ledger row's columns of the same names). */
export interface RankedStatement {
  granted: boolean;
  /** When the choice was made (never after `recordedAt`). */
  at: Date;
  recordedAt: Date;
  source: string;
}

export type PrecedenceField = keyof RankedStatement;

/**
 * One step of precedence: which value of `field` prevails when the earlier steps tie. `greatest` is
 * the later time, or `true`; `least` the earlier time, `false`, or the source first by code point.
 */
export interface PrecedenceStep {
  field: PrecedenceField;
  prevails: 'greatest' | 'least';
}

/** The precedence of consent statements, most significant step first. */
export const CONSENT_PRECEDENCE: readonly PrecedenceStep[] = [
  // The latest statement is the person's current choice.
  { field: 'at', prevails: 'greatest' },
  // At the same time, a withdrawal wins over a grant: when in doubt, do not message.
  { field: 'granted', prevails: 'least' },
  // The same choice told twice at one time: the later recording (what was last heard of it).
  { field: 'recordedAt', prevails: 'greatest' },
  // Only the source can still differ; ordering by it makes the choice never depend on row order.
  { field: 'source', prevails: 'least' },
];

/**
 * Orders statements the way the ledger ranks them: negative when `a` prevails over `b`, positive
 * when `b` prevails, 0 when they are alike in everything precedence looks at. Sorting with it puts
 * the current statement first, like the SQL ORDER BY made from `CONSENT_PRECEDENCE`.
 */
export function comparePrecedence(a: RankedStatement, b: RankedStatement): number {
  for (const { field, prevails } of CONSENT_PRECEDENCE) {
    const order = compareValues(a[field], b[field]);
    if (order !== 0) return prevails === 'greatest' ? -order : order;
  }
  return 0;
}

/** The statement that prevails among `statements` (of one channel), or undefined when there is none. */
export function currentStatement<T extends RankedStatement>(statements: readonly T[]): T | undefined {
  let current: T | undefined;
  for (const statement of statements) {
    if (current === undefined || comparePrecedence(statement, current) < 0) current = statement;
  }
  return current;
}

/** Ascending order of one field's values: times by instant, `false` before `true`, text by code point. */
function compareValues(a: Date | boolean | string, b: Date | boolean | string): number {
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return compareCodePoints(String(a), String(b));
}

/**
 * Text by Unicode code point, which is the byte order of UTF-8 and so PostgreSQL's `COLLATE "C"`;
 * JavaScript's `<` compares UTF-16 units, which puts characters above U+FFFF before U+E000-U+FFFF.
 */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const order = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (order !== 0) return Math.sign(order);
  }
  return Math.sign(x.length - y.length);
}
