/**
 * Closing the pools at shutdown without waiting forever. A pool ends only once every connection it
 * lent is back; a job the queue gave up on at the end of its grace period (a statement running for
 * minutes) would hold one and keep the process from ever exiting. The pools are given `graceMs`,
 * then the statements still holding connections are ended at the server (their transactions roll
 * back, as they would after a crash) and the pools finish.
 */
import pg from 'pg';
import type { Logger } from '../logger.ts';

export interface DrainablePools {
  /** Ends every pool, ending at the server what still holds a connection after `graceMs`. */
  end(graceMs: number): Promise<void>;
}

export function drainablePools(url: string, pools: pg.Pool[], logger?: Logger): DrainablePools {
  const lent = new Set<pg.PoolClient>();
  for (const pool of pools) {
    pool.on('acquire', (client) => lent.add(client));
    pool.on('release', (_error, client) => lent.delete(client));
    pool.on('remove', (client) => lent.delete(client as pg.PoolClient));
    // A lent connection that loses its server between two queries says so as an 'error' event,
    // which pg leaves without a listener while it is lent: without this the process would crash.
    pool.on('connect', (client) =>
      client.on('error', (error) => {
        // An idle one is the pool's to report.
        if (lent.has(client))
          logger?.warn({ err: { message: error.message } }, 'database connection lost while in use');
      }),
    );
  }
  return {
    async end(graceMs) {
      const ended = Promise.all(pools.map((pool) => pool.end()));
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        ended.then(() => false),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(true), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!late) return;
      const backends = [...lent].map((client) => (client as unknown as { processID: number | null }).processID);
      logger?.warn({ connections: backends.length }, 'ending database work still running at shutdown');
      await terminate(
        url,
        backends.filter((pid): pid is number => typeof pid === 'number'),
      );
      await ended;
    },
  };
}

async function terminate(url: string, backends: number[]): Promise<void> {
  if (backends.length === 0) return;
  const client = new pg.Client({ connectionString: url, application_name: 'patron-shutdown' });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [backends]);
  } finally {
    await client.end();
  }
}
