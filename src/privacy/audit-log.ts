/**
 * The audit trail: who viewed, searched, created, changed (which fields, never their values),
 * merged, erased or exported which customer, and from where. Changes are recorded in the same
 * transaction as the change they describe; the table itself refuses updates and deletes.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, actorRef } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { auditEvents } from '../db/schema.ts';

export type AuditAction =
  | 'view'
  | 'search'
  | 'create'
  | 'update'
  | 'tags'
  | 'consent'
  | 'merge'
  | 'merged_into'
  | 'erase'
  | 'export';

export interface AuditEntry {
  action: AuditAction;
  customerId: string | null;
  fields?: readonly string[];
}

/** Where a request came from, for the `origin` column: the request id links it to the logs. */
export interface AuditContext {
  actor: Actor;
  origin: string | undefined;
}

type Executor = Pick<Db, 'insert'>;

export async function recordAudit(db: Executor, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    orgId: context.actor.orgId,
    actor: actorRef(context.actor),
    action: entry.action,
    customerId: entry.customerId,
    fields: [...(entry.fields ?? [])],
    origin: context.origin ?? null,
  });
}

/**
 * Views and searches are audited outside the caller's transaction with asynchronous commit: a crash
 * may lose the last few milliseconds of view records, but a read no longer waits for a disk flush.
 */
export async function recordAccess(db: Db, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    await recordAudit(tx, context, entry);
  });
}

export interface AuditView {
  at: Date;
  actor: string;
  action: string;
  fields: string[];
}

/** The trail of the given customers (a customer and those merged into it), newest first. */
export async function auditTrailOf(db: Db, orgId: string, customerIds: string[], limit = 500): Promise<AuditView[]> {
  return db
    .select({ at: auditEvents.at, actor: auditEvents.actor, action: auditEvents.action, fields: auditEvents.fields })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), inArray(auditEvents.customerId, customerIds)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}
