/**
 * PATCH /me asking to change phone or email: checked and normalized now (a wrong number is said at
 * once), held in a request until staff confirm it, then applied as a patch by the confirmer.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { toCustomer } from '../../customers/customer-record.ts';
import { customers } from '../../customers/tables.ts';
import { todayAt } from '../../customers/today.ts';
import { applyCustomerPatch } from '../../domain/customer-patch.ts';
import { NotFound, PreconditionFailed } from '../../domain/errors.ts';
import type { AuditContext } from '../../privacy/audit-log.ts';
import { type OpenedRequest, openRequest, type SecondFactorDeps } from './customer-requests.ts';

/** The opened request, or undefined when the patch changes nothing. */
export async function requestIdentityChange(
  deps: SecondFactorDeps,
  ctx: AuditContext,
  me: Extract<Actor, { kind: 'customer' }>,
  patch: Record<string, unknown>,
  expectedVersion?: number,
): Promise<OpenedRequest | undefined> {
  const [row] = await deps.db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, me.orgId), eq(customers.id, me.customerId), isNull(customers.deletedAt)));
  if (!row) throw new NotFound('customer');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new PreconditionFailed(
      `The customer has changed since version ${expectedVersion} (now ${row.version}); reload and try again.`,
    );
  }
  const before = toCustomer(row, deps.protection.forOrg(me.orgId), true, []);
  const { customer, changed } = applyCustomerPatch(before, patch, await todayAt(deps.db, me.orgId, me.storeId));
  if (changed.length === 0) return undefined;
  const change = Object.fromEntries(
    changed.map((field) => [field, (customer as Record<string, unknown>)[field] as string | null]),
  );
  return openRequest(deps, ctx, me, 'identity_change', change);
}
