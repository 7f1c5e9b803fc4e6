/**
 * Erasure of a customer (DELETE /customers/{id}, or the customer's own request confirmed by a second
 * factor): the local part. What it does to the data is privacy's `anonymizeCustomer`; the change row
 * it writes (kind `erase`) is how sync propagates it to each POS and webhooks announce it.
 */
import { authorize } from '../auth/abilities.ts';
import { forgetCustomer } from '../auth/bearer-cache.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { anonymizeCustomer } from '../privacy/erasure.ts';
import { enqueueCustomerChange } from './changes.ts';
import type { CustomerDeps } from './customer-deps.ts';
import { loadLive } from './repository.ts';

/** Erasure (DELETE /customers/{id}); what it does to the data is `anonymizeCustomer` (privacy/erasure.ts). */
export async function eraseCustomer(deps: CustomerDeps, ctx: AuditContext, id: string): Promise<{ erasureId: string }> {
  authorize(ctx.actor, 'delete', 'customer', id);
  return eraseConfirmedCustomer(deps, ctx, id);
}

/**
 * The erasure itself, for a caller whose authority was checked another way: a customer's own
 * request confirmed by a second factor (kiosk/second-factor/), which a customer token alone may not do.
 */
export async function eraseConfirmedCustomer(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
): Promise<{ erasureId: string }> {
  const { actor } = ctx;
  const erased = await deps.db.transaction(async (tx) => {
    await loadLive(tx, actor.orgId, id, { forUpdate: true });
    const erasure = await anonymizeCustomer(tx, ctx, id);
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: id, kind: 'erase', fields: [] });
    return erasure;
  });
  // The erased person's customer tokens no longer resolve; this process stops trusting cached ones now.
  forgetCustomer(id);
  return erased;
}
