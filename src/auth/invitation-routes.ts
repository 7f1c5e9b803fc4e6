/** HTTP routes for invitations: an admin's open invitations, and the invited person's acceptance. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authentication.ts';
import type { RouteDeps } from '../http/context.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, pageOf, problems } from '../http/schemas.ts';
import { acceptInvitation, getInvitation, listInvitations, revokeInvitation } from './invitations.ts';
import { AcceptInvitationBody, InvitationSchema, LoginAnswer, PageQuery } from './schemas.ts';

export const invitationRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, loginPolicy }) => {
  app.post(
    '/auth/invitations/accept',
    {
      schema: {
        tags: ['auth'],
        summary: 'Accept an invitation with the code from its email, choosing a password; answers like a login',
        operationId: 'acceptInvitation',
        security: [],
        body: AcceptInvitationBody,
        response: { 201: withHeaders(LoginAnswer, 'Location'), ...problems(409, 422) },
      },
    },
    async (request, reply) => {
      const session = await acceptInvitation(db, loginPolicy, request.body);
      return reply.code(201).header('Location', `/api/v1/users/${session.user.id}`).send(session);
    },
  );

  app.get(
    '/invitations',
    {
      schema: {
        tags: ['users'],
        summary: 'The invitations of the organization, with their status',
        operationId: 'listInvitations',
        querystring: PageQuery,
        response: { 200: pageOf(InvitationSchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => listInvitations(db, actorOf(request), request.query),
  );

  app.get(
    '/invitations/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'An invitation',
        operationId: 'getInvitation',
        params: IdParams,
        response: { 200: InvitationSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => getInvitation(db, actorOf(request), request.params.id),
  );

  app.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Withdraw an invitation not yet accepted; its code stops working',
        operationId: 'revokeInvitation',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await revokeInvitation(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
