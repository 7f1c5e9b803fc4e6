/** Per-store sync health for admins: the integration's state plus the last day's failures. */
import { sql } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';

export interface StoreSyncHealth {
  storeId: string;
  vendor: string;
  enabled: boolean;
  status: 'never' | 'ok' | 'error';
  lastSyncAt: Date | null;
  lastError: string | null;
  errors24h: number;
  openConflicts: number;
  quarantined24h: number;
}

export async function syncHealth(db: Db, actor: Actor): Promise<StoreSyncHealth[]> {
  authorize(actor, 'read', 'syncRun');
  const rows = await db.execute<{
    store_id: string;
    vendor: string;
    enabled: boolean;
    status: StoreSyncHealth['status'];
    last_sync_at: string | null;
    last_error: string | null;
    errors24h: number;
    open_conflicts: number;
    quarantined24h: number;
  }>(sql`
    SELECT si.store_id, si.vendor, si.enabled, si.status, si.last_sync_at, si.last_error,
      (SELECT coalesce(sum((r.stats->>'errors')::int) + count(*) FILTER (WHERE r.status = 'failed'), 0)::int
         FROM sync_runs r WHERE r.org_id = si.org_id AND r.store_id = si.store_id
          AND r.created_at > now() - interval '24 hours') AS errors24h,
      (SELECT count(*)::int FROM sync_conflicts c
        WHERE c.org_id = si.org_id AND c.store_id = si.store_id AND c.status = 'open') AS open_conflicts,
      (SELECT count(*)::int FROM quarantined_records q
        WHERE q.org_id = si.org_id AND q.store_id = si.store_id AND q.created_at > now() - interval '24 hours') AS quarantined24h
    FROM store_integrations si
    WHERE si.org_id = ${actor.orgId}
    ORDER BY si.store_id`);
  return rows.rows.map((r) => ({
    storeId: r.store_id,
    vendor: r.vendor,
    enabled: r.enabled,
    status: r.status,
    lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at) : null,
    lastError: r.last_error,
    errors24h: r.errors24h,
    openConflicts: r.open_conflicts,
    quarantined24h: r.quarantined24h,
  }));
}
