/**
 * Assembles the HTTP application: validation and serialization from zod, problem+json errors,
 * authentication, OpenAPI, health, request metrics (served on their own listener, metrics-server.ts),
 * and every feature's routes under /api/v1. The one file of http/ that imports the features: the rest
 * of http/ is what route modules share (schemas, problem, context, authentication hooks), and only
 * the CLI, server.ts and tests import this one (.dependency-cruiser.cjs).
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  type FastifyPluginAsyncZod,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { setBearerCacheLifetime } from '../auth/bearer-cache.ts';
import { invitationRoutes } from '../auth/invitation-routes.ts';
import { gateRoute } from '../auth/route-abilities.ts';
import { authRoutes } from '../auth/routes.ts';
import type { LoginPolicy } from '../auth/sessions.ts';
import type { IdNumberLookupPolicy } from '../customers/id-number-lookups.ts';
import { customerRoutes } from '../customers/routes.ts';
import type { Db } from '../db/database.ts';
import { installReadableMessages } from '../domain/validation-messages.ts';
import type { OutboundHttp } from '../egress/outbound-http.ts';
import { DEFAULT_KIOSK_POLICY, type KioskPolicy } from '../kiosk/kiosk-policy.ts';
import { meRoutes } from '../kiosk/me-routes.ts';
import { kioskRoutes } from '../kiosk/routes.ts';
import { customerRequestRoutes } from '../kiosk/second-factor/routes.ts';
import { createCustomerAtKiosk } from '../kiosk/signup.ts';
import type { Logger } from '../logger.ts';
import { type Mailer, MemoryMailer } from '../mail/mailer.ts';
import { ORDER_LINK_WAIT_MS, type PosLinks } from '../orders/place-order.ts';
import { orderRoutes } from '../orders/routes.ts';
import { flushAccessRecords } from '../privacy/audit-log.ts';
import type { FieldProtection } from '../privacy/field-protector.ts';
import { privacyRoutes } from '../privacy/routes.ts';
import type { SyncVault } from '../privacy/vault.ts';
import { savedViewRoutes } from '../saved-views/routes.ts';
import { segmentRoutes } from '../segments/routes.ts';
import { storeRoutes } from '../stores/routes.ts';
import { findIntegration } from '../sync/integrations/integrations.ts';
import { type SyncQueue, syncNotConfigured } from '../sync/jobs/pull-requests.ts';
import { ensureLinked } from '../sync/links/customer-links.ts';
import { syncRoutes } from '../sync/routes.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { AccessLog } from './access-log.ts';
import { authentication } from './authentication.ts';
import { customerPorts } from './customer-ports.ts';
import { absentBodyAsUndefined } from './empty-body.ts';
import { healthRoutes } from './health.ts';
import { readJsonBodies } from './json-body.ts';
import { requireMediaType } from './media-types.ts';
import { createMetrics, instrument, type Metrics } from './metrics.ts';
import { registerOpenApi } from './openapi.ts';
import { privacyPorts } from './privacy-ports.ts';
import { frameworkProblem, registerProblemHandlers } from './problem.ts';
import { refuseNulCharacters } from './refuse-nul-characters.ts';
import { securityHeaders } from './security-headers.ts';
import { declareStandardAnswers } from './standard-answers.ts';
import { serveWebApp, type WebAppOptions } from './web-app.ts';

export interface AppOptions {
  db: Db;
  protection: FieldProtection;
  logger: Logger;
  loginPolicy: LoginPolicy;
  /** How long a resolved bearer token is trusted without a lookup; 0 (the default) never. */
  authCacheMs?: number;
  /** Sealing of POS credentials, and where pulls are queued; without it the sync routes answer 503. */
  /** `outbound`: the guarded connector of connection tests and the policy integration and webhook URLs are checked against. */
  sync?: { vault: SyncVault; queue: SyncQueue; linkWaitMs?: number; outbound?: OutboundHttp };
  /** Customer token lifetime and kiosk identification limits; the defaults otherwise. */
  kiosk?: KioskPolicy;
  /** How often staff may look customers up by ID number (PATRON_ID_SEARCH_LIMIT); the defaults otherwise. */
  idNumberLookups?: IdNumberLookupPolicy;
  /** What the requests are counted into; served by the metrics listener (metrics-server.ts), never here. */
  metrics?: Metrics;
  /** Where messages to people go (one-time codes, exports, invitations); in memory when absent. */
  mailer?: Mailer;
  /**
   * More routes under /api/v1, given by the CLI: demo mode's mailbox (GET /demo/mailbox). The demo
   * lives in src/demo, which the service does not import (.dependency-cruiser.cjs).
   */
  extraRoutes?: FastifyPluginAsyncZod[];
  /** The built web app to serve at / and /kiosk (src/http/web-app.ts); no pages without it. */
  webApp?: WebAppOptions;
}

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface ApiRoute {
  method: string;
  url: string;
}

