/** Liveness, readiness and metrics: unauthenticated, no personal data. */
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { ServiceUnavailable } from '../domain/errors.ts';
import type { Metrics } from './metrics.ts';
import { problems } from './schemas.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db; metrics: Metrics }> = async (app, { db, metrics }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        operationId: 'getLiveness',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database answers and the service can take requests',
        operationId: 'getReadiness',
        security: [],
        response: { 200: z.object({ status: z.literal('ready') }), ...problems(503) },
      },
    },
    async () => {
      try {
        await db.execute(sql`SELECT 1`);
      } catch {
        throw new ServiceUnavailable('The database does not answer.');
      }
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics: process figures and request latency by route',
        operationId: 'getMetrics',
        security: [],
        response: {
          // Sent as text by the handler; the schema only describes it (Fastify serializes JSON answers only).
          200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: z.string() } } },
        },
      },
    },
    async (_request, reply) => {
      reply.type(metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
};
