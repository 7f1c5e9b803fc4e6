/**
 * Where the database's share of an import goes: samples pg_stat_activity every few milliseconds and
 * counts which statement the other sessions are running (and how often none is). A sampling profiler
 * for PostgreSQL that needs no extension: rough, but enough to tell one slow query from many round trips.
 */
import type pg from 'pg';

const EVERY_MS = 20;

export interface StatementShare {
  /** The statement's start, whitespace folded. */
  statement: string;
  /** Share of samples in which a session was running it. */
  share: number;
}

export interface DatabaseProfile {
  samples: number;
  /** Share of samples with no statement running in any other session (the worker computing or waiting on the vendor). */
  idleShare: number;
  top: StatementShare[];
}

export function sampleDatabase(pool: pg.Pool) {
  const counts = new Map<string, number>();
  let samples = 0;
  let idle = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      samples += 1;
      if (rows.length === 0) idle += 1;
      for (const statement of new Set(rows.map((r) => r.query.replace(/\s+/g, ' ').trim().slice(0, 90)))) {
        counts.set(statement, (counts.get(statement) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
    }
  })();
  return {
    async stop(topN = 8): Promise<DatabaseProfile> {
      running = false;
      await loop;
      const top = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, topN)
        .map(([statement, n]) => ({ statement, share: n / Math.max(1, samples) }));
      return { samples, idleShare: idle / Math.max(1, samples), top };
    },
  };
}
