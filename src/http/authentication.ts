/**
 * Resolves `Authorization: Bearer <token>` into `request.actor` for every request, and makes the
 * rest of the request run in the actor's organization (row-level security, src/db/org-scope.ts).
 * Routes that need a caller use `actorOf(request)`, which answers 401 when there is none; what the
 * caller may do is the services' decision.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../auth/actor.ts';
import { resolveBearer } from '../auth/sessions.ts';
import type { Db } from '../db/database.ts';
import { continueInOrg } from '../db/org-scope.ts';
import { Unauthenticated } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}

export const authentication = fp<{ db: Db }>(async (app: FastifyInstance, { db }) => {
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new Unauthenticated('The Authorization header must be "Bearer <token>".');
    const actor = await resolveBearer(db, match[1]);
    if (!actor) throw new Unauthenticated('The token is unknown, expired or revoked; log in again.');
    request.actor = actor;
  });
  // After the body is read (its stream events would lose an async scope opened in onRequest), the
  // hooks and the handler that follow run in the actor's organization, or in none.
  app.addHook('preValidation', (request, _reply, done) => continueInOrg(request.actor?.orgId, done));
});

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}
