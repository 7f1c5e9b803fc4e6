/**
 * Suspected duplicates: people who share a phone or an email but not a birthday (partners, parent and
 * child), or who share a name and a birthday but not a phone. They are never merged automatically;
 * they are listed for a manager. Detection runs on every write, by index lookups on the new values.
 */
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/database.ts';
import { decodeCursor, type Page, toPage } from '../db/keyset.ts';
import type { Tx } from '../db/tx.ts';
import { ValidationFailed } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { customers, suspectedDuplicates } from './tables.ts';

/**
 * `same_person_at_one_pos`: one POS holds two records with the identity of one customer (a duplicate
 * made at the register); a customer has one link per store, so the second came in as a customer of
 * its own, without the identity keys the first holds, and only a manager's merge joins them.
 */
export type DuplicateReason = 'same_phone' | 'same_email' | 'same_name_and_birthday' | 'same_person_at_one_pos';

export async function detectSuspectedDuplicates(tx: Tx, orgId: string, customerId: string): Promise<void> {
  await detectSuspectedDuplicatesOf(tx, orgId, [customerId]);
}

/** Flags a pair found otherwise than by the shared values above (see `DuplicateReason`). */
export async function flagSuspectedDuplicate(
  tx: Tx,
  orgId: string,
  pair: readonly [string, string],
  reason: DuplicateReason,
): Promise<void> {
  const [a, b] = [...pair].sort();
  await tx.insert(suspectedDuplicates).values({ orgId, customerA: a!, customerB: b!, reason }).onConflictDoNothing();
}

/**
 * The same rule for several customers in one statement (a sync page creating many at once); a pair
 * found from both sides is one row.
 *
 * Its plan must not depend on table statistics: right after a first start `customers` has none, and
 * a join the planner may hash, materialize or reorder read the whole organization once per match
 * (a first import of 700 sat for minutes). So each customer is one row of `unnest`, and every read
 * is a LATERAL lookup by one value on the index that holds it (primary key; phone, email, name key,
 * each with the date of birth). OFFSET 0 keeps each LATERAL subquery from being flattened into a
 * join, which is what would let the planner choose otherwise.
 */
export async function detectSuspectedDuplicatesOf(
  tx: Tx,
  orgId: string,
  customerIds: readonly string[],
): Promise<void> {
  if (customerIds.length === 0) return;
  await tx.execute(sql`
    INSERT INTO suspected_duplicates (org_id, customer_a, customer_b, reason)
    SELECT ${orgId}, least(me.id, m.id), greatest(me.id, m.id), m.reason
    FROM unnest(${`{${customerIds.join(',')}}`}::uuid[]) AS k(id)
    CROSS JOIN LATERAL (
      SELECT c.id, c.phone, c.email, c.name_key, c.date_of_birth FROM customers c
        WHERE c.id = k.id AND c.org_id = ${orgId} AND c.deleted_at IS NULL
      OFFSET 0
    ) me
    CROSS JOIN LATERAL (
      SELECT o.id, 'same_phone' AS reason FROM customers o
        WHERE me.phone IS NOT NULL AND o.org_id = ${orgId} AND o.phone = me.phone
          AND o.date_of_birth IS DISTINCT FROM me.date_of_birth AND o.deleted_at IS NULL
      UNION ALL
      SELECT o.id, 'same_email' FROM customers o
        WHERE me.email IS NOT NULL AND o.org_id = ${orgId} AND o.email = me.email
          AND o.date_of_birth IS DISTINCT FROM me.date_of_birth AND o.deleted_at IS NULL
      UNION ALL
      SELECT o.id, 'same_name_and_birthday' FROM customers o
        WHERE me.name_key IS NOT NULL AND o.org_id = ${orgId} AND o.name_key = me.name_key
          AND o.date_of_birth = me.date_of_birth AND o.id <> me.id AND o.deleted_at IS NULL
      OFFSET 0
    ) m
    ON CONFLICT DO NOTHING`);
}

export interface SuspectedDuplicate {
  customerIds: [string, string];
  reason: DuplicateReason;
  detectedAt: Date;
}

/** Open suspected pairs whose two customers are both still live. */
export async function listSuspectedDuplicates(
  db: Db,
  orgId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SuspectedDuplicate>> {
  const a = alias(customers, 'a');
  const b = alias(customers, 'b');
  let after: SQL | undefined;
  if (page.cursor) {
    const [pair, reason] = decodeCursor(page.cursor);
    const [ida = '', idb = ''] = pair.split('/');
    if (!isUuid(ida) || !isUuid(idb))
      throw ValidationFailed.field('cursor', 'is not a cursor this API returned; start again without it');
    after = sql`(${suspectedDuplicates.customerA}, ${suspectedDuplicates.customerB}, ${suspectedDuplicates.reason}) > (${ida}::uuid, ${idb}::uuid, ${reason})`;
  }
  const rows = await db
    .select({
      a: suspectedDuplicates.customerA,
      b: suspectedDuplicates.customerB,
      reason: suspectedDuplicates.reason,
      detectedAt: suspectedDuplicates.detectedAt,
    })
    .from(suspectedDuplicates)
    .innerJoin(a, and(eq(a.id, suspectedDuplicates.customerA), isNull(a.deletedAt)))
    .innerJoin(b, and(eq(b.id, suspectedDuplicates.customerB), isNull(b.deletedAt)))
    .where(and(eq(suspectedDuplicates.orgId, orgId), isNull(suspectedDuplicates.resolvedAt), after))
    .orderBy(asc(suspectedDuplicates.customerA), asc(suspectedDuplicates.customerB), asc(suspectedDuplicates.reason))
    .limit(page.limit + 1);
  return toPage(
    rows.map((r) => ({ customerIds: [r.a, r.b] as [string, string], reason: r.reason, detectedAt: r.detectedAt })),
    page.limit,
    (d) => [`${d.customerIds[0]}/${d.customerIds[1]}`, d.reason],
  );
}
