/**
 * HTTP routes of the privacy module: a customer's erasure (DELETE /customers/{id}, here because the
 * erasure use case is privacy's) and its status, the customer export (DSAR), and the organization's
 * data policy.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../http/authentication.ts';
import { IdParams, pageOf, problems } from '../http/schemas.ts';
import type { AuditContext } from './audit-log.ts';
import { type ExportDeps, exportCustomer } from './customer-export.ts';
import { getDataPolicy, putDataPolicy } from './data-policy.ts';
import { listDataQualityFlags } from './data-quality.ts';
import { eraseCustomer } from './erase-customer.ts';
import { getErasure } from './erasure-status.ts';
import { previewSweep } from './retention.ts';
import {
  CustomerExportSchema,
  DataPolicySchema,
  DataQualityFlagSchema,
  DataQualityQuery,
  ErasureAnswer,
  ErasureSchema,
  SweepPreviewSchema,
} from './schemas.ts';

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

export const privacyRoutes: FastifyPluginAsyncZod<ExportDeps> = async (app, deps) => {
  app.delete(
    '/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Erase a customer: anonymized here, asked of every linked POS',
        operationId: 'eraseCustomer',
        params: IdParams,
        response: { 202: ErasureAnswer, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(202).send(await eraseCustomer(deps, context(request), request.params.id)),
  );

  app.get(
    '/customers/:id/export',
    {
      schema: {
        tags: ['customers'],
        summary: 'Everything held on the customer, card and ID numbers in full (DSAR); audited',
        operationId: 'exportCustomer',
        params: IdParams,
        response: { 200: CustomerExportSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => exportCustomer(deps, context(request), request.params.id),
  );

  app.get(
    '/erasures/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'How an erasure went at each store the customer was linked to',
        operationId: 'getErasure',
        params: IdParams,
        response: { 200: ErasureSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getErasure(deps.db, deps.privacy.propagationsOf, context(request), request.params.id),
  );

  const settings = ['settings'];
  app.get(
    '/settings/data-policy',
    {
      schema: {
        tags: settings,
        summary: "The organization's data retention policy",
        operationId: 'getDataPolicy',
        response: { 200: DataPolicySchema, ...problems(401, 403) },
      },
    },
    async (request) => getDataPolicy(deps.db, context(request)),
  );

  app.put(
    '/settings/data-policy',
    {
      schema: {
        tags: settings,
        summary: "Replace the organization's data retention policy",
        operationId: 'setDataPolicy',
        body: DataPolicySchema,
        response: { 200: DataPolicySchema, ...problems(401, 403, 422) },
      },
    },
    async (request) => putDataPolicy(deps.db, context(request), request.body),
  );

  app.get(
    '/settings/data-policy/preview',
    {
      schema: {
        tags: settings,
        summary: 'What the next retention sweep would anonymize, delete and flag (changes nothing)',
        operationId: 'previewRetentionSweep',
        response: { 200: SweepPreviewSchema, ...problems(401, 403) },
      },
    },
    async (request) => previewSweep(deps.db, context(request)),
  );

  app.get(
    '/data-quality-flags',
    {
      schema: {
        tags: settings,
        summary: 'Open data-quality flags, e.g. customers whose medical card has expired',
        operationId: 'listDataQualityFlags',
        querystring: DataQualityQuery,
        response: { 200: pageOf(DataQualityFlagSchema), ...problems(400, 401, 403, 422) },
      },
    },
    async (request) => listDataQualityFlags(deps.db, context(request), request.query),
  );
};
