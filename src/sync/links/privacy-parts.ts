/**
 * What sync holds on a person, as privacy's use cases need it (privacy/privacy-ports.ts, wired by
 * http/privacy-ports.ts): the erasure's part (sealed copies of the person's values go: sync conflicts,
 * the POS base of each link; the links stay so a later pull does not re-create the person), and the
 * export's sections (links, conflicts with both values still sealed). Sync writes its own tables here.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { Tx } from '../../db/tx.ts';
import type { ExportedLink, SealedConflict } from '../../privacy/privacy-ports.ts';
import { stores } from '../../stores/tables.ts';
import { customerLinks, storeIntegrations, syncConflicts } from '../tables.ts';

/** Erasure's part: sync conflicts deleted, each link's sealed POS base removed. */
export async function eraseSyncHeld(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void> {
  const ids = [...customerIds];
  await tx.delete(syncConflicts).where(and(eq(syncConflicts.orgId, orgId), inArray(syncConflicts.customerId, ids)));
  await tx
    .update(customerLinks)
    .set({ posBaseEnc: null })
    .where(and(eq(customerLinks.orgId, orgId), inArray(customerLinks.customerId, ids)));
}

/** The export's POS links of one customer, with the store's name and vendor, oldest first. */
export async function exportedLinks(db: Db, orgId: string, customerId: string): Promise<ExportedLink[]> {
  return db
    .select({
      storeId: customerLinks.storeId,
      storeName: stores.name,
      vendor: storeIntegrations.vendor,
      externalId: customerLinks.externalId,
      status: customerLinks.status,
      lastSyncedAt: customerLinks.lastSyncedAt,
      lastSeenAt: customerLinks.lastSeenAt,
      lastError: customerLinks.lastError,
      issues: customerLinks.issues,
      createdAt: customerLinks.createdAt,
    })
    .from(customerLinks)
    .innerJoin(stores, and(eq(stores.orgId, customerLinks.orgId), eq(stores.id, customerLinks.storeId)))
    .leftJoin(
      storeIntegrations,
      and(eq(storeIntegrations.orgId, customerLinks.orgId), eq(storeIntegrations.storeId, customerLinks.storeId)),
    )
    .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.customerId, customerId)))
    .orderBy(asc(customerLinks.createdAt));
}

/** The export's sync conflicts of `customerIds`, values sealed, oldest first. */
export async function exportedConflicts(db: Db, orgId: string, customerIds: string[]): Promise<SealedConflict[]> {
  return db
    .select()
    .from(syncConflicts)
    .where(and(eq(syncConflicts.orgId, orgId), inArray(syncConflicts.customerId, customerIds)))
    .orderBy(asc(syncConflicts.detectedAt));
}
