/**
 * A request without a body, or with an empty one (`Content-Length: 0`, even with a JSON content
 * type), has no body: a route whose body is optional then does its default (`POST
 * /stores/{id}/sync` without a body is an incremental sync), and one whose body is required says
 * "is required" instead of "must not be null" or "The JSON body is empty". Fastify hands a missing
 * body to validators as `null`, so a body of `null` reads as none too (it holds nothing either).
 * The JSON parser that reads an empty body as none is in json-body.ts.
 */
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';

export function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return request.headers['transfer-encoding'] !== undefined;
}

/** Body validators of `compiler` see a missing body as `undefined`, as zod's `.optional()` expects. */
export function absentBodyAsUndefined<S>(compiler: FastifySchemaCompiler<S>): FastifySchemaCompiler<S> {
  return (route) => {
    const validate = compiler(route);
    return route.httpPart === 'body' ? (data: unknown) => validate(data ?? undefined) : validate;
  };
}
