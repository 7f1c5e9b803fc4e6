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
  /** Hard deletion by the retention sweep (policy action `delete`): only this row and earlier ones remain. */
  | 'delete'
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
 * Views and searches are audited with asynchronous commit: a crash may lose the last few
 * milliseconds of view records, but a read does not wait for a disk flush. One statement, so one
 * round trip: `set_config(…, true)` applies to the statement's own implicit transaction.
 */
export async function recordAccess(db: Db, context: AuditContext, entry: AuditEntry): Promise<void> {
  await db.execute(sql`
    WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
    INSERT INTO audit_events (org_id, actor, action, customer_id, fields, origin)
    SELECT ${context.actor.orgId}, ${actorRef(context.actor)}, ${entry.action}, ${entry.customerId},
           string_to_array(${(entry.fields ?? []).join(',')}, ','), ${context.origin ?? null}
    FROM async_commit`);
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
