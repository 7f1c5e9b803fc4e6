/**
 * How an erasure went (API.md `GET /erasures/{id}`, managers): the request, and per store the
 * customer was linked to, what its POS did with it, read from what the erasure propagation recorded
 * (sync/outbound/erasure-propagation.ts; sync reads it out through a port, sync/outbound/erasure-outcomes.ts).
 * `pending`: the POS has not answered yet (a retried failure shows as its detail); `done`: blanked, and deactivated where the vendor can; `failed`: the POS refused,
 * with a non-personal reason; `unsupported`: Patron cannot ask that POS (no enabled integration),
 * so the record must be erased at the register.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Db } from '../db/database.ts';
import { NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { AuditContext } from './audit-log.ts';
import type { PrivacyPorts, StorePropagation } from './privacy-ports.ts';
import { erasures } from './tables.ts';

export type ErasureStoreStatus = 'done' | 'failed' | 'unsupported' | 'pending';

export interface ErasureView {
  id: string;
  customerId: string;
  requestedAt: Date;
  stores: { storeId: string; vendor: string | null; status: ErasureStoreStatus; detail: string | null }[];
}

type Outcome = StorePropagation['outcome'];

/** `propagationsOf` is sync's record of the propagation (PrivacyPorts, wired by http/privacy-ports.ts). */
export async function getErasure(
  db: Db,
  propagationsOf: PrivacyPorts['propagationsOf'],
  ctx: AuditContext,
  id: string,
): Promise<ErasureView> {
  authorize(ctx.actor, 'read', 'erasure');
  const orgId = ctx.actor.orgId;
  if (!isUuid(id)) throw new NotFound('erasure');
  const [erasure] = await db
    .select()
    .from(erasures)
    .where(and(eq(erasures.orgId, orgId), eq(erasures.id, id)));
  if (!erasure) throw new NotFound('erasure');
  const rows = await propagationsOf(db, orgId, erasure.customerId);
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
