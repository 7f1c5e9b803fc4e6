/**
 * The problem answers every route can give, added to its response schema when it is registered, so
 * a new route declares them without anyone writing them (and the OpenAPI document, generated from
 * these schemas, says them). Which ones follow from the route itself (API.md "Conventions"):
 * - any route: 400 (a URL, JSON body or header that cannot be read) and 500;
 * - a route that takes a token (its schema has no `security: []`): 401 and 403;
 * - path parameters: 404 (unknown, foreign-organization or erased ids) and 422;
 * - a query string: 422; a body: 413, 415 and 422.
 * Answers particular to a route (409, 412, 429, a 404 without path parameters) stay in its schema
 * with `problems(...)`; a status a route declares itself is left as it is.
 */
import type { FastifyInstance, FastifySchema } from 'fastify';
import { problemAnswer } from './schemas.ts';

export function standardProblemStatuses(schema: FastifySchema): number[] {
  const statuses = [400, 500];
  if (!(Array.isArray(schema.security) && schema.security.length === 0)) statuses.push(401, 403);
  if (schema.params) statuses.push(404, 422);
  if (schema.querystring) statuses.push(422);
  if (schema.body) statuses.push(413, 415, 422);
  return [...new Set(statuses)].sort((a, b) => a - b);
}

export function declareStandardAnswers(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!schema || schema.hide) return;
    schema.response ??= {};
    const response = schema.response as Record<string, unknown>;
    for (const status of standardProblemStatuses(schema)) response[status] ??= problemAnswer(status);
  });
}
