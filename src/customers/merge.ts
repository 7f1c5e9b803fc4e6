/**
 * Merging two records of one person (POST /customers/{id}/merge). The customers module owns the
 * survivor, its tags, consent ledger, authorizations and history; what other modules hold about the
 * two (POS links: sync/links/merge-links.ts; kiosk orders) moves through the `merge` port
 * (customer-deps.ts) wired at assembly, inside the merge's transaction.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Customer } from '../domain/customer-schema.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { moveBalances } from '../loyalty/balances.ts';
import { type AuditContext, recordAudit } from '../privacy/audit-log.ts';
import { moveAuthorizations } from './authorizations.ts';
import { enqueueCustomerChange } from './changes.ts';
import { moveConsents } from './consents.ts';
import type { CustomerDeps, MergedStore } from './customer-deps.ts';
import { present } from './customer-reads.ts';
import { loadLive, markMergedInto, updateCustomer } from './repository.ts';
import { suspectedDuplicates } from './tables.ts';

/**
 * Merges `sourceId` into `targetId` (POST /customers/{targetId}/merge): the source's POS links,
 * tags, consent ledger and history move to the target; the source then answers 404. Where both were
 * linked to one store, the survivor keeps the richer POS record and the other is retired at the POS;
 * `mergedAtStores` says, per such store, which record was kept and where the other one stands.
 */
export async function mergeCustomers(
  deps: CustomerDeps,
  ctx: AuditContext,
  targetId: string,
  sourceId: string,
): Promise<Customer & { mergedAtStores: MergedStore[] }> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customerMerge');
  if (targetId === sourceId)
    throw ValidationFailed.field('sourceId', 'must be another customer than the one merged into');
  const row = await deps.db.transaction(async (tx) => {
    // Lock both rows in id order, so two opposite merges cannot deadlock.
    const [first, second] = [targetId, sourceId].sort();
    const locked = [
      await loadLive(tx, actor.orgId, first!, {
        forUpdate: true,
        what: first === sourceId ? 'source customer' : 'customer',
      }),
    ];
    locked.push(
      await loadLive(tx, actor.orgId, second!, {
        forUpdate: true,
        what: second === sourceId ? 'source customer' : 'customer',
      }),
    );
    const target = locked.find((r) => r.id === targetId)!;
    const source = locked.find((r) => r.id === sourceId)!;

    await markMergedInto(tx, actor.orgId, sourceId, targetId);
    const settled = await deps.ports.merge.settleLinks(tx, { orgId: actor.orgId, targetId, sourceId });
    await moveConsents(tx, actor.orgId, sourceId, targetId);
    await moveAuthorizations(tx, actor.orgId, sourceId, targetId);
    await deps.ports.merge.moveHeld(tx, actor.orgId, sourceId, targetId);
    await moveBalances(tx, actor.orgId, sourceId, targetId, settled.keptFromSource);
    await updateCustomer(tx, actor.orgId, targetId, { tags: [...new Set([...target.tags, ...source.tags])] });
    await tx
      .update(suspectedDuplicates)
      .set({ resolvedAt: new Date() })
      .where(
        and(
          eq(suspectedDuplicates.orgId, actor.orgId),
          eq(suspectedDuplicates.customerA, first!),
          eq(suspectedDuplicates.customerB, second!),
        ),
      );
    await recordAudit(tx, ctx, { action: 'merge', customerId: targetId, fields: ['links', 'tags', 'consents'] });
    await recordAudit(tx, ctx, { action: 'merged_into', customerId: sourceId });
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: targetId, event: 'merged', fields: ['tags'] });
    return { survivor: await loadLive(tx, actor.orgId, targetId), mergedAtStores: settled.stores };
  });
  return { ...(await present(deps, actor, row.survivor)), mergedAtStores: row.mergedAtStores };
}
