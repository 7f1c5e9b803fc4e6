/** HTTP routes of customer authorizations (POST, GET /customers/{id}/authorizations). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/database.ts';
import { actorOf } from '../http/authentication.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import { AuthorizationBody, AuthorizationEntrySchema } from './authorization-schemas.ts';
import { addAuthorization, listAuthorizations } from './authorizations.ts';

const tags = ['customers'];

export const authorizationRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/customers/:id/authorizations',
    {
      schema: {
        tags,
        summary: "Record a customer's written authorization for fields a store's data profile otherwise refuses",
        operationId: 'addCustomerAuthorization',
        params: IdParams,
        body: AuthorizationBody,
        response: { 201: AuthorizationEntrySchema, ...problems(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const ctx = { actor: actorOf(request), origin: `request:${request.id}` };
      return reply.code(201).send(await addAuthorization(db, ctx, request.params.id, request.body));
    },
  );

  app.get(
    '/customers/:id/authorizations',
    {
      schema: {
        tags,
        summary: "The customer's written authorizations",
        operationId: 'listCustomerAuthorizations',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(AuthorizationEntrySchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) =>
      listAuthorizations(
        db,
        { actor: actorOf(request), origin: `request:${request.id}` },
        request.params.id,
        request.query,
      ),
  );
};
