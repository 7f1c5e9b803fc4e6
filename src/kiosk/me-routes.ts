/**
 * The caller's own record (API.md "Auth and people"): a user's account, or, with a customer token
 * from a kiosk, that customer, who may also edit it, and ask for everything held on them, for
 * erasure, for a new phone or email or for their renewed medical card, each held until a second
 * factor (self-service.ts, second-factor/): the one-time code mailed to the email on file, or staff. It lives in kiosk/, not
 * auth/, because all but the user's own profile is customer self-service; auth imports no feature.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UserSchema } from '../auth/schemas.ts';
import { getOwnProfile } from '../auth/users.ts';
import type { CustomerDeps } from '../customers/customer-deps.ts';
import { CustomerSelfView, isCustomerActor } from '../customers/self-view.ts';
import { CustomerPatch } from '../domain/customer-patch.ts';
import { CARD_RENEWAL_FIELDS, SECOND_FACTOR_FIELDS, SELF_EDITABLE_FIELDS } from '../domain/self-edit.ts';
import { actorOf } from '../http/authentication.ts';
import { bodyCheckedByDomain } from '../http/domain-validated-body.ts';
import { expectedVersion } from '../http/if-match.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, IfMatchHeaders, MERGE_PATCH_MEDIA_TYPES, problems } from '../http/schemas.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import type { SecondFactorDeps } from './second-factor/customer-requests.ts';
import { CarriedOutSchema, OpenedRequestSchema, VerifyBody } from './second-factor/schemas.ts';
import { eraseSelf, exportOwnData, ownRecord, patchOwnRecord, verifyOwnRequest } from './self-service.ts';

const tags = ['auth'];

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

const PATCHABLE = [...SELF_EDITABLE_FIELDS, ...SECOND_FACTOR_FIELDS, ...CARD_RENEWAL_FIELDS];

/** The fields a customer may patch on themselves, for the OpenAPI document; the service enforces it. */
const SelfPatch = CustomerPatch.pick(
  Object.fromEntries(PATCHABLE.map((field) => [field, true])) as {
    [K in (typeof PATCHABLE)[number]]: true;
  },
).meta({
  id: 'CustomerSelfPatch',
  description:
    'JSON merge patch of own profile fields and consents, applied at once (200). Phone and email, in a patch of their own, ' +
    'are held until staff confirm them (202, kind identity_change). A medical customer renews their card with ' +
    '`{"medical": {"expiresOn": …}}` alone (cardNumber and state too if they changed), checked now (an expiry ' +
    'already past: 422 on medical.expiresOn) and held until staff have seen the card (202, kind medical_card_renewal).',
});

export const meRoutes: FastifyPluginAsyncZod<SecondFactorDeps & CustomerDeps> = async (app, deps) => {
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
        summary:
          'Customer token: edit own profile fields and consents (JSON merge patch, If-Match); a new phone or email, or a renewed medical card, waits for staff (202)',
        operationId: 'updateMe',
        headers: IfMatchHeaders,
        consumes: MERGE_PATCH_MEDIA_TYPES,
        body: SelfPatch,
        response: {
          200: withHeaders(CustomerSelfView, 'ETag'),
          202: OpenedRequestSchema,
          ...problems(400, 401, 403, 409, 412, 422),
        },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      const result = await patchOwnRecord(deps, context(request), request.body, version);
      if ('held' in result) return reply.code(202).send(result.held);
      return reply.header('ETag', `"${result.applied.version}"`).send(result.applied);
    },
  );

  app.post(
    '/me/export',
    {
      schema: {
        tags,
        summary:
          'Customer token: ask for everything held on me; mailed to the email on file once the one-time code is given, or handed over by staff',
        operationId: 'exportMe',
        response: { 202: OpenedRequestSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(202).send(await exportOwnData(deps, context(request))),
  );

  app.delete(
    '/me',
    {
      schema: {
        tags,
        summary:
          'Customer token: ask to be erased; done (anonymized here, asked of every linked POS, the token ends) once the one-time code is given or staff confirm',
        operationId: 'eraseMe',
        response: { 202: OpenedRequestSchema, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(202).send(await eraseSelf(deps, context(request))),
  );

  app.post(
    '/me/requests/:id/verify',
    {
      schema: {
        tags,
        summary:
          'Customer token: give the one-time code of a request; it is carried out (the export is mailed, never shown)',
        operationId: 'verifyMyRequest',
        params: IdParams,
        body: VerifyBody,
        response: { 200: CarriedOutSchema, ...problems(401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => verifyOwnRequest(deps, context(request), request.params.id, request.body.code),
  );
};
