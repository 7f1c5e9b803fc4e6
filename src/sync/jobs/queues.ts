/**
 * pg-boss on Patron's own PostgreSQL, in its own schema (`pgboss`), and the sync queues on it.
 * Pulls go to `sync-pull` under the `singleton` policy keyed by store: the database itself refuses a
 * second active pull of the same store, however many workers run. A pull that still fails after its
 * retries (exponential backoff with jitter) lands in `sync-pull-dead`, and its run shows `failed`.
 */

import type pg from 'pg';
import { PgBoss } from 'pg-boss';
import { APPLICATION_ROLE } from '../../db/app-login.ts';
import type { Logger } from '../../logger.ts';

export const JOB_SCHEMA = 'pgboss';
export const PULL_QUEUE = 'sync-pull';
export const PULL_DEAD_QUEUE = 'sync-pull-dead';
/**
 * Pushes of one customer to one store, `stately` keyed by store and customer: at most one running
 * and one waiting per pair, so a change is never pushed twice at once, and changes made while a
 * push runs are taken by the one waiting (a push sends the customer's state, not a delta).
 */
export const PUSH_QUEUE = 'sync-push';
export const PUSH_DEAD_QUEUE = 'sync-push-dead';

export interface PushJobData {
  orgId: string;
  storeId: string;
  customerId: string;
}

export function pushKey(data: PushJobData): string {
  return `${data.storeId}:${data.customerId}`;
}

/** Pushes retry sooner than pulls: a waiting change should reach the POS soon after it recovers. */
export const PUSH_RETRY: RetryPolicy = { retryLimit: 8, retryDelay: 1, retryDelayMax: 60 };

/**
 * Outbound webhook deliveries, one job per delivery row (`webhook_deliveries`). Bounded retries with
 * exponential backoff: about 1 + 2 + 4 ... minutes up to an hour, then the delivery shows `failed`.
 */
export const WEBHOOK_QUEUE = 'webhook-delivery';
export const WEBHOOK_DEAD_QUEUE = 'webhook-delivery-dead';
export const WEBHOOK_RETRY: RetryPolicy = { retryLimit: 7, retryDelay: 60, retryDelayMax: 3600 };

export interface WebhookJobData {
  deliveryId: string;
  /** The delivery's organization: the worker reads the row in its scope (row-level security). */
  orgId: string;
}

export interface PullJobData {
  runId: string;
  orgId: string;
  storeId: string;
}

export interface RetryPolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) each time. */
  retryDelay: number;
  retryDelayMax: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryLimit: 4, retryDelay: 5, retryDelayMax: 300 };

/**
 * How the queue notices a worker that died in the middle of a pull or a push (SIGKILL, out of memory,
 * a lost host): the worker touches each job it runs every `heartbeatSeconds / 2` (a timer, not per
 * page, so a slow vendor page does not matter), and a supervisor looking every `monitorSeconds` fails
 * a job silent for `heartbeatSeconds`, which pg-boss then retries like any failure. A retried pull
 * resumes its run from the last committed page; a retried push finds what the lost one did at the POS.
 * A crash is so retried within `heartbeatSeconds + monitorSeconds` plus the retry delay.
 */
export interface JobLiveness {
  /** pg-boss's floor is 10. */
  heartbeatSeconds: number;
  monitorSeconds: number;
}

export const DEFAULT_LIVENESS: JobLiveness = { heartbeatSeconds: 30, monitorSeconds: 15 };

export interface JobBossOptions {
  pool: pg.Pool;
  logger?: Logger | undefined;
  /**
   * Only workers supervise queues, run maintenance and set the queues' settings (retries, liveness);
   * an API process creates a missing queue and otherwise just sends.
   */
  supervise: boolean;
  liveness?: JobLiveness;
  retry?: RetryPolicy;
  pushRetry?: RetryPolicy;
  webhookRetry?: RetryPolicy;
}

/** A retry policy as pg-boss queue options: exponential backoff (with jitter) up to the policy's cap. */
function withBackoff(policy: RetryPolicy) {
  return {
    retryLimit: policy.retryLimit,
    retryDelay: policy.retryDelay,
    retryBackoff: true,
    retryDelayMax: policy.retryDelayMax,
  };
}

