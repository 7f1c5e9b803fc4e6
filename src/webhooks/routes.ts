/**
 * HTTP routes of webhooks: the inbound POS webhook (no token: the signature is the credential)
 * and the outbound subscriptions with their delivery log (admins).
 */
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { OutboundHttp } from '../egress/outbound-http.ts';
import { actorOf } from '../http/authentication.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import type { SyncVault } from '../privacy/vault.ts';
import type { SyncQueue } from '../sync/jobs/pull-requests.ts';
import { receivePosWebhook } from './inbound.ts';
import { DeliverySchema, InboundHeaders, InboundParams, SubscriptionBody, SubscriptionSchema } from './schemas.ts';
import { DELIVERY_ID_HEADER, TIMESTAMPED_SIGNATURE_HEADER } from './signature.ts';
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions } from './subscriptions.ts';

export interface WebhookRouteDeps {
  db: Db;
  vault: SyncVault;
  queue: SyncQueue;
  /** Its policy is what a subscription URL is checked against. */
  outbound?: OutboundHttp | undefined;
}

export const webhookRoutes: FastifyPluginAsyncZod<WebhookRouteDeps> = async (app, options) => {
  const { db, vault, queue } = options;
  const tags = ['webhooks'];

  // Its own encapsulated context: the signature covers the bytes as sent, so this route alone
  // keeps the raw body (any content type) instead of the parsed JSON every other route gets.
  await app.register(async (context) => {
    const inbound = context.withTypeProvider<ZodTypeProvider>();
    inbound.removeAllContentTypeParsers();
    inbound.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    inbound.post(
      '/webhooks/:vendor/:storeId',
      {
        schema: {
          tags,
          summary:
            'A POS announces changes; signed Patron-Signature: t=<unix seconds>,v1=<hex HMAC of "<t>.<raw body>">, each call once',
          description:
            "The HMAC-SHA256 key is the integration's webhook key. A timestamp more than 300 s from the current time " +
            'answers 401; a call whose signature or X-Patron-Delivery id was accepted before answers 409.',
          operationId: 'receivePosWebhook',
          // No token: the signature is the credential (a bad one answers 401).
          security: [],
          params: InboundParams,
          headers: InboundHeaders,
          response: { 202: withHeaders(z.object({ runId: z.uuid() }), 'Location'), ...problems(400, 401, 404, 409) },
        },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const answer = await receivePosWebhook(
          { db, vault, queue },
          request.params.vendor,
          request.params.storeId,
          raw,
          {
            signature: firstValue(request.headers[TIMESTAMPED_SIGNATURE_HEADER]),
            deliveryId: firstValue(request.headers[DELIVERY_ID_HEADER]),
          },
        );
        return reply.code(202).header('Location', `/api/v1/sync-runs/${answer.runId}`).send(answer);
      },
    );
  });

  app.get(
    '/webhook-subscriptions',
    {
      schema: {
        tags,
        summary: 'Webhook subscriptions to customer events',
        operationId: 'listWebhookSubscriptions',
        response: { 200: z.object({ items: z.array(SubscriptionSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await listSubscriptions(db, actorOf(request)) }),
  );

  app.post(
    '/webhook-subscriptions',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to customer events; deliveries are signed and retried',
        operationId: 'createWebhookSubscription',
        body: SubscriptionBody,
        response: { 201: withHeaders(SubscriptionSchema, 'Location'), ...problems(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const created = await createSubscription(
        { db, vault, outbound: options.outbound },
        actorOf(request),
        request.body,
      );
      return reply.code(201).header('Location', `/api/v1/webhook-subscriptions/${created.id}`).send(created);
    },
  );

  app.delete(
    '/webhook-subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook subscription',
        operationId: 'deleteWebhookSubscription',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteSubscription(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/webhook-subscriptions/:id/deliveries',
    {
      schema: {
        tags,
        summary: "A subscription's deliveries with their status and attempts",
        operationId: 'listWebhookDeliveries',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(DeliverySchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => listDeliveries(db, actorOf(request), request.params.id, request.query),
  );
};

function firstValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
