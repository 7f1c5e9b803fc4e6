/**
 * The customers module's one public face: create, read, edit, search, tag, consent, merge and erase
 * customers of the caller's organization. Every function checks the caller's abilities first, scopes
 * every query by organization, and writes its audit record in the same transaction as its change.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { authorize, can } from '../auth/abilities.ts';
import { type Actor, actorRef } from '../auth/actor.ts';
import { forgetCustomer } from '../auth/bearer-cache.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Page, PageRequest } from '../db/keyset.ts';
import {
  type ConsentSource,
  missingWordingProblems,
  serverSetConsentProblems,
  sourceProblem,
  WORDING_REQUIRED,
} from '../domain/consent-statements.ts';
import { applyCustomerPatch } from '../domain/customer-patch.ts';
import type { Customer, CustomerField, NewCustomer } from '../domain/customer-schema.ts';
import { validateNewCustomer } from '../domain/customer-validation.ts';
import {
  Conflict,
  type DuplicateIdentity,
  type FieldError,
  NotFound,
  PreconditionFailed,
  ValidationFailed,
} from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import { isJsonObject } from '../domain/merge-patch.ts';
import { assertSelfEditable } from '../domain/self-edit.ts';
import { normalizeTag } from '../domain/tags.ts';
import { moveKioskOrders } from '../kiosk/customer-orders.ts';
import { balancesOf, moveBalances } from '../loyalty/balances.ts';
import { type AuditContext, type AuditView, auditTrailOf, recordAccess, recordAudit } from '../privacy/audit-log.ts';
import { anonymizeCustomer } from '../privacy/erasure.ts';
import type { FieldProtection } from '../privacy/field-protector.ts';
import type { SyncVault } from '../privacy/vault.ts';
import { type MergedStore, settleLinksOfMerge } from '../sync/links/merge-links.ts';
import { assertHomePosCanCreate, createAtHomePos, linkAtHomePos } from '../sync/outbound/home-store-create.ts';
import { moveAuthorizations } from './authorizations.ts';
import { enqueueCustomerChange } from './changes.ts';
import {
  type ConsentChannel,
  type ConsentEntry,
  type ConsentStatement,
  consentLedgerPage,
  moveConsents,
  NO_CONSENT,
  recordConsents,
} from './consents.ts';
import { type CustomerRow, changedColumns, toColumns, toCustomer } from './customer-record.ts';
import { assertKeptByProfile, storeOfWrite, type WriteOptions } from './data-profile-check.ts';
import { detectSuspectedDuplicates, listSuspectedDuplicates, type SuspectedDuplicate } from './duplicates.ts';
import {
  assertIdNumberLookupsLeft,
  assertIdSearchNamesThePerson,
  countIdNumberLookup,
  DEFAULT_ID_NUMBER_LOOKUP_POLICY,
  type IdNumberLookupPolicy,
  seesNumbersMasked,
} from './id-number-lookups.ts';
import { type CustomerFilters, filterNames, searchCustomers } from './search.ts';
import { customers, suspectedDuplicates } from './tables.ts';
import { storeTimeZone, todayAt } from './today.ts';

export interface CustomerDeps {
  db: Db;
  protection: FieldProtection;
  /** Opens what each POS holds, so a merge can tell the richer of two records at one store (sync/links/merge-links.ts). */
  vault?: SyncVault | undefined;
  /** How often staff may look a customer up by ID number (id-number-lookups.ts); the default otherwise. */
  idNumberLookups?: IdNumberLookupPolicy | undefined;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** `options.atStoreId`: the store where the data is collected, for its data profile (data-profile-check.ts). */