/** Starts pg-boss on the pool (installing or migrating its schema) and makes sure the queues exist. */
export async function startJobBoss(options: JobBossOptions): Promise<PgBoss> {
  const liveness = options.liveness ?? DEFAULT_LIVENESS;
  const boss = new PgBoss({
    db: { executeSql: async (text, values) => options.pool.query(text, values as unknown[]) },
    schema: JOB_SCHEMA,
    supervise: options.supervise,
    // The supervisor's pass needs both timers, so both at the liveness pace.
    superviseIntervalSeconds: liveness.monitorSeconds,
    monitorIntervalSeconds: liveness.monitorSeconds,
    schedule: false,
  });
  // Errors here are pg-boss's own housekeeping; they carry SQL, never customer data.
  boss.on('error', (error: Error) => options.logger?.warn({ err: { message: error.message } }, 'job queue error'));
  await boss.start();
  const ensureQueue = (name: string, queue: QueueOptions) => ensureQueueOn(boss, options.supervise, name, queue);
  const retry = options.retry ?? DEFAULT_RETRY;
  await ensureQueue(PULL_DEAD_QUEUE, { policy: 'standard' });
  await ensureQueue(PULL_QUEUE, {
    policy: 'singleton',
    ...withBackoff(retry),
    heartbeatSeconds: liveness.heartbeatSeconds,
    // A crashed worker is found by its silent heartbeat; this only bounds a pull that hangs while its
    // worker lives (a first pull of a large store takes tens of minutes at a vendor's rate limit).
    expireInSeconds: 2 * 60 * 60,
    deadLetter: PULL_DEAD_QUEUE,
  });
  const pushRetry = options.pushRetry ?? PUSH_RETRY;
  await ensureQueue(PUSH_DEAD_QUEUE, { policy: 'standard' });
  await ensureQueue(PUSH_QUEUE, {
    policy: 'stately',
    ...withBackoff(pushRetry),
    heartbeatSeconds: liveness.heartbeatSeconds,
    // A push is a few vendor calls; one still active after this is taken as hung, and retried.
    expireInSeconds: 120,
    deadLetter: PUSH_DEAD_QUEUE,
  });
  for (const queue of [PULL_QUEUE, PUSH_QUEUE]) await letApplicationHoldJobs(options.pool, queue);
  const webhookRetry = options.webhookRetry ?? WEBHOOK_RETRY;
  await ensureQueue(WEBHOOK_DEAD_QUEUE, { policy: 'standard' });
  await ensureQueue(WEBHOOK_QUEUE, {
    policy: 'standard',
    ...withBackoff(webhookRetry),
    // One POST with a 10 s timeout; still active after this means a crashed worker.
    expireInSeconds: 60,
    deadLetter: WEBHOOK_DEAD_QUEUE,
  });
  return boss;
}

type QueueOptions = Parameters<PgBoss['createQueue']>[1] & object;

async function ensureQueueOn(boss: PgBoss, supervise: boolean, name: string, options: QueueOptions) {
  if (!(await boss.getQueue(name))) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      // Another process created it between our look and our create: update it like an existing one.
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  // The workers' settings stand: an API process configured otherwise does not overwrite them.
  if (!supervise) return;
  // The policy cannot change on an existing queue; retry settings and the dead letter can.
  const { policy: _policy, ...changes } = options;
  if (Object.keys(changes).length > 0) await boss.updateQueue(name, changes);
}

/** A sender-only pg-boss started on first use (an API process that never queues a pull never starts it). */
export function lazyJobBoss(options: Omit<JobBossOptions, 'supervise'>) {
  let started: Promise<PgBoss> | undefined;
  return {
    get: (): Promise<PgBoss> => {
      started ??= startJobBoss({ ...options, supervise: false });
      return started;
    },
    async stop(): Promise<void> {
      if (started) await (await started.catch(() => undefined))?.stop({ graceful: true, timeout: 5_000 });
    },
  };
}

/**
 * The application role's part in the pull and push queues, nothing else of pg-boss:
 * - a pull or a push confirms it still holds its job (job-claim.ts) inside its own transaction, which
 *   runs as the application role (row-level security, src/db/org-scope.ts): it may refresh a job's
 *   heartbeat and read the columns that find the job in the queue's table;
 * - an HTTP request asking for a pull or a push (`pull-requests.ts`) inserts the job on the application's
 *   own connection, so request handling never runs anything on the owner's: it may read the queue
 *   settings the insert copies and insert jobs.
 * Granted once; a second worker granting at the same moment may collide, then finds it done.
 */
async function letApplicationHoldJobs(pool: pg.Pool, queue: string): Promise<void> {
  const { rows } = await pool.query<{ name: string; held: boolean }>(
    `SELECT format('%I.%I', $1::text, table_name) AS name,
            has_column_privilege($3, format('%I.%I', $1::text, table_name), 'heartbeat_on', 'UPDATE')
              AND has_table_privilege($3, format('%I.%I', $1::text, table_name), 'INSERT')
              AND has_table_privilege($3, format('%I.queue', $1::text), 'SELECT') AS held
       FROM ${JOB_SCHEMA}.queue WHERE name = $2`,
    [JOB_SCHEMA, queue, APPLICATION_ROLE],
  );
  const table = rows[0];
  if (!table || table.held) return;
  try {
    await pool.query(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APPLICATION_ROLE}`);
    await pool.query(`GRANT SELECT ON ${JOB_SCHEMA}.queue TO ${APPLICATION_ROLE}`);
    await pool.query(
      `GRANT SELECT (name, id, state, retry_count), UPDATE (heartbeat_on), INSERT ON ${table.name} TO ${APPLICATION_ROLE}`,
    );
  } catch (error) {
    const again = await pool.query<{ held: boolean }>(
      `SELECT has_column_privilege($1, $2, 'heartbeat_on', 'UPDATE') AND has_table_privilege($1, $2, 'INSERT') AS held`,
      [APPLICATION_ROLE, table.name],
    );
    if (!again.rows[0]?.held) throw error;
  }
}
