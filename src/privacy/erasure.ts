/**
 * What an erasure does to the database, whoever asks for it: a manager (DELETE /customers/{id}), the
 * retention sweep (action `anonymize`), later the customer (DELETE /me). Personal fields blanked,
 * encrypted numbers and blind indexes removed, the consent ledger, data-profile authorizations and
 * loyalty balances and the customer's second-factor requests (which may hold a new phone or email) deleted, and the same for every record merged into this one (they are the same person and still
 * held their fields). Sealed copies of the person's values (sync conflicts, the POS base of each
 * link) go too. The row stays as a tombstone: its POS links keep a later pull from re-creating the
 * person; the audit trail, which holds no personal data, stays. Callers check abilities and lock
 * the live row first. The customer rows are written by the customers repository (`blankErasedCustomers`),
 * the one writer of that table.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { actorRef } from '../auth/actor.ts';
import { NO_CONSENT } from '../customers/consents.ts';
import { blankErasedCustomers, customerAndAbsorbedIds } from '../customers/repository.ts';
import { consentEvents, customerAuthorizations } from '../customers/tables.ts';
import type { Tx } from '../db/tx.ts';
import { customerRequests } from '../kiosk/tables.ts';
import { deleteBalances } from '../loyalty/balances.ts';
import { customerLinks, syncConflicts } from '../sync/tables.ts';
import { type AuditContext, recordAudit } from './audit-log.ts';
import { erasures } from './tables.ts';

export async function anonymizeCustomer(tx: Tx, ctx: AuditContext, customerId: string): Promise<{ erasureId: string }> {
  const orgId = ctx.actor.orgId;
  const ids = await customerAndAbsorbedIds(tx, orgId, customerId);
  await blankErasedCustomers(tx, orgId, ids, NO_CONSENT);
  await tx.delete(consentEvents).where(and(eq(consentEvents.orgId, orgId), inArray(consentEvents.customerId, ids)));
  await tx
    .delete(customerAuthorizations)
    .where(and(eq(customerAuthorizations.orgId, orgId), inArray(customerAuthorizations.customerId, ids)));
  await tx.delete(syncConflicts).where(and(eq(syncConflicts.orgId, orgId), inArray(syncConflicts.customerId, ids)));
  await deleteBalances(tx, orgId, ids);
  await tx
    .delete(customerRequests)
    .where(and(eq(customerRequests.orgId, orgId), inArray(customerRequests.customerId, ids)));
  await tx
    .update(customerLinks)
    .set({ posBaseEnc: null })
    .where(and(eq(customerLinks.orgId, orgId), inArray(customerLinks.customerId, ids)));
  const [erasure] = await tx
    .insert(erasures)
    .values({ orgId, customerId, requestedBy: actorRef(ctx.actor), status: 'completed' })
    .returning({ id: erasures.id });
  await recordAudit(tx, ctx, { action: 'erase', customerId });
  return { erasureId: erasure!.id };
}
