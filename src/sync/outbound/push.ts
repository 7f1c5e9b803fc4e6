/**
 * One push: make one store's POS hold the customer's current state (DESIGN "Outbound"). A push
 * sends state, not a delta, so repeating it is harmless; it holds a lease on the link so that only
 * one runs per link even across workers. Before writing it reads the POS record: a change made at
 * the POS since Patron last knew is merged in first (field by field), and a POS that already holds
 * the desired values is not written again (a retry after a crash between the vendor call and the
 * commit pushes nothing twice). Creates are not idempotent at any vendor, so a create is preceded by
 * a committed marker and, on a retry that finds it, by a look-up at the POS (creates.ts). Under a job
 * claim, every vendor write is preceded by proof that the job is still this attempt's: a worker that
 * stalled while a retry took its job over writes nothing more to the POS (`JobClaim`).
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { runInOrg } from '../../db/org-scope.ts';
import { customerLinks, customers, type LinkRefusal, syncConflicts } from '../../db/schema.ts';
import type { Tx } from '../../db/tx.ts';
import { isPosError, type PosClient, type PosCustomer, PosNotFound, PosRejected } from '../../pos/port.ts';
import { type ApplyContext, applyInbound } from '../inbound/apply.ts';
import { unsetConsentOf } from '../inbound/consents.ts';
import { syncActor } from '../inbound/pull.ts';
import { clientFor, findIntegration } from '../integrations/integrations.ts';
import { ClaimLost, ensureHeld, type JobClaim, stillHeld } from '../jobs/job-claim.ts';
import type { PushJobData } from '../jobs/queues.ts';
import { openBase, sealBase } from '../links/base.ts';
import { retireAtPos } from '../links/merge-links.ts';
import { keptAtStore } from '../links/profile-trim.ts';
import { settledStatus } from '../links/status.ts';
import {
  hashProjection,
  heldFields,
  holds,
  type Projection,
  posHolds,
  projectLocal,
  projectPos,
  type SyncedField,
  sameProjection,
} from '../links/synced-fields.ts';
import { AlreadyLinkedElsewhere, createAtPos, fullInput } from './creates.ts';
import { propagateErasure } from './erasure-propagation.ts';
import { unmetInSent } from './pos-create-check.ts';
import { updateInput } from './push-input.ts';
import type { CustomerRow, LinkRow, PushDeps } from './push-types.ts';

export type { CustomerRow, LinkRow, PushDeps } from './push-types.ts';

/** Another push of this link holds its lease: retried later by the job queue. */
export class PushBusy extends Error {}

/** `refused`: the vendor refused the data; the link shows why, and the next change of the customer tries again. */
export type PushOutcome =
  | 'created'
  | 'adopted'
  | 'updated'
  | 'unchanged'
  | 'erased'
  | 'retired'
  | 'skipped'
  | 'refused';

const LEASE = '90 seconds';

/** Pushes the customer's state to the store's POS, in the customer's organization (row-level security). */
export function runPush(deps: PushDeps, job: PushJobData, claim?: JobClaim): Promise<PushOutcome[]> {
  return runInOrg(job.orgId, () => pushCustomer(deps, job, claim));
}

async function pushCustomer(deps: PushDeps, job: PushJobData, claim?: JobClaim): Promise<PushOutcome[]> {
  const integration = await findIntegration(deps.db, job.orgId, job.storeId);
  if (!integration?.enabled) return ['skipped'];
  const links = await claimLinks(deps, job);
  if (links === 'busy') throw new PushBusy('another push of this customer to this store is in progress');
  if (links.length === 0) return ['skipped'];
  try {
    const client = await (deps.clientFor ?? ((row) => clientFor(deps, row)))(integration);
    const outcomes: PushOutcome[] = [];
    for (const link of links) {
      try {
        outcomes.push(await pushLink(deps, client, integration.vendor, link, claim));
      } catch (error) {
        // A lost claim: the link and its lease are the retry's now.
        if (!(error instanceof ClaimLost)) await noteFailure(deps, link, error);
        throw error;
      }
    }
    return outcomes;
  } finally {
    await deps.db.transaction(async (tx) => {
      // A lease the retry has taken over is not this attempt's to release.
      if (claim && !(await stillHeld(tx, claim))) return;
      await releasePushLease(tx, job);
    });
  }
}

