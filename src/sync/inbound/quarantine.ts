/**
 * Records a pull could not take: malformed vendor records (or ones that failed to apply), kept with
 * the raw payload (sealed: it is personal data) and a reason that names fields, never values. The
 * rest of the page is applied; nothing is dropped silently.
 */

import type { Tx } from '../../db/tx.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import { quarantinedRecords } from '../tables.ts';

export interface QuarantineEntry {
  externalId: string | null;
  reason: string;
  raw: unknown;
}

export async function quarantine(
  tx: Tx,
  vault: SyncVault,
  scope: { orgId: string; storeId: string; runId: string },
  entries: readonly QuarantineEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(quarantinedRecords).values(
    entries.map((e) => ({
      orgId: scope.orgId,
      storeId: scope.storeId,
      runId: scope.runId,
      externalId: e.externalId,
      reason: e.reason.slice(0, 500),
      rawEnc: vault.seal(scope, 'quarantine', e.raw),
    })),
  );
}
