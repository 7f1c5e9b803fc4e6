/**
 * The staff side of a customer's second factor: the open requests of the organization (kind and
 * who, by first name and last initial, nothing more), and confirming one with the person in front
 * of them. A confirmation never gives its confirmer a power their role lacks: staff may confirm an
 * identity change or a medical card renewal (they may edit phone, email and card anyway); an export (full card and ID numbers) or an
 * erasure needs a manager, who may do those on the record directly too.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import { actorRef } from '../../auth/actor.ts';
import { customers } from '../../customers/tables.ts';
import { newestFirst, type Page, type PageRequest, toNewestFirstPage } from '../../db/keyset.ts';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { type AuditContext, recordAudit } from '../../privacy/audit-log.ts';
import { customerRequests } from '../tables.ts';
import { type CarriedOut, carryOut } from './carry-out.ts';
import { assertOpen, type CustomerRequestKind, openNow, type SecondFactorDeps } from './customer-requests.ts';

export interface OpenRequestView {
  id: string;
  kind: CustomerRequestKind;
  status: 'awaiting_verification';
  customer: { id: string; firstName: string | null; lastInitial: string | null };
  storeId: string | null;
  /** For an identity change or a card renewal: which fields it sets (the values are shown on the record once confirmed). */
  fields: string[];
  /** Whether the customer was also sent a code. */
  codeSent: boolean;
  createdAt: Date;
  expiresAt: Date;
}

/** What a role must hold to confirm each kind: the same as doing it on the record itself. */
function authorizeConfirmation(actor: Actor, kind: CustomerRequestKind, customerId: string): void {
  if (kind === 'export') authorize(actor, 'read', 'customerExport', customerId);
  else if (kind === 'erasure') authorize(actor, 'delete', 'customer', customerId);
  else authorize(actor, 'update', 'customer', customerId);
}

/** GET /customer-requests: open requests, newest first. */
export async function listOpenRequests(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  page: PageRequest,
): Promise<Page<OpenRequestView>> {
  const { actor } = ctx;
  authorize(actor, 'read', 'customerRequest');
  const { where, orderBy, cursorKey } = newestFirst(
    [
      { column: customerRequests.createdAt, type: 'timestamptz' },
      { column: customerRequests.id, type: 'uuid' },
    ],
    page.cursor,
  );
  const rows = await deps.db
    .select({
      id: customerRequests.id,
      kind: customerRequests.kind,
      customerId: customerRequests.customerId,
      firstName: customers.firstName,
      lastName: customers.lastName,
      storeId: customerRequests.storeId,
      change: customerRequests.change,
      codeHash: customerRequests.codeHash,
      createdAt: customerRequests.createdAt,
      expiresAt: customerRequests.expiresAt,
      cursorKey,
    })
    .from(customerRequests)
    .innerJoin(
      customers,
      and(eq(customers.orgId, customerRequests.orgId), eq(customers.id, customerRequests.customerId)),
    )
    .where(and(eq(customerRequests.orgId, actor.orgId), openNow(), isNull(customers.deletedAt), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const listed = toNewestFirstPage(rows, page.limit);
  return {
    nextCursor: listed.nextCursor,
    items: listed.items.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: 'awaiting_verification',
      customer: { id: r.customerId, firstName: r.firstName, lastInitial: r.lastName?.[0]?.toUpperCase() ?? null },
      storeId: r.storeId,
      fields: Object.keys(r.change ?? {}),
      codeSent: r.codeHash !== null,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
    })),
  };
}

/** POST /customer-requests/{id}/confirm: staff confirm in person, and the request is carried out. */
export async function confirmRequest(deps: SecondFactorDeps, ctx: AuditContext, id: string): Promise<CarriedOut> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customerRequest');
  if (!isUuid(id)) throw new NotFound('request');
  const row = await deps.db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(customerRequests)
      .where(and(eq(customerRequests.orgId, actor.orgId), eq(customerRequests.id, id)))
      .for('update');
    if (!found) throw new NotFound('request');
    authorizeConfirmation(actor, found.kind, found.customerId);
    assertOpen(found);
    if (found.expiresAt.getTime() <= Date.now())
      throw new Conflict('This request has expired; the customer may ask again.');
    await tx
      .update(customerRequests)
      .set({ status: 'done', settledAt: new Date(), settledBy: actorRef(actor) })
      .where(and(eq(customerRequests.orgId, actor.orgId), eq(customerRequests.id, id)));
    await recordAudit(tx, ctx, { action: 'second_factor_confirm', customerId: found.customerId, fields: [found.kind] });
    return found;
  });
  return carryOut(deps, ctx, row, 'staff');
}
