/**
 * HTTP routes of the customers module (API.md, "Customers"). DELETE /customers/{id} is privacy's
 * (privacy/routes.ts): the erasure use case lives there.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import { CustomerPatch } from '../domain/customer-patch.ts';
import { Customer, CustomerInput } from '../domain/customer-schema.ts';
import { actorOf } from '../http/authentication.ts';
import { bodyCheckedByDomain } from '../http/domain-validated-body.ts';
import { expectedVersion } from '../http/if-match.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, IfMatchHeaders, MERGE_PATCH_MEDIA_TYPES, PageQuery, pageOf, problems } from '../http/schemas.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { authorizationRoutes } from './authorization-routes.ts';
import type { CustomerDeps } from './customer-deps.ts';
import { customerAudit, getCustomer, listConsents, listCustomers, listDuplicates } from './customer-reads.ts';
import { addConsent, createCustomer, patchCustomer, setTags } from './customer-writes.ts';
import { mergeCustomers } from './merge.ts';
import {
  AuditEntrySchema,
  ConsentBody,
  ConsentEntrySchema,
  CustomerListQuery,
  customerListPage,
  DuplicateSchema,
  FoundCustomer,
  MergeAnswer,
  MergeBody,
  TagsBody,
} from './schemas.ts';
import { CustomerSelfView, customerAsSeenBy } from './self-view.ts';

const tags = ['customers'];

/** A customer token reads its own record in the self view (self-view.ts); everyone else the record. */
const AsSeen = z.union([Customer, CustomerSelfView]);

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

function isKiosk(actor: Actor): boolean {
  return actor.kind === 'apiKey' && actor.role === 'kiosk';
}

function withEtag(reply: FastifyReply, customer: Customer): Customer {
  reply.header('ETag', `"${customer.version}"`);
  return customer;
}

export interface CustomerRouteDeps extends CustomerDeps {
  /** How a kiosk key's `POST /customers` is served: as a kiosk signup (its limits, no `duplicateOf`). */
  createAtKiosk: (ctx: AuditContext, body: unknown) => Promise<Customer>;
}

export const customerRoutes: FastifyPluginAsyncZod<CustomerRouteDeps> = async (app, deps) => {
  await app.register(authorizationRoutes, { db: deps.db });

  app.post(
    '/customers',
    {
      validatorCompiler: bodyCheckedByDomain,
      schema: {
        tags,
        summary: 'Create a customer; an identity already held answers 409 with duplicateOf (not to a kiosk)',
        operationId: 'createCustomer',
        body: CustomerInput,
        response: { 201: withHeaders(Customer, 'Location', 'ETag'), ...problems(401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const ctx = context(request);
      const customer = isKiosk(ctx.actor)
        ? await deps.createAtKiosk(ctx, request.body)
        : await createCustomer(deps, ctx, request.body);
      reply.code(201).header('Location', `/api/v1/customers/${customer.id}`);
      return withEtag(reply, customer);
    },
  );

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Search customers by name, phone or email fragment, or by exact identifiers and filters',
        operationId: 'searchCustomers',
        querystring: CustomerListQuery,
        response: { 200: customerListPage(FoundCustomer), ...problems(400, 401, 403, 422, 429) },
      },
    },
    async (request) => listCustomers(deps, context(request), request.query),
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'A customer, with its version as ETag',
        operationId: 'getCustomer',
        params: IdParams,
        response: { 200: withHeaders(AsSeen, 'ETag'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = context(request);
      return customerAsSeenBy(ctx.actor, withEtag(reply, await getCustomer(deps, ctx, request.params.id)));
    },
  );

  app.patch(
    '/customers/:id',
    {
      validatorCompiler: bodyCheckedByDomain,
      schema: {
        tags,
        summary: 'Change a customer with a JSON merge patch; If-Match makes a stale version answer 412',
        operationId: 'updateCustomer',
        params: IdParams,
        headers: IfMatchHeaders,
        consumes: MERGE_PATCH_MEDIA_TYPES,
        body: CustomerPatch,
        response: { 200: withHeaders(AsSeen, 'ETag'), ...problems(400, 401, 403, 404, 409, 412, 422, 429) },
      },
    },
    async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      const ctx = context(request);
      const customer = await patchCustomer(deps, ctx, request.params.id, request.body, version);
      return customerAsSeenBy(ctx.actor, withEtag(reply, customer));
    },
  );

  app.post(
    '/customers/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another customer (sourceId) into this one; the source id then answers 404',
        operationId: 'mergeCustomers',
        params: IdParams,
        body: MergeBody,
        response: { 200: withHeaders(MergeAnswer, 'ETag'), ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const merged = await mergeCustomers(
        deps,
        context(request),
        request.params.id,
        request.body.sourceId,
        request.body.fields ?? [],
      );
      reply.header('ETag', `"${merged.version}"`);
      return merged;
    },
  );

  app.put(
    '/customers/:id/tags',
    {
      schema: {
        tags,
        summary: "Replace a customer's tags",
        operationId: 'setCustomerTags',
        params: IdParams,
        body: TagsBody,
        response: { 200: withHeaders(Customer, 'ETag'), ...problems(401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      withEtag(reply, await setTags(deps, context(request), request.params.id, request.body.tags)),
  );

  app.post(
    '/customers/:id/consents',
    {
      schema: {
        tags,
        summary: "Record a marketing consent statement in the customer's ledger",
        operationId: 'addCustomerConsent',
        params: IdParams,
        body: ConsentBody,
        response: { 201: ConsentEntrySchema, ...problems(401, 403, 404, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addConsent(deps, context(request), request.params.id, request.body)),
  );

  app.get(
    '/customers/:id/consents',
    {
      schema: {
        tags,
        summary: "The customer's consent ledger, newest first",
        operationId: 'listCustomerConsents',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(ConsentEntrySchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => listConsents(deps, context(request), request.params.id, request.query),
  );

  app.get(
    '/customers/:id/audit',
    {
      schema: {
        tags,
        summary: "The customer's audit trail: who changed or viewed what, and when",
        operationId: 'listCustomerAudit',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(AuditEntrySchema), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) => customerAudit(deps, context(request), request.params.id, request.query),
  );

  app.get(
    '/duplicates',
    {
      schema: {
        tags,
        summary: 'Suspected duplicates: customers who may be the same person',
        operationId: 'listDuplicates',
        querystring: PageQuery,
        response: { 200: pageOf(DuplicateSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => listDuplicates(deps, context(request), request.query),
  );
};
