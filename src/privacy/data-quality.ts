/** The open data-quality flags of an organization (GET /data-quality-flags), e.g. expired medical cards. */
import { and, eq, isNull } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import type { Db } from '../db/database.ts';
import { keyset, type Page, toPage } from '../db/keyset.ts';
import type { AuditContext } from './audit-log.ts';
import { dataQualityFlags } from './tables.ts';

export interface DataQualityFlag {
  customerId: string;
  kind: 'medical_card_expired';
  detectedAt: Date;
}

export async function listDataQualityFlags(
  db: Db,
  ctx: AuditContext,
  query: { kind?: DataQualityFlag['kind'] | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<DataQualityFlag>> {
  authorize(ctx.actor, 'read', 'dataQuality');
  const page = keyset(dataQualityFlags.customerId, dataQualityFlags.id, query.cursor);
  const rows = await db
    .select({
      id: dataQualityFlags.id,
      customerId: dataQualityFlags.customerId,
      kind: dataQualityFlags.kind,
      detectedAt: dataQualityFlags.detectedAt,
    })
    .from(dataQualityFlags)
    .where(
      and(
        eq(dataQualityFlags.orgId, ctx.actor.orgId),
        isNull(dataQualityFlags.resolvedAt),
        query.kind ? eq(dataQualityFlags.kind, query.kind) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const result = toPage(rows, query.limit, (r) => [r.customerId, r.id]);
  return {
    items: result.items.map((r) => ({ customerId: r.customerId, kind: r.kind, detectedAt: r.detectedAt })),
    nextCursor: result.nextCursor,
  };
}
