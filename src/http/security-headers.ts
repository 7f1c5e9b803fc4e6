/**
 * Security headers on every answer (API, Swagger UI, the web app to come) and CORS closed by default.
 * Hand-written rather than @fastify/helmet and @fastify/cors, which are not dependencies: a few fixed
 * headers do not need them. The API is called with bearer tokens, never cookies, so a foreign page
 * cannot act as a signed-in user; refusing preflights also keeps it from reading any answer.
 * Answers are never stored by a browser or a shared cache (`Cache-Control: no-store`): API answers
 * hold personal data and tokens, and health and readiness are only true when asked. An answer that
 * may be kept opts out by setting its own `Cache-Control` (Swagger UI's static files do).
 */
import type { FastifyInstance } from 'fastify';

/**
 * Scripts, styles and images from Patron itself only; no plugins, no framing, no foreign form targets.
 * Inline styles are allowed because Swagger UI sets some; inline scripts are not.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  // OWASP: answers with personal data or tokens must not be kept by browsers or proxies.
  'cache-control': 'no-store',
};

export function securityHeaders(app: FastifyInstance): void {
  // A CORS preflight gets an empty 204 without Access-Control-Allow-Origin, so the browser refuses
  // the cross-origin call: no origin is trusted until an operator configures one (none can yet).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      return reply.code(204).send();
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(HEADERS)) {
      // Swagger UI may set its own (stricter for its page) policy, a route its own caching; keep them.
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    reply.removeHeader('access-control-allow-origin');
    reply.removeHeader('access-control-allow-credentials');
  });
}
