/**
 * Outbound webhook subscriptions (API.md `/webhook-subscriptions`, admins): where to POST which
 * customer events. The signing secret is sealed at rest and write-only: no answer carries it.
 * DELETE disables rather than removes, so the delivery log keeps its subscription.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, getTableColumns, isNull } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { type DescendingKey, newestFirst, type Page, type PageRequest, toNewestFirstPage } from '../db/keyset.ts';
import { NotFound, ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { type OutboundHttp, publicOnlyOutbound } from '../egress/outbound-http.ts';
import type { SyncVault } from '../privacy/vault.ts';
import { webhookDeliveries, webhookSubscriptions } from './tables.ts';

export const WEBHOOK_EVENTS = ['customer.created', 'customer.updated', 'customer.merged', 'customer.erased'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface SubscriptionInput {
  url: string;
  events: readonly WebhookEvent[];
  secret: string;
}

export interface SubscriptionView {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: Date;
}

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;

function view(row: SubscriptionRow): SubscriptionView {
  return {
    id: row.id,
    url: row.url,
    events: row.events.map((e) => `customer.${e}` as WebhookEvent),
    createdAt: row.createdAt,
  };
}

export async function createSubscription(
  deps: { db: Db; vault: SyncVault; outbound?: OutboundHttp | undefined },
  actor: Actor,
  input: SubscriptionInput,
): Promise<SubscriptionView> {
  authorize(actor, 'create', 'webhookSubscription');
  // What could never be delivered to (a literal private or metadata address, user:pass@) is refused
  // now; a name is judged at each delivery's connect, on what it resolves to then.
  const problem = (deps.outbound ?? publicOnlyOutbound()).policy.urlProblem(input.url);
  if (problem !== null) throw ValidationFailed.field('url', problem);
  // The id is chosen here so the sealed secret can be bound to it (a secret copied to another row does not open).
  const id = randomUUID();
  const [row] = await deps.db
    .insert(webhookSubscriptions)
    .values({
      id,
      orgId: actor.orgId,
      url: input.url,
      events: [...new Set(input.events.map((e) => e.slice('customer.'.length)))],
      secretEnc: deps.vault.seal({ orgId: actor.orgId, storeId: id }, 'webhook-subscription', input.secret),
    })
    .returning();
  return view(row!);
}

export async function listSubscriptions(db: Db, actor: Actor): Promise<SubscriptionView[]> {
  authorize(actor, 'read', 'webhookSubscription');
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.orgId, actor.orgId), isNull(webhookSubscriptions.disabledAt)))
    .orderBy(webhookSubscriptions.createdAt, webhookSubscriptions.id);
  return rows.map(view);
}

export async function deleteSubscription(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'delete', 'webhookSubscription');
  await activeSubscription(db, actor.orgId, id);
  await db
    .update(webhookSubscriptions)
    .set({ disabledAt: new Date() })
    .where(and(eq(webhookSubscriptions.orgId, actor.orgId), eq(webhookSubscriptions.id, id)));
}

export interface DeliveryView {
  id: string;
  event: WebhookEvent;
  customerId: string;
  status: (typeof webhookDeliveries.$inferSelect)['status'];
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  occurredAt: Date;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

const DELIVERY_ORDER: readonly DescendingKey[] = [
  { column: webhookDeliveries.createdAt, type: 'timestamptz' },
  { column: webhookDeliveries.id, type: 'uuid' },
];

/** One page of the deliveries of one subscription (newest first), for an admin debugging a receiver. */
export async function listDeliveries(db: Db, actor: Actor, id: string, page: PageRequest): Promise<Page<DeliveryView>> {
  authorize(actor, 'read', 'webhookSubscription');
  await activeSubscription(db, actor.orgId, id);
  const { where, orderBy, cursorKey } = newestFirst(DELIVERY_ORDER, page.cursor);
  const rows = await db
    .select({ ...getTableColumns(webhookDeliveries), cursorKey })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, actor.orgId), eq(webhookDeliveries.subscriptionId, id), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const { items, nextCursor } = toNewestFirstPage(rows, page.limit);
  return { items: items.map(toDeliveryView), nextCursor };
}

function toDeliveryView(r: typeof webhookDeliveries.$inferSelect): DeliveryView {
  return {
    id: r.id,
    event: `customer.${r.event}` as WebhookEvent,
    customerId: r.customerId,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    occurredAt: r.occurredAt,
    nextAttemptAt: r.nextAttemptAt,
    deliveredAt: r.deliveredAt,
  };
}

async function activeSubscription(db: Db, orgId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw new NotFound('webhook subscription');
  const [row] = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.orgId, orgId),
        eq(webhookSubscriptions.id, id),
        isNull(webhookSubscriptions.disabledAt),
      ),
    );
  if (!row) throw new NotFound('webhook subscription');
}