export async function createCustomer(
  deps: CustomerDeps,
  ctx: AuditContext,
  body: unknown,
  options: WriteOptions = {},
): Promise<Customer> {
  const { actor } = ctx;
  authorize(actor, 'create', 'customer');
  const storeForRules = storeOf(actor) ?? homeStoreIn(body);
  const today = await todayAt(deps.db, actor.orgId, storeForRules);
  const speaker = consentSourceOf(actor);
  const input = withConsentProblems(serverSetConsentProblems(consentsIn(body), speaker), () =>
    validateNewCustomer(body, today),
  );
  const statements = consentStatements(input, null, speaker);
  assertWorded(statements);
  // A duplicate by ID number would confirm a masked number: once the budget is spent, 429 whether or not.
  const probesIdNumber = seesNumbersMasked(actor) && Boolean(input.idDocument?.number);
  if (probesIdNumber) await assertIdNumberLookupsLeft(deps.db, lookupPolicy(deps), actor);
  // A kiosk signs customers up at its own store.
  if (actor.kind === 'apiKey' && actor.storeId && !input.homeStoreId) input.homeStoreId = actor.storeId;
  await assertStoreOfOrg(deps.db, actor.orgId, input.homeStoreId, 'homeStoreId');
  await assertKeptByProfile(deps.db, actor.orgId, storeOfWrite(actor, options, input.homeStoreId), input, null);
  // Created in the home store's POS too (the seed's flow): what that POS would refuse is said now.
  const homePos = await createAtHomePos(deps.db, actor.orgId, input.homeStoreId);
  if (homePos) assertHomePosCanCreate(homePos, input);

  const columns = toColumns(input, deps.protection.forOrg(actor.orgId));
  try {
    const created = await deps.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(customers)
        .values({ ...columns, orgId: actor.orgId, consents: NO_CONSENT })
        .returning();
      const row = inserted!;
      const customerId = row.id;
      await recordConsents(tx, actor.orgId, customerId, statements, actorRef(actor));
      await recordAudit(tx, ctx, { action: 'create', customerId, fields: providedFields(body) });
      // Before the outbox row, whose dispatch pushes to the customer's links.
      if (homePos) await linkAtHomePos(tx, actor.orgId, customerId, homePos);
      await enqueueCustomerChange(tx, {
        orgId: actor.orgId,
        customerId,
        event: 'created',
        fields: providedFields(body),
      });
      await detectSuspectedDuplicates(tx, actor.orgId, customerId);
      // Recorded consents changed the row's derived consent state; otherwise it is as inserted.
      return statements.length > 0 ? loadLive(tx, actor.orgId, customerId) : row;
    });
    return present(deps, actor, created);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const conflict = await duplicateConflict(deps.db, actor.orgId, columns);
      if (probesIdNumber && conflict.matchedOn === 'idNumber') {
        await countIdNumberLookup(deps.db, lookupPolicy(deps), actor);
      }
      throw conflict;
    }
    throw error;
  }
}

export async function getCustomer(deps: CustomerDeps, ctx: AuditContext, id: string): Promise<Customer> {
  authorize(ctx.actor, 'read', 'customer', id);
  const row = await readLive(deps.db, ctx.actor.orgId, id);
  recordAccess(deps.db, ctx, { action: 'view', customerId: row.id });
  return present(deps, ctx.actor, row);
}

/** JSON merge patch (RFC 7396) of customer fields; `expectedVersion` from If-Match. */
export async function patchCustomer(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  patch: unknown,
  expectedVersion?: number,
  options: WriteOptions = {},
): Promise<Customer> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customer', id);
  if (actor.kind === 'customer') assertSelfEditable(patch);
  // Sending an ID number answers whether another customer holds it (409), or whether it is this one's.
  if (seesNumbersMasked(actor) && sendsIdNumber(patch)) await countIdNumberLookup(deps.db, lookupPolicy(deps), actor);
  let attempted: NewCustomer | undefined;
  try {
    const row = await deps.db.transaction(async (tx) => {
      // The row lock makes concurrent edits queue up, each applied to the latest version.
      const current = await loadLive(tx, actor.orgId, id, { forUpdate: true });
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new PreconditionFailed(
          `The customer has changed since version ${expectedVersion} (now ${current.version}); reload and try again.`,
        );
      }
      // Loyalty is not patchable: the balances play no part in applying the patch.
      const before = toCustomer(current, deps.protection.forOrg(actor.orgId), true, []);
      const today = await todayAt(deps.db, actor.orgId, storeOf(actor) ?? current.homeStoreId);
      const refused = serverSetConsentProblems(consentsIn(patch), consentSourceOf(actor));
      const { customer, changed } = withConsentProblems(refused, () => applyCustomerPatch(before, patch, today));
      if (changed.length === 0) return current;
      attempted = customer;
      if (changed.includes('homeStoreId')) await assertStoreOfOrg(tx, actor.orgId, customer.homeStoreId, 'homeStoreId');
      const profileStore = storeOfWrite(actor, options, customer.homeStoreId);
      await assertKeptByProfile(tx, actor.orgId, profileStore, customer, current.id, changed);
      await writeChanges(tx, deps, ctx, current, customer, changed);
      return loadLive(tx, actor.orgId, id);
    });
    return present(deps, actor, row);
  } catch (error) {
    if (isUniqueViolation(error) && attempted) {
      throw await duplicateConflict(
        deps.db,
        actor.orgId,
        toColumns(attempted, deps.protection.forOrg(actor.orgId)),
        id,
      );
    }
    throw error;
  }
}

