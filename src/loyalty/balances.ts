/**
 * Loyalty balances, one per customer per store (DESIGN "Shape of the code": loyalty/). Each store's
 * POS runs its own program, so a balance read at one store never overwrites another's, and a read
 * is written only when the points differ from what Patron holds for that store: a pull that reads
 * the same balance again writes no row. A balance is no edit of the customer: writing one bumps no
 * version, adds no audit row and emits no outbox event (API.md `loyalty`, `loyaltyByStore`).
 *
 * `readAt` is when Patron read the balance it holds, i.e. the read that found these points; later
 * reads of the same points leave it as it was (refreshing it would be a write per pull for nothing).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/tx.ts';
import { loyaltyBalances } from './tables.ts';

export interface PosBalanceRead {
  orgId: string;
  customerId: string;
  storeId: string;
  vendor: string;
  points: number;
  readAt: Date;
}

export interface StoreBalance {
  storeId: string;
  vendor: string;
  points: number;
  readAt: string;
}

/** The customer resource's `loyalty` and `loyaltyByStore`. */
export interface LoyaltyView {
  loyalty: { points: number; source: string | null };
  loyaltyByStore: StoreBalance[];
}

/**
 * Records balances read from the POS, in one statement: a new store's balance is inserted, a
 * changed one replaced, an equal one left untouched (no row written, `readAt` kept).
 */
export async function recordPosBalances(tx: Tx, reads: readonly PosBalanceRead[]): Promise<void> {
  if (reads.length === 0) return;
  await tx
    .insert(loyaltyBalances)
    .values(reads.map((r) => ({ ...r, points: Math.round(r.points), source: 'pos' as const })))
    .onConflictDoUpdate({
      target: [loyaltyBalances.orgId, loyaltyBalances.customerId, loyaltyBalances.storeId, loyaltyBalances.source],
      set: { points: sql`excluded.points`, vendor: sql`excluded.vendor`, readAt: sql`excluded.read_at` },
      setWhere: sql`${loyaltyBalances.points} IS DISTINCT FROM excluded.points OR ${loyaltyBalances.vendor} IS DISTINCT FROM excluded.vendor`,
    });
}

/** Each customer's balances, by store (store order stable: oldest read first, then store id). */
export async function balancesOf(
  db: Db | Tx,
  orgId: string,
  customerIds: readonly string[],
): Promise<Map<string, StoreBalance[]>> {
  const out = new Map<string, StoreBalance[]>();
  if (customerIds.length === 0) return out;
  const rows = await db
    .select()
    .from(loyaltyBalances)
    .where(and(eq(loyaltyBalances.orgId, orgId), inArray(loyaltyBalances.customerId, [...new Set(customerIds)])))
    .orderBy(asc(loyaltyBalances.storeId));
  for (const row of rows) {
    const list = out.get(row.customerId) ?? [];
    list.push({ storeId: row.storeId, vendor: row.vendor, points: row.points, readAt: row.readAt.toISOString() });
    out.set(row.customerId, list);
  }
  return out;
}

/**
 * `loyalty.points` is the sum over the stores' balances; `loyalty.source` names where it comes
 * from: the vendor when every balance comes from one vendor, `pos` when from several, `null` when
 * no POS reported a balance.
 */
export function loyaltyView(balances: readonly StoreBalance[]): LoyaltyView {
  const vendors = [...new Set(balances.map((b) => b.vendor))];
  return {
    loyalty: {
      points: balances.reduce((sum, b) => sum + b.points, 0),
      source: vendors.length === 0 ? null : vendors.length === 1 ? vendors[0]! : 'pos',
    },
    loyaltyByStore: [...balances],
  };
}

/** Erasure: the balances are personal data of the person erased. */
export async function deleteBalances(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await tx
    .delete(loyaltyBalances)
    .where(and(eq(loyaltyBalances.orgId, orgId), inArray(loyaltyBalances.customerId, [...customerIds])));
}

/**
 * Merge: the source's balances move to the survivor with its links. Where both hold one for the same
 * store, the balance of the POS record the survivor stays linked to is kept (one balance per store):
 * the source's at `keptFromSource` (the merge kept the source's record there), else the survivor's.
 */
export async function moveBalances(
  tx: Tx,
  orgId: string,
  sourceId: string,
  targetId: string,
  keptFromSource: readonly string[],
): Promise<void> {
  if (keptFromSource.length > 0) {
    await tx
      .delete(loyaltyBalances)
      .where(
        and(
          eq(loyaltyBalances.orgId, orgId),
          eq(loyaltyBalances.customerId, targetId),
          inArray(loyaltyBalances.storeId, [...keptFromSource]),
        ),
      );
  }
  await tx.execute(sql`
    UPDATE loyalty_balances AS s SET customer_id = ${targetId}
     WHERE s.org_id = ${orgId} AND s.customer_id = ${sourceId}
       AND NOT EXISTS (SELECT 1 FROM loyalty_balances t
                        WHERE t.org_id = s.org_id AND t.customer_id = ${targetId}
                          AND t.store_id = s.store_id AND t.source = s.source)`);
  await deleteBalances(tx, orgId, [sourceId]);
}
