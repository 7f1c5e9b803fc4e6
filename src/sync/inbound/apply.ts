/**
 * Applies one vendor record inside the page's transaction: finds who it is (identity-resolution.ts),
 * creates, links or updates the customer with audit rows and consent statements, keeps the store's
 * loyalty balance (loyalty/balances.ts), keeps conflicts,
 * flags suspected duplicates, and records on the link what was read (hash, issues, times) so that
 * an identical re-read is `unchanged`.
 */
import { and, eq } from 'drizzle-orm';
import { actorRef } from '../../auth/actor.ts';
import { enqueueCustomerChange } from '../../customers/changes.ts';
import { recordConsents } from '../../customers/consents.ts';
import type { CustomerRow } from '../../customers/customer-record.ts';
import { detectSuspectedDuplicates, flagSuspectedDuplicate } from '../../customers/duplicates.ts';
import { insertCustomer, updateCustomer } from '../../customers/repository.ts';
import { customers, NO_CONSENT } from '../../customers/tables.ts';
import type { Tx } from '../../db/tx.ts';
import { type PosBalanceRead, recordPosBalances } from '../../loyalty/balances.ts';
import type { PosCustomer } from '../../pos/port.ts';
import { type AuditContext, recordAudit } from '../../privacy/audit-log.ts';
import type { FieldProtector } from '../../privacy/field-protector.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import { openBase, sealBase } from '../links/base.ts';
import { recordConflicts } from '../links/conflicts.ts';
import { hashPosCustomer } from '../links/pos-hash.ts';
import { trimToStoreProfile } from '../links/profile-trim.ts';
import { settledStatus, statusAfterPull } from '../links/status.ts';
import {
  hashProjection,
  type Projection,
  projectLocal,
  projectPos,
  type SyncedField,
  sameProjection,
} from '../links/synced-fields.ts';
import { customerLinks } from '../tables.ts';
import { type InboundConflict, inboundChanges } from './changes.ts';
import { type InboundColumns, inboundColumns } from './columns.ts';
import { consentStatementsFromPos } from './consents.ts';
import { collidingIdentityKeys, findLink, resolveIdentity } from './identity-resolution.ts';

export interface ApplyContext {
  orgId: string;
  storeId: string;
  vendor: string;
  protector: FieldProtector;
  vault: SyncVault;
  /** The system actor of this store's sync, and the run as origin. */
  audit: AuditContext;
  now: Date;
  /** Synced fields the vendor holds (`heldFields(client.capabilities)`). */
  fields: readonly SyncedField[];
  /** What the vendor's consent flags read as for a customer nobody asked (`capabilities.unsetConsent`). */
  unsetConsent: boolean | null;
}

export type ApplyOutcome = { kind: 'created' | 'linked' | 'updated' | 'unchanged'; conflicts: number };

