/**
 * `npm run bench:sync` (also the second half of `npm run bench`): the sync engine against the
 * vendors' own ceilings, in one run on one machine (issue 6).
 *
 * Starts its own embedded PostgreSQL with the demo organization, a real worker (`patron start
 * --role=worker`) and a real API (`--role=api`) as child processes. Then, one vendor after another so
 * the figures do not disturb each other: the vendor's simulator on loopback with BENCH_SYNC_CUSTOMERS
 * customers and its rate limit on; the store's integration pointed at it; the worker's first pull (the
 * initial import) timed, its resident memory sampled; then BENCH_SYNC_CHANGES last-name changes
 * through the API, each timed until the POS holds it; last the client alone reading the same listing,
 * for comparison. Prints the tables and writes the sync section of bench/RESULTS.md.
 *
 * Environment: BENCH_SYNC_CUSTOMERS (100000 per vendor), BENCH_SYNC_CHANGES (40 per vendor),
 * BENCH_SYNC_FETCH_SAMPLE (10000), BENCH_SYNC_VENDORS (all, comma-separated), BENCH_RESULTS,
 * BENCH_SYNC_WORKER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to see where the worker's time goes).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { derivedApplicationUrl } from '../src/db/app-login.ts';
import { connect } from '../src/db/database.ts';
import { freeLoopbackPort } from '../src/db/embedded.ts';
import { DEMO_VENDORS } from '../src/demo/demo-organization.ts';
import type { PosVendor } from '../src/pos/port.ts';
import { posVendor, registeredVendors } from '../src/pos/registry.ts';
import { startVendorSimulator } from '../src/pos/simulators.ts';
import { createFieldProtection } from '../src/privacy/field-protector.ts';
import { createSyncVault } from '../src/privacy/vault.ts';
import { benchPool, startBenchDatabase } from './bench-database.ts';
import { integerEnv, resultsFile } from './bench-env.ts';
import { staffLogin } from './bench-login.ts';
import { PATRON_NODE_FLAGS, type PatronProcess, startPatron } from './patron-process.ts';
import { writeSection } from './results-file.ts';
import { vendorCeiling } from './sync-ceilings.ts';
import { disableIntegration, measureFetchAlone, measureImport } from './sync-import.ts';
import { measureOutbound, percentile } from './sync-outbound.ts';
import { importShare, importTable, outboundTable, SYNC_TARGETS, type VendorResult } from './sync-report.ts';

const customers = integerEnv('BENCH_SYNC_CUSTOMERS', 100_000);
const changes = integerEnv('BENCH_SYNC_CHANGES', 40);
const fetchSample = Math.min(customers, integerEnv('BENCH_SYNC_FETCH_SAMPLE', 10_000));
const vendors = chosenVendors(process.env.BENCH_SYNC_VENDORS);
const TIME_ZONE = 'America/Los_Angeles';

const say = (line: string) => process.stdout.write(`${line}\n`);
const started = new Date();
const masterKey = randomBytes(32);
const loadBefore = os.loadavg()[0]!;

const database = await startBenchDatabase(0, createFieldProtection(masterKey), say);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'patron-bench-sync-'));
// The benchmark's own bookkeeping reads runs of the demo organization: the owner's handle (no row-level security).
const { ownerDb: db, close: closeDb } = connect(
  { ownerUrl: database.url, appUrl: derivedApplicationUrl(database.url) },
  { poolSize: 2 },
  async () => {},
);
const pool = benchPool(database.url);
const vault = createSyncVault(masterKey);
const processes: PatronProcess[] = [];
const results: VendorResult[] = [];
try {
  const env = {
    DATABASE_URL: database.url,
    PATRON_DATA_DIR: dataDir,
    PATRON_MASTER_KEY: masterKey.toString('base64'),
    // As in production: no demo set-up; the benchmark's database already has the organization and users.
    PATRON_DEMO: '0',
  };
  const worker = await startPatron('worker', env, nodeArgs(process.env.BENCH_SYNC_WORKER_NODE_ARGS));
  processes.push(worker);
  const port = await freeLoopbackPort();
  const api = await startPatron('api', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  processes.push(api);
  const apiUrl = `http://127.0.0.1:${port}`;
  const token = await staffLogin(apiUrl);
  say(`worker (pid ${worker.pid}) and API ready; ${customers} customers per vendor, ${changes} changes each`);

  for (const vendor of vendors) {
    const entry = posVendor(vendor)!;
    const storeName = DEMO_VENDORS.find((name) => name.toLowerCase() === vendor)!;
    const storeId = database.demo.storeIds[storeName];
    say(`${vendor}: starting the simulator with ${customers} customers...`);
    const seeded = performance.now();
    // A different seed per store, as in demo mode: each store has its own regulars.
    const sim = await startVendorSimulator(vendor, { customers, seed: vendors.indexOf(vendor) + 1 });
    say(`${vendor}: simulator ready in ${((performance.now() - seeded) / 1000).toFixed(1)} s; importing...`);
    try {
      const target = {
        db,
        pool,
        vault,
        orgId: database.demo.orgId,
        storeId,
        vendor,
        credentials: sim.credentials,
        workerPid: worker.pid,
        say,
      };
      const imported = await measureImport(target, customers);
      say(
        `${vendor}: database busy in ${Math.round((1 - imported.database.idleShare) * 100)}% of ${imported.database.samples} samples; top statements:\n` +
          imported.database.top.map((t) => `    ${Math.round(t.share * 100)}% ${t.statement}`).join('\n'),
      );
      const rateLimited = sim.simulator.requests.filter((r) => r.status === 429).length;
      const ceiling = vendorCeiling(vendor);
      say(
        `${vendor}: imported ${imported.customers} in ${imported.seconds.toFixed(1)} s = ` +
          `${Math.round(imported.customersPerSecond)}/s, ${Math.round(importShare({ imported, ceiling } as VendorResult) * 100)}% of ` +
          `${Math.round(ceiling.customersPerSecond)}/s; worker RSS peak ${Math.round(imported.rssPeakBytes / 2 ** 20)} MiB`,
      );
      const outbound = await measureOutbound(
        { pool, storeId, apiUrl, token, simulatorUrl: sim.simulator.url },
        changes,
      );
      say(
        `${vendor}: ${outbound.latencies.length} changes reached the POS, p50 ${percentile(outbound.latencies, 0.5).toFixed(0)} ms, ` +
          `p95 ${percentile(outbound.latencies, 0.95).toFixed(0)} ms (${outbound.refused} refused, ${outbound.lost} lost)`,
      );
      // Last: reading as fast as the limit allows empties the vendor's bucket, which would slow the pushes.
      const client = entry.createClient({ credentials: sim.credentials, timeZone: TIME_ZONE });
      const fetchAlone = await measureFetchAlone(client, fetchSample);
      say(`${vendor}: the client alone read ${fetchAlone.customers} at ${Math.round(fetchAlone.customersPerSecond)}/s`);
      results.push({ vendor, ceiling, imported, fetchAlone, rateLimited, outbound });
    } finally {
      await disableIntegration(db, database.demo.orgId, storeId);
      await sim.simulator.close();
    }
  }

  const page = resultsSection(os.loadavg()[0]!);
  say(`\n${importTable(results)}\n\n${outboundTable(results)}`);
  await writeSection(resultsFile(), 'sync', page);
  say(`\nwritten to ${resultsFile().pathname}`);
} catch (error) {
  for (const p of processes) say(`--- log tail of patron pid ${p.pid} ---\n${p.logTail().slice(-4_000)}`);
  throw error;
} finally {
  await Promise.all(processes.map((p) => p.stop()));
  await pool.end();
  await closeDb();
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** BENCH_SYNC_WORKER_NODE_ARGS replaces the flags Patron starts with (PATRON_NODE_FLAGS). */
function nodeArgs(raw: string | undefined): string[] {
  if (raw === undefined || raw.trim() === '') return PATRON_NODE_FLAGS;
  return raw.split(' ').filter((arg) => arg !== '');
}

