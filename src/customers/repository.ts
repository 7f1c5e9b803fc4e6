/**
 * The one writer of the `customers` table (DESIGN "Shape of the code": a module writes only its own
 * tables). The service, sync's apply paths, conflict resolution, erasure, retention and the demo seed
 * all change customer rows through these functions, so what a write does to `version` (the ETag) and
 * `updated_at` is decided here once, in `bumpVersion`. Each function keeps the statement its caller
 * ran before (the page batch's multi-row insert stays one statement). The reads of one live row that
 * every writer starts from live here too. repository.test.ts fails when a write appears anywhere else.
 */
import { and, eq, getTableColumns, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/tx.ts';
import { NotFound } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { CustomerRow } from './customer-record.ts';
import { customers, NO_CONSENT } from './tables.ts';

export type NewCustomerRow = typeof customers.$inferInsert;
/** Columns a write may set; `version` is only ever bumped (`bumpVersion`), never set. */
export type CustomerSet = Partial<Omit<NewCustomerRow, 'id' | 'orgId' | 'version'>>;

/** `version + 1`, the one way a row's version changes: every visible edit changes its ETag. */
const nextVersion = (): SQL => sql`${customers.version} + 1`;

function ofOrg(orgId: string, id: string): SQL | undefined {
  return and(eq(customers.orgId, orgId), eq(customers.id, id));
}

// --- inserts ---------------------------------------------------------------------------------

/** One new customer, returned as stored (defaults and generated id filled in). */
export async function insertCustomer(tx: Tx, row: NewCustomerRow): Promise<CustomerRow> {
  const [inserted] = await tx.insert(customers).values(row).returning();
  return inserted!;
}

/** Many new customers in one multi-row statement (the page batch: ids chosen by the caller). */
export async function insertCustomers(tx: Tx, rows: readonly NewCustomerRow[]): Promise<void> {
  await tx.insert(customers).values([...rows]);
}

/** A column of `customers` as the bulk seed sends it: the row key, its SQL name and type. */
export interface BulkColumn {
  key: string;
  name: string;
  sqlType: string;
}

/** The table's column name and type for each key of a row shape (`toColumns`'s), for `bulkInsertStatement`. */
export function bulkColumns(keys: readonly string[]): BulkColumn[] {
  const table = getTableColumns(customers) as Record<string, { name: string; getSQLType(): string }>;
  return keys.map((key) => {
    const column = table[key];
    if (!column) throw new Error(`toColumns returned "${key}", which is not a column of customers`);
    return { key, name: column.name, sqlType: column.getSQLType() };
  });
}

/**
 * The demo seed's bulk load, as text for a raw `pg` client: `$1` the organization, `$2` the consents
 * JSON, then one text array per column. Every value travels as text and is cast in SQL: arrays as
 * array literals (unnest would flatten a two-dimensional array parameter), JSON as JSON text. A row
 * refused by a unique identity index is skipped rather than failing the batch (the row count says).
 */
export function bulkInsertStatement(plan: readonly BulkColumn[]): string {
  const names = plan.map((c) => `"${c.name}"`).join(', ');
  const casts = plan.map((c, i) => `u.c${i}::${c.sqlType}`).join(', ');
  const parameters = plan.map((_, i) => `$${i + 3}::text[]`).join(', ');
  const aliases = plan.map((_, i) => `c${i}`).join(', ');
  return `INSERT INTO customers (org_id, consents, ${names})
    SELECT $1::uuid, $2::jsonb, ${casts} FROM unnest(${parameters}) AS u(${aliases})
    ON CONFLICT DO NOTHING`;
}

// --- updates ---------------------------------------------------------------------------------

/** Sets `set` on one customer as a visible edit: the version is bumped and `updated_at` is `at`. */
export async function updateCustomer(
  tx: Tx,
  orgId: string,
  id: string,
  set: CustomerSet,
  at: Date = new Date(),
): Promise<void> {
  await tx
    .update(customers)
    .set({ ...set, version: nextVersion(), updatedAt: at })
    .where(ofOrg(orgId, id));
}

/** A visible edit held elsewhere (a consent statement in the ledger): only the version and `updated_at` change. */
export async function bumpVersion(tx: Tx, orgId: string, id: string, at: Date = new Date()): Promise<void> {
  await tx.update(customers).set({ version: nextVersion(), updatedAt: at }).where(ofOrg(orgId, id));
}

/** The merged-away customer of a merge: gone from reads (`deleted_at`), pointing at its survivor. */
export async function markMergedInto(tx: Tx, orgId: string, sourceId: string, targetId: string): Promise<void> {
  await tx
    .update(customers)
    .set({ deletedAt: new Date(), mergedIntoId: targetId, version: nextVersion() })
    .where(ofOrg(orgId, sourceId));
}

/** The derived consent state (recomputed from the ledger, consents.ts); not an edit of its own. */
export async function setConsentState(
  tx: Tx,
  orgId: string,
  id: string,
  consents: NonNullable<CustomerSet['consents']>,
): Promise<void> {
  await tx.update(customers).set({ consents }).where(ofOrg(orgId, id));
}

/** Adds `stamps` (field name -> ISO time it changed here) to the row's per-field change times (changes.ts). */
export async function stampFieldChanges(
  tx: Tx,
  orgId: string,
  id: string,
  stamps: Record<string, string>,
): Promise<void> {
  await tx
    .update(customers)
    .set({ fieldChangedAt: sql`${customers.fieldChangedAt} || ${JSON.stringify(stamps)}::jsonb` })
    .where(ofOrg(orgId, id));
}

/**
 * Blanks every personal field of these customers, leaving tombstones (privacy/erasure.ts says why);
 * a merged-away record keeps the time it was merged.
 */
export async function blankErasedCustomers(tx: Tx, orgId: string, ids: readonly string[]): Promise<void> {
  await tx
    .update(customers)
    .set({
      firstName: null,
      lastName: null,
      preferredName: null,
      dateOfBirth: null,
      phone: null,
      email: null,
      medicalCardNumberEnc: null,
      medicalCardNumberIndex: null,
      medicalState: null,
      medicalExpiresOn: null,
      idDocumentType: null,
      idDocumentNumberEnc: null,
      idDocumentNumberIndex: null,
      idDocumentState: null,
      idDocumentExpiresOn: null,
      address: null,
      consents: NO_CONSENT,
      tags: [],
      notes: null,
      nameKey: null,
      deletedAt: sql`coalesce(${customers.deletedAt}, now())`,
      version: nextVersion(),
      updatedAt: new Date(),
    })
    .where(and(eq(customers.orgId, orgId), inArray(customers.id, [...ids])));
}

// --- deletes ---------------------------------------------------------------------------------

/**
 * Hard deletion of customer rows (retention), once every row referring to them by foreign key is gone:
 * the tables that name customers without one (suspected duplicates, the outbox) go first.
 */
export async function deleteCustomers(tx: Tx, orgId: string, ids: readonly string[]): Promise<void> {
  const array = sql`ARRAY[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  await tx.execute(
    sql`DELETE FROM suspected_duplicates WHERE org_id = ${orgId} AND (customer_a = ANY(${array}) OR customer_b = ANY(${array}))`,
  );
  await tx.execute(sql`DELETE FROM sync_outbox WHERE org_id = ${orgId} AND customer_id = ANY(${array})`);
  await tx.execute(sql`DELETE FROM customers WHERE org_id = ${orgId} AND id = ANY(${array})`);
}

// --- reads every writer starts from ----------------------------------------------------------

/**
 * The customer and every record merged into it, transitively (a merged-away record points at its
 * survivor): the same person for audit trails, erasure and retention.
 */
export async function customerAndAbsorbedIds(db: Db | Tx, orgId: string, customerId: string): Promise<string[]> {
  const absorbed = await db.execute<{ id: string }>(sql`
    WITH RECURSIVE absorbed(id) AS (
      SELECT ${customerId}::uuid
      UNION SELECT c.id FROM customers c JOIN absorbed a ON c.merged_into_id = a.id WHERE c.org_id = ${orgId}
    ) SELECT id FROM absorbed`);
  return absorbed.rows.map((r) => r.id);
}

/** A live (not deleted, not merged-away) customer, locked with `forUpdate`; 404 naming `what` otherwise. */
export async function loadLive(
  db: Db | Tx,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean; what?: string } = {},
): Promise<CustomerRow> {
  const what = options.what ?? 'customer';
  if (!isUuid(id)) throw new NotFound(what);
  const query = db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id), isNull(customers.deletedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new NotFound(what);
  return row;
}

/**
 * Reads of one customer outside a transaction use a prepared statement, built once per database
 * handle: the hottest query of the API then skips query building here and planning in PostgreSQL.
 */
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareLiveRead>>();

function prepareLiveRead(db: Db) {
  return db
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.orgId, sql.placeholder('orgId')),
        eq(customers.id, sql.placeholder('id')),
        isNull(customers.deletedAt),
      ),
    )
    .prepare('customer_live_by_id');
}

/** `loadLive` outside a transaction, through the prepared statement. */
export async function readLive(db: Db, orgId: string, id: string): Promise<CustomerRow> {
  if (!isUuid(id)) throw new NotFound('customer');
  let prepared = preparedReads.get(db);
  if (!prepared) {
    prepared = prepareLiveRead(db);
    preparedReads.set(db, prepared);
  }
  const [row] = await prepared.execute({ orgId, id });
  if (!row) throw new NotFound('customer');
  return row;
}
