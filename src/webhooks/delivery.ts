/**
 * Outbound webhooks, delivery side: a consumer of customer changes (customers/changes.ts). The outbox
 * dispatcher (sync/outbound/dispatcher.ts) calls `webhookChangeConsumer` inside its
 * transaction: each claimed outbox row becomes one delivery row per active subscription that wants
 * the event, and a `webhook-delivery` job per row. The rows commit together with the outbox rows'
 * `dispatched_at`, so an event is neither lost nor recorded twice; a job that runs before that
 * commit (or after a rollback) finds no row and is retried, then dropped.
 *
 * A delivery POSTs `{id, type, occurredAt, data: {customerId, fields}}` (ids and field names only:
 * subscribers read the customer with their own API key), signed twice: `Patron-Signature: t=<unix
 * seconds of this attempt>,v1=<hex HMAC of "<t>.<body>">` (a receiver refuses stale or repeated
 * copies; the body's `id` is signed with it) and, as API.md has always stated, `X-Patron-Signature:
 * sha256=<hex HMAC of the body>`. Network errors and non-2xx answers are retried by pg-boss with
 * backoff (`WEBHOOK_RETRY`), and each attempt is recorded on the delivery row. Every POST goes
 * through the guarded connector (`src/egress/outbound-http.ts`): a receiver at an address that is
 * not allowed (checked on the resolved address, at connect time) fails at once, "not an allowed
 * address". Deliveries run concurrently and retries overtake nothing, so
 * subscribers may see events out of order: `occurredAt` orders them, `id` deduplicates them.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { ChangeConsumer } from '../customers/changes.ts';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import { isTargetRefused, type OutboundHttp, publicOnlyOutbound } from '../egress/outbound-http.ts';
import { NOT_ALLOWED_ADDRESS } from '../egress/target-policy.ts';
import type { Logger } from '../logger.ts';
import type { SyncVault } from '../privacy/vault.ts';
import { WEBHOOK_QUEUE, type WebhookJobData } from '../sync/jobs/queues.ts';
import { signBody, signTimestamped } from './signature.ts';
import { webhookDeliveries, webhookSubscriptions } from './tables.ts';

export type SendWebhookJob = (data: WebhookJobData) => Promise<void>;

export function webhookChangeConsumer(send: SendWebhookJob): ChangeConsumer {
  return async (tx, rows) => {
    const orgs = [...new Set(rows.map((r) => r.orgId))];
    const subscriptions = await tx
      .select({ id: webhookSubscriptions.id, orgId: webhookSubscriptions.orgId, events: webhookSubscriptions.events })
      .from(webhookSubscriptions)
      .where(and(inArray(webhookSubscriptions.orgId, orgs), isNull(webhookSubscriptions.disabledAt)));
    if (subscriptions.length === 0) return;
    const values = rows.flatMap((row) =>
      subscriptions
        .filter((s) => s.orgId === row.orgId && s.events.includes(row.event))
        .map((s) => ({
          orgId: row.orgId,
          subscriptionId: s.id,
          event: row.event,
          customerId: row.customerId,
          fields: row.fields,
          occurredAt: row.createdAt,
        })),
    );
    if (values.length === 0) return;
    const inserted = await tx
      .insert(webhookDeliveries)
      .values(values)
      .returning({ id: webhookDeliveries.id, orgId: webhookDeliveries.orgId });
    for (const { id, orgId } of inserted) await send({ deliveryId: id, orgId });
  };
}

export interface WebhookDeliveryDeps {
  db: Db;
  vault: SyncVault;
  logger?: Logger | undefined;
  /** Per-attempt timeout of the POST. */
  timeoutMs?: number;
  /** The guarded connector of every delivery; public addresses only when absent. */
  outbound?: OutboundHttp | undefined;
}

/** Thrown so pg-boss retries; the message is non-personal (status code or error code). */
export class DeliveryFailed extends Error {}

export interface Attempt {
  retryCount: number;
  retryLimit: number;
  retryDelay: number;
  retryDelayMax: number;
}

