/**
 * What the erasure propagation (erasure-propagation.ts) recorded, per store the customer is linked to,
 * for privacy's `GET /erasures/{id}` (privacy/erasure-status.ts, through the port wired by
 * http/privacy-ports.ts): the link, whether its store's integration is enabled, and the outcome.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { StorePropagation } from '../../privacy/privacy-ports.ts';
import { customerLinks, erasurePropagations, storeIntegrations } from '../tables.ts';

export async function erasureOutcomesOf(db: Db, orgId: string, customerId: string): Promise<StorePropagation[]> {
  return db
    .select({
      storeId: customerLinks.storeId,
      vendor: storeIntegrations.vendor,
      enabled: storeIntegrations.enabled,
      linkError: customerLinks.lastError,
      outcome: erasurePropagations.outcome,
      detail: erasurePropagations.detail,
    })
    .from(customerLinks)
    .leftJoin(
      storeIntegrations,
      and(eq(storeIntegrations.orgId, customerLinks.orgId), eq(storeIntegrations.storeId, customerLinks.storeId)),
    )
    .leftJoin(
      erasurePropagations,
      and(
        eq(erasurePropagations.orgId, customerLinks.orgId),
        eq(erasurePropagations.customerId, customerLinks.customerId),
        eq(erasurePropagations.storeId, customerLinks.storeId),
      ),
    )
    .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.customerId, customerId)))
    .orderBy(customerLinks.storeId);
}
