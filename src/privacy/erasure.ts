/**
 * What an erasure does to the database, whoever asks for it: a manager (DELETE /customers/{id}), the
 * retention sweep (action `anonymize`), the customer (confirmed by a second factor). Personal fields
 * blanked, encrypted numbers and blind indexes removed, the consent ledger and data-profile
 * authorizations deleted, and the same for every record merged into this one (they are the same person
 * and still held their fields). What other modules hold on the person goes through their erasure
 * participants (privacy-ports.ts, wired by http/privacy-ports.ts), in this transaction: sync's sealed
 * copies (conflicts, the POS base of each link), loyalty's balances, the kiosk's second-factor requests
 * (which may hold a new phone or email). The row stays as a tombstone: its POS links keep a later pull
 * from re-creating the person; the audit trail, which holds no personal data, stays. Callers check
 * abilities and lock the live row first. The customer rows are written by the customers repository
 * (`blankErasedCustomers`), the one writer of that table; privacy writes only its `erasures` and audit.
 */
import { actorRef } from '../auth/actor.ts';
import { deleteAuthorizations } from '../customers/authorizations.ts';
import { deleteConsentLedgers } from '../customers/consents.ts';
import { blankErasedCustomers, customerAndAbsorbedIds } from '../customers/repository.ts';
import type { Tx } from '../db/tx.ts';
import { type AuditContext, recordAudit } from './audit-log.ts';
import type { ErasureParticipant } from './privacy-ports.ts';
import { erasures } from './tables.ts';

export async function anonymizeCustomer(
  tx: Tx,
  ctx: AuditContext,
  customerId: string,
  participants: readonly ErasureParticipant[],
): Promise<{ erasureId: string }> {
  const orgId = ctx.actor.orgId;
  const ids = await customerAndAbsorbedIds(tx, orgId, customerId);
  await blankErasedCustomers(tx, orgId, ids);
  await deleteConsentLedgers(tx, orgId, ids);
  await deleteAuthorizations(tx, orgId, ids);
  for (const participant of participants) await participant.erase(tx, orgId, ids);
  const [erasure] = await tx
    .insert(erasures)
    .values({ orgId, customerId, requestedBy: actorRef(ctx.actor), status: 'completed' })
    .returning({ id: erasures.id });
  await recordAudit(tx, ctx, { action: 'erase', customerId });
  return { erasureId: erasure!.id };
}
