/**
 * A store's POS integration (API.md "Stores, integrations, sync"): vendor, sealed credentials,
 * schedule and health. Credentials are validated with the vendor's schema from the registry, sealed
 * at rest, and never answered or logged: answers show `configured: true` and the base URL.
 */
import { and, eq } from 'drizzle-orm';
import { authorize } from '../../auth/abilities.ts';
import type { Actor } from '../../auth/actor.ts';
import { newSecret } from '../../auth/secrets.ts';
import type { Db } from '../../db/database.ts';
import { NotFound, ValidationFailed } from '../../domain/errors.ts';
import { isUuid } from '../../domain/ids.ts';
import { type OutboundHttp, publicOnlyOutbound } from '../../egress/outbound-http.ts';
import type { TargetPolicy } from '../../egress/target-policy.ts';
import type { Logger } from '../../logger.ts';
import { isPosError, type PosClient } from '../../pos/port.ts';
import { posVendor, registeredVendors } from '../../pos/registry.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import { stores } from '../../stores/tables.ts';
import { INITIAL_CURSOR } from '../inbound/cursor.ts';
import { storeIntegrations } from '../tables.ts';

/** The prefix of a generated inbound webhook key (the key is checked by src/webhooks/inbound.ts; sync does not import webhooks). */
const WEBHOOK_SECRET_PREFIX = 'whsec_';

export type IntegrationRow = typeof storeIntegrations.$inferSelect;

export interface IntegrationDeps {
  db: Db;
  vault: SyncVault;
  logger?: Logger | undefined;
  /** The guarded connector of every POS call; public addresses only when absent. */
  outbound?: OutboundHttp | undefined;
}

export interface IntegrationInput {
  vendor: string;
  /** Omitted: keep the stored credentials (same vendor only). */
  credentials?: unknown;
  pollIntervalSeconds: number;
  enabled: boolean;
  /** Key of the inbound webhook signature; omitted keeps the stored one (see `putIntegration`). */
  webhookSecret?: string | undefined;
}

export interface IntegrationView {
  storeId: string;
  vendor: string;
  baseUrl: string;
  configured: true;
  enabled: boolean;
  pollIntervalSeconds: number;
  status: IntegrationRow['status'];
  lastSyncAt: Date | null;
  lastError: string | null;
  cursor: { since: string | null; passInProgress: 'incremental' | 'full' | null };
  webhookConfigured: boolean;
  /** Only in the answer to the PUT that generated it: shown once, never again. */
  webhookSecret?: string;
}

export function integrationView(row: IntegrationRow): IntegrationView {
  return {
    storeId: row.storeId,
    vendor: row.vendor,
    baseUrl: row.baseUrl,
    configured: true,
    enabled: row.enabled,
    pollIntervalSeconds: row.pollIntervalSeconds,
    status: row.status,
    lastSyncAt: row.lastSyncAt,
    lastError: row.lastError,
    cursor: { since: row.cursor.since, passInProgress: row.cursor.pass?.mode ?? null },
    webhookConfigured: row.webhookSecretEnc !== null,
  };
}

export async function putIntegration(
  deps: IntegrationDeps,
  actor: Actor,
  storeId: string,
  input: IntegrationInput,
): Promise<IntegrationView> {
  authorize(actor, 'update', 'integration');
  await assertStore(deps.db, actor.orgId, storeId);
  // The inbound webhook key: the admin may set one (`webhookSecret`); otherwise the first PUT
  // generates one and answers it once, for the admin to paste into the POS's webhook settings.
  let generated: string | undefined;
  if (input.webhookSecret === undefined && !(await findIntegration(deps.db, actor.orgId, storeId))?.webhookSecretEnc) {
    generated = newSecret(WEBHOOK_SECRET_PREFIX);
  }
  const row = await configureIntegration(
    deps,
    { orgId: actor.orgId, storeId },
    generated ? { ...input, webhookSecret: generated } : input,
  );
  return { ...integrationView(row), ...(generated ? { webhookSecret: generated } : {}) };
}

