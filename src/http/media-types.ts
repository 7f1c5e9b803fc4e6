/**
 * The media types a route's body may come in (API.md "Conventions": a body of the wrong media type
 * answers 415). Bodies are JSON; an edit (PATCH) is a JSON merge patch (RFC 7396), sent as
 * `application/merge-patch+json` or, as most clients do, `application/json`. Only routes that
 * declare a body are held to it; the check runs after the ability gate and before the body is parsed.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { UnsupportedMediaType } from '../domain/errors.ts';
import { hasBody } from './empty-body.ts';

const JSON_BODY = ['application/json'] as const;
const MERGE_PATCH_BODY = ['application/merge-patch+json', 'application/json'] as const;

export function acceptedMediaTypes(method: string): readonly string[] {
  return method === 'PATCH' ? MERGE_PATCH_BODY : JSON_BODY;
}

/** The 415 for a body sent as `sent` (empty: not named back) where `accepted` are read. */
export function unsupportedMediaType(sent: string, accepted: readonly string[]): UnsupportedMediaType {
  const list = accepted.map((type) => `"Content-Type: ${type}"`).join(' or ');
  return new UnsupportedMediaType(
    sent
      ? `A body sent as ${sent} cannot be read here; send JSON with ${list}.`
      : `Send the body as JSON with ${list}.`,
  );
}

/** Adds the check to a route with a declared body, after the hooks it already has (the ability gate). */
export function requireMediaType(route: RouteOptions): void {
  if (!route.schema?.body) return;
  const hook = async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    if (!hasBody(request)) return payload;
    const accepted = acceptedMediaTypes(request.method);
    const sent = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    // Named back only when it looks like a media type: the header is the caller's text.
    const shown = /^[a-z0-9.+-]{1,60}\/[a-z0-9.+-]{1,60}$/.test(sent) ? sent : '';
    if (!accepted.includes(sent)) throw unsupportedMediaType(shown, accepted);
    return payload;
  };
  const existing = route.preParsing;
  route.preParsing = [...(existing ? (Array.isArray(existing) ? existing : [existing]) : []), hook];
}
