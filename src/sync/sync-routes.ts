/** HTTP routes of integrations and sync runs (API.md "Stores, integrations, sync"); admins only. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/abilities.ts';
import type { Db } from '../db/database.ts';
import { NotFound } from '../domain/errors.ts';
import { actorOf } from '../http/authentication.ts';
import { IdParams, pageOf, problems } from '../http/schemas.ts';
import { assertStore, findIntegration, getIntegration, putIntegration, testIntegration } from './integrations.ts';
import { syncHealth } from './sync-health.ts';
import type { SyncQueue } from './sync-queue.ts';
import { getRun, listRuns } from './sync-runs.ts';
import {
  IntegrationBody,
  IntegrationSchema,
  IntegrationTestSchema,
  StoreSyncHealthSchema,
  SyncRequestBody,
  SyncRunListQuery,
  SyncRunSchema,
} from './sync-schemas.ts';
import type { SyncVault } from './sync-vault.ts';

export interface SyncRouteDeps {
  db: Db;
  vault: SyncVault;
  queue: SyncQueue;
}

export const syncRoutes: FastifyPluginAsyncZod<SyncRouteDeps> = async (app, { db, vault, queue }) => {
  const deps = { db, vault };
  const tags = ['sync'];

  app.put(
    '/stores/:id/integration',
    {
      schema: {
        tags,
        params: IdParams,
        body: IntegrationBody,
        response: { 200: IntegrationSchema, ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => putIntegration(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/stores/:id/integration',
    { schema: { tags, params: IdParams, response: { 200: IntegrationSchema, ...problems(401, 403, 404) } } },
    async (request) => getIntegration(db, actorOf(request), request.params.id),
  );

  app.post(
    '/stores/:id/integration/test',
    { schema: { tags, params: IdParams, response: { 200: IntegrationTestSchema, ...problems(401, 403, 404) } } },
    async (request) => testIntegration(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/stores/:id/sync',
    {
      schema: {
        tags,
        params: IdParams,
        body: SyncRequestBody.optional(),
        response: { 202: z.object({ runId: z.uuid() }), ...problems(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'create', 'syncRun');
      await assertStore(db, actor.orgId, request.params.id);
      if (!(await findIntegration(db, actor.orgId, request.params.id))) {
        throw new NotFound('integration for this store');
      }
      const run = await queue.requestPull(
        { orgId: actor.orgId, storeId: request.params.id },
        request.body?.mode ?? 'incremental',
        'request',
      );
      return reply.code(202).header('Location', `/api/v1/sync-runs/${run.id}`).send({ runId: run.id });
    },
  );

  app.get(
    '/sync-runs',
    {
      schema: {
        tags,
        querystring: SyncRunListQuery,
        response: { 200: pageOf(SyncRunSchema), ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => listRuns(db, actorOf(request), request.query),
  );

  app.get(
    '/sync-runs/:id',
    { schema: { tags, params: IdParams, response: { 200: SyncRunSchema, ...problems(401, 403, 404) } } },
    async (request) => getRun(db, actorOf(request), request.params.id),
  );

  app.get(
    '/sync-health',
    { schema: { tags, response: { 200: z.object({ items: z.array(StoreSyncHealthSchema) }), ...problems(401, 403) } } },
    async (request) => ({ items: await syncHealth(db, actorOf(request)) }),
  );
};
