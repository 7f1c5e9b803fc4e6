/**
 * The POS links of a merge (API.md `POST /customers/{id}/merge`): a store holds one link per
 * customer. The source's links move to the survivor; where both were linked to the same store, the
 * richer POS record stays linked to the survivor (domain/richer-pos-record.ts) and the other stays
 * on the merged-away customer, marked retired: a tombstone that keeps a pull from re-creating the
 * person from it, and a push due that blanks and, where the vendor can, deactivates it at the POS
 * (`retireAtPos`; the outbox dispatcher sends it with the survivor's `merged` change).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { customerLinks, customers, storeIntegrations } from '../../db/schema.ts';
import type { Tx } from '../../db/tx.ts';
import { richerPosRecord } from '../../domain/richer-pos-record.ts';
import type { PosClient } from '../../pos/port.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import { BLANK, forgetAtPos } from '../outbound/forget-at-pos.ts';
import type { LinkRow, PushDeps } from '../outbound/push-types.ts';
import { openBase, sealBase } from './base.ts';
import type { Projection } from './synced-fields.ts';

export type Retirement = NonNullable<LinkRow['retirement']>;

/** For one store both merged customers were linked to: the record kept, and the one retired. */
export interface MergedStore {
  storeId: string;
  vendor: string | null;
  keptExternalId: string | null;
  retired: { externalId: string | null; status: Retirement | 'dropped' };
}

export interface SettledLinks {
  stores: MergedStore[];
  /** Stores both were linked to where the source's POS record was kept: its balance goes with it. */
  keptFromSource: string[];
}

/**
 * Moves the source's links to the target inside the merge's transaction (both customers locked).
 * `vault` opens what each POS holds, to count its filled fields; without it only activity and age count.
 */
export async function settleLinksOfMerge(
  tx: Tx,
  vault: SyncVault | undefined,
  scope: { orgId: string; targetId: string; sourceId: string },
): Promise<SettledLinks> {
  const { orgId, targetId, sourceId } = scope;
  const links = await tx
    .select()
    .from(customerLinks)
    .where(and(eq(customerLinks.orgId, orgId), inArray(customerLinks.customerId, [targetId, sourceId])));
  const ofTarget = new Map(links.filter((l) => l.customerId === targetId).map((l) => [l.storeId, l]));
  const moving = links.filter((l) => l.customerId === sourceId && !ofTarget.has(l.storeId));
  if (moving.length > 0) {
    await tx
      .update(customerLinks)
      .set({ customerId: targetId, updatedAt: new Date() })
      .where(
        and(
          eq(customerLinks.orgId, orgId),
          inArray(
            customerLinks.id,
            moving.map((l) => l.id),
          ),
        ),
      );
  }
  const results: MergedStore[] = [];
  const keptFromSource: string[] = [];
  for (const source of links.filter((l) => l.customerId === sourceId && ofTarget.has(l.storeId))) {
    const target = ofTarget.get(source.storeId)!;
    const kept = richerPosRecord(standing(vault, target), standing(vault, source)).link;
    const retired = kept === target ? source : target;
    if (kept === source) {
      keptFromSource.push(source.storeId);
      // The survivor takes the source's record: the two rows trade customers (one link per customer
      // and store at every step, so the target's row goes and comes back on the source).
      await tx.delete(customerLinks).where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.id, target.id)));
      await tx
        .update(customerLinks)
        .set({ customerId: targetId, updatedAt: new Date() })
        .where(and(eq(customerLinks.orgId, orgId), eq(customerLinks.id, source.id)));
    }
    results.push({
      storeId: source.storeId,
      vendor: await vendorOf(tx, orgId, source.storeId),
      keptExternalId: kept.externalId,
      retired: { externalId: retired.externalId, status: await retire(tx, retired, sourceId) },
    });
  }
  return { stores: results, keptFromSource };
}

/** Leaves `link` on the merged-away customer as a retired record, or drops it when the POS has none. */
async function retire(tx: Tx, link: LinkRow, sourceId: string): Promise<Retirement | 'dropped'> {
  const onSource = link.customerId === sourceId;
  if (link.externalId === null) {
    // Never created at that POS: nothing to retire there.
    if (onSource)
      await tx.delete(customerLinks).where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
    return 'dropped';
  }
  const marks = {
    customerId: sourceId,
    retiredAt: new Date(),
    retirement: 'pending' as const,
    status: 'pending' as const,
    lastError: null,
    updatedAt: new Date(),
  };
  if (onSource) {
    await tx
      .update(customerLinks)
      .set(marks)
      .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
  } else {
    await tx.insert(customerLinks).values({ ...link, ...marks });
  }
  return 'pending';
}

function standing(vault: SyncVault | undefined, link: LinkRow) {
  return {
    link,
    hasRecord: link.externalId !== null,
    filledFields: vault ? filledFields(openBase(vault, link)) : 0,
    lastActivityAt: link.posUpdatedAt,
    linkedAt: link.createdAt,
  };
}

/** Synced fields holding a value: not null, not empty, and for a group (address, card) any part. */
function filledFields(base: Projection | undefined): number {
  if (!base) return 0;
  let n = 0;
  for (const value of Object.values(base)) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) n += 1;
    } else if (typeof value === 'object') {
      if (Object.values(value).some((part) => part !== null && part !== '')) n += 1;
    } else n += 1;
  }
  return n;
}

async function vendorOf(tx: Tx, orgId: string, storeId: string): Promise<string | null> {
  const [row] = await tx
    .select({ vendor: storeIntegrations.vendor })
    .from(storeIntegrations)
    .where(and(eq(storeIntegrations.orgId, orgId), eq(storeIntegrations.storeId, storeId)));
  return row?.vendor ?? null;
}

/** The retired links still due at the POS among customers merged into these survivors (for the dispatcher). */
export async function pendingRetirements(
  tx: Tx,
  orgId: string,
  survivorIds: readonly string[],
): Promise<{ customerId: string; storeId: string }[]> {
  if (survivorIds.length === 0) return [];
  return tx
    .select({ customerId: customerLinks.customerId, storeId: customerLinks.storeId })
    .from(customerLinks)
    .innerJoin(customers, and(eq(customers.orgId, customerLinks.orgId), eq(customers.id, customerLinks.customerId)))
    .where(
      and(
        eq(customerLinks.orgId, orgId),
        inArray(customers.mergedIntoId, [...survivorIds]),
        eq(customerLinks.retirement, 'pending'),
        sql`${customerLinks.externalId} IS NOT NULL`,
      ),
    );
}

/** The push of a retired link: the record is blanked and, where the vendor can, deactivated. */
export async function retireAtPos(deps: PushDeps, client: PosClient, link: LinkRow): Promise<void> {
  if (link.externalId === null) return; // retire() drops links without a POS record
  const { outcome, detail } = await forgetAtPos(client, link.externalId);
  await deps.db
    .update(customerLinks)
    .set({
      retirement: outcome,
      status: outcome === 'failed' ? 'error' : 'synced',
      lastError: outcome === 'failed' ? detail : null,
      lastSyncedAt: new Date(),
      posBaseEnc: sealBase(deps.vault, link, BLANK),
      updatedAt: new Date(),
    })
    .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
}
