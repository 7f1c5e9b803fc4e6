/**
 * Staff's side of customers' second factor (API.md proposal "Customer requests"): the requests
 * awaiting confirmation, and confirming one with the customer in front of them.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/authentication.ts';
import { IdParams, PageQuery, pageOf, problems } from '../../http/schemas.ts';
import type { AuditContext } from '../../privacy/audit-log.ts';
import type { SecondFactorDeps } from './customer-requests.ts';
import { CarriedOutSchema, OpenRequestSchema } from './schemas.ts';
import { confirmRequest, listOpenRequests } from './staff-confirmation.ts';

const tags = ['customers'];

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

export const customerRequestRoutes: FastifyPluginAsyncZod<SecondFactorDeps> = async (app, deps) => {
  app.get(
    '/customer-requests',
    {
      schema: {
        tags,
        summary:
          "Customers' requests from kiosks awaiting confirmation (export, erasure, new phone or email, renewed medical card), newest first",
        operationId: 'listCustomerRequests',
        querystring: PageQuery,
        response: { 200: pageOf(OpenRequestSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => listOpenRequests(deps, context(request), request.query),
  );

  app.post(
    '/customer-requests/:id/confirm',
    {
      schema: {
        tags,
        summary:
          "Confirm a customer's request in person and carry it out (identity change, card renewal once the card is seen: staff; export and erasure: managers); audited",
        operationId: 'confirmCustomerRequest',
        params: IdParams,
        response: { 200: CarriedOutSchema, ...problems(401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => confirmRequest(deps, context(request), request.params.id),
  );
};
