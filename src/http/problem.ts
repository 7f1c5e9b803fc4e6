/**
 * The one place where errors become RFC 9457 problem+json, and the one place that knows which HTTP
 * status, problem type and title each error kind answers with (domain errors carry a kind only).
 * Known errors say what to do; anything else is logged with its request id and answered as a bare
 * 500, without a stack trace, SQL or driver message.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorKind, type FieldError } from '../domain/errors.ts';
import { loggableError, pathOnly } from '../logger.ts';
import { acceptedMediaTypes, unsupportedMediaType } from './media-types.ts';

export const PROBLEM_TYPE_BASE = 'https://patron.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: FieldError[];
  duplicateOf?: string;
  /** For duplicates: which identity of the record already held matched. */
  matchedOn?: string;
  requestId?: string;
}

/** How one kind of problem is answered: its status, the slug of its `type` URI, and its title. */
export interface ProblemClass {
  status: number;
  /** Short slug used to build the problem `type` URI. */
  slug: string;
  title: string;
}

/** Each error kind as it is answered on the wire. */
export const PROBLEM_OF_KIND: Readonly<Record<ErrorKind, ProblemClass>> = {
  'malformed-request': { status: 400, slug: 'bad-request', title: 'Bad request' },
  unauthenticated: { status: 401, slug: 'unauthenticated', title: 'Authentication required' },
  forbidden: { status: 403, slug: 'forbidden', title: 'Not allowed' },
  'not-found': { status: 404, slug: 'not-found', title: 'Not found' },
  conflict: { status: 409, slug: 'conflict', title: 'Conflict' },
  'precondition-failed': { status: 412, slug: 'precondition-failed', title: 'Precondition failed' },
  'too-large': { status: 413, slug: 'payload-too-large', title: 'Payload too large' },
  'unsupported-media-type': { status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type' },
  validation: { status: 422, slug: 'validation-failed', title: 'Validation failed' },
  'rate-limited': { status: 429, slug: 'too-many-requests', title: 'Too many requests' },
  unavailable: { status: 503, slug: 'service-unavailable', title: 'Service unavailable' },
};

/** What is not an error of ours: a bug or an outage, answered without its details. */
const INTERNAL: ProblemClass = { status: 500, slug: 'internal', title: 'Internal error' };

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  { status, slug, title }: ProblemClass,
  detail: string,
  extra: Partial<Problem> = {},
): FastifyReply {
  const body: Problem = {
    type: `${PROBLEM_TYPE_BASE}${slug}`,
    title,
    status,
    detail,
    instance: pathOnly(request.url),
    ...extra,
    requestId: request.id,
  };
  return reply.code(status).type('application/problem+json').send(body);
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, PROBLEM_OF_KIND['not-found'], `No route ${request.method} ${pathOnly(request.url)}.`),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if ('retryAfterSeconds' in error) reply.header('Retry-After', String(error.retryAfterSeconds));
      const extra: Partial<Problem> = {};
      if ('errors' in error) extra.errors = error.errors as FieldError[];
      if ('duplicateOf' in error && typeof error.duplicateOf === 'string') extra.duplicateOf = error.duplicateOf;
      if ('matchedOn' in error && typeof error.matchedOn === 'string') extra.matchedOn = error.matchedOn;
      return sendProblem(reply, request, PROBLEM_OF_KIND[error.kind], error.message, extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const errors = error.validation.flatMap((issue): FieldError[] => {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const keys = (issue.params as { keys?: string[] }).keys;
        if (issue.keyword === 'unrecognized_keys' && keys) {
          return keys.map((k) => ({ path: path ? `${path}.${k}` : k, message: 'is not a known field' }));
        }
        return [{ path, message: issue.message ?? 'is invalid' }];
      });
      // A query string or a path parameter breaks rules the same way a body does (API.md
      // "Conventions"); the paths say which part: `limit` for the query, like a body's field.
      const detail = errors.map((e) => (e.path ? `${e.path} ${e.message}` : e.message)).join('; ');
      const validation = PROBLEM_OF_KIND.validation;
      const title = where === 'body' ? validation.title : `Invalid ${where}`;
      return sendProblem(reply, request, { ...validation, title }, detail, { errors });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, request, PROBLEM_OF_KIND['too-large'], 'The request body is larger than 64 KB.');
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const type = unsupportedMediaType('', acceptedMediaTypes(request.method));
      return sendProblem(reply, request, PROBLEM_OF_KIND[type.kind], type.message);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, empty body with a JSON type, bad content length.
      const detail =
        error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The JSON body is empty.'
          : 'The request could not be read as JSON.';
      // Fastify's own status stands (a 4xx it chose), under the type and title of an unreadable request.
      const unreadable = PROBLEM_OF_KIND['malformed-request'];
      return sendProblem(reply, request, { ...unreadable, status: error.statusCode }, detail);
    }
    request.log.error({ err: loggableError(error) }, 'unhandled error');
    return sendProblem(reply, request, INTERNAL, 'Something went wrong on our side; it has been logged.');
  });
}

/**
 * Fastify's router refuses some URLs before any route or hook runs (a malformed percent-encoding, a
 * path parameter longer than 100 characters) and would answer its own JSON; these answer problem+json
 * like everything else. An over-long id is no id Patron holds, hence 404.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(reply, request, PROBLEM_OF_KIND['not-found'], 'No such resource.');
    return;
  }
  sendProblem(reply, request, PROBLEM_OF_KIND['malformed-request'], 'The URL could not be read.');
}
