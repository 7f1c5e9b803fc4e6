/**
 * The retention sweep: applies each organization's data policy. Customers with no visit and no change
 * (`last_visit_at`, `updated_at`) for `inactiveRetentionDays` are anonymized (the erasure of
 * erasure.ts, the tombstone keeps POS links so a pull does not re-create the person) or deleted (the
 * row, its ledger, links, conflicts, flags and merged-away records are removed; audit rows, which
 * name no one, stay, and a `delete` row is added). Medical cards past their expiry are flagged in
 * `data_quality_flags`, and flags of renewed cards are resolved. `previewSweep` answers what the
 * next sweep would touch without touching it.
 */
import { sql } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Actor } from '../auth/actor.ts';
import { enqueueCustomerChange } from '../customers/changes.ts';
import { customerAndAbsorbedIds, deleteCustomers } from '../customers/repository.ts';
import { todayAt } from '../customers/today.ts';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import type { Tx } from '../db/tx.ts';
import { type AuditContext, recordAudit } from './audit-log.ts';
import { type DataPolicy, policyOf } from './data-policy.ts';
import { anonymizeCustomer } from './erasure.ts';
import type { ErasureParticipant } from './privacy-ports.ts';

/** At most this many customers per organization per sweep, so one sweep stays short; the next goes on. */
export const MAX_SWEPT_PER_RUN = 2_000;
const PREVIEW_SAMPLE = 50;

export interface SweepResult {
  orgId: string;
  anonymized: number;
  deleted: number;
  flagged: number;
  resolvedFlags: number;
}

export interface SweepPreview {
  policy: DataPolicy;
  asOf: Date;
  /** Customers whose last visit and last change are both before this; null when nothing is swept. */
  inactiveBefore: Date | null;
  inactive: {
    count: number;
    action: DataPolicy['action'] | null;
    sample: { customerId: string; lastActivityAt: Date }[];
  };
  expiredMedicalCards: { toFlag: number; alreadyFlagged: number };
}

/**
 * Sweeps every organization; one organization's failure does not stop the others. `erasure` is what
 * other modules erase with an anonymized customer (PrivacyPorts, wired by http/privacy-ports.ts).
 */
export async function sweepRetention(
  db: Db,
  erasure: readonly ErasureParticipant[],
  options: { now?: Date; onError?: (orgId: string, error: unknown) => void } = {},
): Promise<SweepResult[]> {
  const orgs = await db.execute<{ id: string }>(sql`SELECT id FROM organizations ORDER BY id`);
  const results: SweepResult[] = [];
  for (const { id } of orgs.rows) {
    try {
      results.push(await sweepOrganization(db, erasure, id, options.now ?? new Date()));
    } catch (error) {
      options.onError?.(id, error);
    }
  }
  return results;
}

/** Sweeps one organization, in its scope (row-level security). */
export function sweepOrganization(
  db: Db,
  erasure: readonly ErasureParticipant[],
  orgId: string,
  now: Date,
): Promise<SweepResult> {
  return runInOrg(orgId, () => sweepInOrg(db, erasure, orgId, now));
}

async function sweepInOrg(
  db: Db,
  erasure: readonly ErasureParticipant[],
  orgId: string,
  now: Date,
): Promise<SweepResult> {
  const policy = await policyOf(db, orgId);
  const result: SweepResult = { orgId, anonymized: 0, deleted: 0, flagged: 0, resolvedFlags: 0 };
  const ctx: AuditContext = { actor: retentionActor(orgId), origin: 'job:retention-sweep' };
  if (policy.inactiveRetentionDays !== null) {
    const cutoff = cutoffOf(now, policy.inactiveRetentionDays);
    const ids = await inactiveIds(db, orgId, cutoff, MAX_SWEPT_PER_RUN);
    for (const id of ids) {
      // One transaction per customer, re-checked under a lock: a visit or an edit since the scan wins.
      const swept = await db.transaction(async (tx) => {
        const still = await tx.execute(sql`
          SELECT 1 FROM customers WHERE org_id = ${orgId} AND id = ${id} AND ${isInactive(cutoff)}
          FOR UPDATE SKIP LOCKED`);
        if (still.rows.length === 0) return false;
        if (policy.action === 'anonymize') {
          await anonymizeCustomer(tx, ctx, id, erasure);
          // Like DELETE /customers/{id}: each linked POS is asked to erase the person too.
          await enqueueCustomerChange(tx, { orgId, customerId: id, kind: 'erase', fields: [] });
        } else {
          await deleteCustomer(tx, ctx, id);
        }
        return true;
      });
      if (swept && policy.action === 'anonymize') result.anonymized++;
      else if (swept) result.deleted++;
    }
  }
  const today = await todayAt(db, orgId, null, now);
  if (policy.flagExpiredMedicalCards) {
    const flagged = await db.execute(sql`
      INSERT INTO data_quality_flags (org_id, customer_id, kind, detected_at)
      SELECT org_id, id, 'medical_card_expired', ${now} FROM customers
       WHERE ${isExpiredMedical(orgId, today)}
      ON CONFLICT (org_id, customer_id, kind) WHERE resolved_at IS NULL DO NOTHING`);
    result.flagged = flagged.rowCount ?? 0;
  }
  // A renewed card, a customer gone, or flagging switched off: the open flag no longer holds.
  const resolved = await db.execute(sql`
    UPDATE data_quality_flags f SET resolved_at = ${now}
     WHERE f.org_id = ${orgId} AND f.kind = 'medical_card_expired' AND f.resolved_at IS NULL
       AND NOT (${policy.flagExpiredMedicalCards} AND EXISTS (
         SELECT 1 FROM customers WHERE id = f.customer_id AND ${isExpiredMedical(orgId, today)}))`);
  result.resolvedFlags = resolved.rowCount ?? 0;
  return result;
}

