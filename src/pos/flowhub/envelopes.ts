/**
 * The records in a Flowhub answer, whatever its envelope: the list envelope is UNCONFIRMED
 * [2.3, REFERENCE 7.3], so every variant the reference mentions is read (`FLOWHUB_CLIENT_CHOICES`).
 */
import { PosMalformed } from '../port.ts';
import { FLOWHUB_CLIENT_CHOICES as CHOICES } from './choices.ts';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The records in an answer, whatever the envelope (choices.listEnvelopeKeys, singleEnvelopeKeys):
 * a bare array, `{data:[…]}`, `{status, data}`, `{customers:[…]}`, `{data:{…}}`, or one customer object.
 */
export function recordsIn(body: unknown, route: string): unknown[] {
  if (body === null || body === undefined || body === '') return [];
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    if ('id' in body) return [body];
    for (const key of [...CHOICES.listEnvelopeKeys, ...CHOICES.singleEnvelopeKeys]) {
      const inner = body[key];
      if (Array.isArray(inner)) return inner;
      if (isObject(inner)) return [inner];
      if (inner === null) return [];
    }
    if (Object.keys(body).length === 0) return [];
  }
  throw new PosMalformed('flowhub', `${route} answered without a customer list or record`, body);
}

/** The envelope's `total`, when it has one (orders do [2.3]). */
export function totalIn(body: unknown): number | null {
  return isObject(body) && typeof body.total === 'number' ? body.total : null;
}
