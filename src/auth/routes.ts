/** HTTP routes for login, users and API keys (invitations: invitation-routes.ts; the caller's own record: src/kiosk/me-routes.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authentication.ts';
import type { RouteDeps } from '../http/context.ts';
import { withHeaders } from '../http/response-headers.ts';
import { IdParams, pageOf, problems } from '../http/schemas.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import { inviteUser } from './invitations.ts';
import {
  ApiKeySchema,
  CreatedApiKey,
  InvitationSchema,
  LoginAnswer,
  LoginBody,
  NewApiKeyBody,
  NewUserBody,
  PageQuery,
  UserPatchBody,
  UserWithDates,
} from './schemas.ts';
import { login, logout } from './sessions.ts';
import { deleteUser, getUser, listUsers, updateUser } from './users.ts';

export const authRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { db, loginPolicy, mailer }) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        operationId: 'login',
        security: [],
        body: LoginBody,
        response: { 200: LoginAnswer, ...problems(401, 422, 429) },
      },
    },
    async (request) => login(db, loginPolicy, { ...request.body, address: request.ip }),
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        operationId: 'logout',
        response: { 204: z.null(), ...problems(401) },
      },
    },
    async (request, reply) => {
      await logout(db, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'The users of the organization',
        operationId: 'listUsers',
        querystring: PageQuery,
        response: { 200: pageOf(UserWithDates), ...problems(400, 401, 403) },
      },
    },
    async (request) => listUsers(db, actorOf(request), request.query),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Invite a user (staff, manager or admin) by email; they choose their password when they accept',
        description:
          'Answers 202 alike whether or not the address has a Patron account elsewhere: its owner learns by mail. ' +
          'A user of this organization with the address answers 409.',
        operationId: 'createUser',
        body: NewUserBody,
        response: { 202: withHeaders(InvitationSchema, 'Location'), ...problems(401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const invitation = await inviteUser(db, mailer, actorOf(request), request.body);
      return reply.code(202).header('Location', `/api/v1/invitations/${invitation.id}`).send(invitation);
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'A user',
        operationId: 'getUser',
        params: IdParams,
        response: { 200: UserWithDates, ...problems(401, 403, 404) },
      },
    },
    async (request) => getUser(db, actorOf(request), request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: "Change a user's email, name, role or password",
        operationId: 'updateUser',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: UserWithDates, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request) => updateUser(db, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove a user; their sessions end',
        operationId: 'deleteUser',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteUser(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'The API keys of the organization (never the keys themselves)',
        operationId: 'listApiKeys',
        querystring: PageQuery,
        response: { 200: pageOf(ApiKeySchema), ...problems(400, 401, 403) },
      },
    },
    async (request) => listApiKeys(db, actorOf(request), request.query),
  );

  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Create a kiosk or integration key; the key is shown in this answer only',
        operationId: 'createApiKey',
        body: NewApiKeyBody,
        response: { 201: withHeaders(CreatedApiKey, 'Location'), ...problems(401, 403, 422) },
      },
    },
    async (request, reply) => {
      const key = await createApiKey(db, actorOf(request), request.body);
      return reply.code(201).header('Location', `/api/v1/api-keys/${key.id}`).send(key);
    },
  );

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key',
        operationId: 'revokeApiKey',
        params: IdParams,
        response: { 204: z.null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