/**
 * Lets go of the links' lease. Also how the push worker clears the lease of an attempt whose worker
 * died (push-worker.ts), which no `finally` released.
 */
export async function releasePushLease(db: Db | Tx, job: PushJobData): Promise<void> {
  await db
    .update(customerLinks)
    .set({ pushLeaseUntil: null })
    .where(
      and(
        eq(customerLinks.orgId, job.orgId),
        eq(customerLinks.storeId, job.storeId),
        eq(customerLinks.customerId, job.customerId),
      ),
    );
}

async function claimLinks(deps: PushDeps, job: PushJobData): Promise<LinkRow[] | 'busy'> {
  const scope = and(
    eq(customerLinks.orgId, job.orgId),
    eq(customerLinks.storeId, job.storeId),
    eq(customerLinks.customerId, job.customerId),
  );
  const claimed = await deps.db
    .update(customerLinks)
    .set({ pushLeaseUntil: sql`now() + ${LEASE}::interval` })
    .where(and(scope, or(isNull(customerLinks.pushLeaseUntil), lt(customerLinks.pushLeaseUntil, sql`now()`))))
    .returning();
  if (claimed.length > 0) return claimed;
  const [any] = await deps.db.select({ id: customerLinks.id }).from(customerLinks).where(scope).limit(1);
  return any ? 'busy' : [];
}

async function pushLink(
  deps: PushDeps,
  client: PosClient,
  vendor: string,
  link: LinkRow,
  claim: JobClaim | undefined,
): Promise<PushOutcome> {
  const held = await loadCustomer(deps, link);
  if (!held) return 'skipped';
  if (held.deletedAt) {
    // Merged away: its links moved to the survivor, which pushes, except a second record of the
    // person at a store the survivor was linked to already: that one is retired at the POS.
    if (held.mergedIntoId) {
      if (link.retirement !== 'pending') return 'skipped';
      await ensureHeld(deps.db, claim);
      await retireAtPos(deps, client, link);
      return 'retired';
    }
    // Erased: ask the POS to forget.
    await ensureHeld(deps.db, claim);
    await propagateErasure(deps, client, link);
    return 'erased';
  }
  // What the store's data profile does not keep is never sent there.
  const { customer, fields } = await keptAtStore(deps.db, link, held, heldFields(client.capabilities));
  if (link.externalId === null) {
    // What the POS would refuse is not sent (the vendor's declared create requirements).
    const unmet = unmetInSent(vendor, customer);
    if (unmet.length > 0) {
      await recordRefusal(deps, link, projectLocal(customer, fields, deps.protection.forOrg(link.orgId)), {
        message: 'the customer lacks fields this POS needs to create them',
        refusal: { kind: 'invalid', errors: unmet },
      });
      return 'refused';
    }
    const result = await refusable(deps, link, projectLocal(customer, fields, deps.protection.forOrg(link.orgId)), () =>
      createAtPos(deps, client, link, customer, fields, claim),
    );
    if (result === 'refused') return 'refused';
    if (result.kind === 'created') {
      await recordPushed(deps, link, result.pos.externalId, projectPos(result.pos, fields), result.sent, result.pos);
      return 'created';
    }
    // Adopted an existing POS record: from here on it is an ordinary update.
    const adopted = { ...link, externalId: result.pos.externalId };
    const outcome = await updateAtPos(deps, client, vendor, adopted, customer, fields, result.pos, claim);
    return outcome === 'unchanged' ? 'adopted' : outcome;
  }
  return updateAtPos(
    deps,
    client,
    vendor,
    { ...link, externalId: link.externalId },
    customer,
    fields,
    undefined,
    claim,
  );
}

