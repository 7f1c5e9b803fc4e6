/**
 * Liveness and readiness: unauthenticated, no personal data. Metrics are not served here, on the
 * public port, but on their own listener (metrics-server.ts): they describe the service to an attacker.
 */
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import { Unavailable } from '../domain/errors.ts';
import { problems } from './schemas.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
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
        throw new Unavailable('The database does not answer.');
      }
      return { status: 'ready' as const };
    },
  );
};
