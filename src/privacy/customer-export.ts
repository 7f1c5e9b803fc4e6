/**
 * The data-subject export (DSAR): everything Patron holds on one person, as JSON. The profile with
 * card and ID numbers in full, the records merged into it (same person, kept as tombstones), the
 * consent ledger, POS links, sync conflicts with both values, and the audit trail of who touched it.
 * Every query is keyed by the organization and this person's ids, so nothing of anyone else appears.
 * What sync and the kiosk hold (links, conflicts, kiosk orders) comes from their export sections
 * (privacy-ports.ts, wired by http/privacy-ports.ts).
 *
 * `assembleCustomerExport` neither authorizes nor audits: `exportCustomer` (GET
 * /customers/{id}/export, managers) does both; the customer's own POST /me/export, once a second
 * factor confirms it, gets the customer's version (customer-audience-export.ts, staff by role).
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import { type AuthorizationEntry, authorizationLedger } from '../customers/authorizations.ts';
import { type ChangeHistoryEntry, changeHistoryOf } from '../customers/changes.ts';
import { type ConsentEntry, consentLedger } from '../customers/consents.ts';
import { toCustomer } from '../customers/customer-record.ts';
import { customerAndAbsorbedIds } from '../customers/repository.ts';
import { customers } from '../customers/tables.ts';
import type { Db } from '../db/database.ts';
import type { Customer } from '../domain/customer-schema.ts';
import { NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { balancesOf } from '../loyalty/balances.ts';
import { type AuditContext, flushAccessRecords, recordAudit } from './audit-log.ts';
import type { FieldProtection } from './field-protector.ts';
import type { ExportedKioskOrder, ExportedLink, PrivacyPorts } from './privacy-ports.ts';
import { auditEvents } from './tables.ts';
import type { SyncVault } from './vault.ts';

export interface ExportDeps {
  db: Db;
  protection: FieldProtection;
  /** Opens the two sealed values of a sync conflict; without it they are left out. */
  vault?: SyncVault | undefined;
  /** The sections other modules hold (links, conflicts, kiosk orders), and their erasure parts. */
  privacy: PrivacyPorts;
}

export interface CustomerExport {
  exportedAt: Date;
  customer: Customer & { lastVisitAt: Date | null };
  /** Records a manager merged into this one (the same person), as they were when merged. */
  mergedRecords: (Customer & { mergedAt: Date | null })[];
  consents: ConsentEntry[];
  /** Written authorizations a store's data profile asked for, of this person and records merged into it. */
  authorizations: AuthorizationEntry[];
  /** Kiosk orders the person was attached to, with the POS id each store knows them by. */
  kioskOrders: ExportedKioskOrder[];
  links: ExportedLink[];
  syncConflicts: {
    storeId: string;
    field: string;
    localValue: unknown;
    posValue: unknown;
    status: string;
    detectedAt: Date;
    resolvedAt: Date | null;
  }[];
  /** Local changes queued for the POS systems: which fields, when, and when they were handed on. */
  syncHistory: ChangeHistoryEntry[];
  audit: { at: Date; actor: string; action: string; fields: string[]; origin: string | null }[];
}

/** GET /customers/{id}/export: managers and admins; the export itself is audited. */
export async function exportCustomer(deps: ExportDeps, ctx: AuditContext, id: string): Promise<CustomerExport> {
  authorize(ctx.actor, 'read', 'customerExport', id);
  const result = await assembleCustomerExport(deps, ctx.actor.orgId, id);
  await recordAudit(deps.db, ctx, { action: 'export', customerId: result.customer.id });
  return result;
}

/** Everything held on the live customer `customerId` of `orgId`; NotFound for anything else. */
export async function assembleCustomerExport(
  deps: ExportDeps,
  orgId: string,
  customerId: string,
): Promise<CustomerExport> {
  const { db } = deps;
  if (!isUuid(customerId)) throw new NotFound('customer');
  const [row] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, customerId), isNull(customers.deletedAt)));
  if (!row) throw new NotFound('customer');
  const protector = deps.protection.forOrg(orgId);
  const ids = await customerAndAbsorbedIds(db, orgId, row.id);
  const merged =
    ids.length > 1
      ? await db
          .select()
          .from(customers)
          .where(
            and(
              eq(customers.orgId, orgId),
              inArray(
                customers.id,
                ids.filter((i) => i !== row.id),
              ),
            ),
          )
      : [];

  const links = await deps.privacy.export.links(db, orgId, row.id);
  const conflicts = await deps.privacy.export.syncConflicts(db, orgId, ids);
  const open = (storeId: string, sealed: string | null): unknown => {
    if (sealed === null || !deps.vault) return null;
    return deps.vault.open({ orgId, storeId }, 'conflict', sealed);
  };

  const syncHistory = await changeHistoryOf(db, orgId, ids);

  const balances = await balancesOf(db, orgId, ids);

  await flushAccessRecords(db); // views queued a moment ago belong in "who accessed it"
  const audit = await db
    .select({
      at: auditEvents.at,
      actor: auditEvents.actor,
      action: auditEvents.action,
      fields: auditEvents.fields,
      origin: auditEvents.origin,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), inArray(auditEvents.customerId, ids)))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));

  return {
    exportedAt: new Date(),
    // The customer's loyalty balances, one per store, are in `customer.loyaltyByStore`.
    customer: { ...toCustomer(row, protector, true, balances.get(row.id) ?? []), lastVisitAt: row.lastVisitAt },
    mergedRecords: merged.map((m) => ({
      ...toCustomer(m, protector, true, balances.get(m.id) ?? []),
      mergedAt: m.deletedAt,
    })),
    consents: await consentLedger(db, orgId, row.id),
    authorizations: await authorizationLedger(db, orgId, ids),
    kioskOrders: await deps.privacy.export.kioskOrders(db, orgId, ids),
    links,
    syncConflicts: conflicts.map((c) => ({
      storeId: c.storeId,
      field: c.field,
      localValue: open(c.storeId, c.localValueEnc),
      posValue: open(c.storeId, c.posValueEnc),
      status: c.status,
      detectedAt: c.detectedAt,
      resolvedAt: c.resolvedAt,
    })),
    syncHistory,
    audit,
  };
}
