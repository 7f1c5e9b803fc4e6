/**
 * Customer authorizations: what a customer allowed in writing so that a store's data profile keeps
 * more than it otherwise would (domain/data-profiles.ts), e.g. a South Dakota medical cardholder
 * letting the dispensary know more than the registry number. Each entry keeps the kind, when, where
 * (source), the exact wording agreed to, and who recorded it; entries are only added, like the
 * consent ledger. A recorded kind unlocks the fields that ask for it from then on.
 */
import { and, desc, eq, getTableColumns, inArray, isNull } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import { actorRef } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { type DescendingKey, newestFirst, type Page, type PageRequest, toNewestFirstPage } from '../db/keyset.ts';
import type { Tx } from '../db/tx.ts';
import type { AuthorizationKind } from '../domain/data-profiles.ts';
import { NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { type AuditContext, recordAccess, recordAudit } from '../privacy/audit-log.ts';
import { customerAuthorizations, customers } from './tables.ts';

export interface AuthorizationRequest {
  kind: AuthorizationKind;
  source: string;
  wording: string;
  /** When the customer gave it; now when absent. */
  at?: string | null | undefined;
}

export interface AuthorizationEntry {
  id: string;
  kind: AuthorizationKind;
  source: string;
  wording: string;
  at: Date;
  recordedAt: Date;
  recordedBy: string;
}

/** POST /customers/{id}/authorizations (staff and above). */
export async function addAuthorization(
  db: Db,
  ctx: AuditContext,
  customerId: string,
  request: AuthorizationRequest,
): Promise<AuthorizationEntry> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customer');
  return db.transaction(async (tx) => {
    await assertLive(tx, actor.orgId, customerId);
    const [row] = await tx
      .insert(customerAuthorizations)
      .values({
        orgId: actor.orgId,
        customerId,
        kind: request.kind,
        source: request.source,
        wording: request.wording,
        at: request.at ? new Date(request.at) : new Date(),
        recordedBy: actorRef(actor),
      })
      .returning();
    await recordAudit(tx, ctx, { action: 'authorization', customerId, fields: [`authorizations.${request.kind}`] });
    return toEntry(row!);
  });
}

/** GET /customers/{id}/authorizations (staff and above), newest first. */
export async function listAuthorizations(
  db: Db,
  ctx: AuditContext,
  customerId: string,
  page: PageRequest,
): Promise<Page<AuthorizationEntry>> {
  authorize(ctx.actor, 'read', 'customer');
  await assertLive(db, ctx.actor.orgId, customerId);
  // The cursor is read first: a refused request records no view.
  const { where, orderBy, cursorKey } = newestFirst(LEDGER_ORDER, page.cursor);
  recordAccess(db, ctx, { action: 'view', customerId, fields: ['authorizations'] });
  const rows = await db
    .select({ ...getTableColumns(customerAuthorizations), cursorKey })
    .from(customerAuthorizations)
    .where(
      and(eq(customerAuthorizations.orgId, ctx.actor.orgId), eq(customerAuthorizations.customerId, customerId), where),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const { items, nextCursor } = toNewestFirstPage(rows, page.limit);
  return { items: items.map(toEntry), nextCursor };
}

const LEDGER_ORDER: readonly DescendingKey[] = [
  { column: customerAuthorizations.at, type: 'timestamptz' },
  { column: customerAuthorizations.recordedAt, type: 'timestamptz' },
  { column: customerAuthorizations.id, type: 'uuid' },
];

/** Every authorization recorded for these customers (one person and the records merged into it). */
export async function authorizationLedger(
  db: Pick<Db, 'select'>,
  orgId: string,
  customerIds: string[],
): Promise<AuthorizationEntry[]> {
  const rows = await db
    .select()
    .from(customerAuthorizations)
    .where(and(eq(customerAuthorizations.orgId, orgId), inCustomers(customerIds)))
    .orderBy(desc(customerAuthorizations.at), desc(customerAuthorizations.recordedAt));
  return rows.map(toEntry);
}

/** The kinds this customer has authorized (none for a customer not yet created). */
export async function authorizedKinds(
  db: Pick<Db, 'select'>,
  orgId: string,
  customerId: string | null,
): Promise<Set<AuthorizationKind>> {
  if (customerId === null) return new Set();
  const rows = await db
    .select({ kind: customerAuthorizations.kind })
    .from(customerAuthorizations)
    .where(and(eq(customerAuthorizations.orgId, orgId), eq(customerAuthorizations.customerId, customerId)));
  return new Set(rows.map((r) => r.kind));
}

/** Moves a merged-away customer's authorizations to the survivor: they were given by the same person. */
export async function moveAuthorizations(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void> {
  await tx
    .update(customerAuthorizations)
    .set({ customerId: toId })
    .where(and(eq(customerAuthorizations.orgId, orgId), eq(customerAuthorizations.customerId, fromId)));
}

/** Erasure (privacy/erasure.ts): the authorizations of the person and the records merged into it go. */
export async function deleteAuthorizations(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void> {
  await tx
    .delete(customerAuthorizations)
    .where(and(eq(customerAuthorizations.orgId, orgId), inArray(customerAuthorizations.customerId, [...customerIds])));
}

function inCustomers(customerIds: string[]) {
  return customerIds.length === 1
    ? eq(customerAuthorizations.customerId, customerIds[0]!)
    : inArray(customerAuthorizations.customerId, customerIds);
}

async function assertLive(db: Pick<Db, 'select'>, orgId: string, customerId: string): Promise<void> {
  if (!isUuid(customerId)) throw new NotFound('customer');
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId), isNull(customers.deletedAt)));
  if (!row) throw new NotFound('customer');
}

/** A row as answered: everything but whose and which organization's it is. */
function toEntry(row: typeof customerAuthorizations.$inferSelect): AuthorizationEntry {
  const { orgId: _org, customerId: _customer, ...entry } = row;
  return entry;
}
