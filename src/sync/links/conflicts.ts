/**
 * Conflicts the sync engine will not settle by itself: both values are kept (sealed, they are
 * personal data) with status `open` until a manager chooses (`resolveConflict`).
 * A disagreement already open for the same customer, store and field is not recorded twice.
 */
import { and, desc, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import { enqueueCustomerChange } from '../../customers/changes.ts';
import { updateCustomer } from '../../customers/repository.ts';
import { customers } from '../../customers/tables.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../db/keyset.ts';
import type { Tx } from '../../db/tx.ts';
import { Conflict, NotFound, ValidationFailed } from '../../domain/errors.ts';
import { normalizeIdNumber } from '../../domain/identity.ts';
import { isUuid } from '../../domain/ids.ts';
import { type AuditContext, recordAudit } from '../../privacy/audit-log.ts';
import type { FieldProtection, FieldProtector } from '../../privacy/field-protector.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import type { InboundConflict } from '../inbound/changes.ts';
import { customerLinks, syncConflicts } from '../tables.ts';

export async function recordConflicts(
  tx: Tx,
  vault: SyncVault,
  scope: { orgId: string; storeId: string },
  customerId: string,
  conflicts: readonly InboundConflict[],
): Promise<void> {
  if (conflicts.length === 0) return;
  await tx
    .insert(syncConflicts)
    .values(
      conflicts.map((c) => ({
        orgId: scope.orgId,
        storeId: scope.storeId,
        customerId,
        field: c.field,
        localValueEnc: vault.seal(scope, 'conflict', c.local),
        posValueEnc: vault.seal(scope, 'conflict', c.pos),
      })),
    )
    .onConflictDoNothing();
}

export interface ConflictView {
  id: string;
  customerId: string;
  storeId: string;
  field: string;
  localValue: string | null;
  posValue: string | null;
  status: 'open' | 'resolved';
  detectedAt: Date;
  resolvedAt: Date | null;
}

type ConflictRow = typeof syncConflicts.$inferSelect;

function view(vault: SyncVault, row: ConflictRow): ConflictView {
  const scope = { orgId: row.orgId, storeId: row.storeId };
  const open = (sealed: string | null) => (sealed ? (vault.open(scope, 'conflict', sealed) as string | null) : null);
  return {
    id: row.id,
    customerId: row.customerId,
    storeId: row.storeId,
    field: row.field,
    localValue: open(row.localValueEnc),
    posValue: open(row.posValueEnc),
    status: row.status,
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
  };
}

/** `GET /sync-conflicts`: newest first, open ones by default. */
export async function listConflicts(
  db: Db,
  vault: SyncVault,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined; status?: 'open' | 'resolved' | undefined },
): Promise<Page<ConflictView>> {
  authorize(actor, 'read', 'syncConflict');
  let after: SQL | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    if (!isUuid(id) || Number.isNaN(Date.parse(at))) {
      throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
    }
    const ms = sql`date_trunc('milliseconds', ${syncConflicts.detectedAt})`;
    after = or(sql`${ms} < ${at}::timestamptz`, and(sql`${ms} = ${at}::timestamptz`, lt(syncConflicts.id, id)));
  }
  const rows = await db
    .select()
    .from(syncConflicts)
    .where(and(eq(syncConflicts.orgId, actor.orgId), eq(syncConflicts.status, query.status ?? 'open'), after))
    .orderBy(desc(sql`date_trunc('milliseconds', ${syncConflicts.detectedAt})`), desc(syncConflicts.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((row) => view(vault, row));
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.detectedAt.toISOString(), last.id) : null,
  };
}

/**
 * `POST /sync-conflicts/{id}/resolve`: `pos` takes the POS's value into the record (and so to the
 * other stores), `local` keeps the record's and pushes it to that POS. Audited like any edit.
 */
export async function resolveConflict(
  deps: { db: Db; vault: SyncVault; protection: FieldProtection },
  ctx: AuditContext,
  id: string,
  keep: 'local' | 'pos',
): Promise<ConflictView> {
  const { actor } = ctx;
  authorize(actor, 'update', 'syncConflict');
  if (!isUuid(id)) throw new NotFound('sync conflict');
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(syncConflicts)
        .where(and(eq(syncConflicts.orgId, actor.orgId), eq(syncConflicts.id, id)))
        .for('update');
      if (!row) throw new NotFound('sync conflict');
      if (row.status !== 'open') throw new Conflict('This conflict is already resolved.');
      const [customer] = await tx
        .select()
        .from(customers)
        .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, row.customerId), isNull(customers.deletedAt)))
        .for('update');
      if (!customer) throw new NotFound('customer');
      const fields: string[] = [];
      if (keep === 'pos') {
        const value = view(deps.vault, row).posValue;
        const set = posValueColumns(row.field, value, deps.protection.forOrg(actor.orgId));
        if (set) {
          await updateCustomer(tx, actor.orgId, customer.id, set);
          fields.push(row.field === 'idDocument.number' ? 'idDocument' : row.field);
          await recordAudit(tx, ctx, { action: 'update', customerId: customer.id, fields });
        }
      }
      const [resolved] = await tx
        .update(syncConflicts)
        .set({ status: 'resolved', resolvedAt: new Date() })
        .where(eq(syncConflicts.id, row.id))
        .returning();
      await tx
        .update(customerLinks)
        .set({ status: 'pending' })
        .where(
          and(
            eq(customerLinks.orgId, actor.orgId),
            eq(customerLinks.customerId, customer.id),
            eq(customerLinks.storeId, row.storeId),
          ),
        );
      // Either way the POSes are brought in line: the chosen value is now the record's.
      await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: customer.id, fields });
      return view(deps.vault, resolved!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new Conflict('Another customer already holds the POS value of this identity field; merge them instead.');
    }
    throw error;
  }
}

function posValueColumns(field: string, value: string | null, protector: FieldProtector) {
  if (value === null) return undefined;
  switch (field) {
    case 'dateOfBirth':
      return { dateOfBirth: value };
    case 'phone':
      return { phone: value };
    case 'email':
      return { email: value };
    case 'idDocument.number':
      return {
        idDocumentNumberEnc: protector.encrypt('idNumber', value),
        idDocumentNumberIndex: protector.blindIndex('idNumber', normalizeIdNumber(value)),
      };
    default:
      return undefined;
  }
}
