/** HTTP routes for stores (API.md, "Stores, integrations, sync"). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ALWAYS_KEPT_FIELDS } from '../domain/data-profiles.ts';
import { actorOf } from '../http/authentication.ts';
import type { RouteDeps } from '../http/context.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import { listDataProfiles } from './data-profile.ts';
import { DataProfileSchema, NewStoreBody, StorePatchBody, StoreSchema } from './schemas.ts';
import { createStore, getStore, listStores, updateStore } from './stores.ts';

export const storeRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db }) => {
  app.get(
    '/stores',
    {
      schema: {
        tags: ['stores'],
        summary: 'The stores of the organization',
        operationId: 'listStores',
        querystring: PageQuery,
        response: { 200: pageOf(StoreSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => listStores(db, actorOf(request), request.query),
  );

  app.post(
    '/stores',
    {
      schema: {
        tags: ['stores'],
        summary: 'Add a store',
        operationId: 'createStore',
        body: NewStoreBody,
        response: { 201: withHeaders(StoreSchema, 'Location'), ...problems(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const store = await createStore(db, actorOf(request), request.body);
      return reply.code(201).header('Location', `/api/v1/stores/${store.id}`).send(store);
    },
  );

  app.get(
    '/stores/:id',
    {
      schema: {
        tags: ['stores'],
        summary: 'A store',
        operationId: 'getStore',
        params: IdParams,
        response: { 200: StoreSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getStore(db, actorOf(request), request.params.id),
  );

  app.get(
    '/data-profiles',
    {
      schema: {
        tags: ['stores'],
        summary: 'The jurisdiction data profiles a store can follow',
        operationId: 'listDataProfiles',
        description: 'The jurisdiction data profiles a store can follow (PATCH /stores/{id} `dataProfile`).',
        response: { 200: pageOf(DataProfileSchema), ...problems(401, 403) },
      },
    },
    async (request) => ({
      items: listDataProfiles(actorOf(request)).map((profile) => ({ ...profile, alwaysKept: [...ALWAYS_KEPT_FIELDS] })),
      nextCursor: null,
    }),
  );

  app.patch(
    '/stores/:id',
    {
      schema: {
        tags: ['stores'],
        summary: "Change a store's name, timezone, address or data profile",
        operationId: 'updateStore',
        params: IdParams,
        body: StorePatchBody,
        response: { 200: StoreSchema, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateStore(db, actorOf(request), request.params.id, request.body),
  );
};