function chosenVendors(raw: string | undefined): PosVendor[] {
  const all = registeredVendors();
  if (!raw) return all;
  const asked = raw.split(',').map((v) => v.trim().toLowerCase());
  const unknown = asked.filter((v) => !(all as string[]).includes(v));
  if (unknown.length > 0)
    throw new Error(`BENCH_SYNC_VENDORS: unknown vendor ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return asked as PosVendor[];
}

function resultsSection(loadAfter: number): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const peak = Math.max(...results.map((r) => r.imported.rssPeakBytes));
  return `## Sync benchmark (issue 6)

Written by \`npm run bench:sync\` (bench/sync.ts; also run by \`npm run bench\`); the last run replaces this section.

- Date: ${started.toISOString()}
- Machine: ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}; shared
- Load average (1 min) ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end
- Node.js ${process.version}, PostgreSQL ${database.postgresVersion} (embedded, fsync off)
- Worker Node.js flags: ${nodeArgs(process.env.BENCH_SYNC_WORKER_NODE_ARGS).join(' ')}
- Customers per vendor: **${customers.toLocaleString('en-US')}**; vendors one after another: ${vendors.join(', ')}
- Worker: \`patron start --role=worker\` as a child process on the benchmark's database (PATRON_DEMO=0, as in production), default settings (outbox dispatcher every 200 ms, push jobs polled every 0.5 s); the API the same way with \`--role=api\`

### Initial import

Each vendor's simulator runs in the benchmark's process on 127.0.0.1 with its rate limit on. The
store's integration is pointed at it and made due; the worker's scheduler queues the first pull,
which reads everything. **customers/s** is the run's own: customers read over the time from the
run's start to its finish (the worker's timestamps). **Ceiling** is the simulator's rate limit times
the page size the client asks for (bench/sync-ceilings.ts reads both from the vendor code). **Fetch
alone** is the client by itself reading the first ${fetchSample.toLocaleString('en-US')} customers of the same
listing at the end of the vendor's turn, in the benchmark's process, nothing applied: the gap between it
and the import is what applying costs. A figure marked *(burst)* took no more calls than the vendor's
bucket holds when full (Dutchie: 120 calls a minute, all of them at once), so it is above what the
limit allows for long. **Worker RSS** is VmRSS from /proc, sampled every 200 ms during the import.

${importTable(results)}

Targets: import ≥ ${pct(SYNC_TARGETS.importShare)} of the ceiling; worker RSS during the import < 256 MiB (peak of this run: ${Math.round(peak / 2 ** 20)} MiB).

### Outbound latency

With the worker running, ${changes} customers linked to the store (and to no other) get a new last name
through \`PATCH /api/v1/customers/{id}\` on the API process, one after another. Latency runs from sending
the PATCH to the first moment the simulator's admin surface (\`GET /_sim/customers/{id}\`, polled every
10 ms) holds the new name. Target: p95 < 2 s.

${outboundTable(results)}
`;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
