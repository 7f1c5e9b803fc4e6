/**
 * How JSON bodies (`application/json` and `application/merge-patch+json`) are read, for every
 * route: an empty body is no body (see empty-body.ts); a body nested deeper than 32 levels is
 * refused from its raw text before it is parsed, so neither the parser nor any later walk of the
 * value pays for a tiny body of thousands of nested arrays; the rest goes to Fastify's own parser
 * (secure-json-parse), which refuses `__proto__` and `constructor.prototype` keys. The 64 KB body
 * limit applies before any of this, while the body is read.
 */
import type { FastifyInstance } from 'fastify';
import { MalformedRequest } from '../domain/errors.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../domain/json-depth.ts';

export const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'] as const;

export function readJsonBodies(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  for (const type of JSON_MEDIA_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
        done(new MalformedRequest(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
        return;
      }
      json(request, text, done);
    });
  }
}