async function updateAtPos(
  deps: PushDeps,
  client: PosClient,
  vendor: string,
  link: LinkRow & { externalId: string },
  customer: CustomerRow,
  fields: readonly SyncedField[],
  read: PosCustomer | undefined,
  claim: JobClaim | undefined,
): Promise<'updated' | 'unchanged' | 'refused'> {
  const base = openBase(deps.vault, link);
  let desired = await desiredFor(deps, link, customer, fields, base);
  if (read === undefined && base && posHolds(base, desired, fields)) {
    await markSynced(deps, link);
    return 'unchanged';
  }
  const pos = read ?? (await client.get(link.externalId));
  const current = projectPos(pos, fields);
  if (base === undefined || !sameProjection(current, base, fields)) {
    // The POS changed since Patron last knew: merge its changes in first, as a pull would.
    customer = (await mergeFromPos(deps, vendor, link, pos, fields, unsetConsentOf(client.capabilities))) ?? customer;
    desired = await desiredFor(deps, link, customer, fields, current);
  }
  if (posHolds(current, desired, fields)) {
    await recordPushed(deps, link, link.externalId, current, desired, pos);
    return 'unchanged';
  }
  const sent = desired;
  const written = await refusable(deps, link, sent, async () => {
    await ensureHeld(deps.db, claim);
    return client.update(link.externalId, updateInput(pos, sent, fields));
  });
  if (written === 'refused') return 'refused';
  await recordPushed(
    deps,
    link,
    link.externalId,
    baseAfterWrite(current, projectPos(written, fields), sent, fields),
    desired,
    written,
  );
  return 'updated';
}

/**
 * What to remember as the POS's values after a write. Where the POS holds what was sent, that. Where
 * it keeps a value in its own form (e.g. an imported phone it could not normalize, rewritten as bare
 * digits), the value from before the write: the next pull then sees the POS's form as a change at
 * the POS and takes it, instead of both sides keeping different spellings of one value for ever.
 */
function baseAfterWrite(before: Projection, after: Projection, sent: Projection, fields: readonly SyncedField[]) {
  const base: Projection = {};
  for (const field of fields) base[field] = holds(field, after[field], sent[field]) ? after[field] : before[field];
  return base;
}

/** The local values to send, except fields with an open conflict at this store: those stay as the POS has them. */
async function desiredFor(
  deps: PushDeps,
  link: LinkRow,
  customer: CustomerRow,
  fields: readonly SyncedField[],
  posValues: Projection | undefined,
): Promise<Projection> {
  const desired = projectLocal(customer, fields, deps.protection.forOrg(link.orgId));
  const open = await deps.db
    .select({ field: syncConflicts.field })
    .from(syncConflicts)
    .where(
      and(
        eq(syncConflicts.orgId, link.orgId),
        eq(syncConflicts.storeId, link.storeId),
        eq(syncConflicts.customerId, link.customerId),
        eq(syncConflicts.status, 'open'),
      ),
    );
  for (const { field: conflicted } of open) {
    // An ID number in conflict keeps the POS's whole document.
    const field = conflicted === 'idDocument.number' ? 'idDocument' : conflicted;
    if (posValues && (fields as readonly string[]).includes(field)) {
      desired[field as SyncedField] = posValues[field as SyncedField] ?? null;
    }
  }
  return desired;
}

async function mergeFromPos(
  deps: PushDeps,
  vendor: string,
  link: LinkRow,
  pos: PosCustomer,
  fields: readonly SyncedField[],
  unsetConsent: boolean | null,
): Promise<CustomerRow | undefined> {
  const ctx: ApplyContext = {
    orgId: link.orgId,
    storeId: link.storeId,
    vendor,
    protector: deps.protection.forOrg(link.orgId),
    vault: deps.vault,
    audit: { actor: syncActor(link.orgId, link.storeId), origin: `sync-push:${link.id}` },
    now: new Date(),
    fields,
    unsetConsent,
  };
  await deps.db.transaction((tx) => applyInbound(tx, ctx, pos));
  return loadCustomer(deps, link);
}

async function loadCustomer(deps: PushDeps, link: LinkRow): Promise<CustomerRow | undefined> {
  const [row] = await deps.db
    .select()
    .from(customers)
    .where(and(eq(customers.orgId, link.orgId), eq(customers.id, link.customerId)));
  return row;
}

async function markSynced(deps: PushDeps, link: LinkRow) {
  await deps.db
    .update(customerLinks)
    .set({ status: settledStatus(link), lastError: null, refusal: null, lastSyncedAt: new Date() })
    .where(
      and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id), eq(customerLinks.status, 'pending')),
    );
}

