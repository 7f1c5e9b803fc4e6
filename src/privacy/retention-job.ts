/**
 * The retention sweep as a pg-boss job. Every worker asks, each hour, for the day's sweep: pg-boss
 * keeps one job per queue and day slot (`singletonSeconds`), and the `singleton` queue policy runs
 * one at a time, so however many workers run, an organization is swept once a day.
 */
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { ErasureParticipant } from './privacy-ports.ts';
import { sweepRetention } from './retention.ts';

export const RETENTION_QUEUE = 'privacy-retention-sweep';
const DAY_SECONDS = 86_400;

export interface RetentionJobOptions {
  /** How often a worker asks for the day's sweep (it runs once per day slot whatever this is). */
  everyMs?: number;
  pollingIntervalSeconds?: number;
}

/**
 * Works the retention queue and asks for the day's sweep now and every `everyMs`; `stop` ends the asking.
 * `erasure`: the other modules' erasure participants (http/privacy-ports.ts), for anonymized customers.
 */
export async function startRetentionJob(
  boss: PgBoss,
  db: Db,
  erasure: readonly ErasureParticipant[],
  logger: Logger | undefined,
  options: RetentionJobOptions = {},
): Promise<{ stop(): Promise<void> }> {
  if (!(await boss.getQueue(RETENTION_QUEUE))) {
    try {
      await boss.createQueue(RETENTION_QUEUE, { policy: 'singleton', retryLimit: 2, expireInSeconds: 3_600 });
    } catch (error) {
      // Another worker created it first.
      if (!(await boss.getQueue(RETENTION_QUEUE))) throw error;
    }
  }
  await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 30 }, async () => {
    const results = await sweepRetention(db, erasure, {
      onError: (orgId, error) =>
        logger?.warn(
          { orgId, err: { message: error instanceof Error ? error.message : 'unknown' } },
          'retention sweep failed for an organization',
        ),
    });
    // Counts and organization ids only: no one is named in the log.
    for (const r of results) {
      if (r.anonymized + r.deleted + r.flagged + r.resolvedFlags > 0) logger?.info(r, 'retention sweep');
    }
  });
  const ask = () =>
    boss
      .send(RETENTION_QUEUE, {}, { singletonKey: 'daily', singletonSeconds: DAY_SECONDS })
      .catch((error: unknown) =>
        logger?.warn({ err: { message: error instanceof Error ? error.message : 'unknown' } }, 'retention ask failed'),
      );
  let asking: Promise<unknown> = ask();
  const timer = setInterval(() => {
    asking = ask();
  }, options.everyMs ?? 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await asking;
    },
  };
}
