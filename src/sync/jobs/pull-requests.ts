/**
 * Asking for a pull: a `queued` run row, then a `sync-pull` job keyed by store. What the API role
 * does for `POST /stores/{id}/sync` and what the scheduler does when a store is due.
 */
import type { PgBoss } from 'pg-boss';
import { type Db, poolOf } from '../../db/database.ts';
import { runInOrg } from '../../db/org-scope.ts';
import { Unavailable } from '../../domain/errors.ts';
import type { SyncVault } from '../../privacy/vault.ts';
import type { SyncMode } from '../inbound/cursor.ts';
import { PULL_QUEUE, PUSH_QUEUE, type PullJobData, type PushJobData, pushKey } from './queues.ts';
import { finishRun, insertRun, type SyncRunRow, type SyncTrigger } from './sync-runs.ts';

/** Where pg-boss runs a job's insert (its `db` option). */
type JobInsertConnection = { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };

export interface SyncQueue {
  requestPull(scope: { orgId: string; storeId: string }, mode: SyncMode, trigger: SyncTrigger): Promise<SyncRunRow>;
  /** Queues a push of the customer's state to the store (absorbed by one already waiting). */
  requestPush(target: PushJobData): Promise<void>;
}

/**
 * `boss` is resolved on first use, so an app that never queues a pull never starts pg-boss. The job
 * itself is inserted on the application's connection (`db`, role patron_app, granted that much by
 * queues.ts), not on pg-boss's owner connection: an HTTP request runs nothing as the owner.
 */
export function createSyncQueue(db: Db, boss: () => Promise<PgBoss>): SyncQueue {
  const asApplication: JobInsertConnection = { executeSql: (text, values) => poolOf(db).query(text, values) };
  return {
    // The run is written in the store's organization (row-level security), whoever asks.
    requestPull: (scope, mode, trigger) =>
      runInOrg(scope.orgId, () => queuePull(db, boss, asApplication, scope, mode, trigger)),
    async requestPush(target) {
      await (await boss()).send(PUSH_QUEUE, target, { singletonKey: pushKey(target), db: asApplication });
    },
  };
}

async function queuePull(
  db: Db,
  boss: () => Promise<PgBoss>,
  asApplication: JobInsertConnection,
  scope: { orgId: string; storeId: string },
  mode: SyncMode,
  trigger: SyncTrigger,
): Promise<SyncRunRow> {
  const run = await insertRun(db, scope, mode, trigger);
  const data: PullJobData = { runId: run.id, orgId: scope.orgId, storeId: scope.storeId };
  try {
    await (await boss()).send(PULL_QUEUE, data, { singletonKey: scope.storeId, db: asApplication });
  } catch (error) {
    await finishRun(db, run.id, { status: 'failed', error: 'the job queue did not accept the pull' });
    throw error;
  }
  return run;
}

/** For an app assembled without sync (e.g. a benchmark server): the sync routes answer 503. */
export function syncNotConfigured(): { vault: SyncVault; queue: SyncQueue } {
  const refuse = (): never => {
    throw new Unavailable('POS sync is not configured in this process.');
  };
  return {
    vault: { seal: refuse, open: refuse },
    queue: { requestPull: async () => refuse(), requestPush: async () => refuse() },
  };
}