/** Creates or replaces a store's integration; also used by the demo set-up, without an actor. */
export async function configureIntegration(
  deps: IntegrationDeps,
  scope: { orgId: string; storeId: string },
  input: IntegrationInput,
): Promise<IntegrationRow> {
  const vendor = posVendor(input.vendor);
  if (!vendor) {
    throw ValidationFailed.field(
      'vendor',
      `must be one of the supported POS vendors: ${registeredVendors().join(', ')}`,
    );
  }
  const existing = await findIntegration(deps.db, scope.orgId, scope.storeId);
  let credentials: unknown;
  if (input.credentials === undefined) {
    if (!existing || existing.vendor !== input.vendor) {
      throw ValidationFailed.field('credentials', 'are required for a new integration or a change of vendor');
    }
    credentials = deps.vault.open(scope, 'pos-credentials', existing.credentialsEnc);
  } else {
    const parsed = vendor.credentialsSchema.safeParse(input.credentials);
    if (!parsed.success) {
      // Paths and messages only: zod's messages here describe the expected form, never echo the value.
      throw new ValidationFailed(
        parsed.error.issues.map((issue) => ({
          path: ['credentials', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      );
    }
    credentials = parsed.data;
  }
  refuseForbiddenTargets((deps.outbound ?? publicOnlyOutbound()).policy, vendor.targets(credentials));
  const values = {
    vendor: input.vendor,
    credentialsEnc: deps.vault.seal(scope, 'pos-credentials', credentials),
    baseUrl: vendor.describe(credentials).baseUrl,
    enabled: input.enabled,
    pollIntervalSeconds: input.pollIntervalSeconds,
    webhookSecretEnc:
      input.webhookSecret === undefined
        ? (existing?.webhookSecretEnc ?? null)
        : deps.vault.seal(scope, 'webhook-secret', input.webhookSecret),
    updatedAt: new Date(),
  };
  // Another vendor's cursor means nothing to this one. A new address of the same vendor keeps it:
  // that is usually the same POS moved; an admin can still ask for a full resync.
  const resetCursor = existing !== undefined && existing.vendor !== input.vendor;
  const [row] = await deps.db
    .insert(storeIntegrations)
    .values({ ...scope, ...values })
    .onConflictDoUpdate({
      target: [storeIntegrations.orgId, storeIntegrations.storeId],
      set: {
        ...values,
        ...(resetCursor ? { cursor: INITIAL_CURSOR, status: 'never' as const, lastSyncAt: null, lastError: null } : {}),
      },
    })
    .returning();
  return row!;
}

/**
 * A base or token URL that could never be reached (a literal private or metadata address, user:pass@,
 * another scheme) is refused when stored, with a 422; a name is judged at connect time, on what it resolves to.
 */
function refuseForbiddenTargets(policy: TargetPolicy, targets: Record<string, string>): void {
  const errors = Object.entries(targets).flatMap(([field, url]) => {
    const problem = policy.urlProblem(url);
    return problem === null ? [] : [{ path: `credentials.${field}`, message: problem }];
  });
  if (errors.length > 0) throw new ValidationFailed(errors);
}

export async function getIntegration(db: Db, actor: Actor, storeId: string): Promise<IntegrationView> {
  authorize(actor, 'read', 'integration');
  await assertStore(db, actor.orgId, storeId);
  const row = await findIntegration(db, actor.orgId, storeId);
  if (!row) throw new NotFound('integration for this store');
  return integrationView(row);
}

/** Checks the stored credentials against the POS. A failure is an answer (`ok: false`), not an error. */
export async function testIntegration(
  deps: IntegrationDeps,
  actor: Actor,
  storeId: string,
): Promise<{ ok: boolean; detail: string }> {
  authorize(actor, 'update', 'integration');
  await assertStore(deps.db, actor.orgId, storeId);
  const row = await findIntegration(deps.db, actor.orgId, storeId);
  if (!row) throw new NotFound('integration for this store');
  const client = await clientFor(deps, row);
  try {
    await client.testConnection();
    return { ok: true, detail: `Connected to ${row.vendor}: credentials accepted and customers readable.` };
  } catch (error) {
    if (!isPosError(error)) throw error;
    // PosError messages name the vendor, the route template and the reason code: safe to show.
    return { ok: false, detail: `${describeKind(error.kind)} ${error.message}` };
  }
}

function describeKind(kind: string): string {
  switch (kind) {
    case 'auth_failed':
      return 'The POS refused the credentials.';
    case 'rate_limited':
      return 'The POS is rate limiting; try again shortly.';
    case 'unavailable':
      return 'The POS could not be reached.';
    case 'target_refused':
      return 'The POS address is not an allowed outbound target; nothing was sent.';
    default:
      return 'The POS answered unexpectedly.';
  }
}

/** A client for a stored integration, with its store's time zone. */
export async function clientFor(deps: IntegrationDeps, row: IntegrationRow): Promise<PosClient> {
  const [store] = await deps.db
    .select({ timezone: stores.timezone })
    .from(stores)
    .where(and(eq(stores.orgId, row.orgId), eq(stores.id, row.storeId)));
  const vendor = posVendor(row.vendor);
  if (!vendor) throw new Error(`unsupported POS vendor: ${row.vendor}`);
  const credentials = vendor.credentialsSchema.parse(
    deps.vault.open({ orgId: row.orgId, storeId: row.storeId }, 'pos-credentials', row.credentialsEnc),
  );
  return vendor.createClient({
    credentials,
    timeZone: store?.timezone ?? 'UTC',
    outbound: deps.outbound ?? publicOnlyOutbound(),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}

/** Makes the store's integration due now, so the next scheduler tick queues its pull. */
export async function makePullDue(db: Db, orgId: string, storeId: string): Promise<void> {
  await db
    .update(storeIntegrations)
    .set({ nextPullAt: new Date() })
    .where(and(eq(storeIntegrations.orgId, orgId), eq(storeIntegrations.storeId, storeId)));
}

export async function findIntegration(db: Db, orgId: string, storeId: string): Promise<IntegrationRow | undefined> {
  const [row] = await db
    .select()
    .from(storeIntegrations)
    .where(and(eq(storeIntegrations.orgId, orgId), eq(storeIntegrations.storeId, storeId)));
  return row;
}

export async function assertStore(db: Db, orgId: string, storeId: string): Promise<void> {
  if (!isUuid(storeId)) throw new NotFound('store');
  const [row] = await db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.orgId, orgId), eq(stores.id, storeId)));
  if (!row) throw new NotFound('store');
}
