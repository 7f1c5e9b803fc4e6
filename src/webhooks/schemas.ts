/** Wire shapes of the webhook endpoints (API.md "Stores, integrations, sync"). */
import { z } from 'zod';
import { Timestamp } from '../http/schemas.ts';
import { WEBHOOK_EVENTS } from './subscriptions.ts';

const Event = z.enum(WEBHOOK_EVENTS);

export const SubscriptionBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe('Where events are POSTed; http or https'),
  events: z.array(Event).min(1).max(WEBHOOK_EVENTS.length),
  secret: z
    .string()
    .min(16)
    .max(200)
    .describe(
      'Key of both signatures of a delivery: Patron-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")> and X-Patron-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>. Write-only: never answered',
    ),
});

/** Never carries the secret: the response schema strips anything not listed. */
export const SubscriptionSchema = z
  .object({ id: z.uuid(), url: z.string(), events: z.array(Event), createdAt: Timestamp })
  .meta({ id: 'WebhookSubscription' });

export const DeliverySchema = z
  .object({
    id: z.uuid().describe('Also the payload `id` and the X-Patron-Delivery header'),
    event: Event,
    customerId: z.uuid(),
    status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'cancelled']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    occurredAt: Timestamp,
    nextAttemptAt: Timestamp.nullable(),
    deliveredAt: Timestamp.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const InboundParams = z.object({ vendor: z.string().max(40), storeId: z.string().max(100) });

/** Optional here so that a missing one is refused by the receiver with its own 401, not a 400. */
export const InboundHeaders = z.object({
  'patron-signature': z.string().optional().meta({
    description:
      't=<unix seconds>,v1=<hex HMAC-SHA256(webhook key, "<t>.<raw body>")>; several v1= allowed. Required: an unsigned call answers 401',
  }),
  'x-patron-delivery': z.string().optional().meta({
    description: "The sender's id of this delivery, the same on its retries; one already accepted answers 409",
  }),
});