const apiRoutes = new WeakMap<FastifyInstance, ApiRoute[]>();

/** Every route under /api, as registered: the authorization matrix test checks it covers them all. */
export function listApiRoutes(app: FastifyInstance): ApiRoute[] {
  return apiRoutes.get(app) ?? [];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  installReadableMessages();
  setBearerCacheLifetime(opts.authCacheMs ?? 0);
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new AccessLog(),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    frameworkErrors: frameworkProblem,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(absentBodyAsUndefined(validatorCompiler));
  app.setSerializerCompiler(serializerCompiler);
  // RFC 7396 merge patches are JSON with their own media type; an empty JSON body is no body, and
  // one nested too deeply is refused before it is parsed.
  readJsonBodies(app);
  registerProblemHandlers(app);
  refuseNulCharacters(app);
  securityHeaders(app);

  const metrics = opts.metrics ?? createMetrics();
  instrument(app, metrics);
  // While shutting down, answers in flight close their keep-alive connection, so the server can
  // finish closing once they are sent instead of waiting for clients to hang up.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (draining) reply.header('connection', 'close');
  });

  const routes: ApiRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!route.url.startsWith('/api/')) return;
    for (const method of methods) {
      if (method !== 'HEAD') routes.push({ method, url: route.url });
    }
    gateRoute(route);
    requireMediaType(route);
  });
  apiRoutes.set(app, routes);

  declareStandardAnswers(app);
  await registerOpenApi(app);
  await app.register(authentication, { db: opts.db });
  await app.register(healthRoutes, { db: opts.db });

  // View and search records still queued are written before the database closes.
  app.addHook('onClose', () => flushAccessRecords(opts.db));

  const mailer = opts.mailer ?? new MemoryMailer();
  const deps = { db: opts.db, loginPolicy: opts.loginPolicy, mailer };
  await app.register(
    async (api) => {
      await api.register(authRoutes, deps);
      await api.register(invitationRoutes, deps);
      await api.register(storeRoutes, deps);
      await api.register(savedViewRoutes, deps);
      const kioskPolicy = opts.kiosk ?? DEFAULT_KIOSK_POLICY;
      // The customers service's ports to sync and kiosk (customer-ports.ts), one set for every route that serves it.
      const ports = customerPorts(opts.sync?.vault);
      const customerDeps = { db: opts.db, protection: opts.protection, idNumberLookups: opts.idNumberLookups, ports };
      await api.register(segmentRoutes, customerDeps);
      await api.register(customerRoutes, {
        ...customerDeps,
        createAtKiosk: (ctx, body) => createCustomerAtKiosk(customerDeps, kioskPolicy, ctx, body),
      });
      await api.register(syncRoutes, {
        db: opts.db,
        protection: opts.protection,
        ...(opts.sync ?? syncNotConfigured()),
      });
      await api.register(webhookRoutes, { db: opts.db, ...(opts.sync ?? syncNotConfigured()) });
      // Privacy's ports to sync, loyalty and kiosk (privacy-ports.ts): erasure participants, export sections.
      const privacy = privacyPorts();
      await api.register(privacyRoutes, { db: opts.db, protection: opts.protection, vault: opts.sync?.vault, privacy });
      const secondFactorDeps = {
        db: opts.db,
        protection: opts.protection,
        vault: opts.sync?.vault,
        mailer,
        ports,
        privacy,
      };
      await api.register(meRoutes, secondFactorDeps);
      await api.register(customerRequestRoutes, secondFactorDeps);
      for (const routes of opts.extraRoutes ?? []) await api.register(routes);
      const orderDeps = {
        db: opts.db,
        posLinks: posLinksOf(opts.db, (opts.sync ?? syncNotConfigured()).queue),
        linkWaitMs: opts.sync?.linkWaitMs ?? ORDER_LINK_WAIT_MS,
      };
      await api.register(kioskRoutes, { protection: opts.protection, ports, policy: kioskPolicy, ...orderDeps });
      await api.register(orderRoutes, orderDeps);
    },
    { prefix: '/api/v1' },
  );
  if (opts.webApp) await serveWebApp(app, opts.webApp);
  return app;
}

/** Orders' port to sync (src/orders/place-order.ts): an order links its customer with sync's link logic. */
function posLinksOf(db: Db, queue: SyncQueue): PosLinks {
  return {
    storeHasPos: async (orgId, storeId) => (await findIntegration(db, orgId, storeId)) !== undefined,
    link: (scope, customerId, waitMs) => ensureLinked({ db, queue }, scope, customerId, waitMs),
  };
}
