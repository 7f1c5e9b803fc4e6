/**
 * One pull of one store (DESIGN "Sync", inbound): read the vendor's customers changed since the
 * cursor, page by page; apply each page in one transaction that also advances the cursor and adds
 * the run's counts, so a crash at any point resumes from the last committed page with nothing lost
 * and nothing applied twice. A record that is malformed, or fails to apply, is quarantined with its
 * raw payload and never stops the rest of its page.
 */

import { isDeepStrictEqual } from 'node:util';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { runInOrg } from '../../db/org-scope.ts';
import type { OutboundHttp } from '../../egress/outbound-http.ts';
import type { Logger } from '../../logger.ts';
import type { PosClient, PosPage } from '../../pos/port.ts';
import type { FieldProtection } from '../../privacy/field-protector.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import { clientFor, findIntegration, type IntegrationRow } from '../integrations/integrations.ts';
import type { JobClaim } from '../jobs/job-claim.ts';
import { addStats, EMPTY_STATS, finishRun, type SyncRunRow, startAttempt } from '../jobs/sync-runs.ts';
import { heldFields, type SyncedField } from '../links/synced-fields.ts';
import { customerLinks, type SyncCursorColumn, type SyncRunStatsColumn, storeIntegrations } from '../tables.ts';
import { type ApplyContext, applyInbound } from './apply.ts';
import { unsetConsentOf } from './consents.ts';
import { afterPage, passFor, type SyncPass } from './cursor.ts';
import { type BatchApplied, createNewTogether } from './page-batch.ts';
import { type QuarantineEntry, quarantine } from './quarantine.ts';
import { readAhead } from './read-ahead.ts';

export interface PullDeps {
  db: Db;
  vault: SyncVault;
  protection: FieldProtection;
  logger?: Logger | undefined;
  /** The guarded connector of every POS call (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp | undefined;
  /** Tests give a client with shorter retries; by default the integration's own. */
  clientFor?: (row: IntegrationRow) => Promise<PosClient> | PosClient;
  /**
   * `set-based` (the default): a page's new customers are created together (page-batch.ts),
   * the rest one by one; `per-record`: every record one by one (tests compare the two).
   */
  applyPages?: 'set-based' | 'per-record';
}

/** Another run moved this store's cursor while this one was reading: stop, it is the other's work. */
export class ConcurrentPull extends Error {}

export function syncActor(orgId: string, storeId: string): Actor {
  return { kind: 'system', role: 'system', orgId, name: `sync:store:${storeId}` };
}

/**
 * Runs (or resumes) the pull of `runId`, in its organization (row-level security). Resolves when
 * the pass is complete and the run succeeded; throws the client's `PosError` (the run keeps what
 * was committed) so the job can retry. Under a job `claim`, an attempt whose job was taken away
 * reads no further page and commits nothing more (`ClaimLost`): the run is its retry's.
 */
export function runPull(
  deps: PullDeps,
  job: { orgId: string; runId: string },
  claim?: JobClaim,
): Promise<'done' | 'skipped'> {
  return runInOrg(job.orgId, () => pullRun(deps, job.runId, claim));
}

async function pullRun(deps: PullDeps, runId: string, claim?: JobClaim): Promise<'done' | 'skipped'> {
  const run = await startAttempt(deps.db, runId);
  if (!run) return 'skipped';
  const integration = await findIntegration(deps.db, run.orgId, run.storeId);
  if (!integration) {
    await finishRun(deps.db, run.id, { status: 'failed', error: 'the store has no POS integration' });
    return 'done';
  }
  const client = await (deps.clientFor ?? ((row) => clientFor(deps, row)))(integration);
  const { pass, from } = passFor(integration.cursor, run.mode, new Date());
  let cursor = integration.cursor;

  const pages = claim ? whileHeld(client.listChangedSince(from), claim) : client.listChangedSince(from);
  for await (const page of readAhead(pages)) {
    cursor = await applyPage(
      deps,
      run,
      integration,
      cursor,
      pass,
      page,
      heldFields(client.capabilities),
      unsetConsentOf(client.capabilities),
      claim,
    );
  }

  const notSeen = pass.mode === 'full' ? await countNotSeen(deps.db, run, pass) : null;
  await deps.db.transaction(async (tx) => {
    await claim?.hold(tx);
    await tx
      .update(storeIntegrations)
      .set({ status: 'ok', lastSyncAt: new Date(), lastError: null })
      .where(and(eq(storeIntegrations.orgId, run.orgId), eq(storeIntegrations.storeId, run.storeId)));
    await finishRun(tx, run.id, { status: 'succeeded', notSeen });
  });
  return 'done';
}

