import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.ts';
import { createSyncQueue } from './pull-requests.ts';
import { DEFAULT_LIVENESS, lazyJobBoss, PULL_QUEUE, PUSH_QUEUE, startJobBoss } from './queues.ts';

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

describe('a job asked for by a request', () => {
  it("is inserted on the application's connection (patron_app), nothing on the owner's", async () => {
    const worker = await startJobBoss({ pool: database.pool, supervise: false });
    bosses.push(worker);
    const org = (await database.pool.query("INSERT INTO organizations (slug, name) VALUES ('jq', 'JQ') RETURNING id"))
      .rows[0].id;
    const store = (
      await database.pool.query("INSERT INTO stores (org_id, name, timezone) VALUES ($1, 'S', 'UTC') RETURNING id", [
        org,
      ])
    ).rows[0].id;
    const ownerStatements: string[] = [];
    const query = database.pool.query.bind(database.pool);
    database.pool.query = ((text: string, ...rest: unknown[]) => {
      ownerStatements.push(String(text));
      return (query as (...args: unknown[]) => unknown)(text, ...rest);
    }) as typeof database.pool.query;
    try {
      const queue = createSyncQueue(database.db, async () => worker);
      await queue.requestPush({ orgId: org, storeId: store, customerId: '00000000-0000-4000-8000-000000000001' });
      const run = await queue.requestPull({ orgId: org, storeId: store }, 'incremental', 'request');
      expect(run.status).toBe('queued');
    } finally {
      database.pool.query = query;
    }
    expect(ownerStatements.filter((text) => /INSERT/i.test(text))).toEqual([]);
    const jobs = await database.pool.query(`SELECT name FROM pgboss.job WHERE name = ANY($1) ORDER BY name`, [
      [PULL_QUEUE, PUSH_QUEUE],
    ]);
    expect(jobs.rows.map((r) => r.name)).toEqual([PULL_QUEUE, PUSH_QUEUE]);
  });
});
