/**
 * The worker side of pulls: takes `sync-pull` jobs and runs them, deciding per failure whether
 * pg-boss should retry (transient vendor faults, database hiccups) or the run ends now (bad
 * credentials, refused data, another pull of the store in progress). Whatever happens, the run and
 * the integration's health say so, without personal data. A worker that dies mid-pull says nothing:
 * its job's heartbeat stops, pg-boss retries it (the run resumes from its last committed page), and
 * when no retry is left the dead-letter worker here ends the run, so it is never left `running`. A
 * worker that was only stalled and wakes after that stops at its next page (`JobClaim`).
 */
import { and, eq } from 'drizzle-orm';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { runInOrg } from '../../db/org-scope.ts';
import { isPosError } from '../../pos/port.ts';
import { ConcurrentPull, type PullDeps, runPull } from '../inbound/pull.ts';
import { storeIntegrations } from '../tables.ts';
import { ClaimLost, jobClaim } from './job-claim.ts';
import { PULL_DEAD_QUEUE, PULL_QUEUE, type PullJobData } from './queues.ts';
import { abandonRun, finishRun, noteRetry } from './sync-runs.ts';

export interface PullWorkerOptions {
  /** Pulls one worker process runs at once (of different stores). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export async function workPulls(boss: PgBoss, deps: PullDeps, options: PullWorkerOptions = {}): Promise<string> {
  await workDeadPulls(boss, deps, options);
  return boss.work<PullJobData>(
    PULL_QUEUE,
    {
      includeMetadata: true,
      localConcurrency: options.concurrency ?? 2,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
    },
    async ([delivered]) => {
      if (!delivered) return;
      // `includeMetadata` above: the retry count and limit are there.
      const job = delivered as JobWithMetadata<PullJobData>;
      const { runId, orgId, storeId } = job.data;
      // The whole attempt, its failure handling included, in the run's organization (row-level security).
      await runInOrg(orgId, async () => {
        try {
          await runPull(deps, job.data, jobClaim(boss, PULL_QUEUE, job));
        } catch (error) {
          if (error instanceof ClaimLost) {
            // A stalled attempt whose job a retry took over: the run and the store are the retry's to tell.
            deps.logger?.warn({ runId, storeId, attempt: job.retryCount }, 'sync pull stopped: its job was taken away');
            throw error;
          }
          const reason = describeFailure(error);
          const final = !retryable(error) || job.retryCount >= job.retryLimit;
          await deps.db
            .update(storeIntegrations)
            .set({ status: 'error', lastError: reason })
            .where(and(eq(storeIntegrations.orgId, orgId), eq(storeIntegrations.storeId, storeId)));
          deps.logger?.warn({ runId, storeId, attempt: job.retryCount, final, reason }, 'sync pull failed');
          if (!final) {
            await noteRetry(deps.db, runId, reason);
            throw error;
          }
          await finishRun(deps.db, runId, { status: 'failed', error: reason });
          // Exhausted retries go on to the dead-letter queue; a permanent failure is simply over.
          if (retryable(error)) throw error;
        }
      });
    },
  );
}

/**
 * Pulls whose retries ran out. One that failed in a handler was ended there already; one whose last
 * worker died (heartbeat lost) was not, and is ended here.
 */
async function workDeadPulls(boss: PgBoss, deps: PullDeps, options: PullWorkerOptions): Promise<string> {
  return boss.work<PullJobData>(
    PULL_DEAD_QUEUE,
    { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const { runId, storeId, orgId } = job.data;
      if (await runInOrg(orgId, () => abandonRun(deps.db, runId, LOST_PULL)))
        deps.logger?.warn({ runId, storeId }, 'sync pull abandoned');
    },
  );
}

const LOST_PULL = 'the worker running this pull stopped, and no retry was left';

function retryable(error: unknown): boolean {
  if (error instanceof ConcurrentPull) return false;
  return isPosError(error) ? error.transient : true;
}

/** Non-personal: PosError messages name vendor, route template and reason code only. */
function describeFailure(error: unknown): string {
  if (isPosError(error)) return `${error.kind}: ${error.message}`;
  if (error instanceof ConcurrentPull) return 'another pull of this store was in progress';
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } })?.cause?.code ?? (error as { code?: unknown })?.code;
  return typeof code === 'string' ? `internal error (database ${code})` : 'internal error';
}