async function writeChanges(
  tx: Tx,
  deps: CustomerDeps,
  ctx: AuditContext,
  current: CustomerRow,
  customer: NewCustomer,
  changed: readonly CustomerField[],
): Promise<void> {
  const { actor } = ctx;
  await tx
    .update(customers)
    .set({
      ...changedColumns(customer, changed, deps.protection.forOrg(actor.orgId)),
      version: sql`${customers.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, current.id)));
  if (changed.includes('consents')) {
    const statements = consentStatements(customer, current.consents, consentSourceOf(actor));
    assertWorded(statements);
    await recordConsents(tx, actor.orgId, current.id, statements, actorRef(actor));
  }
  await recordAudit(tx, ctx, { action: 'update', customerId: current.id, fields: changed });
  await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: current.id, fields: changed });
  await detectSuspectedDuplicates(tx, actor.orgId, current.id);
}

/** Replaces the customer's tags (PUT /customers/{id}/tags). */
export async function setTags(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  tags: readonly string[],
): Promise<Customer> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customer');
  const normalized = [...new Set(tags.map(normalizeTag).filter((t) => t.length > 0))];
  const row = await deps.db.transaction(async (tx) => {
    await loadLive(tx, actor.orgId, id, { forUpdate: true });
    await tx
      .update(customers)
      .set({ tags: normalized, version: sql`${customers.version} + 1`, updatedAt: new Date() })
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, id)));
    await recordAudit(tx, ctx, { action: 'tags', customerId: id, fields: ['tags'] });
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: id, fields: ['tags'] });
    return loadLive(tx, actor.orgId, id);
  });
  return present(deps, actor, row);
}

export interface ConsentRequest {
  channel: ConsentChannel;
  granted: boolean;
  /** Accepted for compatibility when it is the speaker's own source; the server derives it. */
  source?: string | undefined;
  wording?: string | null | undefined;
}

/** Adds a statement to the consent ledger (POST /customers/{id}/consents), dated now, sourced by who speaks. */
export async function addConsent(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  request: ConsentRequest,
): Promise<ConsentEntry> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customer');
  const source = consentSourceOf(actor);
  const statement: ConsentStatement = {
    channel: request.channel,
    granted: request.granted,
    source,
    wording: request.wording ?? null,
  };
  const problems: FieldError[] = [];
  const refusedSource = sourceProblem(request.source, source);
  if (refusedSource) problems.push({ path: 'source', message: refusedSource });
  if (missingWordingProblems([statement]).length > 0) problems.push({ path: 'wording', message: WORDING_REQUIRED });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return deps.db.transaction(async (tx) => {
    await loadLive(tx, actor.orgId, id, { forUpdate: true });
    const [entry] = await recordConsents(tx, actor.orgId, id, [statement], actorRef(actor));
    await tx
      .update(customers)
      .set({ version: sql`${customers.version} + 1`, updatedAt: new Date() })
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, id)));
    await recordAudit(tx, ctx, { action: 'consent', customerId: id, fields: [`consents.${request.channel}`] });
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: id, fields: [`consents.${request.channel}`] });
    return entry!;
  });
}

export async function listConsents(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  page: PageRequest,
): Promise<Page<ConsentEntry>> {
  authorize(ctx.actor, 'read', 'customer');
  const row = await readLive(deps.db, ctx.actor.orgId, id);
  // Recorded once the page was read: a refused request (a cursor this API never gave) viewed nothing.
  const ledger = await consentLedgerPage(deps.db, ctx.actor.orgId, row.id, page);
  recordAccess(deps.db, ctx, { action: 'view', customerId: row.id, fields: ['consents'] });
  return ledger;
}

export async function listCustomers(
  deps: CustomerDeps,
  ctx: AuditContext,
  filters: CustomerFilters,
): Promise<Page<Customer>> {
  authorize(ctx.actor, 'read', 'customer');
  const byIdNumber = filters.idNumber !== undefined;
  const masked = byIdNumber && seesNumbersMasked(ctx.actor);
  if (masked) {
    assertIdSearchNamesThePerson(filters);
    await countIdNumberLookup(deps.db, lookupPolicy(deps), ctx.actor);
  }
  const protector = deps.protection.forOrg(ctx.actor.orgId);
  const page = await searchCustomers(deps.db, ctx.actor.orgId, filters, protector, { qMatchesNamesOnly: masked });
  const fields = filterNames(filters);
  if (byIdNumber) {
    await recordIdNumberSearch(
      deps.db,
      ctx,
      fields,
      page.items.map((row) => row.id),
    );
  } else recordAccess(deps.db, ctx, { action: 'search', customerId: null, fields });
  return { items: await presentAll(deps, ctx.actor, page.items), nextCursor: page.nextCursor };
}

/**
 * Merges `sourceId` into `targetId` (POST /customers/{targetId}/merge): the source's POS links,
 * tags, consent ledger and history move to the target; the source then answers 404. Where both were
 * linked to one store, the survivor keeps the richer POS record and the other is retired at the POS;
 * `mergedAtStores` says, per such store, which record was kept and where the other one stands.
 */
export async function mergeCustomers(
  deps: CustomerDeps,
  ctx: AuditContext,
  targetId: string,
  sourceId: string,
): Promise<Customer & { mergedAtStores: MergedStore[] }> {
  const { actor } = ctx;
  authorize(actor, 'update', 'customerMerge');
  if (targetId === sourceId)
    throw ValidationFailed.field('sourceId', 'must be another customer than the one merged into');
  const row = await deps.db.transaction(async (tx) => {
    // Lock both rows in id order, so two opposite merges cannot deadlock.
    const [first, second] = [targetId, sourceId].sort();
    const locked = [
      await loadLive(tx, actor.orgId, first!, {
        forUpdate: true,
        what: first === sourceId ? 'source customer' : 'customer',
      }),
    ];
    locked.push(
      await loadLive(tx, actor.orgId, second!, {
        forUpdate: true,
        what: second === sourceId ? 'source customer' : 'customer',
      }),
    );
    const target = locked.find((r) => r.id === targetId)!;
    const source = locked.find((r) => r.id === sourceId)!;

    await tx
      .update(customers)
      .set({ deletedAt: new Date(), mergedIntoId: targetId, version: sql`${customers.version} + 1` })
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, sourceId)));
    const settled = await settleLinksOfMerge(tx, deps.vault, { orgId: actor.orgId, targetId, sourceId });
    await moveConsents(tx, actor.orgId, sourceId, targetId);
    await moveAuthorizations(tx, actor.orgId, sourceId, targetId);
    await moveKioskOrders(tx, actor.orgId, sourceId, targetId);
    await moveBalances(tx, actor.orgId, sourceId, targetId, settled.keptFromSource);
    await tx
      .update(customers)
      .set({
        tags: [...new Set([...target.tags, ...source.tags])],
        version: sql`${customers.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, targetId)));
    await tx
      .update(suspectedDuplicates)
      .set({ resolvedAt: new Date() })
      .where(
        and(
          eq(suspectedDuplicates.orgId, actor.orgId),
          eq(suspectedDuplicates.customerA, first!),
          eq(suspectedDuplicates.customerB, second!),
        ),
      );
    await recordAudit(tx, ctx, { action: 'merge', customerId: targetId, fields: ['links', 'tags', 'consents'] });
    await recordAudit(tx, ctx, { action: 'merged_into', customerId: sourceId });
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: targetId, event: 'merged', fields: ['tags'] });
    return { survivor: await loadLive(tx, actor.orgId, targetId), mergedAtStores: settled.stores };
  });
  return { ...(await present(deps, actor, row.survivor)), mergedAtStores: row.mergedAtStores };
}

