/**
 * The set-based part of applying a page: the records nobody holds yet (no link, no identity match,
 * no key shared with another record of the page), which are the bulk of an initial import, are
 * created together with multi-row statements writing exactly what `applyInbound` would write for
 * each (customer, loyalty balance, consent ledger, audit, outbox, link, suspected duplicates). A handful of
 * statements per page instead of a dozen per record is what lets an import keep up with the vendor.
 * Everything else is left to the per-record path, as is the whole page if the batch fails.
 */

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { actorRef } from '../../auth/actor.ts';
import { enqueueCreatedCustomers } from '../../customers/changes.ts';
import { appendLedgerRows, ledgerRow } from '../../customers/consents.ts';
import { detectSuspectedDuplicatesOf } from '../../customers/duplicates.ts';
import { insertCustomers } from '../../customers/repository.ts';
import { NO_CONSENT } from '../../customers/tables.ts';
import type { Tx } from '../../db/tx.ts';
import { recordPosBalances } from '../../loyalty/balances.ts';
import type { PosCustomer } from '../../pos/port.ts';
import { recordAudit } from '../../privacy/audit-log.ts';
import { hashPosCustomer } from '../links/pos-hash.ts';
import { trimToStoreProfile } from '../links/profile-trim.ts';
import { settledStatus } from '../links/status.ts';
import { customerLinks } from '../tables.ts';
import { type ApplyContext, balanceRead, consentsFromPos, linkState, presentFields } from './apply.ts';
import { type InboundRecord, inboundColumns } from './columns.ts';
import { identityKeysOfInbound } from './identity-resolution.ts';

export interface BatchApplied {
  created: number;
  /** The page's records still to apply one by one, in page order. */
  rest: PosCustomer[];
  /** Why the batch was given up (the whole page is then in `rest`). */
  failure?: unknown;
}

interface NewRecord {
  received: PosCustomer;
  pos: PosCustomer;
  ctx: ApplyContext;
  record: InboundRecord;
}

export async function createNewTogether(
  tx: Tx,
  ctx: ApplyContext,
  page: readonly PosCustomer[],
): Promise<BatchApplied> {
  if (page.length === 0) return { created: 0, rest: [] };
  try {
    // The savepoint: whatever fails in here, the page is applied record by record as before.
    return await tx.transaction(async (sp) => {
      const fresh = await newRecordsOf(sp, ctx, page);
      if (fresh.length === 0) return { created: 0, rest: [...page] };
      await insertTogether(sp, ctx, fresh);
      const created = new Set(fresh.map((f) => f.received));
      return { created: fresh.length, rest: page.filter((c) => !created.has(c)) };
    });
  } catch (failure) {
    return { created: 0, rest: [...page], failure };
  }
}

/**
 * The records that would be created by the per-record path with no conflict: external id seen once
 * on the page and not linked; no identity key (for resolution or for the unique-index check) held
 * by a live customer, nor by another record of the page (which the per-record path would link or
 * report as a conflict, depending on order).
 */
async function newRecordsOf(tx: Tx, ctx: ApplyContext, page: readonly PosCustomer[]): Promise<NewRecord[]> {
  const idCounts = countOf(page.map((c) => c.externalId));
  const linked = await linkedExternalIds(tx, ctx, page);
  const isNew = (c: PosCustomer) => idCounts.get(c.externalId) === 1 && !linked.has(c.externalId);
  if (!page.some(isNew)) return [];
  const candidates: (NewRecord & { keys: string[] })[] = [];
  const keysOnPage: string[] = [];
  for (const received of page) {
    if (!isNew(received)) {
      // Left to the per-record path, whose writes may take these keys (untrimmed: all it could
      // write): no new record may share them.
      keysOnPage.push(...keysOf(inboundColumns(received, ctx.protector)));
      continue;
    }
    const trimmed = await trimToStoreProfile(tx, ctx, received);
    const record = inboundColumns(trimmed.pos, ctx.protector);
    const keys = keysOf(record);
    keysOnPage.push(...keys);
    candidates.push({ received, pos: trimmed.pos, ctx: trimmed.ctx, record, keys });
  }
  const onPage = countOf(keysOnPage);
  const unshared = candidates.filter((c) => c.keys.every((key) => onPage.get(key) === 1));
  const held = await heldKeys(
    tx,
    ctx.orgId,
    unshared.flatMap((c) => c.keys),
  );
  return unshared.filter((c) => !c.keys.some((key) => held.has(key)));
}

/**
 * A record's identity keys as strings: the ID blind index, and phone and email with the date of
 * birth both as identity resolution reads them (normalized, known birthdays only) and as the unique
 * indexes hold them (as stored, any birthday). Distinct per record.
 */
function keysOf(record: InboundRecord): string[] {
  const { columns } = record;
  const strong = identityKeysOfInbound(record);
  const keys = [
    columns.idDocumentNumberIndex ? `id\u0000${columns.idDocumentNumberIndex}` : null,
    strong.phoneDob ? phoneKey(strong.phoneDob.phone, strong.phoneDob.dateOfBirth) : null,
    strong.emailDob ? emailKey(strong.emailDob.email, strong.emailDob.dateOfBirth) : null,
    columns.phone ? phoneKey(columns.phone, columns.dateOfBirth) : null,
    columns.email ? emailKey(columns.email, columns.dateOfBirth) : null,
  ];
  return [...new Set(keys.filter((k): k is string => k !== null))];
}

const phoneKey = (phone: string, dob: string) => `phone\u0000${phone}\u0000${dob}`;
const emailKey = (email: string, dob: string) => `email\u0000${email}\u0000${dob}`;

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/**
 * The page's external ids this store already links, locking those links. One LATERAL lookup per id
 * on the unique (org, store, external id) index: as a plain `IN (...)` list on a table without
 * statistics the planner read every link of the store instead (see `heldKeys`).
 */
