/**
 * The export as the customer receives it (issue 12, point 5): everything held on them, but the
 * people who touched their record appear by role and time only. Staff identities (user ids, which
 * lead to names and emails), key ids and request ids are Patron's, not the customer's: a customer
 * token is easy to obtain (phone and date of birth), and the trail must not become a staff roster.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { apiKeys, users } from '../auth/tables.ts';
import type { Db } from '../db/database.ts';
import { isUuid } from '../domain/ids.ts';
import { assembleCustomerExport, type CustomerExport, type ExportDeps } from './customer-export.ts';

/** Who acted, as the customer is told: the role, or `customer` for the person themselves. */
export type ActorRole = 'customer' | 'staff' | 'manager' | 'admin' | 'kiosk' | 'integration' | 'system';

/** Everything held on the customer, with every actor reference replaced by a role. */
export async function assembleCustomerAudienceExport(
  deps: ExportDeps,
  orgId: string,
  customerId: string,
): Promise<CustomerExport> {
  const full = await assembleCustomerExport(deps, orgId, customerId);
  const refs = [
    ...full.audit.map((a) => a.actor),
    ...full.consents.map((c) => c.recordedBy),
    ...full.authorizations.map((a) => a.recordedBy),
  ];
  const roleOf = await actorRoles(deps.db, orgId, refs);
  return {
    ...full,
    consents: full.consents.map((c) => ({ ...c, recordedBy: roleOf(c.recordedBy) })),
    authorizations: full.authorizations.map((a) => ({ ...a, recordedBy: roleOf(a.recordedBy) })),
    audit: full.audit.map((a) => ({ ...a, actor: roleOf(a.actor), origin: null })),
  };
}

/** Maps actor references (`user:<id>`, `key:<id>`, `customer:<id>`, `system:<name>`) to roles. */
async function actorRoles(db: Db, orgId: string, refs: readonly string[]): Promise<(ref: string) => ActorRole> {
  const idsOf = (prefix: string) => [
    ...new Set(refs.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length))),
  ];
  const userIds = idsOf('user:').filter(isUuid);
  const keyIds = idsOf('key:').filter(isUuid);
  const userRoles = new Map<string, ActorRole>();
  const keyRoles = new Map<string, ActorRole>();
  if (userIds.length > 0) {
    const rows = await db
      .select({ id: users.id, role: users.role })
      .from(users)
      .where(and(eq(users.orgId, orgId), inArray(users.id, userIds)));
    for (const row of rows) userRoles.set(`user:${row.id}`, row.role);
  }
  if (keyIds.length > 0) {
    const rows = await db
      .select({ id: apiKeys.id, role: apiKeys.role })
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, orgId), inArray(apiKeys.id, keyIds)));
    for (const row of rows) keyRoles.set(`key:${row.id}`, row.role);
  }
  return (ref) => {
    if (ref.startsWith('customer:')) return 'customer';
    if (ref.startsWith('user:')) return userRoles.get(ref) ?? 'staff';
    if (ref.startsWith('key:')) return keyRoles.get(ref) ?? 'kiosk';
    // Sources written as words (`pos`, `import`, `system:sync:store:…`) name no person.
    return 'system';
  };
}