/** Erasure (DELETE /customers/{id}); what it does to the data is `anonymizeCustomer` (privacy/erasure.ts). */
export async function eraseCustomer(deps: CustomerDeps, ctx: AuditContext, id: string): Promise<{ erasureId: string }> {
  authorize(ctx.actor, 'delete', 'customer', id);
  return eraseConfirmedCustomer(deps, ctx, id);
}

/**
 * The erasure itself, for a caller whose authority was checked another way: a customer's own
 * request confirmed by a second factor (kiosk/second-factor/), which a customer token alone may not do.
 */
export async function eraseConfirmedCustomer(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
): Promise<{ erasureId: string }> {
  const { actor } = ctx;
  const erased = await deps.db.transaction(async (tx) => {
    await loadLive(tx, actor.orgId, id, { forUpdate: true });
    const erasure = await anonymizeCustomer(tx, ctx, id);
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: id, kind: 'erase', fields: [] });
    return erasure;
  });
  // The erased person's customer tokens no longer resolve; this process stops trusting cached ones now.
  forgetCustomer(id);
  return erased;
}

export async function customerAudit(
  deps: CustomerDeps,
  ctx: AuditContext,
  id: string,
  page: PageRequest,
): Promise<Page<AuditView>> {
  authorize(ctx.actor, 'read', 'customerAudit');
  const row = await readLive(deps.db, ctx.actor.orgId, id);
  // The trail of a survivor includes that of every customer merged into it.
  const merged = await deps.db.execute<{ id: string }>(sql`
    WITH RECURSIVE absorbed(id) AS (
      SELECT ${row.id}::uuid
      UNION SELECT c.id FROM customers c JOIN absorbed a ON c.merged_into_id = a.id WHERE c.org_id = ${ctx.actor.orgId}
    ) SELECT id FROM absorbed`);
  return auditTrailOf(
    deps.db,
    ctx.actor.orgId,
    merged.rows.map((r) => r.id),
    page,
  );
}

