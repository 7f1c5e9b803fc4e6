/**
 * `GET /sync-quarantine`: the POS records a pull could not take (quarantine.ts), newest first, for a
 * manager to follow up at the POS. What is answered names the store, the vendor, the record's POS id,
 * the reason (which names fields, never values) and when; the raw payload stays sealed and is never
 * answered: it is the person's data as the POS sent it, unchecked and unmasked.
 */
import { and, desc, eq, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { decodeCursor, encodeCursor, type Page } from '../../db/keyset.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { stores } from '../../stores/tables.ts';
import { quarantinedRecords, storeIntegrations } from '../tables.ts';

export interface QuarantinedRecordView {
  id: string;
  storeId: string;
  storeName: string;
  /** The store's POS vendor now (null when its integration was removed since). */
  vendor: string | null;
  externalId: string | null;
  reason: string;
  runId: string | null;
  quarantinedAt: Date;
  resolvedAt: Date | null;
}

export async function listQuarantined(
  db: Db,
  actor: Actor,
  query: {
    limit: number;
    cursor?: string | undefined;
    storeId?: string | undefined;
    status?: 'open' | 'resolved' | undefined;
  },
): Promise<Page<QuarantinedRecordView>> {
  authorize(actor, 'read', 'syncQuarantine');
  const ms = sql`date_trunc('milliseconds', ${quarantinedRecords.createdAt})`;
  let after: SQL | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    if (!isUuid(id) || Number.isNaN(Date.parse(at))) {
      throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
    }
    after = or(sql`${ms} < ${at}::timestamptz`, and(sql`${ms} = ${at}::timestamptz`, lt(quarantinedRecords.id, id)));
  }
  const rows = await db
    .select({
      id: quarantinedRecords.id,
      storeId: quarantinedRecords.storeId,
      storeName: stores.name,
      vendor: storeIntegrations.vendor,
      externalId: quarantinedRecords.externalId,
      reason: quarantinedRecords.reason,
      runId: quarantinedRecords.runId,
      quarantinedAt: quarantinedRecords.createdAt,
      resolvedAt: quarantinedRecords.resolvedAt,
    })
    .from(quarantinedRecords)
    .innerJoin(stores, and(eq(stores.id, quarantinedRecords.storeId), eq(stores.orgId, quarantinedRecords.orgId)))
    .leftJoin(
      storeIntegrations,
      and(
        eq(storeIntegrations.storeId, quarantinedRecords.storeId),
        eq(storeIntegrations.orgId, quarantinedRecords.orgId),
      ),
    )
    .where(
      and(
        eq(quarantinedRecords.orgId, actor.orgId),
        query.storeId ? eq(quarantinedRecords.storeId, query.storeId) : undefined,
        query.status === 'resolved' ? isNotNull(quarantinedRecords.resolvedAt) : isNull(quarantinedRecords.resolvedAt),
        after,
      ),
    )
    .orderBy(desc(ms), desc(quarantinedRecords.id))
    .limit(query.limit + 1);
  const items: QuarantinedRecordView[] = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.quarantinedAt.toISOString(), last.id) : null,
  };
}
