/**
 * Keyset pagination: lists are ordered by a text column then the id, and a cursor is the last row's
 * pair, opaque to clients. Pages stay index scans however deep a client goes.
 */
import { and, asc, desc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a client asks of a list: `?limit=&cursor=` (http/schemas.ts PageQuery). */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // fall through to the validation error
  }
  throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
}

/** WHERE and ORDER BY for one page after `cursor`, sorted by `sortColumn` then `idColumn`. */
export function keyset(sortColumn: PgColumn, idColumn: PgColumn, cursor: string | undefined) {
  let where: SQL | undefined;
  if (cursor) {
    const [sortValue, id] = decodeCursor(cursor);
    if (!isUuid(id))
      throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
    where = or(gt(sortColumn, sortValue), and(eq(sortColumn, sortValue), gt(idColumn, id)));
  }
  return { where, orderBy: [asc(sortColumn), asc(idColumn)] };
}

/** Turns `limit + 1` fetched rows into a page and its next cursor. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => [string, string]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...cursorOf(last)) : null };
}

/** One key of a newest-first list: the column, and the SQL type its cursor value is read back as. */
export interface DescendingKey {
  column: PgColumn;
  type: 'timestamptz' | 'uuid' | 'bigint';
}

const VALID_KEY: Record<DescendingKey['type'], (value: string) => boolean> = {
  timestamptz: (value) => !Number.isNaN(Date.parse(value)),
  uuid: isUuid,
  bigint: (value) => /^\d{1,19}$/.test(value),
};

/**
 * WHERE and ORDER BY for one page of a newest-first list (audit trails, ledgers) after `cursor`,
 * sorted by `keys` descending; `cursorKey` is the column to select for `toNewestFirstPage`. The keys'
 * values travel as PostgreSQL's own text, so a timestamp keeps its microseconds.
 */
export function newestFirst(keys: readonly DescendingKey[], cursor: string | undefined) {
  let where: SQL | undefined;
  if (cursor) {
    const values = decodeKeys(cursor, keys.length);
    if (!keys.every((key, i) => VALID_KEY[key.type](values[i]!))) throw notACursor();
    const held = sql.join(
      keys.map((key) => sql`${key.column}`),
      sql`, `,
    );
    const after = sql.join(
      keys.map((key, i) => sql`${values[i]}::${sql.raw(key.type)}`),
      sql`, `,
    );
    where = sql`(${held}) < (${after})`;
  }
  const cursorKey = sql<string>`json_build_array(${sql.join(
    keys.map((key) => sql`${key.column}::text`),
    sql`, `,
  )})::text`;
  return { where, orderBy: keys.map((key) => desc(key.column)), cursorKey };
}

/** Turns `limit + 1` rows selected with `cursorKey` into a page, without that column. */
export function toNewestFirstPage<T extends { cursorKey: string }>(
  rows: T[],
  limit: number,
): Page<Omit<T, 'cursorKey'>> {
  const items = rows.slice(0, limit).map(({ cursorKey: _, ...item }) => item);
  const last = rows[limit - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? Buffer.from(last.cursorKey).toString('base64url') : null,
  };
}

function decodeKeys(cursor: string, count: number): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === count && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // fall through to the validation error
  }
  throw notACursor();
}

function notACursor(): ValidationFailed {
  return ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
}
