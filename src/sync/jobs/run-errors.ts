/**
 * `GET /sync-runs/{id}/errors`: what went wrong in one run, for the admin's run page. Two kinds:
 * the records the run quarantined (quarantine.ts, each with its POS id and a reason that names
 * fields, never values) in the order they were met, then the run's own error (a failed run, or an
 * attempt waiting for its retry), which closes the list on its last page. The quarantined payload is
 * never read here: it is the person's data as the POS sent it.
 */
import { and, asc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { decodeCursor, encodeCursor, type Page } from '../../db/keyset.ts';
import { NotFound, ValidationFailed } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { quarantinedRecords, syncRuns } from '../tables.ts';

export interface RunErrorView {
  at: Date;
  kind: 'quarantined' | 'run';
  /** The record's id at the POS, when it could be read (quarantined records only). */
  externalId?: string | null;
  reason: string;
}

export async function listRunErrors(
  db: Db,
  actor: Actor,
  runId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<Page<RunErrorView>> {
  authorize(actor, 'read', 'syncRun');
  if (!isUuid(runId)) throw new NotFound('sync run');
  const [run] = await db
    .select({
      error: syncRuns.error,
      createdAt: syncRuns.createdAt,
      startedAt: syncRuns.startedAt,
      finishedAt: syncRuns.finishedAt,
    })
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, actor.orgId), eq(syncRuns.id, runId)));
  if (!run) throw new NotFound('sync run');

  // Milliseconds on both sides: the cursor holds a JavaScript time, the column microseconds.
  const ms = sql`date_trunc('milliseconds', ${quarantinedRecords.createdAt})`;
  let after: SQL | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    if (!isUuid(id) || Number.isNaN(Date.parse(at))) {
      throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
    }
    after = or(sql`${ms} > ${at}::timestamptz`, and(sql`${ms} = ${at}::timestamptz`, gt(quarantinedRecords.id, id)));
  }
  const rows = await db
    .select({
      id: quarantinedRecords.id,
      at: quarantinedRecords.createdAt,
      externalId: quarantinedRecords.externalId,
      reason: quarantinedRecords.reason,
    })
    .from(quarantinedRecords)
    .where(and(eq(quarantinedRecords.orgId, actor.orgId), eq(quarantinedRecords.runId, runId), after))
    .orderBy(asc(ms), asc(quarantinedRecords.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const items: RunErrorView[] = page.map((row) => ({
    at: row.at,
    kind: 'quarantined',
    externalId: row.externalId,
    reason: row.reason,
  }));
  const last = page.at(-1);
  const cursorAfterLast = last ? encodeCursor(last.at.toISOString(), last.id) : null;
  if (rows.length > query.limit) return { items, nextCursor: cursorAfterLast };
  if (run.error === null) return { items, nextCursor: null };
  // The run's own error comes after its records; a full page leaves it to the next one.
  if (items.length === query.limit) return { items, nextCursor: cursorAfterLast };
  items.push({ at: run.finishedAt ?? run.startedAt ?? run.createdAt, kind: 'run', reason: run.error });
  return { items, nextCursor: null };
}
