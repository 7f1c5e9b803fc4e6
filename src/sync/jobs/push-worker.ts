/**
 * The worker side of pushes: takes `sync-push` jobs and runs them. Transient vendor faults, a busy
 * link and database hiccups are retried by pg-boss with backoff; a refusal (bad credentials, data the
 * vendor rejects, a customer gone at the POS) ends the job, and the link shows why. A worker that
 * dies mid-push is found by its job's silent heartbeat and the push retried (see `JobLiveness`); one
 * that only stalled meanwhile writes nothing more to the POS once it wakes (`JobClaim`).
 */
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { runInOrg } from '../../db/org-scope.ts';
import { isPosError } from '../../pos/port.ts';
import { AlreadyLinkedElsewhere } from '../outbound/creates.ts';
import { describePushFailure, releasePushLease, runPush } from '../outbound/push.ts';
import type { PushDeps } from '../outbound/types.ts';
import { ClaimLost, jobClaim } from './job-claim.ts';
import { PUSH_QUEUE, type PushJobData } from './queues.ts';

export interface PushWorkerOptions {
  concurrency?: number;
  /** pg-boss's floor is 0.5 s: with the outbox dispatcher's 0.2 s, a change reaches the POS in about a second. */
  pollingIntervalSeconds?: number;
}

export async function workPushes(boss: PgBoss, deps: PushDeps, options: PushWorkerOptions = {}): Promise<string> {
  return boss.work<PushJobData>(
    PUSH_QUEUE,
    {
      includeMetadata: true,
      localConcurrency: options.concurrency ?? 4,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
    async ([delivered]) => {
      if (!delivered) return;
      const job = delivered as JobWithMetadata<PushJobData>;
      // A retry starts only once the previous attempt ended or pg-boss declared it lost (its heartbeat
      // stopped), and the `stately` policy lets no other push of the pair be active: a lease still on
      // the links is that attempt's, which a killed worker never released, and would hold this one
      // back for the rest of its 90 s. Safe to push again: a push reads the POS before it writes, and
      // a create the crash interrupted is found through its pending-create marker (creates.ts).
      // In the customer's organization, like runPush (row-level security).
      if (job.retryCount > 0) await runInOrg(job.data.orgId, () => releasePushLease(deps.db, job.data));
      try {
        await runPush(deps, job.data, jobClaim(boss, PUSH_QUEUE, job));
      } catch (error) {
        if (error instanceof ClaimLost) {
          // A stalled attempt whose job a retry took over: it wrote nothing since, and leaves the rest to it.
          deps.logger?.warn(
            { storeId: job.data.storeId, attempt: job.retryCount },
            'sync push stopped: its job was taken away',
          );
          throw error;
        }
        const retry = retryable(error);
        deps.logger?.warn(
          { storeId: job.data.storeId, attempt: job.retryCount, retry, reason: describePushFailure(error) },
          'sync push failed',
        );
        if (retry) throw error;
      }
    },
  );
}

function retryable(error: unknown): boolean {
  if (error instanceof AlreadyLinkedElsewhere) return false;
  return isPosError(error) ? error.transient : true;
}
