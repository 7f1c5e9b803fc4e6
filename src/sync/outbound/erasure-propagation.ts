/**
 * Erasure at the POSes (DESIGN "Privacy"): each linked POS is asked to blank the customer and, where
 * its API can, to deactivate them as well (forget-at-pos.ts); where it refuses, that is recorded
 * (non-personal reason) so a manager can finish the job at the register. One row per customer and
 * store, read by `GET /erasures/{id}` (privacy/erasure-status.ts).
 */
import { and, eq } from 'drizzle-orm';
import { customerLinks, erasurePropagations } from '../../db/schema.ts';
import type { PosClient } from '../../pos/port.ts';
import { sealBase } from '../links/base.ts';
import { BLANK, forgetAtPos } from './forget-at-pos.ts';
import type { LinkRow, PushDeps } from './push-types.ts';

export async function propagateErasure(deps: PushDeps, client: PosClient, link: LinkRow): Promise<void> {
  const { outcome, detail } =
    link.externalId === null
      ? { outcome: 'absent' as const, detail: 'the customer was never created at this POS' }
      : await forgetAtPos(client, link.externalId);
  await deps.db
    .insert(erasurePropagations)
    .values({
      orgId: link.orgId,
      customerId: link.customerId,
      storeId: link.storeId,
      externalId: link.externalId,
      outcome,
      detail,
    })
    .onConflictDoUpdate({
      target: [erasurePropagations.orgId, erasurePropagations.customerId, erasurePropagations.storeId],
      set: { outcome, detail, at: new Date() },
    });
  await deps.db
    .update(customerLinks)
    .set({
      status: outcome === 'failed' ? 'error' : 'synced',
      lastError: outcome === 'failed' ? detail : null,
      lastSyncedAt: new Date(),
      // Blanked or gone at the POS: nothing of the person is known there any more.
      posBaseEnc: sealBase(deps.vault, link, BLANK),
    })
    .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
}
