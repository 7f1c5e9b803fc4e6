/** Zod pieces shared by every route: problem bodies, paging, ids and timestamps. */
import { z } from 'zod';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../db/keyset.ts';
import { responseHeaders } from './response-headers.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    duplicateOf: z.string().optional(),
    matchedOn: z.enum(['phone+dateOfBirth', 'email+dateOfBirth', 'idNumber']).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** A timestamp: a Date in handlers, ISO 8601 UTC on the wire. */
export const Timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (s) => new Date(s),
  encode: (d) => d.toISOString(),
});

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().max(500).optional(),
});

export const IdParams = z.object({ id: z.string().max(100) });

/** `If-Match` on a PATCH (Fastify reads request headers lower-cased): the ETag the change is based on. */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().meta({
    description: 'The ETag the change is based on, e.g. "3"; a stale one answers 412. Absent or * : no check',
  }),
});

/** Request body media types of a JSON merge patch (RFC 7396); plain JSON is read the same way. */
export const MERGE_PATCH_MEDIA_TYPES = ['application/merge-patch+json', 'application/json'];

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** What each problem status means in this API (API.md "Conventions"), for the OpenAPI document. */
const PROBLEM_MEANINGS: Record<number, string> = {
  400: 'The URL, the JSON body or a header could not be read',
  401: 'No token, or a token that is unknown, expired or revoked',
  403: "The caller's role may not do this",
  404: 'No such resource: unknown, foreign-organization or erased ids answer 404',
  409: 'Conflicts with what is held, e.g. a duplicate identity (`duplicateOf`)',
  412: 'If-Match is not the current ETag: read the record again',
  413: 'The body is larger than 64 KB',
  415: 'The body is not of a media type this operation reads',
  422: 'Validation failed: every problem found is in `errors`',
  429: 'Too many requests: wait for Retry-After seconds',
  500: 'Something went wrong on our side; it has been logged with the request id',
  503: 'The service cannot serve this now',
};

/**
 * A problem answer as a route response: `application/problem+json` with the Problem schema, which
 * is also how the body is serialized (src/http/problem.ts sets that media type). A 429 declares
 * `Retry-After`.
 */
export function problemAnswer(status: number) {
  return {
    description: PROBLEM_MEANINGS[status] ?? 'A problem',
    content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
    ...(status === 429 ? { headers: responseHeaders('Retry-After') } : {}),
  };
}

/** The problem answers a route may give besides the standard ones (src/http/standard-answers.ts). */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, problemAnswer(s)])) as Record<
    number,
    ReturnType<typeof problemAnswer>
  >;
}
