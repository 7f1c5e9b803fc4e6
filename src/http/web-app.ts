/**
 * Serves the built web app (dist/web, built by Vite from src/web): the kiosk at /kiosk, the console
 * at /. The app is files to this server: it imports none of its code (.dependency-cruiser.cjs), and
 * the app speaks only the public API under /api/v1.
 *
 * Caching: the files under /assets/ carry a hash of their content in their name, so a browser may
 * keep them for a year without asking again; index.html names the current ones, so it is never kept
 * without asking (`no-cache`), and a new build reaches every screen on its next load.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Unavailable } from '../domain/errors.ts';

/**
 * The app's pages are stricter than the API's default policy (security-headers.ts): no inline
 * styles either (Swagger UI needs them; the app's styles are files).
 */
export const WEB_CONTENT_SECURITY_POLICY = webContentSecurityPolicy(null);

/**
 * `styleNonce`: the page's one-time nonce for the <style> elements the dialogs' scroll lock writes
 * (react-remove-scroll through react-style-singleton, whose text holds the measured scrollbar width,
 * so no hash can name it). The page carries it in `<meta name="csp-nonce">` for the app to hand to
 * get-nonce; scripts never get one.
 */
export function webContentSecurityPolicy(styleNonce: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Radix's ScrollArea (under Radix Themes' Table) and Select viewports render one fixed <style>
    // each (hiding the native scrollbar); their hashes allow exactly those two texts, nothing else.
    `style-src 'self' 'sha256-vGQdhYJbTuF+M8iCn1IZCHpdkiICocWHDq4qnQF4Rjw=' 'sha256-441zG27rExd4/il+NvIqyL8zFx5XmyNQtE381kSkUJk='${styleNonce ? ` 'nonce-${styleNonce}'` : ''}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The paths the app answers with its page (it routes on the client): the kiosk, and the console's
 * sections (src/web/console/routes.tsx). Anything else stays a 404 problem.
 */
export const WEB_APP_PATHS = [
  '/',
  '/kiosk',
  '/kiosk/*',
  '/sign-in',
  '/customers',
  '/customers/*',
  '/data-quality',
  '/data-quality/*',
  '/segments',
  '/segments/*',
  '/admin',
  '/admin/*',
  '/data-policy',
] as const;

export interface WebAppOptions {
  /** The folder Vite built into (its index.html and assets/). */
  root: string;
}

export async function serveWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const assets = path.join(options.root, 'assets');
  if (existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      // A year, immutable: the name changes with the content (see above).
      maxAge: '365d',
      immutable: true,
      setHeaders: (reply) => reply.header('content-security-policy', WEB_CONTENT_SECURITY_POLICY),
    });
  }
  const indexFile = path.join(options.root, 'index.html');
  const page = async (_request: unknown, reply: FastifyReply) => {
    // Read per request (a few hundred bytes): a rebuild while the server runs is served at once.
    const html = existsSync(indexFile) ? await readFile(indexFile, 'utf8') : null;
    if (html === null) {
      throw new Unavailable('The web app is not built yet: `npm install` or `patron start` builds it from src/web.');
    }
    const nonce = randomBytes(16).toString('base64');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', webContentSecurityPolicy(nonce))
      .send(html.replace('<head>', `<head>\n    <meta name="csp-nonce" content="${nonce}" />`));
  };
  for (const url of WEB_APP_PATHS) app.get(url, { schema: { hide: true } }, page);
}
