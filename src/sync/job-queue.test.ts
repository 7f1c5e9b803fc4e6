import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.ts';
import { DEFAULT_LIVENESS, lazyJobBoss, PULL_QUEUE, PUSH_QUEUE, startJobBoss } from './job-queue.ts';

let database: TestDatabase;
const bosses: PgBoss[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: true, timeout: 5_000 });
  await database.close();
});

async function heartbeats(boss: PgBoss) {
  return {
    pull: (await boss.getQueue(PULL_QUEUE))?.heartbeatSeconds,
    push: (await boss.getQueue(PUSH_QUEUE))?.heartbeatSeconds,
  };
}

describe('job queue liveness', () => {
  it('gives pulls and pushes a heartbeat, so a killed worker’s job is retried (production default 30 s)', async () => {
    expect(DEFAULT_LIVENESS).toEqual({ heartbeatSeconds: 30, monitorSeconds: 15 });
    const worker = await startJobBoss({ pool: database.pool, supervise: true });
    bosses.push(worker);

    expect(await heartbeats(worker)).toEqual({ pull: 30, push: 30 });
  });

  it('takes the liveness settings of the last worker started, never those of an API process that only sends', async () => {
    const worker = await startJobBoss({
      pool: database.pool,
      supervise: true,
      liveness: { heartbeatSeconds: 10, monitorSeconds: 1 },
    });
    bosses.push(worker);
    expect(await heartbeats(worker)).toEqual({ pull: 10, push: 10 });

    const sender = lazyJobBoss({ pool: database.pool, liveness: { heartbeatSeconds: 60, monitorSeconds: 30 } });
    try {
      await sender.get();
      expect(await heartbeats(worker)).toEqual({ pull: 10, push: 10 });
    } finally {
      await sender.stop();
    }
  });
});