async function linkedExternalIds(tx: Tx, ctx: ApplyContext, page: readonly PosCustomer[]): Promise<Set<string>> {
  const result = await tx.execute<{ external_id: string }>(sql`
    SELECT l.external_id FROM unnest(${textArray(page.map((c) => c.externalId))}::text[]) AS k(external_id)
    CROSS JOIN LATERAL (
      SELECT external_id FROM customer_links
        WHERE org_id = ${ctx.orgId} AND store_id = ${ctx.storeId} AND external_id = k.external_id
      FOR UPDATE
    ) l`);
  return new Set(result.rows.map((r) => r.external_id));
}

/**
 * Which of `keys` live customers of the org hold, in one statement (each key has a unique index).
 * Its plan must not depend on statistics (a first import runs before any ANALYZE) nor grow with the
 * page: each key is one row of `unnest` and one LATERAL lookup on its own index, LIMIT 1 (the index
 * is unique) keeping the lookup from being flattened into a join the planner could hash over the
 * whole organization. Three kinds, three index lookups per key; no OR across them.
 */
async function heldKeys(tx: Tx, orgId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const split = keys.map((key) => key.split('\u0000'));
  const ofKind = (kind: string) => split.filter(([k]) => k === kind);
  const ids = ofKind('id').map(([, v]) => v!);
  const phones = ofKind('phone');
  const emails = ofKind('email');
  const result = await tx.execute<{ kind: string; v: string; dob: string | null }>(sql`
    SELECT 'id' AS kind, c.v, NULL::text AS dob FROM unnest(${textArray(ids)}::text[]) AS k(v)
    CROSS JOIN LATERAL (
      SELECT id_document_number_index AS v FROM customers
        WHERE org_id = ${orgId} AND deleted_at IS NULL AND id_document_number_index = k.v
      LIMIT 1
    ) c
    UNION ALL
    SELECT 'phone', c.v, c.dob::text
      FROM unnest(${textArray(phones.map(([, v]) => v!))}::text[], ${textArray(phones.map(([, , d]) => d!))}::date[]) AS k(v, dob)
    CROSS JOIN LATERAL (
      SELECT phone AS v, date_of_birth AS dob FROM customers
        WHERE org_id = ${orgId} AND deleted_at IS NULL AND phone = k.v AND date_of_birth = k.dob
      LIMIT 1
    ) c
    UNION ALL
    SELECT 'email', c.v, c.dob::text
      FROM unnest(${textArray(emails.map(([, v]) => v!))}::text[], ${textArray(emails.map(([, , d]) => d!))}::date[]) AS k(v, dob)
    CROSS JOIN LATERAL (
      SELECT email AS v, date_of_birth AS dob FROM customers
        WHERE org_id = ${orgId} AND deleted_at IS NULL AND email = k.v AND date_of_birth = k.dob
      LIMIT 1
    ) c`);
  return new Set(
    result.rows.map((r) => (r.dob === null ? `${r.kind}\u0000${r.v}` : `${r.kind}\u0000${r.v}\u0000${r.dob}`)),
  );
}

/** A Postgres array literal of `values`, passed as one parameter (the statement is the same for any page). */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** `createFromPos` and `insertLink` of apply.ts for many records: the same rows, together. */
async function insertTogether(tx: Tx, ctx: ApplyContext, fresh: readonly NewRecord[]): Promise<void> {
  const actor = actorRef(ctx.audit.actor);
  const rows = fresh.map((f) => {
    // A first read: no link, so no base.
    const id = randomUUID();
    // The rows recordConsents would write, recorded at the pass's time (no statement is dated later).
    const statements = consentsFromPos(f.ctx, f.pos, NO_CONSENT, undefined).map((s) =>
      ledgerRow(ctx.orgId, id, s, actor, ctx.now),
    );
    // What recordConsents derives from a ledger holding only these statements (one per channel).
    const consents = structuredClone(NO_CONSENT);
    for (const s of statements) {
      consents[s.channel] = { granted: s.granted, at: s.at.toISOString(), source: s.source };
    }
    return { ...f, id, statements, consents };
  });
  await insertCustomers(
    tx,
    rows.map((r) => ({
      ...r.record.columns,
      id: r.id,
      orgId: ctx.orgId,
      homeStoreId: ctx.storeId,
      consents: r.consents,
    })),
  );
  await recordPosBalances(
    tx,
    rows.flatMap((r) => (r.pos.loyaltyPoints === null ? [] : [balanceRead(ctx, r.id, r.pos.loyaltyPoints)])),
  );
  await appendLedgerRows(
    tx,
    rows.flatMap((r) => r.statements),
  );
  await recordAudit(
    tx,
    ctx.audit,
    rows.map((r) => ({ action: 'create' as const, customerId: r.id, fields: presentFields(r.record.columns) })),
  );
  await enqueueCreatedCustomers(
    tx,
    ctx.orgId,
    rows.map((r) => r.id),
    ctx.storeId,
  );
  await detectSuspectedDuplicatesOf(
    tx,
    ctx.orgId,
    rows.map((r) => r.id),
  );
  await tx.insert(customerLinks).values(
    rows.map((r) => ({
      orgId: ctx.orgId,
      storeId: ctx.storeId,
      customerId: r.id,
      externalId: r.received.externalId,
      ...linkState(r.ctx, r.pos, hashPosCustomer(r.pos)),
      status: settledStatus({ ...ctx, customerId: r.id }),
      lastError: null,
    })),
  );
}
