/**
 * How far a store's customers have been read, and where the next pull starts. Two parts (see
 * `SyncCursorColumn`): the high-water mark `since`, and the pass in progress with the vendor's paging
 * token. A new incremental pass starts `OVERLAP_MS` before the mark, so records sharing the mark's
 * timestamp and records stamped by a vendor clock running behind are read again rather than missed;
 * the re-read ones hash the same and count as `unchanged`. A pass that stopped is resumed exactly
 * where its last committed page left it. The mark only ever moves forward.
 */

import type { PosCursor, PosPage } from '../../pos/port.ts';
import type { SyncCursorColumn } from '../tables.ts';

export const OVERLAP_MS = 5 * 60_000;

export type SyncMode = 'incremental' | 'full';
export type SyncPass = NonNullable<SyncCursorColumn['pass']>;

export const INITIAL_CURSOR: SyncCursorColumn = { since: null, pass: null };

/**
 * The pass a run works on: the one in progress if any (a full pass is never abandoned for an
 * incremental one; a full request replaces an unfinished incremental pass), else a new one.
 */
export function passFor(cursor: SyncCursorColumn, mode: SyncMode, now: Date): { pass: SyncPass; from: PosCursor } {
  const current = cursor.pass;
  if (current && (current.mode === 'full' || mode === 'incremental')) {
    return { pass: current, from: { since: current.since, resume: current.resume } };
  }
  const since = mode === 'full' || cursor.since === null ? null : withOverlap(cursor.since);
  const pass: SyncPass = { mode, since, resume: null, startedAt: now.toISOString() };
  return { pass, from: { since, resume: null } };
}

export function withOverlap(since: string): string {
  return new Date(Math.max(0, Date.parse(since) - OVERLAP_MS)).toISOString();
}

/** The cursor once `page` (of `pass`) is applied: the pass moves on, or ends and raises the mark. */
export function afterPage(
  cursor: SyncCursorColumn,
  pass: SyncPass,
  page: Pick<PosPage, 'next' | 'done'>,
): SyncCursorColumn {
  if (page.done) return { since: later(cursor.since, page.next.since), pass: null };
  return { since: cursor.since, pass: { ...pass, resume: page.next.resume } };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
