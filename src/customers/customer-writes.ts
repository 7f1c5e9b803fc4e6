/**
 * Creating and editing customers (POST and PATCH /customers, tags, consent statements): each checks
 * the caller's abilities, the store's data profile and the consent rules, writes through the
 * repository (repository.ts) with its audit rows, consent ledger and change row (changes.ts) in one
 * transaction, and answers a duplicate identity with a 409 naming the customer who holds it. A
 * create at a store whose POS creates customers at once goes through the `homePos` port
 * (customer-deps.ts), which sync implements.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { authorize } from '../auth/abilities.ts';
import { type Actor, actorRef } from '../auth/actor.ts';
import type { Db } from '../db/database.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Tx } from '../db/tx.ts';
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
  PreconditionFailed,
  ValidationFailed,
} from '../domain/errors.ts';
import { isJsonObject } from '../domain/merge-patch.ts';
import { assertSelfEditable } from '../domain/self-edit.ts';
import { normalizeTag } from '../domain/tags.ts';
import { type AuditContext, recordAudit } from '../privacy/audit-log.ts';
import { enqueueCustomerChange } from './changes.ts';
import { type ConsentChannel, type ConsentEntry, type ConsentStatement, recordConsents } from './consents.ts';
import { type CustomerDeps, lookupPolicy } from './customer-deps.ts';
import { present } from './customer-reads.ts';
import { type CustomerRow, changedColumns, toColumns, toCustomer } from './customer-record.ts';
import { assertKeptByProfile, storeOfWrite, type WriteOptions } from './data-profile-check.ts';
import { detectSuspectedDuplicates } from './duplicates.ts';
import { assertIdNumberLookupsLeft, countIdNumberLookup, seesNumbersMasked } from './id-number-lookups.ts';
import { bumpVersion, insertCustomer, loadLive, updateCustomer } from './repository.ts';
import { customers, NO_CONSENT } from './tables.ts';
import { storeTimeZone, todayAt } from './today.ts';

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
  const homePos = await deps.ports.homePos.targetOf(deps.db, actor.orgId, input.homeStoreId);
  if (homePos) deps.ports.homePos.assertCanCreate(homePos, input);

  const columns = toColumns(input, deps.protection.forOrg(actor.orgId));
  try {
    const created = await deps.db.transaction(async (tx) => {
      const row = await insertCustomer(tx, { ...columns, orgId: actor.orgId, consents: NO_CONSENT });
      const customerId = row.id;
      await recordConsents(tx, actor.orgId, customerId, statements, actorRef(actor));
      await recordAudit(tx, ctx, { action: 'create', customerId, fields: providedFields(body) });
      // Before the outbox row, whose dispatch pushes to the customer's links.
      if (homePos) await deps.ports.homePos.link(tx, actor.orgId, customerId, homePos);
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
  await updateCustomer(
    tx,
    actor.orgId,
    current.id,
    changedColumns(customer, changed, deps.protection.forOrg(actor.orgId)),
  );
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
    await updateCustomer(tx, actor.orgId, id, { tags: normalized });
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
    await bumpVersion(tx, actor.orgId, id);
    await recordAudit(tx, ctx, { action: 'consent', customerId: id, fields: [`consents.${request.channel}`] });
    await enqueueCustomerChange(tx, { orgId: actor.orgId, customerId: id, fields: [`consents.${request.channel}`] });
    return entry!;
  });
}

/** A merge patch that sets an ID-document number (not one that removes the document). */
function sendsIdNumber(patch: unknown): boolean {
  if (!isJsonObject(patch) || !isJsonObject(patch.idDocument)) return false;
  const number = patch.idDocument.number;
  return number !== undefined && number !== null;
}

/** The live customer already holding one of these identity keys, as a 409 naming it and the identity that matched. */
export async function duplicateConflict(
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

export async function assertStoreOfOrg(
  db: Db | Tx,
  orgId: string,
  storeId: string | null,
  field: string,
): Promise<void> {
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