/** GET /settings/data-policy/preview: what the next sweep would do under the current policy. */
export async function previewSweep(db: Db, ctx: AuditContext, now = new Date()): Promise<SweepPreview> {
  authorize(ctx.actor, 'read', 'dataPolicy');
  const orgId = ctx.actor.orgId;
  const policy = await policyOf(db, orgId);
  const days = policy.inactiveRetentionDays;
  const cutoff = days === null ? null : cutoffOf(now, days);
  let inactive: SweepPreview['inactive'] = { count: 0, action: null, sample: [] };
  if (cutoff) {
    const count = await db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM customers WHERE org_id = ${orgId} AND ${isInactive(cutoff)}`);
    const sample = await db.execute<{ id: string; last: Date }>(sql`
      SELECT id, greatest(updated_at, last_visit_at) AS last FROM customers
       WHERE org_id = ${orgId} AND ${isInactive(cutoff)}
       ORDER BY greatest(updated_at, last_visit_at), id LIMIT ${PREVIEW_SAMPLE}`);
    inactive = {
      count: Math.min(count.rows[0]?.n ?? 0, MAX_SWEPT_PER_RUN),
      action: policy.action,
      sample: sample.rows.map((r) => ({ customerId: r.id, lastActivityAt: new Date(r.last) })),
    };
  }
  const today = await todayAt(db, orgId, null, now);
  const cards = await db.execute<{ to_flag: number; flagged: number }>(sql`
    SELECT
      (SELECT count(*)::int FROM customers c WHERE ${isExpiredMedical(orgId, today)}
         AND NOT EXISTS (SELECT 1 FROM data_quality_flags f WHERE f.org_id = c.org_id AND f.customer_id = c.id
                           AND f.kind = 'medical_card_expired' AND f.resolved_at IS NULL)) AS to_flag,
      (SELECT count(*)::int FROM data_quality_flags WHERE org_id = ${orgId}
         AND kind = 'medical_card_expired' AND resolved_at IS NULL) AS flagged`);
  return {
    policy,
    asOf: now,
    inactiveBefore: cutoff,
    inactive,
    expiredMedicalCards: {
      toFlag: policy.flagExpiredMedicalCards ? (cards.rows[0]?.to_flag ?? 0) : 0,
      alreadyFlagged: cards.rows[0]?.flagged ?? 0,
    },
  };
}

function retentionActor(orgId: string): Actor {
  return { kind: 'system', role: 'system', orgId, name: 'retention' };
}

function cutoffOf(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** A live customer with no visit and no change since `cutoff`. */
function isInactive(cutoff: Date) {
  return sql`deleted_at IS NULL AND updated_at < ${cutoff} AND (last_visit_at IS NULL OR last_visit_at < ${cutoff})`;
}

function isExpiredMedical(orgId: string, today: string) {
  return sql`org_id = ${orgId} AND deleted_at IS NULL AND customer_type = 'medical'
    AND medical_expires_on IS NOT NULL AND medical_expires_on < ${today}::date`;
}

async function inactiveIds(db: Db, orgId: string, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    SELECT id FROM customers WHERE org_id = ${orgId} AND ${isInactive(cutoff)}
     ORDER BY updated_at, id LIMIT ${limit}`);
  return rows.rows.map((r) => r.id);
}

/**
 * Hard deletion: every row that refers to the customer or to a record merged into it goes, found from
 * the foreign keys to `customers` (so a table added later is covered: this is the cascade the schema
 * would do, and names no module's table), then the customers repository deletes its reference-only
 * tables (suspected duplicates, the sync outbox) and the rows. Audit rows stay: they hold ids,
 * actions and field names.
 */
async function deleteCustomer(tx: Tx, ctx: AuditContext, customerId: string): Promise<void> {
  const orgId = ctx.actor.orgId;
  const absorbed = await customerAndAbsorbedIds(tx, orgId, customerId);
  const ids = sql`ARRAY[${sql.join(
    absorbed.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  const referencing = await tx.execute<{ table_name: string; column_name: string }>(sql`
    SELECT t.relname AS table_name, a.attname AS column_name
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND c.confrelid = 'customers'::regclass AND c.conrelid <> 'customers'::regclass
     ORDER BY 1, 2`);
  for (const ref of referencing.rows) {
    await tx.execute(
      sql`DELETE FROM ${sql.identifier(ref.table_name)} WHERE org_id = ${orgId} AND ${sql.identifier(ref.column_name)} = ANY(${ids})`,
    );
  }
  // The customers repository removes its reference-only tables (suspected duplicates, the outbox), then the rows.
  await deleteCustomers(tx, orgId, absorbed);
  await recordAudit(tx, ctx, { action: 'delete', customerId, fields: ['retention'] });
}
