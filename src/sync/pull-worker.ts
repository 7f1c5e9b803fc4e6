/**
 * The worker side of pulls: takes `sync-pull` jobs and runs them, deciding per failure whether
 * pg-boss should retry (transient vendor faults, database hiccups) or the run ends now (bad
 * credentials, refused data, another pull of the store in progress). Whatever happens, the run and
 * the integration's health say so, without personal data.
 */
import { and, eq } from 'drizzle-orm';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { storeIntegrations } from '../db/schema.ts';
import { isPosError } from '../pos/port.ts';
import { ConcurrentPull, type PullDeps, runPull } from './inbound-pull.ts';
import { PULL_QUEUE, type PullJobData } from './job-queue.ts';
import { finishRun, noteRetry } from './sync-runs.ts';

export interface PullWorkerOptions {
  /** Pulls one worker process runs at once (of different stores). */
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export async function workPulls(boss: PgBoss, deps: PullDeps, options: PullWorkerOptions = {}): Promise<string> {
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
      try {
        await runPull(deps, runId);
      } catch (error) {
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
    },
  );
}

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