/** Records what the POS now holds (the base), the hash of what was sent, and the vendor id. */
export async function recordPushed(
  deps: PushDeps,
  link: LinkRow,
  externalId: string,
  holds: Projection,
  sent: Projection,
  pos: PosCustomer,
) {
  const now = new Date();
  try {
    await deps.db
      .update(customerLinks)
      .set({
        externalId,
        status: settledStatus(link),
        lastError: null,
        refusal: null,
        lastSyncedAt: now,
        lastPushedAt: now,
        lastPushedHash: hashProjection(sent),
        posBaseEnc: sealBase(deps.vault, link, holds),
        posUpdatedAt: pos.updatedAt ? new Date(pos.updatedAt) : null,
        pendingCreateAt: null,
        updatedAt: now,
      })
      .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The POS record is already linked to another Patron customer: two local records of one person.
    await deps.db
      .update(customerLinks)
      .set({
        status: 'error',
        lastError: 'the POS customer is already linked to another Patron customer',
        refusal: { kind: 'exists', errors: [] },
        pendingCreateAt: null,
      })
      .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
  }
}

/**
 * Runs a vendor write; a refusal of the data (`PosRejected`) is recorded on the link instead of
 * failing the push: repeating the same write would be refused again, so the job ends here. The hash of
 * what was refused counts as last pushed, so a pull does not ask for the same write again (see
 * `enqueueOutbound` in apply.ts): the next change of the customer, or a link request, does.
 */
async function refusable<T>(
  deps: PushDeps,
  link: LinkRow,
  sent: Projection,
  write: () => Promise<T>,
): Promise<T | 'refused'> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof PosRejected)) throw error;
    await recordRefusal(deps, link, sent, {
      message: describeRefusal(error),
      refusal: { kind: error.alreadyExists ? 'exists' : 'invalid', errors: error.fieldErrors },
    });
    return 'refused';
  }
}

/** The link shows the refusal: `error`, why in words (`lastError`) and by field (`refusal`, for a link request's 422/409). */
async function recordRefusal(
  deps: PushDeps,
  link: LinkRow,
  sent: Projection,
  why: { message: string; refusal: LinkRefusal },
) {
  await deps.db
    .update(customerLinks)
    .set({
      status: 'error',
      lastError: why.message,
      refusal: why.refusal,
      lastPushedHash: hashProjection(sent),
      lastPushedAt: new Date(),
      // Nothing was created: the next attempt need not look for a half-done create.
      pendingCreateAt: null,
      updatedAt: new Date(),
    })
    .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
}

/** Names the fields the vendor objected to (neutral paths), never their values. */
export function describeRefusal(error: PosRejected): string {
  const paths = [...new Set(error.fieldErrors.map((e) => e.path).filter((p) => p.length > 0))];
  const fields = paths.length > 0 ? ` (fields: ${paths.join(', ')})` : '';
  return `the POS refused the customer's data: ${error.message}${fields}`.slice(0, 500);
}

/** Non-personal: the PosError kind and message (vendor and route template), or the error's class. */
export function describePushFailure(error: unknown): string {
  if (isPosError(error)) return `${error.kind}: ${error.message}`.slice(0, 500);
  if (error instanceof PushBusy) return 'another push was in progress';
  if (error instanceof ClaimLost) return 'the job was taken away from this attempt';
  return `internal error (${(error as Error)?.name ?? 'error'})`;
}

async function noteFailure(deps: PushDeps, link: LinkRow, error: unknown) {
  const transient = error instanceof PushBusy || (isPosError(error) ? error.transient : true);
  const gone = error instanceof PosNotFound;
  if (error instanceof AlreadyLinkedElsewhere) {
    await deps.db
      .update(customerLinks)
      .set({
        status: 'error',
        lastError: error.message,
        refusal: { kind: 'exists', errors: [] },
        pendingCreateAt: null,
      })
      .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
    return;
  }
  await deps.db
    .update(customerLinks)
    .set({
      status: transient ? 'pending' : 'error',
      lastError: gone ? 'the POS no longer has this customer' : describePushFailure(error),
    })
    .where(and(eq(customerLinks.orgId, link.orgId), eq(customerLinks.id, link.id)));
}

export { fullInput };
