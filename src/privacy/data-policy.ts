/**
 * An organization's data policy (API.md, GET/PUT /settings/data-policy): after how many days without
 * a visit or a change a customer is swept, whether the sweep anonymizes or deletes, and whether it
 * flags expired medical cards. Until a manager sets one, nothing is swept and cards are flagged.
 */
import { eq } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import { actorRef } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import type { AuditContext } from './audit-log.ts';
import { dataPolicies } from './tables.ts';

export const RETENTION_ACTIONS = ['anonymize', 'delete'] as const;

export interface DataPolicy {
  /** Null: inactive customers are kept. */
  inactiveRetentionDays: number | null;
  action: (typeof RETENTION_ACTIONS)[number];
  flagExpiredMedicalCards: boolean;
}

export const DEFAULT_DATA_POLICY: DataPolicy = {
  inactiveRetentionDays: null,
  action: 'anonymize',
  flagExpiredMedicalCards: true,
};

export async function policyOf(db: Db, orgId: string): Promise<DataPolicy> {
  const [row] = await db.select().from(dataPolicies).where(eq(dataPolicies.orgId, orgId));
  if (!row) return { ...DEFAULT_DATA_POLICY };
  return {
    inactiveRetentionDays: row.inactiveRetentionDays,
    action: row.action,
    flagExpiredMedicalCards: row.flagExpiredMedicalCards,
  };
}

export async function getDataPolicy(db: Db, ctx: AuditContext): Promise<DataPolicy> {
  authorize(ctx.actor, 'read', 'dataPolicy');
  return policyOf(db, ctx.actor.orgId);
}

export async function putDataPolicy(db: Db, ctx: AuditContext, policy: DataPolicy): Promise<DataPolicy> {
  authorize(ctx.actor, 'update', 'dataPolicy');
  const values = { ...policy, updatedAt: new Date(), updatedBy: actorRef(ctx.actor) };
  await db
    .insert(dataPolicies)
    .values({ orgId: ctx.actor.orgId, ...values })
    .onConflictDoUpdate({ target: dataPolicies.orgId, set: values });
  return policyOf(db, ctx.actor.orgId);
}
