/**
 * Inbound POS webhooks (`POST /webhooks/{vendor}/{storeId}`). None of the five vendors documents a
 * customer webhook or a signature scheme (pos/REFERENCE.md §1.7 Treez, §2.7 Flowhub, §3.7 Cova,
 * §4.7 Dutchie: none found; §5.7 Blaze: webhooks exist, member types and signing unconfirmed), so
 * Patron asks for its own, typically sent through a relay, with the integration's webhook key:
 * `Patron-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>` and, optionally,
 * `X-Patron-Delivery: <the sender's id of this delivery>` (src/pos/README.md, "Webhooks").
 * A call is refused when unsigned or signed otherwise (401), when its timestamp is more than five
 * minutes off either way (401), and when the same signature or delivery id was accepted before
 * (409): a captured call cannot be replayed. The body itself is not trusted or read: a valid call
 * only asks for an incremental pull, which reads the changes from the vendor.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { runInOrg } from '../db/org-scope.ts';
import { Conflict, MalformedRequest, NotFound, Unauthenticated } from '../domain/errors.ts';
import { isUuid } from '../domain/ids.ts';
import type { SyncVault } from '../privacy/vault.ts';
import type { SyncQueue } from '../sync/jobs/pull-requests.ts';
import { storeIntegrations, syncRuns } from '../sync/tables.ts';
import { forgetReceipt, recordReceipt } from './receipts.ts';
import { SIGNATURE_TOLERANCE_SECONDS, type SignatureCheck, verifyTimestamped } from './signature.ts';

export interface InboundWebhookDeps {
  db: Db;
  vault: SyncVault;
  queue: SyncQueue;
}

/** What the route read from the call's headers. */
export interface InboundSignature {
  /** `Patron-Signature`. */
  signature: string | undefined;
  /** `X-Patron-Delivery`. */
  deliveryId: string | undefined;
}

/** Each refusal says what to fix, never which part of a signature was right. */
const REFUSAL: Record<Exclude<SignatureCheck, { ok: true }>['reason'], string> = {
  missing:
    'The webhook is not signed: send Patron-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">.',
  malformed:
    'The webhook signature is not in the form Patron-Signature: t=<unix seconds>,v1=<64 hex digits> (HMAC-SHA256 of "<t>.<raw body>").',
  mismatch: "The webhook signature does not match the body and timestamp signed with this integration's webhook key.",
  'outside-tolerance': `The webhook timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from the current time: sign each call (and each retry) when it is sent.`,
};

/** Visible ASCII, as a header value may carry; long enough for any id scheme. */
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

/** Checks the signature and queues a pull; answers the run that will pick the change up. */
export async function receivePosWebhook(
  deps: InboundWebhookDeps,
  vendor: string,
  storeId: string,
  rawBody: Buffer,
  headers: InboundSignature,
): Promise<{ runId: string }> {
  // One answer for every "not here": an unknown store, another vendor's path, a disabled
  // integration or one without a key, so the route tells a prober nothing about which stores exist.
  const notHere = new NotFound('webhook endpoint');
  if (!isUuid(storeId)) throw notHere;
  const [row] = await deps.db.select().from(storeIntegrations).where(eq(storeIntegrations.storeId, storeId));
  if (!row || row.vendor !== vendor || !row.enabled || !row.webhookSecretEnc) throw notHere;
  const key = deps.vault.open({ orgId: row.orgId, storeId }, 'webhook-secret', row.webhookSecretEnc) as string;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const check = verifyTimestamped(key, rawBody, headers.signature, nowSeconds);
  if (!check.ok) throw new Unauthenticated(REFUSAL[check.reason]);
  const deliveryId = headers.deliveryId?.trim();
  if (deliveryId !== undefined && !DELIVERY_ID.test(deliveryId)) {
    throw new MalformedRequest('X-Patron-Delivery must be 1 to 200 visible ASCII characters.');
  }
  // The caller is the store's POS: what follows runs in the store's organization (row-level security).
  return runInOrg(row.orgId, async () => {
    const receipt = {
      orgId: row.orgId,
      storeId,
      signatureDigest: check.replayKey,
      deliveryId,
      expiresAt: new Date((check.timestamp + SIGNATURE_TOLERANCE_SECONDS) * 1000),
    };
    if (!(await recordReceipt(deps.db, receipt))) {
      throw new Conflict(
        'This webhook was received before (the same signature or X-Patron-Delivery): a copy is refused. A new call is signed with the time it is sent.',
      );
    }
    try {
      return await requestWebhookPull(deps, row.orgId, storeId);
    } catch (error) {
      await forgetReceipt(deps.db, receipt);
      throw error;
    }
  });
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
