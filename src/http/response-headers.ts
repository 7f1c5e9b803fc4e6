/**
 * The response headers API.md promises (`ETag` on a customer, `Location` on a create, `Retry-After`
 * on a 429), declared once so the OpenAPI document states them where a route sends them. Handlers
 * still set the headers themselves; this only says so in the contract.
 */
import type { z } from 'zod';

/** Each header as @fastify/swagger takes it: a JSON schema whose description becomes the header's. */
const RESPONSE_HEADERS = {
  ETag: { type: 'string', description: 'The customer\'s version, quoted ("3"): send it as If-Match to change it' },
  Location: { type: 'string', description: 'Where the created resource (or the queued run) can be read' },
  'Retry-After': { type: 'integer', minimum: 0, description: 'Seconds to wait before asking again' },
} as const;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

export function responseHeaders(...names: ResponseHeaderName[]) {
  return Object.fromEntries(names.map((name) => [name, RESPONSE_HEADERS[name]]));
}

/**
 * A JSON answer that carries headers, e.g. `201: withHeaders(Customer, 'Location', 'ETag')`. The body
 * is serialized with `schema` as before; `headers` is read only by the OpenAPI generator (openapi.ts).
 */
export function withHeaders<T extends z.ZodType>(schema: T, ...names: ResponseHeaderName[]) {
  return { content: { 'application/json': { schema } }, headers: responseHeaders(...names) };
}
