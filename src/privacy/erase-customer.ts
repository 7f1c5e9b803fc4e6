/**
 * Erasure of a customer (DELETE /customers/{id}, or the customer's own request confirmed by a second
 * factor): the use case. It authorizes, locks the live customer, anonymizes (erasure.ts, with every
 * module's erasure participant) and writes the change row (kind `erase`) in one transaction; that row
 * is how sync propagates the erasure to each POS and webhooks announce it. It lives in privacy, not
 * customers: customers uses privacy's primitives only (.dependency-cruiser.cjs).
 */
import { authorize } from '../auth/abilities.ts';
import { forgetCustomer } from '../auth/bearer-cache.ts';
import { enqueueCustomerChange } from '../customers/changes.ts';
import { loadLive } from '../customers/repository.ts';
import type { Db } from '../db/database.ts';
import type { AuditContext } from './audit-log.ts';
import { anonymizeCustomer } from './erasure.ts';
import type { PrivacyPorts } from './privacy-ports.ts';

export interface ErasureDeps {
  db: Db;
  /** What other modules hold on a customer (privacy-ports.ts), wired at assembly. */
  privacy: PrivacyPorts;
}

/** Erasure (DELETE /customers/{id}); what it does to the data is `anonymizeCustomer` (erasure.ts). */
export async function eraseCustomer(deps: ErasureDeps, ctx: AuditContext, id: string): Promise<{ erasureId: string }> {
  authorize(ctx.actor, 'delete', 'customer', id);
  return eraseConfirmedCustomer(deps, ctx, id);
}

/**
 * The erasure itself, for a caller whose authority was checked another way: a customer's own
 * request confirmed by a second factor (kiosk/second-factor/), which a customer token alone may not do.
 */
export async function eraseConfirmedCustomer(
  deps: ErasureDeps,
  ctx: AuditContext,
  id: string,
): Promise<{ erasureId: string }> {
  const { actor } = ctx;
  const erased = await deps.db.transaction(async (tx) => {
    await loadLive(tx, actor.orgId, id, { forUpdate: true });
    const erasure = await anonymizeCustomer(tx, ctx, id, deps.privacy.erasure);
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: id, kind: 'erase', fields: [] });
    return erasure;
  });
  // The erased person's customer tokens no longer resolve; this process stops trusting cached ones now.
  forgetCustomer(id);
  return erased;
}
