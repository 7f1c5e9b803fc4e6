/**
 * A customer's presence in the stores' POSes: `GET /customers/{id}/sync` (one row per link) and
 * `POST /customers/{id}/stores/{storeId}/link` (make sure that POS knows them: a pending link and a
 * push that creates or finds them there; the caller waits up to `waitMs` for the vendor id). Asked
 * for a link whose last push the POS refused, it pushes again; so does a manual sync of the store.
 * A create the POS would refuse for a missing field is answered 422 before anything is sent, and a
 * refusal that comes while the caller waits is its answer (422 by field, 409 for a customer the POS
 * already holds), not a 202 whose link turns `error` later.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import { customers } from '../../customers/tables.ts';
import type { Db } from '../../db/database.ts';
import { keyset, type Page, type PageRequest, toPage } from '../../db/keyset.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { assertStore, findIntegration } from '../integrations/integrations.ts';
import type { SyncQueue } from '../jobs/pull-requests.ts';
import { unmetAtPosFor } from '../outbound/pos-create-check.ts';
import { customerLinks, type LinkRefusal, storeIntegrations } from '../tables.ts';
import type { Retirement } from './merge-links.ts';
import { type RefusedField, refusedFieldsOf } from './refused-fields.ts';

/** A second POS record of the customer at a store, retired by a merge (merge-links.ts). */
export interface RetiredRecord {
  externalId: string | null;
  /** The merged-away customer it was linked to. */
  customerId: string;
  status: Retirement;
  detail: string | null;
  retiredAt: Date | null;
}

export interface CustomerSyncState {
  storeId: string;
  vendor: string | null;
  externalId: string | null;
  status: 'synced' | 'pending' | 'error' | 'conflict';
  lastSyncedAt: Date | null;
  lastError: string | null;
  refusedFields: RefusedField[];
  retired: RetiredRecord[];
}

/** One page of the customer's links, by store. */
export async function customerSyncState(
  db: Db,
  actor: Actor,
  customerId: string,
  page: PageRequest,
): Promise<Page<CustomerSyncState>> {
  authorize(actor, 'read', 'customerSync');
  await assertLiveCustomer(db, actor.orgId, customerId);
  const { where, orderBy } = keyset(customerLinks.storeId, customerLinks.id, page.cursor);
  const retired = await retiredRecordsOf(db, actor.orgId, customerId);
  const rows = await db
    .select({
      linkId: customerLinks.id,
      storeId: customerLinks.storeId,
      vendor: storeIntegrations.vendor,
      externalId: customerLinks.externalId,
      status: customerLinks.status,
      lastSyncedAt: customerLinks.lastSyncedAt,
      lastError: customerLinks.lastError,
      refusal: customerLinks.refusal,
    })
    .from(customerLinks)
    .leftJoin(
      storeIntegrations,
      and(eq(storeIntegrations.orgId, customerLinks.orgId), eq(storeIntegrations.storeId, customerLinks.storeId)),
    )
    .where(and(eq(customerLinks.orgId, actor.orgId), eq(customerLinks.customerId, customerId), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const { items, nextCursor } = toPage(rows, page.limit, (row) => [row.storeId, row.linkId]);
  return {
    items: items.map(({ linkId: _, refusal, ...state }) => ({
      ...state,
      refusedFields: refusedFieldsOf(refusal, state.lastError),
      retired: retired.get(state.storeId) ?? [],
    })),
    nextCursor,
  };
}

/** Retired links of every customer merged into this one (directly or through earlier merges), by store. */
async function retiredRecordsOf(db: Db, orgId: string, customerId: string): Promise<Map<string, RetiredRecord[]>> {
  const result = await db.execute<{
    store_id: string;
    external_id: string | null;
    customer_id: string;
    retirement: Retirement;
    last_error: string | null;
    retired_at: string | Date | null;
  }>(sql`
    WITH RECURSIVE absorbed(id) AS (
      SELECT c.id FROM customers c WHERE c.org_id = ${orgId} AND c.merged_into_id = ${customerId}::uuid
      UNION SELECT c.id FROM customers c JOIN absorbed a ON c.merged_into_id = a.id WHERE c.org_id = ${orgId}
    )
    SELECT l.store_id, l.external_id, l.customer_id, l.retirement, l.last_error, l.retired_at
      FROM customer_links l JOIN absorbed a ON l.customer_id = a.id
     WHERE l.org_id = ${orgId} AND l.retirement IS NOT NULL
     ORDER BY l.retired_at, l.id`);
  const byStore = new Map<string, RetiredRecord[]>();
  for (const row of result.rows) {
    const list = byStore.get(row.store_id) ?? [];
    list.push({
      externalId: row.external_id,
      customerId: row.customer_id,
      status: row.retirement,
      detail: row.last_error,
      retiredAt: row.retired_at === null ? null : new Date(row.retired_at),
    });
    byStore.set(row.store_id, list);
  }
  return byStore;
}

export interface LinkAnswer {
  /**
   * 200 once the POS knows the customer; 202 while the push is still under way. A refusal is thrown:
   * 422 for fields the POS needs or refused, 409 for a customer it already holds.
   */
  status: 200 | 202;
  externalId: string | null;
}

export async function linkCustomerToStore(
  deps: { db: Db; queue: SyncQueue },
  actor: Actor,
  customerId: string,
  storeId: string,
  waitMs: number,
): Promise<LinkAnswer> {
  authorize(actor, 'create', 'customerLink');
  if (!isUuid(customerId)) throw new NotFound('customer');
  // A kiosk works for its own store only.
  if (actor.kind === 'apiKey' && actor.storeId && actor.storeId !== storeId) {
    throw new Forbidden('A kiosk may link customers to its own store only.');
  }
  return ensureLinked(deps, { orgId: actor.orgId, storeId }, customerId, waitMs);
}

/**
 * The link itself, for a caller whose own ability covers it: an order (src/orders/, through the
 * PosLinks port wired in http/app.ts) makes sure the store's POS knows the customer it attaches,
 * whether the order comes from a kiosk, staff or an integration key.
 */
export async function ensureLinked(
  deps: { db: Db; queue: SyncQueue },
  scope: { orgId: string; storeId: string },
  customerId: string,
  waitMs: number,
): Promise<LinkAnswer> {
  const { orgId, storeId } = scope;
  if (!isUuid(customerId)) throw new NotFound('customer');
  await assertStore(deps.db, orgId, storeId);
  const integration = await findIntegration(deps.db, orgId, storeId);
  if (!integration) {
    throw ValidationFailed.field('storeId', 'has no POS integration');
  }
  const link = await deps.db.transaction(async (tx) => {
    // The customer's row lock makes concurrent requests for the same customer agree on one link.
    const [customer] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId), isNull(customers.deletedAt)))
      .for('update');
    if (!customer) throw new NotFound('customer');
    const [existing] = await tx
      .select()
      .from(customerLinks)
      .where(
        and(
          eq(customerLinks.orgId, orgId),
          eq(customerLinks.storeId, storeId),
          eq(customerLinks.customerId, customerId),
        ),
      )
      .orderBy(sql`${customerLinks.externalId} IS NULL`)
      .limit(1);
    if (existing?.externalId && existing.status === 'error') {
      // Asking again is how staff retry after a refused push (e.g. once the data is fixed).
      await tx
        .update(customerLinks)
        .set({ status: 'pending' })
        .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.id, existing.id)));
      return { ...existing, retry: true };
    }
    if (existing?.externalId) return { ...existing, retry: false };
    // A create is needed: what the POS would refuse is answered now, before anything is sent or stored.
    const unmet = await unmetAtPosFor(tx, { orgId, storeId, vendor: integration.vendor }, customer);
    if (unmet.length > 0) throw new ValidationFailed(unmet);
    if (existing) {
      // Asked again after a refusal (or while the create is due): this request waits for a new answer.
      await tx
        .update(customerLinks)
        .set({ status: 'pending', refusal: null })
        .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.id, existing.id)));
      return { ...existing, retry: false };
    }
    const [created] = await tx
      .insert(customerLinks)
      .values({ orgId, storeId, customerId, externalId: null, status: 'pending' })
      .returning();
    return { ...created!, retry: false };
  });
  if (link.externalId !== null) {
    if (link.retry) await deps.queue.requestPush({ orgId, storeId, customerId });
    return { status: 200, externalId: link.externalId };
  }

  await deps.queue.requestPush({ orgId, storeId, customerId });
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [now] = await deps.db
      .select({ externalId: customerLinks.externalId, status: customerLinks.status, refusal: customerLinks.refusal })
      .from(customerLinks)
      .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.id, link.id)));
    if (now?.externalId) return { status: 200, externalId: now.externalId };
    if (now?.status === 'error' && now.refusal) throw refusedAtPos(integration.vendor, now.refusal);
    // Failed for another reason (e.g. credentials): the link's `lastError` says which; nothing to wait for.
    if (now?.status === 'error') break;
  }
  return { status: 202, externalId: null };
}

