/**
 * HTTP routes of the kiosk (API.md, "Kiosk"): its store as the screens show it, identify, sign up,
 * attach to an order. Kiosk keys only.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CustomerDeps } from '../customers/customer-deps.ts';
import { CustomerInput } from '../domain/customer-schema.ts';
import { actorOf } from '../http/authentication.ts';
import { bodyCheckedByDomain } from '../http/domain-validated-body.ts';
import { withHeaders } from '../http/response-headers.ts';
import { problems } from '../http/schemas.ts';
import { type PosLinks, placeOrder } from '../orders/place-order.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { identifyCustomer } from './identify.ts';
import { asKiosk } from './kiosk-actor.ts';
import type { KioskPolicy } from './kiosk-policy.ts';
import { kioskStore } from './kiosk-store.ts';
import {
  IdentifyAnswer,
  IdentifyBody,
  KioskStoreAnswer,
  OrderAnswerSchema,
  OrderBody,
  SignupAnswer,
} from './schemas.ts';
import { signUpCustomer } from './signup.ts';

export interface KioskRouteDeps extends CustomerDeps {
  policy: KioskPolicy;
  /** Sync's link logic, given by the assembly (src/http/app.ts). */
  posLinks: PosLinks;
  linkWaitMs: number;
}

const tags = ['kiosk'];

function context(request: FastifyRequest): AuditContext {
  return { actor: actorOf(request), origin: `request:${request.id}` };
}

export const kioskRoutes: FastifyPluginAsyncZod<KioskRouteDeps> = async (app, deps) => {
  app.get(
    '/kiosk/store',
    {
      schema: {
        tags,
        summary:
          "The kiosk's store as its screens show it: name, state, time zone, the consent wording and the age rules",
        description:
          'Also the check, at setup, that a kiosk key works (200) or not (401). The consent wording is shown ' +
          'beside each unticked box and sent back verbatim as `consents.<channel>.wording` when the box is ticked.',
        operationId: 'getKioskStore',
        response: { 200: KioskStoreAnswer, ...problems(401, 403) },
      },
    },
    async (request) => kioskStore(deps.db, context(request)),
  );

  app.post(
    '/kiosk/identify',
    {
      schema: {
        tags,
        summary:
          'Find a customer by phone and date of birth together; the same 404 for an unknown phone or a wrong date',
        operationId: 'identifyAtKiosk',
        body: IdentifyBody,
        response: { 200: IdentifyAnswer, ...problems(401, 403, 404, 422, 429) },
      },
    },
    async (request) => identifyCustomer(deps.db, deps.policy, context(request), request.body),
  );

  app.post(
    '/kiosk/signup',
    {
      validatorCompiler: bodyCheckedByDomain,
      schema: {
        tags,
        summary: "Sign a customer up at the kiosk's store; a duplicate answers 409 without naming the other record",
        description:
          "The fields a customer states about themselves; tags, notes or another store's homeStoreId answer 422 (staff set them).",
        operationId: 'signUpAtKiosk',
        body: CustomerInput,
        response: { 201: withHeaders(SignupAnswer, 'Location'), ...problems(401, 403, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const signedUp = await signUpCustomer(deps, deps.policy, context(request), request.body);
      return reply.code(201).header('Location', `/api/v1/customers/${signedUp.customer.id}`).send(signedUp);
    },
  );

  app.post(
    '/kiosk/orders',
    {
      schema: {
        tags,
        summary: "Attach a customer to a kiosk order and make sure the store's POS knows them (waits up to 10 s)",
        operationId: 'attachKioskOrder',
        body: OrderBody,
        response: { 200: OrderAnswerSchema, 202: OrderAnswerSchema, ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      // The kiosk's store is its key's; the rules are the orders module's, as for POST /orders.
      const ctx = context(request);
      const kiosk = asKiosk(ctx.actor, 'kioskOrder');
      const answer = await placeOrder(deps, ctx, { ...request.body, storeId: kiosk.storeId });
      return reply.code(answer.status).send(answer.attachment);
    },
  );
};
