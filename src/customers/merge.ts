/**
 * Merging two records of one person (POST /customers/{id}/merge). The customers module owns the
 * survivor, its tags, consent ledger, authorizations and history; what other modules hold about the
 * two (POS links: sync/links/merge-links.ts; kiosk orders) moves through the `merge` port
 * (customer-deps.ts) wired at assembly, inside the merge's transaction.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { applyCustomerPatch } from '../domain/customer-patch.ts';
import type { Customer, CustomerField, NewCustomer } from '../domain/customer-schema.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { moveBalances } from '../loyalty/balances.ts';
import { type AuditContext, recordAudit } from '../privacy/audit-log.ts';
import { moveAuthorizations } from './authorizations.ts';
import { enqueueCustomerChange } from './changes.ts';
import { moveConsents } from './consents.ts';
import type { CustomerDeps, MergedStore } from './customer-deps.ts';
import { present } from './customer-reads.ts';
import { changedColumns, toColumns, toCustomer } from './customer-record.ts';
import { assertStoreOfOrg, duplicateConflict } from './customer-writes.ts';
import { detectSuspectedDuplicates } from './duplicates.ts';
import { loadLive, markMergedInto, updateCustomer } from './repository.ts';
import { suspectedDuplicates } from './tables.ts';
import { todayAt } from './today.ts';

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
  fromSource: readonly CustomerField[] = [],
): Promise<Customer & { mergedAtStores: MergedStore[] }> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customerMerge');
  if (targetId === sourceId)
    throw ValidationFailed.field('sourceId', 'must be another customer than the one merged into');
  let attempted: NewCustomer | undefined;
  try {
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
      // The chosen fields, after the source is gone from the identity indexes, validated as an edit.
      let taken: CustomerField[] = [];
      if (fromSource.length > 0) {
        const protector = deps.protection.forOrg(actor.orgId);
        const before = toCustomer(target, protector, true, []);
        const from = toCustomer(source, protector, true, []) as unknown as Record<string, unknown>;
        const patch = Object.fromEntries(fromSource.map((field) => [field, from[field] ?? null]));
        const today = await todayAt(tx, actor.orgId, target.homeStoreId);
        const { customer, changed } = applyCustomerPatch(before, patch, today);
        if (changed.includes('homeStoreId'))
          await assertStoreOfOrg(tx, actor.orgId, customer.homeStoreId, 'homeStoreId');
        if (changed.length > 0) {
          attempted = customer;
          await updateCustomer(tx, actor.orgId, targetId, changedColumns(customer, changed, protector));
          taken = changed;
        }
      }
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
      await recordAudit(tx, ctx, {
        action: 'merge',
        customerId: targetId,
        fields: ['links', 'tags', 'consents', ...taken],
      });
      await recordAudit(tx, ctx, { action: 'merged_into', customerId: sourceId });
      await enqueueCustomerChange(tx, {
        orgId: actor.orgId,
        customerId: targetId,
        event: 'merged',
        fields: ['tags', ...taken],
      });
      if (taken.length > 0) await detectSuspectedDuplicates(tx, actor.orgId, targetId);
      return { survivor: await loadLive(tx, actor.orgId, targetId), mergedAtStores: settled.stores };
    });
    return { ...(await present(deps, actor, row.survivor)), mergedAtStores: row.mergedAtStores };
  } catch (error) {
    // Nothing was stored (the transaction rolled back); say who holds the identity.
    if (isUniqueViolation(error) && attempted) {
      throw await duplicateConflict(
        deps.db,
        actor.orgId,
        toColumns(attempted, deps.protection.forOrg(actor.orgId)),
        targetId,
      );
    }
    throw error;
  }
}
