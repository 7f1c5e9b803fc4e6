/** HTTP routes for saved views of the customer search (`/views`, issue 16). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authentication.ts';
import type { RouteDeps } from '../http/context.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import { createView, deleteView, listViews } from './saved-views.ts';
import { NewViewBody, SavedViewSchema } from './schemas.ts';

export const savedViewRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/views',
    {
      schema: {
        tags: ['views'],
        summary: "The caller's saved views and the organization's shared ones",
        operationId: 'listViews',
        description: "Sorted by name. `mine` tells the caller's own views from those others shared.",
        querystring: PageQuery,
        response: { 200: pageOf(SavedViewSchema), ...problems(401, 403) },
      },
    },
    async (request) => listViews(db, actorOf(request), request.query),
  );

  app.post(
    '/views',
    {
      schema: {
        tags: ['views'],
        summary: 'Save the filters of a customer search as a view',
        operationId: 'createView',
        description:
          'The filter takes the filters of GET /customers; the personal search terms (q, phone, email, ' +
          'idNumber, dateOfBirth) answer 422, as does an unknown key. A name the caller already uses answers 409.',
        body: NewViewBody,
        response: { 201: withHeaders(SavedViewSchema, 'Location'), ...problems(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const saved = await createView(db, actorOf(request), request.body);
      return reply.code(201).header('Location', `/api/v1/views/${saved.id}`).send(saved);
    },
  );

  app.delete(
    '/views/:id',
    {
      schema: {
        tags: ['views'],
        summary: 'Delete a saved view',
        operationId: 'deleteView',
        description: "The owner deletes their view; another person's shared view, a manager or an admin only (403).",
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteView(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
