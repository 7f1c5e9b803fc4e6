/**
 * The schedule of incremental pulls: every few seconds each worker claims the integrations that are
 * due (moving their next time on by their `pollIntervalSeconds` in the same statement, so with any
 * number of workers one claims each) and queues a pull for each. A store whose pull is still queued
 * or running is skipped, so a slow vendor does not pile pulls up. A run whose worker crashed is not
 * stuck: its job's heartbeat stops and pg-boss retries it (the run resumes), or, with no retry left,
 * the dead-letter worker ends it (pull-worker.ts). `STALE_RUN` is the last resort for a run whose
 * job vanished some other way (e.g. deleted by hand): past it, the run no longer blocks the store.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { runInOrg } from '../../db/org-scope.ts';
import type { Logger } from '../../logger.ts';
import type { SyncQueue } from './pull-requests.ts';

const STALE_RUN = '45 minutes';

export async function queueDuePulls(db: Db, queue: SyncQueue): Promise<number> {
  // The scan spans organizations and reads only store_integrations (no row-level security); each
  // store is then claimed in its own organization's scope, where its runs are visible.
  const due = await db.execute<{ org_id: string; store_id: string }>(sql`
    SELECT org_id, store_id FROM store_integrations WHERE enabled AND next_pull_at <= now()`);
  let queued = 0;
  for (const { org_id: orgId, store_id: storeId } of due.rows) {
    if (await runInOrg(orgId, () => claimDuePull(db, queue, orgId, storeId))) queued++;
  }
  return queued;
}

/** Moves the store's next time on and queues its pull, unless another worker claimed it first. */
async function claimDuePull(db: Db, queue: SyncQueue, orgId: string, storeId: string): Promise<boolean> {
  const claimed = await db.execute(sql`
    UPDATE store_integrations si
       SET next_pull_at = now() + make_interval(secs => si.poll_interval_seconds)
     WHERE si.org_id = ${orgId} AND si.store_id = ${storeId} AND si.enabled AND si.next_pull_at <= now()
       AND NOT EXISTS (
         SELECT 1 FROM sync_runs r
          WHERE r.org_id = si.org_id AND r.store_id = si.store_id
            AND r.status IN ('queued', 'running') AND r.created_at > now() - ${STALE_RUN}::interval)
    RETURNING 1`);
  if (claimed.rows.length === 0) return false;
  await queue.requestPull({ orgId, storeId }, 'incremental', 'schedule');
  return true;
}

/** Runs `queueDuePulls` every `everyMs` until stopped. */
export function startPullScheduler(db: Db, queue: SyncQueue, logger: Logger | undefined, everyMs = 5_000) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = queueDuePulls(db, queue).catch((error: unknown) =>
      logger?.warn({ err: { message: error instanceof Error ? error.message : 'unknown' } }, 'pull scheduler failed'),
    );
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
