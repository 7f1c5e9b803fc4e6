/** HTTP routes of the privacy module: the customer export (DSAR) and the organization's data policy. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../http/authentication.ts';
import { IdParams, problems } from '../http/schemas.ts';
import type { AuditContext } from './audit-log.ts';
import { type ExportDeps, exportCustomer } from './customer-export.ts';
import { CustomerExportSchema } from './schemas.ts';

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

export const privacyRoutes: FastifyPluginAsyncZod<ExportDeps> = async (app, deps) => {
  app.get(
    '/customers/:id/export',
    {
      schema: {
        tags: ['customers'],
        summary: 'Everything held on the customer, card and ID numbers in full (DSAR); audited',
        params: IdParams,
        response: { 200: CustomerExportSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => exportCustomer(deps, context(request), request.params.id),
  );
};
