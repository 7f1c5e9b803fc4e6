/**
 * PostgreSQL cannot store the NUL character (U+0000) in any text or JSON value, and no person types
 * one. Refusing it here, for every route's body and query, means no field anywhere can turn it into a
 * database error; the answer names the field like any other validation failure.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../domain/errors.ts';

const NUL = '\u0000';

/** Dotted path of the first string (or key) holding NUL, or undefined. */
export function pathOfNul(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path.join('.') : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes(NUL)) return [...path, key.replaceAll(NUL, '\\0')].join('.');
    const found = pathOfNul(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.query, request.body]) {
      const path = pathOfNul(part);
      if (path !== undefined) throw ValidationFailed.field(path, 'must not contain the NUL character');
    }
  });
}
