/** Which jurisdiction data profile a store follows (stores.data_profile, see domain/data-profiles.ts). */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { DATA_PROFILES, type DataProfile, dataProfile } from '../domain/data-profiles.ts';
import { isUuid } from '../domain/ids.ts';
import { stores } from './tables.ts';

/**
 * The profile of a store of this organization, or null when it has no such store. Read each time
 * (a primary-key lookup): an admin's change applies to the very next write, in every process.
 */
export async function storeDataProfile(
  db: Pick<Db, 'select'>,
  orgId: string,
  storeId: string,
): Promise<DataProfile | null> {
  if (!isUuid(storeId)) return null;
  const [row] = await db
    .select({ dataProfile: stores.dataProfile })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), eq(stores.id, storeId)));
  return row ? dataProfile(row.dataProfile) : null;
}

/** GET /data-profiles: every profile Patron ships, with its rules and their legal basis. */
export function listDataProfiles(actor: Actor): DataProfile[] {
  authorize(actor, 'read', 'store');
  return Object.values(DATA_PROFILES);
}
