/**
 * PostgreSQL cannot store the NUL character (U+0000) in any text or JSON value, and no person types
 * one. Refusing it here, for every route's body and query, means no field anywhere can turn it into a
 * database error; the answer names the field like any other validation failure.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '../domain/errors.ts';

const NUL = '\u0000';

/** A place in the walked value: its key and the place holding it (shared, so no path is copied). */
interface Place {
  value: unknown;
  key: string | undefined;
  parent: Place | undefined;
}

function dottedPathOf(place: Place): string {
  const keys: string[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) {
    keys.push(at.key.replaceAll(NUL, '\\0'));
  }
  return keys.reverse().join('.');
}

/**
 * Dotted path of the first string (or key) holding NUL, or undefined. Walked with an explicit stack,
 * not recursion, so no nesting can overflow the call stack (JSON bodies are also refused beyond 32
 * levels before they are parsed, json-body.ts). A raw body (the inbound webhook's bytes) is not text.
 */
export function pathOfNul(value: unknown): string | undefined {
  const pending: Place[] = [{ value, key: undefined, parent: undefined }];
  while (pending.length > 0) {
    const place = pending.pop()!;
    const current = place.value;
    if (place.key?.includes(NUL) || (typeof current === 'string' && current.includes(NUL))) {
      return dottedPathOf(place);
    }
    if (typeof current !== 'object' || current === null || Buffer.isBuffer(current)) continue;
    const entries = Object.entries(current);
    // Reversed onto the stack, so fields are looked at in order, each key before its value.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, inner] = entries[i]!;
      pending.push({ value: inner, key, parent: place });
    }
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
