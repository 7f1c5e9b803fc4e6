/**
 * Inbound POS webhooks (`POST /webhooks/{vendor}/{storeId}`). None of the five vendors documents a
 * customer webhook or a signature scheme (pos/REFERENCE.md §1.7 Treez, §2.7 Flowhub, §3.7 Cova,
 * §4.7 Dutchie: none found; §5.7 Blaze: webhooks exist, member types and signing unconfirmed), so
 * Patron asks for its own: `X-Patron-Signature: sha256=<hex HMAC-SHA256(key, raw body)>` with the
 * integration's webhook key, typically set up through a relay. The body itself is not trusted or
 * read: a valid call only asks for an incremental pull, which reads the changes from the vendor.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import { storeIntegrations, syncRuns } from '../db/schema.ts';
import { NotFound, Unauthenticated } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { SyncQueue } from './sync-queue.ts';
import type { SyncVault } from './sync-vault.ts';
import { verifySignature } from './webhook-signature.ts';

export interface InboundWebhookDeps {
  db: Db;
  vault: SyncVault;
  queue: SyncQueue;
}

/** Checks the signature and queues a pull; answers the run that will pick the change up. */
export async function receivePosWebhook(
  deps: InboundWebhookDeps,
  vendor: string,
  storeId: string,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<{ runId: string }> {
  // One answer for every "not here": an unknown store, another vendor's path, a disabled
  // integration or one without a key, so the route tells a prober nothing about which stores exist.
  const notHere = new NotFound('webhook endpoint');
  if (!isUuid(storeId)) throw notHere;
  const [row] = await deps.db.select().from(storeIntegrations).where(eq(storeIntegrations.storeId, storeId));
  if (!row || row.vendor !== vendor || !row.enabled || !row.webhookSecretEnc) throw notHere;
  const key = deps.vault.open({ orgId: row.orgId, storeId }, 'webhook-secret', row.webhookSecretEnc) as string;
  if (!verifySignature(key, rawBody, signature)) {
    throw new Unauthenticated('The webhook signature is missing or does not match (X-Patron-Signature: sha256=<hex>).');
  }
  // The caller is the store's POS: what follows runs in the store's organization (row-level security).
  return runInOrg(row.orgId, () => requestWebhookPull(deps, row.orgId, storeId));
}

async function requestWebhookPull(
  deps: InboundWebhookDeps,
  orgId: string,
  storeId: string,
): Promise<{ runId: string }> {
  // A burst of webhooks coalesces: a pull still waiting will read every change they announce.
  const [waiting] = await deps.db
    .select({ id: syncRuns.id })
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.storeId, storeId), eq(syncRuns.status, 'queued')))
    .limit(1);
  if (waiting) return { runId: waiting.id };
  const run = await deps.queue.requestPull({ orgId, storeId }, 'incremental', 'webhook');
  return { runId: run.id };
}
