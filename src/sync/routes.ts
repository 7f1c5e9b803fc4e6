/**
 * HTTP routes of integrations and sync runs (API.md "Stores, integrations, sync"; admins), of a
 * customer's sync state and POS links (API.md "Customers"; staff and kiosks) and of sync conflicts (managers).
 */

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../auth/abilities.ts';
import type { Db } from '../db/database.ts';
import { NotFound, Unavailable } from '../domain/errors.ts';
import type { OutboundHttp } from '../egress/outbound-http.ts';
import { actorOf } from '../http/authentication.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import type { FieldProtection } from '../privacy/field-protector.ts';
import type { SyncVault } from '../privacy/vault.ts';
import { listQuarantined } from './inbound/quarantine-list.ts';
import { syncHealth } from './integrations/health.ts';
import {
  assertStore,
  findIntegration,
  getIntegration,
  putIntegration,
  testIntegration,
} from './integrations/integrations.ts';
import type { SyncQueue } from './jobs/pull-requests.ts';
import { listRunErrors } from './jobs/run-errors.ts';
import { getRun, listRuns } from './jobs/sync-runs.ts';
import { listConflicts, resolveConflict } from './links/conflicts.ts';
import { customerSyncState, linkCustomerToStore, retryRefusedPushes } from './links/customer-links.ts';
import { pushNow } from './links/push-now.ts';
import { posVendorForms } from './pos-vendors.ts';
import {
  CustomerSyncStateSchema,
  IntegrationBody,
  IntegrationSchema,
  IntegrationTestSchema,
  LinkAnswerSchema,
  LinkParams,
  PushAnswerSchema,
  QuarantinedRecordSchema,
  ResolveConflictBody,
  StoreSyncHealthSchema,
  SyncConflictListQuery,
  SyncConflictSchema,
  SyncQuarantineListQuery,
  SyncRequestBody,
  SyncRunErrorSchema,
  SyncRunListQuery,
  SyncRunSchema,
} from './schemas.ts';

export interface SyncRouteDeps {
  db: Db;
  vault: SyncVault;
  queue: SyncQueue;
  /** Needed to settle a conflict on an ID number (encrypted, blind-indexed); absent: such a resolve fails. */
  protection?: FieldProtection | undefined;
  /** How long `POST /customers/{id}/stores/{storeId}/link` waits for the POS id before answering 202. */
  linkWaitMs?: number | undefined;
  /** The guarded connector of connection tests, and the policy integration URLs are checked against. */
  outbound?: OutboundHttp | undefined;
}

const LINK_WAIT_MS = 10_000;

