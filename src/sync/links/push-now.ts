/**
 * `POST /customers/{id}/stores/{storeId}/push`: staff ask for the customer's state to go to a store's
 * POS now, through the link the customer already has there (creating a link is
 * `POST …/link`, customer-links.ts). It queues the same push job a change queues (sync/jobs,
 * outbound/push.ts), so it retries and refuses as any push does; the answer does not wait for it.
 *
 * What answers what, as the data stands in this codebase:
 * - 404: no such live customer, store, or link of the customer at that store. A link retired by a
 *   merge stays on the merged-away customer (merge-links.ts), which is deleted: a live customer never
 *   holds one, so a retired link is a 404 with its customer, never a 409.
 * - 409: the store's integration is switched off or was removed: a push there is skipped
 *   (`pushCustomer`), so "pending" would be untrue.
 * - A link in `conflict` is pushed: a push keeps the conflicted fields as the POS has them and sends
 *   the rest (`desiredFor` in push.ts), and the link stays `conflict` until a manager settles it, as
 *   the outbox dispatcher leaves it (dispatcher.ts).
 * - A link in `error` (a refusal) turns `pending` again: asking is how staff retry once the data is
 *   fixed. Its recorded refusal stays until a push the POS accepts clears it.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import { customers } from '../../customers/tables.ts';
import type { Db } from '../../db/database.ts';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { type AuditContext, recordAudit } from '../../privacy/audit-log.ts';
import { findIntegration } from '../integrations/integrations.ts';
import type { SyncQueue } from '../jobs/pull-requests.ts';
import { customerLinks } from '../tables.ts';

export async function pushNow(
  deps: { db: Db; queue: SyncQueue },
  ctx: AuditContext,
  customerId: string,
  storeId: string,
): Promise<{ status: 'pending' }> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customerLink');
  if (!isUuid(customerId)) throw new NotFound('customer');
  if (!isUuid(storeId)) throw new NotFound('link of the customer at this store');
  await deps.db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, customerId), isNull(customers.deletedAt)));
    if (!customer) throw new NotFound('customer');
    const [link] = await tx
      .select({ id: customerLinks.id })
      .from(customerLinks)
      .where(
        and(
          eq(customerLinks.orgId, actor.orgId),
          eq(customerLinks.storeId, storeId),
          eq(customerLinks.customerId, customerId),
        ),
      );
    if (!link) throw new NotFound('link of the customer at this store');
    const integration = await findIntegration(deps.db, actor.orgId, storeId);
    if (!integration?.enabled) {
      throw new Conflict(
        "The store's POS integration is switched off, so nothing is pushed there; an admin can switch it on.",
      );
    }
    await tx
      .update(customerLinks)
      .set({ status: 'pending' })
      .where(
        and(eq(customerLinks.orgId, actor.orgId), eq(customerLinks.id, link.id), ne(customerLinks.status, 'conflict')),
      );
    // Which store, not what: the push sends the customer's state, whose values stay out of the trail.
    await recordAudit(tx, ctx, { action: 'push', customerId, fields: [`store:${storeId}`] });
  });
  // After the commit: the job finds the link `pending`. A push already waiting absorbs this one.
  await deps.queue.requestPush({ orgId: actor.orgId, storeId, customerId });
  return { status: 'pending' };
}
