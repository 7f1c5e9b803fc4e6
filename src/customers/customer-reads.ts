/**
 * Reading customers (GET /customers and /customers/{id}, consents, audit trail, suspected
 * duplicates) and presenting them as the API answers them: decrypted, masked for the caller's role,
 * with loyalty balances. Views and searches are recorded in the audit log; a search by ID number is
 * recorded before it answers and counts against the caller's lookup budget.
 */
import { authorize, can } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import type { Page, PageRequest } from '../db/keyset.ts';
import type { Customer } from '../domain/customer-schema.ts';
import { balancesOf } from '../loyalty/balances.ts';
import { type AuditContext, type AuditView, auditTrailOf, recordAccess, recordAudit } from '../privacy/audit-log.ts';
import { type ConsentEntry, consentLedgerPage } from './consents.ts';
import { type CustomerDeps, lookupPolicy } from './customer-deps.ts';
import { type CustomerRow, toCustomer } from './customer-record.ts';
import { listSuspectedDuplicates, type SuspectedDuplicate } from './duplicates.ts';
import { assertIdSearchNamesThePerson, countIdNumberLookup, seesNumbersMasked } from './id-number-lookups.ts';
import { customerAndAbsorbedIds, readLive } from './repository.ts';
import { type CustomerFilters, filterNames, searchCustomers } from './search.ts';
import type { MatchedField } from './search-tiers.ts';
import { countCustomers, type Total } from './search-total.ts';

export async function getCustomer(deps: CustomerDeps, ctx: AuditContext, id: string): Promise<Customer> {
  authorize(ctx.actor, 'read', 'customer', id);
  const row = await readLive(deps.db, ctx.actor.orgId, id);
  recordAccess(deps.db, ctx, { action: 'view', customerId: row.id });
  return present(deps, ctx.actor, row);
}

export async function listConsents(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  page: PageRequest,
): Promise<Page<ConsentEntry>> {
  authorize(ctx.actor, 'read', 'customer');
  const row = await readLive(deps.db, ctx.actor.orgId, id);
  // Recorded once the page was read: a refused request (a cursor this API never gave) viewed nothing.
  const ledger = await consentLedgerPage(deps.db, ctx.actor.orgId, row.id, page);
  recordAccess(deps.db, ctx, { action: 'view', customerId: row.id, fields: ['consents'] });
  return ledger;
}

export async function listCustomers(
  deps: CustomerDeps,
  ctx: AuditContext,
  filters: CustomerFilters,
): Promise<Page<Customer & { matched?: MatchedField[] }> & Partial<Total>> {
  authorize(ctx.actor, 'read', 'customer');
  const byIdNumber = filters.idNumber !== undefined;
  const masked = byIdNumber && seesNumbersMasked(ctx.actor);
  if (masked) {
    assertIdSearchNamesThePerson(filters);
    await countIdNumberLookup(deps.db, lookupPolicy(deps), ctx.actor);
  }
  const protector = deps.protection.forOrg(ctx.actor.orgId);
  const [page, total] = await Promise.all([
    searchCustomers(deps.db, ctx.actor.orgId, filters, protector, { qMatchesNamesOnly: masked }),
    filters.total === 'true' ? countCustomers(deps.db, ctx.actor.orgId, filters, protector) : undefined,
  ]);
  const fields = filterNames(filters);
  if (byIdNumber) {
    await recordIdNumberSearch(
      deps.db,
      ctx,
      fields,
      page.items.map((row) => row.id),
    );
  } else recordAccess(deps.db, ctx, { action: 'search', customerId: null, fields });
  const items = await presentAll(deps, ctx.actor, page.items);
  const { matched } = page;
  return {
    items: matched ? items.map((c) => ({ ...c, matched: matched.get(c.id) ?? [] })) : items,
    nextCursor: page.nextCursor,
    ...total,
  };
}

export async function customerAudit(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  page: PageRequest,
): Promise<Page<AuditView>> {
  authorize(ctx.actor, 'read', 'customerAudit');
  const row = await readLive(deps.db, ctx.actor.orgId, id);
  // The trail of a survivor includes that of every customer merged into it.
  const merged = await customerAndAbsorbedIds(deps.db, ctx.actor.orgId, row.id);
  return auditTrailOf(deps.db, ctx.actor.orgId, merged, page);
}

export async function listDuplicates(
  deps: CustomerDeps,
  ctx: AuditContext,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SuspectedDuplicate>> {
  authorize(ctx.actor, 'read', 'duplicate');
  return listSuspectedDuplicates(deps.db, ctx.actor.orgId, page);
}

/**
 * A search by ID number is recorded before it answers, not through the batched access queue that
 * a crash may lose: who searched (the actor), that an ID number was searched and with which other
 * filters, never the values; and on the trail of each customer it found, so a manager reading that
 * customer's audit sees who looked them up by number.
 */
async function recordIdNumberSearch(db: Db, ctx: AuditContext, fields: string[], foundIds: string[]): Promise<void> {
  const onTrails = foundIds.map((customerId) => ({ action: 'search' as const, customerId, fields }));
  await recordAudit(db, ctx, [{ action: 'search', customerId: null, fields }, ...onTrails]);
}

export async function present(deps: CustomerDeps, actor: Actor, row: CustomerRow): Promise<Customer> {
  return (await presentAll(deps, actor, [row]))[0]!;
}

/** Customers as the API answers them, with their loyalty balances read in one query. */
export async function presentAll(deps: CustomerDeps, actor: Actor, rows: readonly CustomerRow[]): Promise<Customer[]> {
  const balances = await balancesOf(
    deps.db,
    actor.orgId,
    rows.map((r) => r.id),
  );
  const protector = deps.protection.forOrg(actor.orgId);
  const fullNumbers = can(actor, 'read', 'customerIdNumbers');
  return rows.map((row) => toCustomer(row, protector, fullNumbers, balances.get(row.id) ?? []));
}
