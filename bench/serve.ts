/**
 * One benchmarked server in a process of its own (`patron` or `minimal`), so that the load
 * generator does not share its event loop. Started by run.ts through `fork`; it reports its URL
 * over IPC and stops when the parent disconnects.
 *
 * Environment: BENCH_DATABASE_URL, BENCH_MASTER_KEY (base64), BENCH_ORG_ID, BENCH_CAPTURED (the minimal
 * server's searches: a JSON file of captured-searches.ts).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { derivedApplicationUrl } from '../src/db/app-login.ts';
import { connect, TRIGRAM_MATCH_OPTIONS } from '../src/db/database.ts';
import { buildApp } from '../src/http/app.ts';
import { createLogger } from '../src/logger.ts';
import { createFieldProtection } from '../src/privacy/field-protector.ts';
import { buildMinimalServer } from './minimal-server.ts';

/** The same pool size for both servers (the service's default). */
export const POOL_SIZE = 20;

const kind = process.argv[2];
const url = required('BENCH_DATABASE_URL');

async function start() {
  if (kind === 'patron') {
    const database = connect(
      { ownerUrl: url, appUrl: derivedApplicationUrl(url) },
      { poolSize: POOL_SIZE },
      async () => {},
    );
    // Request logs at the production level, written where they cost what writing them costs.
    const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
    const app = await buildApp({
      db: database.db,
      protection: createFieldProtection(Buffer.from(required('BENCH_MASTER_KEY'), 'base64')),
      logger,
      loginPolicy: { sessionTtlMs: 3_600_000, accountLimit: 5, addressLimit: 1_000, windowMs: 60_000 },
      // The service's default (PATRON_AUTH_CACHE_SECONDS=5).
      authCacheMs: loadConfig({}).authCacheMs,
    });
    app.addHook('onClose', () => database.close());
    return app;
  }
  if (kind === 'minimal') {
    // The service's connection settings (trigram match thresholds), so both run the same SQL the same way.
    const pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      application_name: 'minimal',
      options: TRIGRAM_MATCH_OPTIONS,
    });
    // As the service's own pool does: a dropped idle connection must not crash the server.
    pool.on('error', () => {});
    // The organization set on each connection, as org-scope.ts does: the tiered search's function for
    // terms one edit away reads it (migration 0027). The owner is not held by row-level security.
    const orgId = required('BENCH_ORG_ID');
    pool.on('connect', (client) => {
      client.query("SELECT set_config('app.org_id', $1, false)", [orgId]).catch(() => {});
    });
    const searches = JSON.parse(readFileSync(required('BENCH_CAPTURED'), 'utf8'));
    const app = buildMinimalServer(pool, orgId, searches);
    app.addHook('onClose', () => pool.end());
    return app;
  }
  throw new Error(`usage: serve.ts patron|minimal (got ${kind})`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const app = await start();
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ url: address });
process.on('disconnect', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
