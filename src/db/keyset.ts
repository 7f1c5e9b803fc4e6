/**
 * Keyset pagination: lists are ordered by a text column then the id, and a cursor is the last row's
 * pair, opaque to clients. Pages stay index scans however deep a client goes.
 */
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
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
