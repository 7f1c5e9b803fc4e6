/** Zod pieces shared by every route: problem bodies, paging, ids and timestamps. */
import { z } from 'zod';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../db/keyset.ts';

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

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** The problem answers a route may give, for the OpenAPI document. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema])) as Record<number, typeof ProblemSchema>;
}
