/**
 * HTTP routes of orders (API.md "Kiosk"): POST /orders for staff (the counter) and integration keys
 * (order-management systems), and a customer's orders. Kiosks place theirs with POST /kiosk/orders
 * (src/kiosk/routes.ts), through the same service.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../http/authentication.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { listCustomerOrders } from './customer-orders.ts';
import { type OrderDeps, placeOrder } from './place-order.ts';
import { CustomerOrderSchema, OrderAttachmentSchema, PlaceOrderBody } from './schemas.ts';

const tags = ['orders'];

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

export const orderRoutes: FastifyPluginAsyncZod<OrderDeps> = async (app, deps) => {
  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: "Attach a customer to a store's order and make sure that store's POS knows them (waits up to 10 s)",
        description:
          'The rules of POST /kiosk/orders, for the counter and order-management systems: the same orderRef and ' +
          'customer again answer the same; the orderRef of another customer at that store answers 409. A store-bound ' +
          'integration key orders at its own store only (403 elsewhere).',
        operationId: 'placeOrder',
        body: PlaceOrderBody,
        response: {
          200: OrderAttachmentSchema,
          202: OrderAttachmentSchema,
          ...problems(401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const answer = await placeOrder(deps, context(request), request.body);
      return reply.code(answer.status).send(answer.attachment);
    },
  );

  app.get(
    '/customers/:id/orders',
    {
      schema: {
        tags,
        summary: "The customer's orders at every store and from every channel, newest first",
        operationId: 'listCustomerOrders',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(CustomerOrderSchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => listCustomerOrders(deps.db, context(request), request.params.id, request.query),
  );
};