/** The POS's refusal as the link request's answer: 409 when it holds such a customer already, else 422 by field. */
function refusedAtPos(vendor: string, refusal: LinkRefusal): ValidationFailed | Conflict {
  const fields = refusal.errors.map((e) => e.path).filter((path) => path !== '');
  if (refusal.kind === 'exists') {
    const matched = fields.length > 0 ? ` with the same ${fields.join(', ')}` : ' of this identity';
    return new Conflict(
      `The ${vendor} POS already holds another customer${matched}: check whether they are this person, and correct the record here or at the POS.`,
    );
  }
  const errors = refusal.errors.map((e) => ({ path: e.path, message: `the ${vendor} POS refused it: ${e.message}` }));
  return new ValidationFailed(
    errors.length > 0 ? errors : [{ path: '', message: `the ${vendor} POS refused the customer` }],
  );
}

/**
 * A manual sync of a store (`POST /stores/{id}/sync`) also tries again the pushes that store's POS
 * refused: staff may have fixed the data at the POS or in Patron since. Bounded per request.
 */
export async function retryRefusedPushes(
  deps: { db: Db; queue: SyncQueue },
  scope: { orgId: string; storeId: string },
  limit = 1_000,
): Promise<number> {
  const refused = await deps.db
    .update(customerLinks)
    .set({ status: 'pending' })
    .where(
      and(
        eq(customerLinks.orgId, scope.orgId),
        eq(customerLinks.storeId, scope.storeId),
        sql`${customerLinks.id} IN (SELECT id FROM ${customerLinks} WHERE ${customerLinks.orgId} = ${scope.orgId} AND ${customerLinks.storeId} = ${scope.storeId} AND ${customerLinks.status} = 'error' LIMIT ${limit})`,
      ),
    )
    .returning({ customerId: customerLinks.customerId });
  for (const { customerId } of refused) await deps.queue.requestPush({ ...scope, customerId });
  return refused.length;
}

async function assertLiveCustomer(db: Db, orgId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw new NotFound('customer');
  const [row] = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id), isNull(customers.deletedAt)));
  if (!row) throw new NotFound('customer');
}