export async function applyInbound(tx: Tx, pageCtx: ApplyContext, received: PosCustomer): Promise<ApplyOutcome> {
  // What the store's data profile does not keep never goes further; the hash is of what is kept, so
  // a profile that keeps more later takes the fields in on the next pull.
  const { pos, ctx } = await trimToStoreProfile(tx, pageCtx, received);
  const hash = hashPosCustomer(pos);
  const link = await findLink(tx, ctx.orgId, ctx.storeId, pos.externalId);
  if (link && link.lastPulledHash === hash) {
    await markSeen(tx, ctx, link);
    return { kind: 'unchanged', conflicts: 0 };
  }
  const record = inboundColumns(pos, ctx.protector);

  if (link) {
    const current = await lockCustomer(tx, ctx.orgId, link.customerId);
    // An erased customer stays erased: the link is a tombstone that keeps a pull from re-creating them.
    if (!current || current.deletedAt) {
      await markLink(tx, ctx, link, pos, hash);
      return { kind: 'unchanged', conflicts: 0 };
    }
    const base = openBase(ctx.vault, link);
    const changed = await updateFromPos(tx, ctx, current, pos, record, [], {
      base,
      lastPushedHash: link.lastPushedHash,
    });
    await recordBalance(tx, ctx, current.id, pos);
    await markLink(tx, ctx, link, pos, hash, base);
    return { kind: changed.fields.length > 0 ? 'updated' : 'unchanged', conflicts: changed.conflicts };
  }

  const match = await resolveIdentity(tx, ctx.orgId, record);
  // A customer holds one link per store: a second record of them at the same POS (a duplicate made
  // at the register) comes in as a customer of its own, flagged as a suspected duplicate; merging the
  // two then retires one of the records at the POS (merge-links.ts).
  if (match && !(await linkedAtStore(tx, ctx, match.customerId))) {
    const current = (await lockCustomer(tx, ctx.orgId, match.customerId))!;
    const changed = await updateFromPos(tx, ctx, current, pos, record, ['links'], {
      base: undefined,
      lastPushedHash: null,
    });
    await recordBalance(tx, ctx, match.customerId, pos);
    await insertLink(tx, ctx, match.customerId, pos, hash);
    return { kind: 'linked', conflicts: changed.conflicts };
  }

  const customerId = await createFromPos(tx, ctx, pos, record.columns);
  if (match) await flagSuspectedDuplicate(tx, ctx.orgId, [match.customerId, customerId.id], 'same_person_at_one_pos');
  await recordBalance(tx, ctx, customerId.id, pos);
  await insertLink(tx, ctx, customerId.id, pos, hash);
  return { kind: 'created', conflicts: customerId.conflicts };
}

async function linkedAtStore(tx: Tx, ctx: ApplyContext, customerId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: customerLinks.id })
    .from(customerLinks)
    .where(
      and(
        eq(customerLinks.orgId, ctx.orgId),
        eq(customerLinks.storeId, ctx.storeId),
        eq(customerLinks.customerId, customerId),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * The store's loyalty balance as the POS reports it, apart from the customer row: a balance is no
 * edit of the customer (no version, audit or outbox event), and an equal one writes nothing.
 */
async function recordBalance(tx: Tx, ctx: ApplyContext, customerId: string, pos: PosCustomer) {
  if (pos.loyaltyPoints === null) return;
  await recordPosBalances(tx, [balanceRead(ctx, customerId, pos.loyaltyPoints)]);
}

export function balanceRead(ctx: ApplyContext, customerId: string, points: number): PosBalanceRead {
  return { orgId: ctx.orgId, customerId, storeId: ctx.storeId, vendor: ctx.vendor, points, readAt: ctx.now };
}

async function lockCustomer(tx: Tx, orgId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await tx
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, id)))
    .for('update');
  return row;
}

async function createFromPos(
  tx: Tx,
  ctx: ApplyContext,
  pos: PosCustomer,
  columns: InboundColumns,
): Promise<{ id: string; conflicts: number }> {
  const { values, conflicts } = await withoutCollidingKeys(tx, ctx, columns, null);
  const { id } = await insertCustomer(tx, {
    ...values,
    orgId: ctx.orgId,
    homeStoreId: ctx.storeId,
    consents: NO_CONSENT,
  });
  await recordConsents(tx, ctx.orgId, id, consentsFromPos(ctx, pos, NO_CONSENT, undefined), actorRef(ctx.audit.actor));
  await recordAudit(tx, ctx.audit, { action: 'create', customerId: id, fields: presentFields(values) });
  // For webhook subscribers (`customer.created`); the store it came from is not pushed to.
  await enqueueCustomerChange(tx, {
    orgId: ctx.orgId,
    customerId: id,
    event: 'created',
    fields: [],
    originStoreId: ctx.storeId,
  });
  await recordConflicts(tx, ctx.vault, ctx, id, conflicts);
  await detectSuspectedDuplicates(tx, ctx.orgId, id);
  return { id, conflicts: conflicts.length };
}

