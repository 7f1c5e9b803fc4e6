/**
 * Outbound webhook deliveries as a server runs them, for a test app: a pg-boss worker on its
 * database (quick retries) and the outbox dispatcher that queues a delivery per subscription.
 */

import { createSyncVault } from '../../src/privacy/vault.ts';
import { startJobBoss } from '../../src/sync/jobs/queues.ts';
import { startOutboxDispatcher } from '../../src/sync/outbound/dispatcher.ts';
import { webhookChangeConsumer, webhookJobSender, workWebhookDeliveries } from '../../src/webhooks/delivery.ts';
import { TEST_MASTER_KEY, type TestApp } from './test-app.ts';

export interface RunningDeliveries {
  stop(): Promise<void>;
}

/** Starts delivering through the app's own guarded connector; `retryLimit` attempts after the first. */
export async function startWebhookDeliveries(t: TestApp, retryLimit: number): Promise<RunningDeliveries> {
  const boss = await startJobBoss({
    pool: t.database.pool,
    supervise: true,
    webhookRetry: { retryLimit, retryDelay: 1, retryDelayMax: 1 },
  });
  const vault = createSyncVault(TEST_MASTER_KEY);
  await workWebhookDeliveries(boss, { db: t.database.db, vault, timeoutMs: 2_000, outbound: t.outbound });
  const dispatcher = startOutboxDispatcher(
    t.database.db,
    async () => undefined,
    undefined,
    100,
    webhookChangeConsumer(webhookJobSender(async () => boss)),
  );
  return {
    stop: async () => {
      await dispatcher.stop();
      await boss.stop({ graceful: true, timeout: 5_000 });
    },
  };
}
