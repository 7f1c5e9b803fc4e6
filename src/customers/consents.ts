/**
 * The consent ledger (TCPA): grants and withdrawals per channel, each with when, where (source) and
 * the exact wording shown. The current state on the customer row is derived from the ledger in the
 * same transaction: the latest statement wins, and at equal times a withdrawal wins over a grant (the
 * precedence is domain/consent-precedence.ts's, which the derivation's ORDER BY is made from).
 * Since the latest wins, the time is the server's: a statement is dated when it is recorded, and only
 * a POS or an import may date it earlier (domain/consent-statements.ts), never later; the database
 * refuses a statement dated after its recording.
 */
import { and, desc, eq, getTableColumns, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { type DescendingKey, newestFirst, type Page, type PageRequest, toNewestFirstPage } from '../db/keyset.ts';
import type { Tx } from '../db/tx.ts';
import { CONSENT_PRECEDENCE, type PrecedenceField } from '../domain/consent-precedence.ts';
import { type ConsentSource, statementTime } from '../domain/consent-statements.ts';
import { setConsentState } from './repository.ts';
import { consentEvents, NO_CONSENT } from './tables.ts';

export type ConsentChannel = 'sms' | 'email';
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['sms', 'email'];

export interface ConsentStatement {
  channel: ConsentChannel;
  granted: boolean;
  source: ConsentSource;
  wording: string | null;
  /** Only a POS or an import reports when the choice was made; anyone else's statement is dated now. */
  at?: Date | undefined;
}

export interface ConsentEntry {
  id: string;
  channel: ConsentChannel;
  granted: boolean;
  /** A `ConsentSource`; rows recorded before the fixed set may hold other words. */
  source: string;
  wording: string | null;
  at: Date;
  recordedAt: Date;
  recordedBy: string;
}

/** Appends statements to the ledger and re-derives the customer's current consents. */
export async function recordConsents(
  tx: Tx,
  orgId: string,
  customerId: string,
  statements: readonly ConsentStatement[],
  recordedBy: string,
): Promise<ConsentEntry[]> {
  if (statements.length === 0) return [];
  const recordedAt = new Date();
  const rows = await tx
    .insert(consentEvents)
    .values(statements.map((s) => ledgerRow(orgId, customerId, s, recordedBy, recordedAt)))
    .returning();
  await refreshConsentState(tx, orgId, customerId);
  return rows.map(toEntry);
}

export type LedgerRow = Omit<ConsentEntry, 'id'> & { orgId: string; customerId: string };

/** The row of one statement recorded at `recordedAt`: dated by the server, or earlier by a POS or an import. */
export function ledgerRow(
  orgId: string,
  customerId: string,
  statement: ConsentStatement,
  recordedBy: string,
  recordedAt: Date,
): LedgerRow {
  const { channel, granted, source, wording } = statement;
  const at = statementTime(source, statement.at, recordedAt);
  return { orgId, customerId, channel, granted, source, wording, at, recordedAt, recordedBy };
}

/**
 * The ledger's columns that precedence compares, ordered as the domain compares them: booleans put
 * `false` first in both, times compare by instant, and text by code point under `COLLATE "C"`.
 */
const PRECEDENCE_COLUMN: Record<PrecedenceField, SQL> = {
  at: sql`at`,
  granted: sql`granted`,
  recordedAt: sql`recorded_at`,
  source: sql`source COLLATE "C"`,
};

/** `CONSENT_PRECEDENCE` as an ORDER BY: the prevailing statement of each channel comes first. */
const PRECEDENCE_ORDER: SQL = sql.join(
  CONSENT_PRECEDENCE.map(({ field, prevails }) =>
    prevails === 'greatest' ? sql`${PRECEDENCE_COLUMN[field]} DESC` : sql`${PRECEDENCE_COLUMN[field]} ASC`,
  ),
  sql`, `,
);

/** Recomputes `customers.consents` from the ledger: per channel, the statement that prevails. */
/** Appends ledger rows already made (`ledgerRow`) in one multi-row insert: a page of new customers' statements. */
export async function appendLedgerRows(tx: Tx, rows: readonly LedgerRow[]): Promise<void> {
  if (rows.length > 0) await tx.insert(consentEvents).values([...rows]);
}

export async function refreshConsentState(tx: Tx, orgId: string, customerId: string): Promise<void> {
  const latest = await tx.execute<{ channel: ConsentChannel; granted: boolean; at: Date; source: string }>(sql`
    SELECT DISTINCT ON (channel) channel, granted, at, source FROM consent_events
    WHERE org_id = ${orgId} AND customer_id = ${customerId}
    ORDER BY channel, ${PRECEDENCE_ORDER}`);
  const state = structuredClone(NO_CONSENT);
  for (const row of latest.rows) {
    state[row.channel] = { granted: row.granted, at: new Date(row.at).toISOString(), source: row.source };
  }
  await setConsentState(tx, orgId, customerId, state);
}

export async function consentLedger(db: Db, orgId: string, customerId: string): Promise<ConsentEntry[]> {
  const rows = await db
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.orgId, orgId), eq(consentEvents.customerId, customerId)))
    .orderBy(desc(consentEvents.at), desc(consentEvents.recordedAt));
  return rows.map(toEntry);
}

const LEDGER_ORDER: readonly DescendingKey[] = [
  { column: consentEvents.at, type: 'timestamptz' },
  { column: consentEvents.recordedAt, type: 'timestamptz' },
  { column: consentEvents.id, type: 'uuid' },
];

/** One page of the ledger, newest first (GET /customers/{id}/consents). */
export async function consentLedgerPage(
  db: Db,
  orgId: string,
  customerId: string,
  page: PageRequest,
): Promise<Page<ConsentEntry>> {
  const { where, orderBy, cursorKey } = newestFirst(LEDGER_ORDER, page.cursor);
  const rows = await db
    .select({ ...getTableColumns(consentEvents), cursorKey })
    .from(consentEvents)
    .where(and(eq(consentEvents.orgId, orgId), eq(consentEvents.customerId, customerId), where))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  const { items, nextCursor } = toNewestFirstPage(rows, page.limit);
  return { items: items.map(toEntry), nextCursor };
}

/** Moves a merged-away customer's ledger to the survivor (history is kept, state re-derived). */
export async function moveConsents(tx: Tx, orgId: string, fromId: string, toId: string): Promise<void> {
  await tx
    .update(consentEvents)
    .set({ customerId: toId })
    .where(and(eq(consentEvents.orgId, orgId), eq(consentEvents.customerId, fromId)));
  await refreshConsentState(tx, orgId, toId);
}

/** Erasure (privacy/erasure.ts): the ledger of the person and the records merged into it goes. */
export async function deleteConsentLedgers(tx: Tx, orgId: string, customerIds: readonly string[]): Promise<void> {
  await tx
    .delete(consentEvents)
    .where(and(eq(consentEvents.orgId, orgId), inArray(consentEvents.customerId, [...customerIds])));
}

function toEntry(row: typeof consentEvents.$inferSelect): ConsentEntry {
  return {
    id: row.id,
    channel: row.channel,
    granted: row.granted,
    source: row.source,
    wording: row.wording,
    at: row.at,
    recordedAt: row.recordedAt,
    recordedBy: row.recordedBy,
  };
}