/** The vendor's pages, each asked for only while the job is still this attempt's. */
async function* whileHeld<T>(pages: AsyncIterable<T>, claim: JobClaim): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  try {
    for (;;) {
      claim.stopIfLost();
      const result = await iterator.next();
      if (result.done) return;
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function applyPage(
  deps: PullDeps,
  run: SyncRunRow,
  integration: IntegrationRow,
  expected: SyncCursorColumn,
  pass: SyncPass,
  page: PosPage,
  fields: readonly SyncedField[],
  unsetConsent: boolean | null,
  claim: JobClaim | undefined,
): Promise<SyncCursorColumn> {
  const scope = { orgId: run.orgId, storeId: run.storeId, runId: run.id };
  const now = new Date();
  const ctx: ApplyContext = {
    orgId: run.orgId,
    storeId: run.storeId,
    vendor: integration.vendor,
    protector: deps.protection.forOrg(run.orgId),
    vault: deps.vault,
    audit: { actor: syncActor(run.orgId, run.storeId), origin: `sync-run:${run.id}` },
    now,
    fields,
    unsetConsent,
  };
  return deps.db.transaction(async (tx) => {
    // The row lock orders page commits of a store, and the comparison proves no other run moved
    // the cursor since this one read it (pg-boss's singleton key is the first guard, this the second).
    const [locked] = await tx
      .select({ cursor: storeIntegrations.cursor })
      .from(storeIntegrations)
      .where(and(eq(storeIntegrations.orgId, run.orgId), eq(storeIntegrations.storeId, run.storeId)))
      .for('update');
    if (!locked || !isDeepStrictEqual(locked.cursor, expected)) {
      throw new ConcurrentPull("another run advanced this store's cursor");
    }

    const stats: SyncRunStatsColumn = { ...EMPTY_STATS };
    stats.fetched = page.customers.length + page.malformed.length;
    const quarantined: QuarantineEntry[] = page.malformed.map((m) => ({
      externalId: m.externalId,
      reason: m.message,
      raw: m.raw,
    }));
    const together: BatchApplied =
      deps.applyPages === 'per-record'
        ? { created: 0, rest: page.customers }
        : await createNewTogether(tx, ctx, page.customers);
    if (together.failure !== undefined) {
      deps.logger?.warn({ runId: run.id, reason: applyFailure(together.failure) }, 'page applied record by record');
    }
    stats.created += together.created;
    for (const customer of together.rest) {
      try {
        // A savepoint per record: one that fails to apply is rolled back alone.
        const outcome = await tx.transaction((sp) => applyInbound(sp, ctx, customer));
        stats[outcome.kind] += 1;
        stats.conflicts += outcome.conflicts;
      } catch (error) {
        stats.errors += 1;
        quarantined.push({ externalId: customer.externalId, reason: applyFailure(error), raw: customer });
      }
    }
    stats.quarantined = quarantined.length;
    await quarantine(tx, deps.vault, scope, quarantined);
    // Last before the commit, so the job's row is held only briefly (see JobClaim.hold).
    await claim?.hold(tx);

    const next = afterPage(expected, pass, page);
    await tx
      .update(storeIntegrations)
      .set({ cursor: next })
      .where(and(eq(storeIntegrations.orgId, run.orgId), eq(storeIntegrations.storeId, run.storeId)));
    await addStats(tx, run.id, stats);
    return next;
  });
}

/** A reason without values: the database error code, or the error's class. */
function applyFailure(error: unknown): string {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  return typeof code === 'string'
    ? `could not apply (database error ${code})`
    : `could not apply (${(error as Error)?.name ?? 'error'})`;
}

/** Links of the store the full pass did not read: gone at the POS, or not listable there. */
async function countNotSeen(db: Db, run: SyncRunRow, pass: SyncPass): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(customerLinks)
    .where(
      and(
        eq(customerLinks.orgId, run.orgId),
        eq(customerLinks.storeId, run.storeId),
        or(isNull(customerLinks.lastSeenAt), lt(customerLinks.lastSeenAt, new Date(pass.startedAt))),
      ),
    );
  return row?.n ?? 0;
}