export async function listDuplicates(
  deps: CustomerDeps,
  ctx: AuditContext,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<SuspectedDuplicate>> {
  authorize(ctx.actor, 'read', 'duplicate');
  return listSuspectedDuplicates(deps.db, ctx.actor.orgId, page);
}

// --- helpers ---------------------------------------------------------------------------------

function lookupPolicy(deps: CustomerDeps): IdNumberLookupPolicy {
  return deps.idNumberLookups ?? DEFAULT_ID_NUMBER_LOOKUP_POLICY;
}

/** A merge patch that sets an ID-document number (not one that removes the document). */
function sendsIdNumber(patch: unknown): boolean {
  if (!isJsonObject(patch) || !isJsonObject(patch.idDocument)) return false;
  const number = patch.idDocument.number;
  return number !== undefined && number !== null;
}

/**
 * A search by ID number is recorded before it answers, not through the batched access queue that
 * a crash may lose: who searched (the actor), that an ID number was searched and with which other
 * filters, never the values; and on the trail of each customer it found, so a manager reading that
 * customer's audit sees who looked them up by number.
 */
async function recordIdNumberSearch(db: Db, ctx: AuditContext, fields: string[], foundIds: string[]): Promise<void> {
  const onTrails = foundIds.map((customerId) => ({ action: 'search' as const, customerId, fields }));
  await recordAudit(db, ctx, [{ action: 'search', customerId: null, fields }, ...onTrails]);
}

async function present(deps: CustomerDeps, actor: Actor, row: CustomerRow): Promise<Customer> {
  return (await presentAll(deps, actor, [row]))[0]!;
}

/** Customers as the API answers them, with their loyalty balances read in one query. */
async function presentAll(deps: CustomerDeps, actor: Actor, rows: readonly CustomerRow[]): Promise<Customer[]> {
  const balances = await balancesOf(
    deps.db,
    actor.orgId,
    rows.map((r) => r.id),
  );
  const protector = deps.protection.forOrg(actor.orgId);
  const fullNumbers = can(actor, 'read', 'customerIdNumbers');
  return rows.map((row) => toCustomer(row, protector, fullNumbers, balances.get(row.id) ?? []));
}

async function loadLive(
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

async function readLive(db: Db, orgId: string, id: string): Promise<CustomerRow> {
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

/** The live customer already holding one of these identity keys, as a 409 naming it and the identity that matched. */
async function duplicateConflict(
  db: Db,
  orgId: string,
  keys: {
    idDocumentNumberIndex?: string | null;
    phone?: string | null;
    email?: string | null;
    dateOfBirth?: string | null;
  },
  exceptId?: string,
): Promise<Conflict> {
  // In the order a person reads them: the ID number is the strongest identity.
  const identities: [DuplicateIdentity, SQL | undefined][] = [
    [
      'idNumber',
      keys.idDocumentNumberIndex ? eq(customers.idDocumentNumberIndex, keys.idDocumentNumberIndex) : undefined,
    ],
    [
      'phone+dateOfBirth',
      keys.phone && keys.dateOfBirth
        ? and(eq(customers.phone, keys.phone), eq(customers.dateOfBirth, keys.dateOfBirth))
        : undefined,
    ],
    [
      'email+dateOfBirth',
      keys.email && keys.dateOfBirth
        ? and(eq(customers.email, keys.email), eq(customers.dateOfBirth, keys.dateOfBirth))
        : undefined,
    ],
  ];
  for (const [identity, match] of identities) {
    if (!match) continue;
    const [found] = await db
      .select({ id: customers.id })
      .from(customers)
      .where(
        and(
          eq(customers.orgId, orgId),
          isNull(customers.deletedAt),
          match,
          exceptId ? sql`${customers.id} <> ${exceptId}::uuid` : undefined,
        ),
      )
      .limit(1);
    if (found) return new Conflict(DUPLICATE_DETAIL[identity], found.id, identity);
  }
  return new Conflict(
    'A customer with the same ID number, phone and date of birth, or email and date of birth already exists.',
  );
}

const DUPLICATE_DETAIL: Record<DuplicateIdentity, string> = {
  idNumber: 'A customer with the same ID number already exists; open that record (duplicateOf) instead.',
  'phone+dateOfBirth':
    'A customer with the same phone and date of birth already exists; open that record (duplicateOf) instead.',
  'email+dateOfBirth':
    'A customer with the same email and date of birth already exists; open that record (duplicateOf) instead.',
};

async function assertStoreOfOrg(db: Db | Tx, orgId: string, storeId: string | null, field: string): Promise<void> {
  if (storeId && (await storeTimeZone(db, orgId, storeId)) === null) {
    throw ValidationFailed.field(field, 'is not a store of this organization');
  }
}

/**
 * Consent statements for the channels whose choice differs from what is held, by `speaker`, dated
 * when recorded: the choice's own `at` and `source` are the held state's (a patch merges onto it) or
 * were refused already (`serverSetConsentProblems`).
 */
function consentStatements(
  customer: NewCustomer,
  held: CustomerRow['consents'] | null,
  speaker: ConsentSource,
): ConsentStatement[] {
  const statements: ConsentStatement[] = [];
  for (const channel of ['sms', 'email'] as const) {
    const choice = customer.consents[channel];
    const before = held?.[channel];
    const unchanged = before ? before.granted === choice.granted : !choice.granted && choice.source === null;
    if (unchanged) continue;
    statements.push({ channel, granted: choice.granted, source: speaker, wording: choice.wording });
  }
  return statements;
}

function assertWorded(statements: readonly ConsentStatement[]): void {
  const problems = missingWordingProblems(statements);
  if (problems.length > 0) throw new ValidationFailed(problems);
}

function consentsIn(body: unknown): unknown {
  return isJsonObject(body) ? body.consents : undefined;
}

/**
 * Runs `validate` and refuses the `consents` problems found before it together with its own (every
 * problem at once); a field refused as the server's is not also reported for its shape.
 */
function withConsentProblems<T>(problems: readonly FieldError[], validate: () => T): T {
  let result: T;
  try {
    result = validate();
  } catch (error) {
    if (!(error instanceof ValidationFailed) || problems.length === 0) throw error;
    const refused = new Set(problems.map((p) => p.path));
    throw new ValidationFailed([...problems, ...error.errors.filter((e) => !refused.has(e.path ?? ''))]);
  }
  if (problems.length > 0) throw new ValidationFailed([...problems]);
  return result;
}

function storeOf(actor: Actor): string | null {
  return actor.kind === 'apiKey' ? actor.storeId : null;
}

function homeStoreIn(body: unknown): string | null {
  const value = (body as { homeStoreId?: unknown } | null)?.homeStoreId;
  return typeof value === 'string' ? value : null;
}

/**
 * Who is speaking, as the source of their consent statements: a customer token speaks for the
 * customer (though it comes from a kiosk), a key for its role, a user of any role for staff, and
 * Patron's own background work only for a store's POS.
 */
export function consentSourceOf(actor: Actor): ConsentSource {
  switch (actor.kind) {
    case 'customer':
      return 'customer';
    case 'apiKey':
      return actor.role;
    case 'user':
      return 'staff';
    case 'system':
      return 'pos';
  }
}

function providedFields(body: unknown): string[] {
  return body && typeof body === 'object' ? Object.keys(body) : [];
}
