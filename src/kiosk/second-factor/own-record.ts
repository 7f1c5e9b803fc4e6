/**
 * The customer's own record as a held change starts from (identity-change.ts, medical-card-renewal.ts):
 * live, at the version If-Match names, with its numbers in full (the change is checked against them,
 * never shown), and the kiosk store's "today" the rules are checked on.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import type { CustomerDeps } from '../../customers/customer-deps.ts';
import { toCustomer } from '../../customers/customer-record.ts';
import { customers } from '../../customers/tables.ts';
import { todayAt } from '../../customers/today.ts';
import type { Customer } from '../../domain/customer-schema.ts';
import { NotFound, PreconditionFailed } from '../../domain/errors.ts';

export async function ownRecordForChange(
  deps: CustomerDeps,
  me: Extract<Actor, { kind: 'customer' }>,
  expectedVersion?: number,
): Promise<{ current: Customer; today: string }> {
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
  const current = toCustomer(row, deps.protection.forOrg(me.orgId), true, []);
  return { current, today: await todayAt(deps.db, me.orgId, me.storeId) };
}
