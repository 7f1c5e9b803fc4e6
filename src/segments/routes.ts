/** HTTP routes for segments (`/segments`, issue 17): manager and admin. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CustomerDeps } from '../customers/customer-deps.ts';
import { customerListPage, FoundCustomer } from '../customers/schemas.ts';
import { actorOf } from '../http/authentication.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, PageQuery, pageOf, problems } from '../http/schemas.ts';
import { NewSegmentBody, SegmentMembersQuery, SegmentPatchBody, SegmentSchema } from './schemas.ts';
import { createSegment, deleteSegment, getSegment, listSegments, segmentMembers, updateSegment } from './segments.ts';

const tags = ['segments'];

export const segmentRoutes: FastifyPluginAsyncZod<CustomerDeps> = async (app, deps) => {
  app.get(
    '/segments',
    {
      schema: {
        tags,
        summary: 'The prebuilt segments, then the organization’s by name, each with its live count',
        operationId: 'listSegments',
        querystring: PageQuery,
        response: { 200: pageOf(SegmentSchema), ...problems(401, 403, 422) },
      },
    },
    async (request) => listSegments(deps, actorOf(request), request.query),
  );

  app.post(
    '/segments',
    {
      schema: {
        tags,
        summary: 'Save a segment: a name and a filter in the vocabulary of GET /customers',
        operationId: 'createSegment',
        description:
          'The personal search terms (q, phone, email, idNumber, dateOfBirth) and unknown keys answer 422; ' +
          'a name the organization already uses (or a prebuilt segment’s) answers 409.',
        body: NewSegmentBody,
        response: { 201: withHeaders(SegmentSchema, 'Location'), ...problems(401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      const segment = await createSegment(deps, actorOf(request), request.body);
      return reply.code(201).header('Location', `/api/v1/segments/${segment.id}`).send(segment);
    },
  );

  app.get(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'A segment with its live count',
        operationId: 'getSegment',
        params: IdParams,
        response: { 200: SegmentSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getSegment(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Rename a segment or replace its filter',
        operationId: 'updateSegment',
        description: 'A prebuilt segment answers 409. A given filter replaces the old one whole.',
        params: IdParams,
        body: SegmentPatchBody,
        response: { 200: SegmentSchema, ...problems(401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => updateSegment(deps, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/segments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a segment (its customers are not touched)',
        operationId: 'deleteSegment',
        description: 'A prebuilt segment answers 409.',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteSegment(deps, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/segments/:id/customers',
    {
      schema: {
        tags,
        summary: 'The customers in a segment now, a page at a time',
        operationId: 'listSegmentCustomers',
        params: IdParams,
        querystring: SegmentMembersQuery,
        response: { 200: customerListPage(FoundCustomer), ...problems(401, 403, 404, 422) },
      },
    },
    async (request) =>
      segmentMembers(
        deps,
        { actor: actorOf(request), origin: `request:${request.id}` },
        request.params.id,
        request.query,
      ),
  );
};