function auditContext(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

export const syncRoutes: FastifyPluginAsyncZod<SyncRouteDeps> = async (app, options) => {
  const { db, vault, queue } = options;
  const deps = { db, vault, outbound: options.outbound };
  const tags = ['sync'];

  app.put(
    '/stores/:id/integration',
    {
      schema: {
        tags,
        summary: 'Connect a store to its POS: vendor, credentials (write-only) and polling',
        operationId: 'putStoreIntegration',
        params: IdParams,
        body: IntegrationBody,
        response: { 200: IntegrationSchema, ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => putIntegration(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/stores/:id/integration',
    {
      schema: {
        tags,
        summary: "A store's POS integration (credentials never shown)",
        operationId: 'getStoreIntegration',
        params: IdParams,
        response: { 200: IntegrationSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getIntegration(db, actorOf(request), request.params.id),
  );

  app.post(
    '/stores/:id/integration/test',
    {
      schema: {
        tags,
        summary: "Check a store's POS credentials against the POS",
        operationId: 'testStoreIntegration',
        params: IdParams,
        response: { 200: IntegrationTestSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => testIntegration(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/stores/:id/sync',
    {
      schema: {
        tags,
        summary: "Queue a pull of the store's POS customers (incremental or full)",
        operationId: 'requestStoreSync',
        params: IdParams,
        body: SyncRequestBody.optional(),
        response: { 202: withHeaders(z.object({ runId: z.uuid() }), 'Location'), ...problems(401, 403, 404, 422) },
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
      await retryRefusedPushes({ db, queue }, { orgId: actor.orgId, storeId: request.params.id });
      return reply.code(202).header('Location', `/api/v1/sync-runs/${run.id}`).send({ runId: run.id });
    },
  );

  app.get(
    '/sync-runs',
    {
      schema: {
        tags,
        summary: 'Sync runs, newest first',
        operationId: 'listSyncRuns',
        querystring: SyncRunListQuery,
        response: { 200: pageOf(SyncRunSchema), ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => listRuns(db, actorOf(request), request.query),
  );

  app.get(
    '/sync-runs/:id',
    {
      schema: {
        tags,
        summary: 'A sync run and its counts',
        operationId: 'getSyncRun',
        params: IdParams,
        response: { 200: SyncRunSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getRun(db, actorOf(request), request.params.id),
  );

  app.get(
    '/sync-runs/:id/errors',
    {
      schema: {
        tags,
        summary: "A sync run's errors: the records it quarantined, then its own error (no payloads)",
        operationId: 'listSyncRunErrors',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(SyncRunErrorSchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => listRunErrors(db, actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/customers/:id/sync',
    {
      schema: {
        tags,
        summary: "The customer's link to each store's POS and its sync state",
        operationId: 'getCustomerSyncState',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(CustomerSyncStateSchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => customerSyncState(db, actorOf(request), request.params.id, request.query),
  );

  app.post(
    '/customers/:id/stores/:storeId/link',
    {
      schema: {
        tags,
        summary: "Make sure the customer exists in the store's POS (waits up to 10 s for its id, else 202)",
        operationId: 'linkCustomerToStore',
        params: LinkParams,
        response: { 200: LinkAnswerSchema, 202: LinkAnswerSchema, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const answer = await linkCustomerToStore(
        { db, queue },
        actorOf(request),
        request.params.id,
        request.params.storeId,
        options.linkWaitMs ?? LINK_WAIT_MS,
      );
      return reply.code(answer.status).send({ externalId: answer.externalId });
    },
  );

  app.post(
    '/customers/:id/stores/:storeId/push',
    {
      schema: {
        tags,
        summary: "Push the customer's state to the store's POS now, through their existing link",
        operationId: 'pushCustomerToStore',
        params: LinkParams,
        response: { 202: PushAnswerSchema, ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const answer = await pushNow({ db, queue }, auditContext(request), request.params.id, request.params.storeId);
      return reply.code(202).send(answer);
    },
  );

  app.get(
    '/sync-conflicts',
    {
      schema: {
        tags,
        summary: 'Open sync conflicts: a field changed both here and at a POS',
        operationId: 'listSyncConflicts',
        querystring: SyncConflictListQuery,
        response: { 200: pageOf(SyncConflictSchema), ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => listConflicts(db, vault, actorOf(request), request.query),
  );

  app.post(
    '/sync-conflicts/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Settle a sync conflict by keeping the local or the POS value',
        operationId: 'resolveSyncConflict',
        params: IdParams,
        body: ResolveConflictBody,
        response: { 200: SyncConflictSchema, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      if (!options.protection) throw new Unavailable('POS sync is not configured in this process.');
      return resolveConflict(
        { db, vault, protection: options.protection },
        auditContext(request),
        request.params.id,
        request.body.keep,
      );
    },
  );

  app.get(
    '/sync-quarantine',
    {
      schema: {
        tags,
        summary: 'POS records a pull could not read or apply, newest first (their payload is never answered)',
        operationId: 'listSyncQuarantine',
        querystring: SyncQuarantineListQuery,
        response: { 200: pageOf(QuarantinedRecordSchema), ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => listQuarantined(db, actorOf(request), request.query),
  );

  app.get(
    '/sync-health',
    {
      schema: {
        tags,
        summary: 'Sync health of every store: status, last sync, recent errors',
        operationId: 'getSyncHealth',
        response: { 200: z.object({ items: z.array(StoreSyncHealthSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => ({ items: await syncHealth(db, actorOf(request)) }),
  );

  app.get(
    '/pos-vendors',
    {
      schema: {
        tags,
        summary: "Each POS vendor's credentials form as JSON Schema (secret fields are writeOnly)",
        operationId: 'listPosVendors',
        response: { 200: z.object({ items: z.array(PosVendorFormSchema) }), ...problems(401, 403) },
      },
    },
    async (request) => {
      authorize(actorOf(request), 'read', 'integration');
      return { items: posVendorForms() };
    },
  );
};

const PosVendorFormSchema = z
  .object({
    vendor: z.string(),
    displayName: z.string(),
    credentialsSchema: z.record(z.string(), z.unknown()).meta({ description: 'JSON Schema of the credentials' }),
    secretFields: z.array(z.string()),
  })
  .meta({ id: 'PosVendorForm' });
