/**
 * A request without a body, or with an empty one (`Content-Length: 0`, even with a JSON content
 * type), has no body: a route whose body is optional then does its default (`POST
 * /stores/{id}/sync` without a body is an incremental sync), and one whose body is required says
 * "is required" instead of "must not be null" or "The JSON body is empty". Fastify hands a missing
 * body to validators as `null`, so a body of `null` reads as none too (it holds nothing either).
 */
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';

export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

/** JSON bodies (`application/json` and `application/merge-patch+json`) with an empty body read as none. */
export function readEmptyBodiesAsNone(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  for (const type of ['application/json', 'application/merge-patch+json']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      const text = String(body);
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      json(request, text, done);
    });
  }
}

/** Body validators of `compiler` see a missing body as `undefined`, as zod's `.optional()` expects. */
export function absentBodyAsUndefined<S>(compiler: FastifySchemaCompiler<S>): FastifySchemaCompiler<S> {
  return (route) => {
    const validate = compiler(route);
    return route.httpPart === 'body' ? (data: unknown) => validate(data ?? undefined) : validate;
  };
}
