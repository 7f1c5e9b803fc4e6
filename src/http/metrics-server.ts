/**
 * The metrics listener: `GET /metrics` (Prometheus text) on an address of its own
 * (`PATRON_METRICS_HOST`/`PATRON_METRICS_PORT`, off unless the port is set), never on the public
 * port, where process figures and the traffic of every route would tell anyone how the service is
 * doing and what it runs. With `PATRON_METRICS_TOKEN`, only a scraper that sends
 * `Authorization: Bearer <token>` is answered; the rest get 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Unauthenticated } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from './metrics.ts';
import { frameworkProblem, registerProblemHandlers } from './problem.ts';
import { securityHeaders } from './security-headers.ts';

export interface MetricsAppOptions {
  metrics: Metrics;
  /** The bearer token a scraper must send; anyone who reaches the listener may scrape without it. */
  token: string | undefined;
  logger: Logger;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether an Authorization header carries the token, compared in constant time (digests: equal lengths). */
export function carriesMetricsToken(header: string | undefined, token: string): boolean {
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}

export async function buildMetricsApp(options: MetricsAppOptions): Promise<FastifyInstance> {
  const { metrics, token } = options;
  // A scrape every few seconds is not worth a log line each.
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    disableRequestLogging: true,
    frameworkErrors: frameworkProblem,
  });
  registerProblemHandlers(app);
  securityHeaders(app);
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined && !carriesMetricsToken(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new Unauthenticated('Send the metrics token as "Authorization: Bearer <token>".');
    }
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
  return app;
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startMetricsListener(
  options: MetricsAppOptions & { host: string; port: number },
): Promise<MetricsListener> {
  const app = await buildMetricsApp(options);
  const url = await app.listen({ host: options.host, port: options.port });
  if (options.token === undefined && !LOOPBACK_HOSTS.has(options.host)) {
    options.logger.warn(
      { host: options.host },
      'the metrics listener is reachable beyond this machine without a token: set PATRON_METRICS_TOKEN',
    );
  }
  return { url, close: () => app.close() };
}
