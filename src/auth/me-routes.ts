/**
 * The caller's own record (API.md "Auth and people"): a user's account, or, with a customer token
 * from a kiosk, that customer, who may also edit it, export everything held on them and ask for
 * erasure (src/kiosk/self-service.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CustomerDeps } from '../customers/customers-service.ts';
import { expectedVersion } from '../customers/routes.ts';
import { ErasureAnswer } from '../customers/schemas.ts';
import { CustomerPatch } from '../domain/customer-patch.ts';
import { SELF_EDITABLE_FIELDS } from '../domain/self-edit.ts';
import { actorOf } from '../http/authentication.ts';
import { bodyCheckedByDomain } from '../http/domain-validated-body.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IfMatchHeaders, MERGE_PATCH_MEDIA_TYPES, problems } from '../http/schemas.ts';
import { CustomerSelfView } from '../kiosk/schemas.ts';
import { eraseSelf, exportOwnData, isCustomerActor, ownRecord, patchOwnRecord } from '../kiosk/self-service.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import type { ExportDeps } from '../privacy/customer-export.ts';
import { CustomerExportSchema } from '../privacy/schemas.ts';
import { UserSchema } from './schemas.ts';
import { getOwnProfile } from './users.ts';

const tags = ['auth'];

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

/** The fields a customer may patch on themselves, for the OpenAPI document; the service enforces it. */
const SelfPatch = CustomerPatch.pick(
  Object.fromEntries(SELF_EDITABLE_FIELDS.map((field) => [field, true])) as {
    [K in (typeof SELF_EDITABLE_FIELDS)[number]]: true;
  },
).meta({ id: 'CustomerSelfPatch', description: 'JSON merge patch of own profile fields and consents' });

export const meRoutes: FastifyPluginAsyncZod<ExportDeps & CustomerDeps> = async (app, deps) => {
  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The caller: a user, or with a customer token, that customer (with its version as ETag)',
        operationId: 'getMe',
        response: { 200: withHeaders(z.union([UserSchema, CustomerSelfView]), 'ETag'), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!isCustomerActor(actor)) return getOwnProfile(deps.db, actor);
      const customer = await ownRecord(deps, context(request));
      return reply.header('ETag', `"${customer.version}"`).send(customer);
    },
  );

  app.patch(
    '/me',
    {
      validatorCompiler: bodyCheckedByDomain,
      schema: {
        tags,
        summary: 'Customer token: edit own profile fields and consents (JSON merge patch, If-Match)',
        operationId: 'updateMe',
        headers: IfMatchHeaders,
        consumes: MERGE_PATCH_MEDIA_TYPES,
        body: SelfPatch,
        response: { 200: withHeaders(CustomerSelfView, 'ETag'), ...problems(400, 401, 403, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      const customer = await patchOwnRecord(deps, context(request), request.body, version);
      return reply.header('ETag', `"${customer.version}"`).send(customer);
    },
  );

  app.post(
    '/me/export',
    {
      schema: {
        tags,
        summary: 'Customer token: everything held on me, as JSON (answered at once, with 202); audited',
        operationId: 'exportMe',
        response: { 202: CustomerExportSchema, ...problems(401, 403) },
      },
    },
    async (request, reply) => reply.code(202).send(await exportOwnData(deps, context(request))),
  );

  app.delete(
    '/me',
    {
      schema: {
        tags,
        summary: 'Customer token: erase me (anonymized here, asked of every linked POS); the token ends',
        operationId: 'eraseMe',
        response: { 202: ErasureAnswer, ...problems(401, 403) },
      },
    },
    async (request, reply) => reply.code(202).send(await eraseSelf(deps, context(request))),
  );
};
