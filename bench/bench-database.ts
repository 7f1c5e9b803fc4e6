/**
 * The benchmark's own database: an embedded PostgreSQL in a temporary folder (durability traded for
 * speed, as in tests), migrated, with the demo organizations and N synthetic customers, vacuumed and
 * analyzed so the planner and the visibility map see the table as a long-running system would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { derivedApplicationUrl } from '../src/db/app-login.ts';
import { connect, ensureDatabaseExists, withDatabase } from '../src/db/database.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { type DemoSetup, ensureDemo } from '../src/demo/demo-organization.ts';
import { type SeedResult, seedCustomers } from '../src/demo/seed-customers.ts';
import type { FieldProtection } from '../src/privacy/field-protector.ts';

export const BENCH_PASSWORD = 'patron-bench-password';
const DATABASE = 'patron_bench';

export interface BenchDatabase {
  url: string;
  demo: DemoSetup;
  seeded: SeedResult;
  /** Seconds VACUUM ANALYZE took after the load. */
  vacuumSeconds: number;
  postgresVersion: string;
  stop(): Promise<void>;
}

export async function startBenchDatabase(
  customers: number,
  protection: FieldProtection,
  say: (line: string) => void,
): Promise<BenchDatabase> {
  const dir = await mkdtemp(path.join(tmpdir(), 'patron-bench-pg-'));
  const server = await startEmbeddedPostgres({ dir, ephemeral: true });
  const stop = async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await ensureDatabaseExists(server.adminUrl, DATABASE);
    const url = withDatabase(server.adminUrl, DATABASE);
    const database = connect({ ownerUrl: url, appUrl: derivedApplicationUrl(url) }, { poolSize: 4 }, async () => {});
    try {
      await database.migrate();
      const demo = await ensureDemo(database.db, BENCH_PASSWORD);
      say(`seeding ${customers} customers...`);
      let reported = 0;
      const seeded = await seedCustomers(database.pool, {
        orgId: demo.orgId,
        count: customers,
        seed: 2026,
        protector: protection.forOrg(demo.orgId),
        onProgress: ({ done, total, elapsedMs }) => {
          if (done < total && done - reported < total / 10) return;
          reported = done;
          say(`  ${done}/${total} in ${(elapsedMs / 1000).toFixed(0)} s (${Math.round(done / (elapsedMs / 1000))}/s)`);
        },
      });
      say(`seeded ${seeded.inserted} in ${(seeded.elapsedMs / 1000).toFixed(1)} s (${Math.round(seeded.rate)}/s)`);
      const vacuumStarted = performance.now();
      // Also folds the GIN indexes' pending lists into the indexes proper, as autovacuum would.
      await database.pool.query('VACUUM ANALYZE');
      const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
      say(`VACUUM ANALYZE in ${vacuumSeconds.toFixed(1)} s`);
      const version = await database.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      return { url, demo, seeded, vacuumSeconds, postgresVersion: version.rows[0]!.v, stop };
    } finally {
      await database.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A pool for the benchmark's own bookkeeping (sampling inputs, EXPLAIN). */
export function benchPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'patron-bench' });
  // The database stops at the end of the run; an idle connection dropping then is expected.
  pool.on('error', () => {});
  return pool;
}
