/**
 * Which ability of the ability table (abilities.ts) each API route needs, checked before the body is
 * read (API.md "Conventions": a caller whose role may not do an action gets 403 before its body is
 * looked at, so a refusal never teaches the rules of a form the caller may not send). The gate knows
 * the role only; which record a customer token may touch, and anything else that needs data, stays
 * the services' check. Every /api route must be listed: the app refuses to start otherwise.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { Unauthenticated } from '../domain/errors.ts';
import { type Action, authorize, type Resource, roleMay } from './abilities.ts';

export type RouteGate =
  | { action: Action; resource: Resource }
  /** No token needed: the credential is in the body (login, an invitation code) or a signature (POS webhooks). */
  | 'public'
  /** Any authenticated caller; the service decides (logout ends whatever session the token is). */
  | 'anyCaller';

const gate = (action: Action, resource: Resource): RouteGate => ({ action, resource });

const ROUTE_GATES: Record<string, RouteGate> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/logout': 'anyCaller',
  'POST /api/v1/auth/invitations/accept': 'public',
  'GET /api/v1/me': gate('read', 'self'),
  'PATCH /api/v1/me': gate('update', 'self'),
  'POST /api/v1/me/export': gate('read', 'self'),
  'DELETE /api/v1/me': gate('delete', 'self'),
  'POST /api/v1/me/requests/:id/verify': gate('read', 'self'),
  'GET /api/v1/customer-requests': gate('read', 'customerRequest'),
  'POST /api/v1/customer-requests/:id/confirm': gate('update', 'customerRequest'),
  // Registered in demo mode only: the local SMTP sink's messages, to follow one-time codes.
  'GET /api/v1/demo/mailbox': gate('read', 'customerRequest'),
  'GET /api/v1/users': gate('read', 'user'),
  'POST /api/v1/users': gate('create', 'user'),
  'GET /api/v1/users/:id': gate('read', 'user'),
  'PATCH /api/v1/users/:id': gate('update', 'user'),
  'DELETE /api/v1/users/:id': gate('delete', 'user'),
  'GET /api/v1/invitations': gate('read', 'user'),
  'GET /api/v1/invitations/:id': gate('read', 'user'),
  'DELETE /api/v1/invitations/:id': gate('delete', 'user'),
  'GET /api/v1/api-keys': gate('read', 'apiKey'),
  'POST /api/v1/api-keys': gate('create', 'apiKey'),
  'DELETE /api/v1/api-keys/:id': gate('delete', 'apiKey'),
  'GET /api/v1/stores': gate('read', 'store'),
  'POST /api/v1/stores': gate('create', 'store'),
  'GET /api/v1/data-profiles': gate('read', 'store'),
  'GET /api/v1/stores/:id': gate('read', 'store'),
  'PATCH /api/v1/stores/:id': gate('update', 'store'),
  'POST /api/v1/customers': gate('create', 'customer'),
  'GET /api/v1/customers': gate('read', 'customer'),
  'GET /api/v1/customers/:id': gate('read', 'customer'),
  'PATCH /api/v1/customers/:id': gate('update', 'customer'),
  'DELETE /api/v1/customers/:id': gate('delete', 'customer'),
  'POST /api/v1/customers/:id/merge': gate('update', 'customerMerge'),
  'PUT /api/v1/customers/:id/tags': gate('update', 'customer'),
  'POST /api/v1/customers/:id/consents': gate('update', 'customer'),
  'GET /api/v1/customers/:id/consents': gate('read', 'customer'),
  'POST /api/v1/customers/:id/authorizations': gate('update', 'customer'),
  'GET /api/v1/customers/:id/authorizations': gate('read', 'customer'),
  'GET /api/v1/customers/:id/audit': gate('read', 'customerAudit'),
  'GET /api/v1/customers/:id/export': gate('read', 'customerExport'),
  'GET /api/v1/duplicates': gate('read', 'duplicate'),
  'GET /api/v1/erasures/:id': gate('read', 'erasure'),
  'PUT /api/v1/stores/:id/integration': gate('update', 'integration'),
  'GET /api/v1/stores/:id/integration': gate('read', 'integration'),
  'GET /api/v1/pos-vendors': gate('read', 'integration'),
  'POST /api/v1/stores/:id/integration/test': gate('update', 'integration'),
  'POST /api/v1/stores/:id/sync': gate('create', 'syncRun'),
  'GET /api/v1/sync-runs': gate('read', 'syncRun'),
  'GET /api/v1/sync-runs/:id': gate('read', 'syncRun'),
  'GET /api/v1/sync-runs/:id/errors': gate('read', 'syncRun'),
  'GET /api/v1/sync-health': gate('read', 'syncRun'),
  'GET /api/v1/customers/:id/sync': gate('read', 'customerSync'),
  'POST /api/v1/customers/:id/stores/:storeId/link': gate('create', 'customerLink'),
  'POST /api/v1/customers/:id/stores/:storeId/push': gate('update', 'customerLink'),
  'GET /api/v1/sync-conflicts': gate('read', 'syncConflict'),
  'POST /api/v1/sync-conflicts/:id/resolve': gate('update', 'syncConflict'),
  'GET /api/v1/sync-quarantine': gate('read', 'syncQuarantine'),
  'GET /api/v1/settings/data-policy': gate('read', 'dataPolicy'),
  'PUT /api/v1/settings/data-policy': gate('update', 'dataPolicy'),
  'GET /api/v1/settings/data-policy/preview': gate('read', 'dataPolicy'),
  'GET /api/v1/data-quality-flags': gate('read', 'dataQuality'),
  'POST /api/v1/webhooks/:vendor/:storeId': 'public',
  'GET /api/v1/webhook-subscriptions': gate('read', 'webhookSubscription'),
  'POST /api/v1/webhook-subscriptions': gate('create', 'webhookSubscription'),
  'DELETE /api/v1/webhook-subscriptions/:id': gate('delete', 'webhookSubscription'),
  'GET /api/v1/webhook-subscriptions/:id/deliveries': gate('read', 'webhookSubscription'),
  'POST /api/v1/kiosk/identify': gate('create', 'customerIdentification'),
  'POST /api/v1/kiosk/signup': gate('create', 'kioskSignup'),
  'POST /api/v1/kiosk/orders': gate('create', 'kioskOrder'),
  'POST /api/v1/orders': gate('create', 'order'),
  'GET /api/v1/customers/:id/orders': gate('read', 'order'),
  'GET /api/v1/kiosk/store': gate('read', 'kioskStore'),
  'GET /api/v1/views': gate('read', 'customerView'),
  'POST /api/v1/views': gate('create', 'customerView'),
  'DELETE /api/v1/views/:id': gate('delete', 'customerView'),
  'GET /api/v1/segments': gate('read', 'segment'),
  'POST /api/v1/segments': gate('create', 'segment'),
  'GET /api/v1/segments/:id': gate('read', 'segment'),
  'PATCH /api/v1/segments/:id': gate('update', 'segment'),
  'DELETE /api/v1/segments/:id': gate('delete', 'segment'),
  'GET /api/v1/segments/:id/customers': gate('read', 'segment'),
};

export function routeGate(method: string, url: string): RouteGate {
  const found = ROUTE_GATES[`${method} ${url}`];
  if (!found) {
    throw new Error(`${method} ${url} declares no ability: add it to ROUTE_GATES in src/auth/route-abilities.ts`);
  }
  return found;
}

/**
 * Adds the gate to an /api route as it is registered, as its first preParsing hook: after
 * authentication (onRequest), before the body is parsed or validated.
 */
export function gateRoute(route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  // A HEAD route is Fastify's copy of the GET route and answers what GET would.
  const gates = methods.map((m) => routeGate(m === 'HEAD' ? 'GET' : m, route.url));
  const check = gates.find((g) => g !== 'public');
  if (!check) return;
  const hook = async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
    const actor = request.actor;
    if (!actor) throw new Unauthenticated();
    if (check !== 'anyCaller' && !roleMay(actor.role, check.action, check.resource)) {
      authorize(actor, check.action, check.resource);
    }
    return payload;
  };
  const existing = route.preParsing;
  route.preParsing = existing ? [hook, ...(Array.isArray(existing) ? existing : [existing])] : [hook];
}