/** One attempt at one delivery. Resolves when done (delivered, or nothing to do); throws to be retried. */
export async function runDelivery(deps: WebhookDeliveryDeps, deliveryId: string, attempt: Attempt): Promise<void> {
  const [found] = await deps.db
    .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!found) throw new DeliveryFailed('delivery not (yet) committed');
  const { delivery, subscription } = found;
  if (delivery.status === 'delivered' || delivery.status === 'cancelled') return;
  if (subscription.disabledAt) {
    await deps.db
      .update(webhookDeliveries)
      .set({ status: 'cancelled', nextAttemptAt: null })
      .where(eq(webhookDeliveries.id, deliveryId));
    return;
  }
  const secret = deps.vault.open(
    { orgId: subscription.orgId, storeId: subscription.id },
    'webhook-subscription',
    subscription.secretEnc,
  ) as string;
  const type = `customer.${delivery.event}`;
  const body = JSON.stringify({
    id: delivery.id,
    type,
    occurredAt: delivery.occurredAt.toISOString(),
    data: { customerId: delivery.customerId, fields: delivery.fields },
  });
  let statusCode: number | null = null;
  let error: string | null = null;
  let refused = false;
  try {
    const response = await (deps.outbound ?? publicOnlyOutbound()).fetch(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Patron-Webhooks/1',
        'x-patron-signature': signBody(secret, body),
        // Signed again with the time of this attempt, so a receiver can refuse a replayed copy.
        'patron-signature': signTimestamped(secret, Math.floor(Date.now() / 1000), body),
        'x-patron-event': type,
        'x-patron-delivery': delivery.id,
      },
      body,
      // A redirect could carry the signed body somewhere the admin never configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    statusCode = response.status;
    // The answer's body is the subscriber's business; read and dropped so the socket is released.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) error = `HTTP ${response.status}`;
  } catch (failure) {
    // A refused target is reported in those words only: nothing was sent, nothing of it is known.
    refused = isTargetRefused(failure);
    error = refused ? NOT_ALLOWED_ADDRESS : describeNetworkError(failure);
  }
  const attempts = delivery.attempts + 1;
  if (error === null) {
    await deps.db
      .update(webhookDeliveries)
      .set({
        status: 'delivered',
        attempts,
        lastStatusCode: statusCode,
        lastError: null,
        deliveredAt: new Date(),
        nextAttemptAt: null,
      })
      .where(eq(webhookDeliveries.id, deliveryId));
    return;
  }
  // A refusal is the policy's answer, not the receiver's: trying again would only be refused again.
  const final = refused || attempt.retryCount >= attempt.retryLimit;
  const delaySeconds = Math.min(attempt.retryDelay * 2 ** attempt.retryCount, attempt.retryDelayMax);
  await deps.db
    .update(webhookDeliveries)
    .set({
      status: final ? 'failed' : 'retrying',
      attempts,
      lastStatusCode: statusCode,
      lastError: error,
      // pg-boss adds jitter: this is when the next attempt is due at the earliest, for the log.
      nextAttemptAt: final ? null : new Date(Date.now() + delaySeconds * 1000),
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  deps.logger?.warn(
    { deliveryId, subscriptionId: subscription.id, attempt: attempts, final, reason: error },
    'webhook delivery failed',
  );
  // Thrown so pg-boss retries (or records the last failure); a refusal is done with here.
  if (!refused) throw new DeliveryFailed(error);
}

/** Error codes only: a message could quote the URL, which may carry a token in its query. */
function describeNetworkError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? `network error (${code})` : 'network error';
}

export async function workWebhookDeliveries(
  boss: PgBoss,
  deps: WebhookDeliveryDeps,
  options: { concurrency?: number; pollingIntervalSeconds?: number } = {},
): Promise<string> {
  return boss.work<WebhookJobData>(
    WEBHOOK_QUEUE,
    {
      includeMetadata: true,
      localConcurrency: options.concurrency ?? 4,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
    async ([delivered]) => {
      if (!delivered) return;
      const job = delivered as JobWithMetadata<WebhookJobData>;
      await runInOrg(job.data.orgId, () =>
        runDelivery(deps, job.data.deliveryId, {
          retryCount: job.retryCount,
          retryLimit: job.retryLimit,
          retryDelay: job.retryDelay,
          retryDelayMax: job.retryDelayMax ?? job.retryDelay,
        }),
      );
    },
  );
}

/** The outbox hook wired to pg-boss. */
export function webhookJobSender(boss: () => Promise<PgBoss>): SendWebhookJob {
  return async (data) => {
    await (await boss()).send(WEBHOOK_QUEUE, data);
  };
}
