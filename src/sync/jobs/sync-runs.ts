/**
 * Sync runs: one row per pull of one store, `queued` -> `running` -> `succeeded` | `failed`, with
 * counts added after every page in the page's own transaction (so they are live, and exactly what
 * was committed). Admins read them through `GET /sync-runs`.
 */
import { and, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { decodeCursor, encodeCursor, type Page } from '../../db/keyset.ts';
import type { Tx } from '../../db/tx.ts';
import { NotFound, ValidationFailed } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import type { SyncMode } from '../inbound/cursor.ts';
import { type SyncRunStatsColumn, syncRuns } from '../tables.ts';

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type SyncTrigger = SyncRunRow['trigger'];

export const EMPTY_STATS: SyncRunStatsColumn = {
  fetched: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  linked: 0,
  conflicts: 0,
  quarantined: 0,
  pushed: 0,
  errors: 0,
};

export interface SyncRunView {
  id: string;
  storeId: string;
  mode: SyncMode;
  trigger: SyncTrigger;
  status: SyncRunRow['status'];
  stats: SyncRunStatsColumn;
  notSeen: number | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

export function runView(row: SyncRunRow): SyncRunView {
  return {
    id: row.id,
    storeId: row.storeId,
    mode: row.mode,
    trigger: row.trigger,
    status: row.status,
    stats: { ...EMPTY_STATS, ...row.stats },
    notSeen: row.notSeen,
    attempts: row.attempts,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
  };
}

export async function insertRun(
  db: Db | Tx,
  scope: { orgId: string; storeId: string },
  mode: SyncMode,
  trigger: SyncTrigger,
): Promise<SyncRunRow> {
  const [row] = await db
    .insert(syncRuns)
    .values({ ...scope, mode, trigger, status: 'queued', stats: EMPTY_STATS })
    .returning();
  return row!;
}

/** Marks the run running for one more attempt; `undefined` when it already ended (a repeated delivery). */
export async function startAttempt(db: Db, runId: string): Promise<SyncRunRow | undefined> {
  const [row] = await db
    .update(syncRuns)
    .set({
      status: 'running',
      attempts: sql`${syncRuns.attempts} + 1`,
      startedAt: sql`coalesce(${syncRuns.startedAt}, now())`,
    })
    .where(and(eq(syncRuns.id, runId), inArray(syncRuns.status, ['queued', 'running'])))
    .returning();
  return row;
}

/** Adds a page's counts, inside the page's transaction. */
export async function addStats(tx: Tx, runId: string, delta: Partial<SyncRunStatsColumn>): Promise<void> {
  const fields = Object.entries(delta).filter(([, n]) => n !== 0);
  if (fields.length === 0) return;
  const sum = sql.join(
    fields.map(([key, n]) => sql`${key}::text, coalesce((${syncRuns.stats}->>${key})::int, 0) + ${n}::int`),
    sql`, `,
  );
  await tx
    .update(syncRuns)
    .set({ stats: sql`${syncRuns.stats} || jsonb_build_object(${sum})` })
    .where(eq(syncRuns.id, runId));
}

export async function finishRun(
  db: Db | Tx,
  runId: string,
  outcome: { status: 'succeeded' | 'failed'; error?: string | null; notSeen?: number | null },
): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      status: outcome.status,
      error: outcome.error ?? null,
      notSeen: outcome.notSeen ?? null,
      finishedAt: new Date(),
    })
    .where(eq(syncRuns.id, runId));
}

/**
 * Ends a run that no attempt will finish (its job went to the dead-letter queue without a handler
 * saying so, e.g. the worker of its last attempt was killed); a run already ended is left as it is.
 */
export async function abandonRun(db: Db, runId: string, error: string): Promise<boolean> {
  const ended = await db
    .update(syncRuns)
    .set({ status: 'failed', error, finishedAt: new Date() })
    .where(and(eq(syncRuns.id, runId), inArray(syncRuns.status, ['queued', 'running'])))
    .returning({ id: syncRuns.id });
  return ended.length > 0;
}

/** A failed attempt that will be retried: the run stays `running` and shows why it is waiting. */
export async function noteRetry(db: Db, runId: string, error: string): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      error: `${error} (retrying)`,
      stats: sql`${syncRuns.stats} || jsonb_build_object('errors', coalesce((${syncRuns.stats}->>'errors')::int, 0) + 1)`,
    })
    .where(eq(syncRuns.id, runId));
}

export async function listRuns(
  db: Db,
  actor: Actor,
  query: {
    limit: number;
    cursor?: string | undefined;
    storeId?: string | undefined;
    status?: SyncRunRow['status'] | undefined;
  },
): Promise<Page<SyncRunView>> {
  authorize(actor, 'read', 'syncRun');
  let after: SQL | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    if (!isUuid(id) || Number.isNaN(Date.parse(at))) {
      throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
    }
    // Milliseconds on both sides: the cursor holds a JavaScript time, the column microseconds.
    const ms = sql`date_trunc('milliseconds', ${syncRuns.createdAt})`;
    after = or(sql`${ms} < ${at}::timestamptz`, and(sql`${ms} = ${at}::timestamptz`, lt(syncRuns.id, id)));
  }
  const rows = await db
    .select()
    .from(syncRuns)
    .where(
      and(
        eq(syncRuns.orgId, actor.orgId),
        query.storeId ? eq(syncRuns.storeId, query.storeId) : undefined,
        query.status ? eq(syncRuns.status, query.status) : undefined,
        after,
      ),
    )
    .orderBy(desc(sql`date_trunc('milliseconds', ${syncRuns.createdAt})`), desc(syncRuns.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map(runView);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
  };
}

export async function getRun(db: Db, actor: Actor, id: string): Promise<SyncRunView> {
  authorize(actor, 'read', 'syncRun');
  if (!isUuid(id)) throw new NotFound('sync run');
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, actor.orgId), eq(syncRuns.id, id)));
  if (!row) throw new NotFound('sync run');
  return runView(row);
}
