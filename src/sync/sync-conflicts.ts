/**
 * Conflicts the sync engine will not settle by itself: both values are kept (sealed, they are
 * personal data) with status `open` until a manager chooses (the resolve API comes with outbound).
 * A disagreement already open for the same customer, store and field is not recorded twice.
 */
import { syncConflicts } from '../db/schema.ts';
import type { InboundConflict } from './inbound-changes.ts';
import type { SyncVault } from './sync-vault.ts';
import type { Tx } from './tx.ts';

export async function recordConflicts(
  tx: Tx,
  vault: SyncVault,
  scope: { orgId: string; storeId: string },
  customerId: string,
  conflicts: readonly InboundConflict[],
): Promise<void> {
  if (conflicts.length === 0) return;
  await tx
    .insert(syncConflicts)
    .values(
      conflicts.map((c) => ({
        orgId: scope.orgId,
        storeId: scope.storeId,
        customerId,
        field: c.field,
        localValueEnc: vault.seal(scope, 'conflict', c.local),
        posValueEnc: vault.seal(scope, 'conflict', c.pos),
      })),
    )
    .onConflictDoNothing();
}