async function updateFromPos(
  tx: Tx,
  ctx: ApplyContext,
  current: CustomerRow,
  pos: PosCustomer,
  record: ReturnType<typeof inboundColumns>,
  alsoChanged: string[],
  known: { base: Projection | undefined; lastPushedHash: string | null },
): Promise<{ fields: string[]; conflicts: number }> {
  const changes = inboundChanges(current, pos, record, ctx.protector, {
    held: ctx.fields,
    base: known.base,
    now: ctx.now,
  });
  const checked = await withoutCollidingKeys(
    tx,
    ctx,
    { ...changes.set, dateOfBirth: changes.set.dateOfBirth ?? current.dateOfBirth ?? '' },
    current.id,
    current,
  );
  const set = Object.fromEntries(
    Object.entries(checked.values).filter(([key]) => key in changes.set),
  ) as Partial<InboundColumns>;
  const fields = changes.fields.filter((field) => !checked.dropped.includes(field));
  const statements = consentsFromPos(ctx, pos, current.consents, known.base);
  if (statements.length > 0) {
    await recordConsents(tx, ctx.orgId, current.id, statements, actorRef(ctx.audit.actor));
    for (const s of statements) fields.push(`consents.${s.channel}`);
  }
  if (fields.length > 0 || alsoChanged.length > 0) {
    await updateCustomer(tx, ctx.orgId, current.id, set, ctx.now);
    await recordAudit(tx, ctx.audit, { action: 'update', customerId: current.id, fields: [...alsoChanged, ...fields] });
  }
  const conflicts = [...changes.conflicts, ...checked.conflicts];
  await recordConflicts(tx, ctx.vault, ctx, current.id, conflicts);
  await enqueueOutbound(tx, ctx, current, set, fields, changes.keptLocal, pos, known.lastPushedHash);
  if (fields.some((f) => ['phone', 'email', 'firstName', 'lastName', 'dateOfBirth'].includes(f))) {
    await detectSuspectedDuplicates(tx, ctx.orgId, current.id);
  }
  return { fields, conflicts: conflicts.length };
}

/**
 * Leaves off identity keys another customer holds (see `collidingIdentityKeys`), keeping each as a
 * conflict with the value the POS sent, so the write succeeds and nothing is merged by accident.
 */
async function withoutCollidingKeys<T extends Partial<InboundColumns> & { dateOfBirth: string }>(
  tx: Tx,
  ctx: ApplyContext,
  values: T,
  customerId: string | null,
  current?: CustomerRow,
): Promise<{ values: T; conflicts: InboundConflict[]; dropped: string[] }> {
  const collisions = await collidingIdentityKeys(tx, ctx.orgId, values, customerId);
  const out = { ...values };
  const conflicts: InboundConflict[] = [];
  const dropped: string[] = [];
  for (const { field } of collisions) {
    if (field === 'phone') {
      conflicts.push({ field, local: current?.phone ?? null, pos: values.phone ?? null });
      if (current) delete out.phone;
      else out.phone = null;
      dropped.push('phone');
    } else if (field === 'email') {
      conflicts.push({ field, local: current?.email ?? null, pos: values.email ?? null });
      if (current) delete out.email;
      else out.email = null;
      dropped.push('email');
    } else {
      conflicts.push({ field, local: null, pos: null });
      for (const key of ['idDocumentNumberEnc', 'idDocumentNumberIndex', 'idDocumentType'] as const) {
        if (current) delete out[key];
        else out[key] = null;
      }
      dropped.push('idDocument');
    }
  }
  return { values: out, conflicts, dropped };
}

async function insertLink(tx: Tx, ctx: ApplyContext, customerId: string, pos: PosCustomer, hash: string) {
  await tx.insert(customerLinks).values({
    orgId: ctx.orgId,
    storeId: ctx.storeId,
    customerId,
    externalId: pos.externalId,
    ...linkState(ctx, pos, hash),
    status: settledStatus({ ...ctx, customerId }),
    lastError: null,
  });
}

/**
 * The POS record as last read: only when it was seen (for a full resync's count of missing records)
 * and the status a pull settles; its base, hash and issues are what they were, and are not rewritten.
 */
