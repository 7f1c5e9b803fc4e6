/**
 * How an erasure went (API.md `GET /erasures/{id}`, managers): the request, and per store the
 * customer was linked to, what its POS did with it, read from what the erasure propagation recorded
 * (sync/outbound/erasure-propagation.ts). `pending`: the POS has not answered yet (a retried failure shows
 * as its detail); `done`: blanked, and deactivated where the vendor can; `failed`: the POS refused,
 * with a non-personal reason; `unsupported`: Patron cannot ask that POS (no enabled integration),
 * so the record must be erased at the register.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Db } from '../db/database.ts';
import { NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { customerLinks, erasurePropagations, storeIntegrations } from '../sync/tables.ts';
import type { AuditContext } from './audit-log.ts';
import { erasures } from './tables.ts';

export type ErasureStoreStatus = 'done' | 'failed' | 'unsupported' | 'pending';

export interface ErasureView {
  id: string;
  customerId: string;
  requestedAt: Date;
  stores: { storeId: string; vendor: string | null; status: ErasureStoreStatus; detail: string | null }[];
}

type Outcome = (typeof erasurePropagations.$inferSelect)['outcome'];

export async function getErasure(db: Db, ctx: AuditContext, id: string): Promise<ErasureView> {
  authorize(ctx.actor, 'read', 'erasure');
  const orgId = ctx.actor.orgId;
  if (!isUuid(id)) throw new NotFound('erasure');
  const [erasure] = await db
    .select()
    .from(erasures)
    .where(and(eq(erasures.orgId, orgId), eq(erasures.id, id)));
  if (!erasure) throw new NotFound('erasure');
  const rows = await db
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
    .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.customerId, erasure.customerId)))
    .orderBy(customerLinks.storeId);
  return {
    id: erasure.id,
    customerId: erasure.customerId,
    requestedAt: erasure.requestedAt,
    stores: rows.map((row) => ({
      storeId: row.storeId,
      vendor: row.vendor,
      ...storeStatus(row.outcome, row.detail, row.enabled === true, row.linkError),
    })),
  };
}

function storeStatus(
  outcome: Outcome | null,
  detail: string | null,
  reachable: boolean,
  linkError: string | null,
): { status: ErasureStoreStatus; detail: string | null } {
  switch (outcome) {
    case 'deactivated':
      return { status: 'done', detail: detail ?? 'blanked and deactivated at the POS' };
    case 'blanked':
      return { status: 'done', detail: detail ?? 'blanked at the POS' };
    case 'absent':
      return { status: 'done', detail };
    case 'failed':
      return { status: 'failed', detail };
    default:
      return reachable
        ? { status: 'pending', detail: linkError }
        : {
            status: 'unsupported',
            detail: 'the store has no enabled POS integration: erase the customer at the register',
          };
  }
}
