/**
 * What a customer does with the token a kiosk gave them (the /me paths of API.md): read and edit
 * their own profile and consents, and ask for everything held on them, for erasure, for a new
 * phone or email, or for their renewed medical card, which wait for a second factor
 * (second-factor/). The customers and privacy services do the work with the customer as the actor,
 * so the same rules, audit and POS propagation apply; the ability table lets a customer touch their
 * own record only.
 */
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import type { CustomerDeps } from '../customers/customer-deps.ts';
import { getCustomer } from '../customers/customer-reads.ts';
import { patchCustomer } from '../customers/customer-writes.ts';
import { type CustomerSelfView, selfView } from '../customers/self-view.ts';
import { Forbidden } from '../domain/errors.ts';
import { heldPart } from '../domain/self-edit.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import type { CarriedOut } from './second-factor/carry-out.ts';
import {
  type OpenedRequest,
  openRequest,
  type SecondFactorDeps,
  verifyRequest,
} from './second-factor/customer-requests.ts';
import { requestIdentityChange } from './second-factor/identity-change.ts';
import { requestMedicalCardRenewal } from './second-factor/medical-card-renewal.ts';

type CustomerActor = Extract<Actor, { kind: 'customer' }>;

function customerOf(actor: Actor, action: 'read' | 'update' | 'delete'): CustomerActor {
  authorize(actor, action, 'self');
  if (actor.kind !== 'customer') throw new Forbidden('Only a customer token may do this on /me.');
  return actor;
}

export async function ownRecord(deps: CustomerDeps, ctx: AuditContext): Promise<CustomerSelfView> {
  const me = customerOf(ctx.actor, 'read');
  return selfView(await getCustomer(deps, ctx, me.customerId));
}

/**
 * JSON merge patch of the customer's own profile fields and consents (which fields: domain/self-edit.ts,
 * checked by the customers service for any customer actor); `expectedVersion` from If-Match. A new
 * phone or email, or a renewed medical card, is not applied: it opens a request that staff confirm
 * (`held`); a patch that would change nothing opens none and answers the record as it is.
 */
export async function patchOwnRecord(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  patch: unknown,
  expectedVersion?: number,
): Promise<{ applied: CustomerSelfView } | { held: OpenedRequest }> {
  const me = customerOf(ctx.actor, 'update');
  const part = heldPart(patch);
  if (part) {
    const held =
      part.kind === 'identity'
        ? await requestIdentityChange(deps, ctx, me, part.patch, expectedVersion)
        : await requestMedicalCardRenewal(deps, ctx, me, part.patch, expectedVersion);
    if (held) return { held };
    return { applied: selfView(await getCustomer(deps, ctx, me.customerId)) };
  }
  return { applied: selfView(await patchCustomer(deps, ctx, me.customerId, patch, expectedVersion)) };
}

/** POST /me/export: opens the request; the export itself goes to the email on file or to staff, never to the kiosk. */
export async function exportOwnData(deps: SecondFactorDeps, ctx: AuditContext): Promise<OpenedRequest> {
  const me = customerOf(ctx.actor, 'read');
  return openRequest(deps, ctx, me, 'export');
}

/** DELETE /me: opens the erasure request; erased (and the tokens ended) once confirmed. */
export async function eraseSelf(deps: SecondFactorDeps, ctx: AuditContext): Promise<OpenedRequest> {
  const me = customerOf(ctx.actor, 'delete');
  return openRequest(deps, ctx, me, 'erasure');
}

/** POST /me/requests/{id}/verify: the one-time code; the request is carried out when it is right. */
export async function verifyOwnRequest(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  requestId: string,
  code: string,
): Promise<CarriedOut> {
  const me = customerOf(ctx.actor, 'read');
  return verifyRequest(deps, ctx, me, requestId, code);
}