async function markSeen(tx: Tx, ctx: ApplyContext, link: { id: string; customerId: string }) {
  await tx
    .update(customerLinks)
    .set({
      lastSyncedAt: ctx.now,
      lastSeenAt: ctx.now,
      ...statusAfterPull({ ...ctx, customerId: link.customerId }),
      updatedAt: ctx.now,
    })
    .where(and(eq(customerLinks.orgId, ctx.orgId), eq(customerLinks.id, link.id)));
}

async function markLink(
  tx: Tx,
  ctx: ApplyContext,
  link: { id: string; customerId: string },
  pos: PosCustomer,
  hash: string,
  base?: Projection,
) {
  const state = linkState(ctx, pos, hash);
  // A base the POS still holds as it was is not sealed again (a new ciphertext of the same values).
  const { posBaseEnc, ...rest } = state;
  const sameBase = base !== undefined && sameProjection(base, projectPos(pos, ctx.fields), ctx.fields);
  await tx
    .update(customerLinks)
    .set({
      ...(sameBase ? rest : { ...rest, posBaseEnc }),
      ...statusAfterPull({ ...ctx, customerId: link.customerId }),
      updatedAt: ctx.now,
    })
    .where(and(eq(customerLinks.orgId, ctx.orgId), eq(customerLinks.id, link.id)));
}

/**
 * What this change means for the POSes and webhook subscribers (a `customer.updated` event): fields
 * taken from this store go to the customer's other stores (not back here: echo suppression); a local
 * value that won here goes back here too, unless it is exactly what was last pushed here (the POS
 * cannot hold it as sent, or refused it: pushing again would loop). Our own echo changes no field
 * and so says nothing.
 */
async function enqueueOutbound(
  tx: Tx,
  ctx: ApplyContext,
  current: CustomerRow,
  set: Partial<InboundColumns>,
  fields: string[],
  keptLocal: readonly SyncedField[],
  pos: PosCustomer,
  lastPushedHash: string | null,
) {
  const after = { ...current, ...set } as CustomerRow;
  const correctHere =
    keptLocal.length > 0 && hashProjection(projectLocal(after, ctx.fields, ctx.protector)) !== lastPushedHash;
  if (fields.length === 0 && !correctHere) return;
  await enqueueCustomerChange(tx, {
    orgId: ctx.orgId,
    customerId: current.id,
    fields,
    at: pos.updatedAt ? new Date(pos.updatedAt) : ctx.now,
    originStoreId: correctHere ? null : ctx.storeId,
  });
}

export function linkState(ctx: ApplyContext, pos: PosCustomer, hash: string) {
  return {
    posBaseEnc: sealBase(ctx.vault, ctx, projectPos(pos, ctx.fields)),
    lastSyncedAt: ctx.now,
    lastSeenAt: ctx.now,
    lastPulledHash: hash,
    posUpdatedAt: pos.updatedAt ? new Date(pos.updatedAt) : null,
    // Field and problem only: the raw value is personal data and stays in the customer row.
    issues: pos.issues.map((issue) => ({ field: issue.field, problem: issue.problem })),
  };
}

/**
 * The POS's consent statements for the channels it holds (consents.ts), against what that
 * POS said before (`base`): Treez's one marketing flag reads back on both channels, but it says
 * nothing about email consent.
 */
export function consentsFromPos(
  ctx: ApplyContext,
  pos: PosCustomer,
  held: CustomerRow['consents'],
  base: Projection | undefined,
) {
  const said = { vendor: ctx.vendor, base, unsetConsent: ctx.unsetConsent, now: ctx.now };
  return consentStatementsFromPos(pos, held, said).filter((s) =>
    (ctx.fields as readonly string[]).includes(`consents.${s.channel}`),
  );
}

export function presentFields(values: Partial<InboundColumns>): string[] {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k)
    .filter((k) => !k.endsWith('Index') && k !== 'nameKey');
}
