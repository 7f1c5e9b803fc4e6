/**
 * What a customer does with the token a kiosk gave them (the /me paths of API.md): read and edit
 * their own profile and consents, get everything held on them, ask for erasure. The customers and
 * privacy services do the work with the customer as the actor, so the same rules, audit and POS
 * propagation apply; the ability table lets a customer touch their own record only.
 */
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import { type CustomerDeps, eraseCustomer, getCustomer, patchCustomer } from '../customers/customers-service.ts';
import type { Customer } from '../domain/customer-schema.ts';
import { Forbidden } from '../domain/errors.ts';
import type { AuditContext } from '../privacy/audit-log.ts';
import { type CustomerExport, type ExportDeps, exportCustomer } from '../privacy/customer-export.ts';
import { revokeCustomerTokens } from './customer-tokens.ts';
import { CustomerSelfView } from './schemas.ts';

type CustomerActor = Extract<Actor, { kind: 'customer' }>;

function customerOf(actor: Actor, action: 'read' | 'update' | 'delete'): CustomerActor {
  authorize(actor, action, 'self');
  if (actor.kind !== 'customer') throw new Forbidden('Only a customer token may do this on /me.');
  return actor;
}

export function isCustomerActor(actor: Actor): actor is CustomerActor {
  return actor.kind === 'customer';
}

/** Only the fields listed in `CustomerSelfView`, whatever the customer record holds. */
export function selfView(customer: Customer): CustomerSelfView {
  return CustomerSelfView.parse(customer);
}

/** What `actor` is shown of a customer: the self view for a customer token, the record otherwise. */
export function customerAsSeenBy(actor: Actor, customer: Customer): Customer | CustomerSelfView {
  return isCustomerActor(actor) ? selfView(customer) : customer;
}

export async function ownRecord(deps: CustomerDeps, ctx: AuditContext): Promise<CustomerSelfView> {
  const me = customerOf(ctx.actor, 'read');
  return selfView(await getCustomer(deps, ctx, me.customerId));
}

/**
 * JSON merge patch of the customer's own profile fields and consents (which fields: domain/self-edit.ts,
 * checked by the customers service for any customer actor); `expectedVersion` from If-Match.
 */
export async function patchOwnRecord(
  deps: CustomerDeps,
  ctx: AuditContext,
  patch: unknown,
  expectedVersion?: number,
): Promise<CustomerSelfView> {
  const me = customerOf(ctx.actor, 'update');
  return selfView(await patchCustomer(deps, ctx, me.customerId, patch, expectedVersion));
}

export async function exportOwnData(deps: ExportDeps, ctx: AuditContext): Promise<CustomerExport> {
  const me = customerOf(ctx.actor, 'read');
  return exportCustomer(deps, ctx, me.customerId);
}

/** Erasure of the caller (propagated to every linked POS); their tokens end with it. */
export async function eraseSelf(deps: CustomerDeps, ctx: AuditContext): Promise<{ erasureId: string }> {
  const me = customerOf(ctx.actor, 'delete');
  const erased = await eraseCustomer(deps, ctx, me.customerId);
  await revokeCustomerTokens(deps.db, me.orgId, me.customerId);
  return erased;
}
