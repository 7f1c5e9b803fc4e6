/**
 * `npm run bench`: Patron against the floor under it, in one run on one machine.
 *
 * Starts its own embedded PostgreSQL, seeds BENCH_CUSTOMERS synthetic customers (default one
 * million), then measures get by id, phone lookup, the search shapes of issue 14 (full name, a
 * common surname alone, a name with a typo, phone last 4, an email domain) and create with
 * autocannon over loopback, first on the real Patron app and then on a minimal Fastify server
 * running the same SQL with `pg` (each search's statements captured from Patron beforehand). Shared machines are noisy, so the ratio of the two, measured back to back, is the
 * figure to trust. Prints the table and writes it to bench/RESULTS.md.
 *
 * Environment: BENCH_CUSTOMERS (1000000), BENCH_SECONDS (10), BENCH_CONNECTIONS (10),
 * BENCH_WARMUP_SECONDS (2), BENCH_RESULTS (bench/RESULTS.md); for diagnosis, BENCH_OPERATIONS
 * (comma-separated operations) and BENCH_PROFILE (a folder for the Patron server's CPU profile).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createFieldProtection } from '../src/privacy/field-protector.ts';
import { benchPool, startBenchDatabase } from './bench-database.ts';
import { integerEnv, resultsFile } from './bench-env.ts';
import { staffLogin } from './bench-login.ts';
import { type CapturedSearches, captureSearches } from './captured-searches.ts';
import { commonestSurname, explainSearch, type PlanReport } from './diagnose.ts';
import { type Operation, requestSource, type Sample, SEARCH_SHAPES, sampleInputs } from './inputs.ts';
import { type LoadSettings, type Measurement, measure } from './measure.ts';
import { failureNote, markdownTable, type Row, ratio, TARGETS } from './report.ts';
import { writeMainPage } from './results-file.ts';

const customers = integerEnv('BENCH_CUSTOMERS', 1_000_000);
const load: LoadSettings = {
  connections: integerEnv('BENCH_CONNECTIONS', 10),
  seconds: integerEnv('BENCH_SECONDS', 10),
};
const warmup: LoadSettings = { connections: load.connections, seconds: integerEnv('BENCH_WARMUP_SECONDS', 2) };
const ALL_OPERATIONS: readonly Operation[] = ['get by id', 'phone lookup', ...SEARCH_SHAPES, 'create'];
/** BENCH_OPERATIONS=name,name narrows a diagnostic run; the results page is written only for all. */
const OPERATIONS = process.env.BENCH_OPERATIONS
  ? ALL_OPERATIONS.filter((op) => process.env.BENCH_OPERATIONS!.split(',').includes(op))
  : ALL_OPERATIONS;
const RESULTS = resultsFile();

const say = (line: string) => process.stdout.write(`${line}\n`);
const started = new Date();
const masterKey = randomBytes(32);
const protection = createFieldProtection(masterKey);

// One-minute load averages around the measurements: above the CPU count, others were running too.
let loadBefore = Number.NaN;
let loadAfter = Number.NaN;

const database = await startBenchDatabase(customers, protection, say);
const pool = benchPool(database.url);
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
try {
  const orgId = database.demo.orgId;
  const sample = await sampleInputs(pool, orgId, customers);
  say(`sampled ${sample.ids.length} customers as request inputs`);
  const captureStarted = performance.now();
  const queries = SEARCH_SHAPES.flatMap((shape) => sample.searches[shape]);
  const captured = await captureSearches(pool, orgId, protection.forOrg(orgId), queries);
  const capturedFile = path.join(os.tmpdir(), `patron-bench-captured-${process.pid}.json`);
  cleanups.push(() => rm(capturedFile, { force: true }));
  await writeFile(capturedFile, JSON.stringify(captured));
  say(
    `captured Patron's statements for ${queries.length} searches in ${((performance.now() - captureStarted) / 1000).toFixed(1)} s`,
  );
  const env = {
    BENCH_DATABASE_URL: database.url,
    BENCH_MASTER_KEY: masterKey.toString('base64'),
    BENCH_ORG_ID: orgId,
    BENCH_CAPTURED: capturedFile,
  };
  const patronUrl = await startServer('patron', env, children);
  const minimalUrl = await startServer('minimal', env, children);
  const token = await staffLogin(patronUrl);
  const patron = { url: patronUrl, prefix: '/api/v1', headers: { authorization: `Bearer ${token}` } };
  const minimal = { url: minimalUrl, prefix: '', headers: {} };
  await assertSameAnswers(
    patron,
    minimal,
    SEARCH_SHAPES.flatMap((shape) => sample.searches[shape].slice(0, 10)),
    sample.phones.slice(0, 20),
  );

  const today = new Date().toISOString().slice(0, 10);
  const storeIds = Object.values(database.demo.storeIds);
  const rows: Row[] = [];
  loadBefore = os.loadavg()[0]!;
  for (const operation of OPERATIONS) {
    const measured = [];
    for (const [i, server] of [patron, minimal].entries()) {
      // Each server creates people from its own range of positions, past the seeded ones.
      const create = { firstPosition: customers + (i + 1) * 1_000_000, today, storeIds };
      const next = requestSource(operation, sample, create, server.prefix);
      await measure(server.url, next, server.headers, warmup);
      measured.push(await measure(server.url, next, server.headers, load));
    }
    const row: Row = { operation, patron: measured[0]!, minimal: measured[1]! };
    rows.push(row);
    say(
      `${operation}: Patron ${Math.round(row.patron.requestsPerSecond)}/s p95 ${row.patron.p95.toFixed(1)} ms, ` +
        `minimal ${Math.round(row.minimal.requestsPerSecond)}/s (${Math.round(ratio(row) * 100)}%)`,
    );
  }

  // Where the get-by-id gap goes: the minimal route plus Patron's token check and audit insert.
  const audited = requestSource('get by id', sample, { firstPosition: 0, today, storeIds }, '/audited');
  await measure(minimal.url, audited, patron.headers, warmup);
  const withStatements = await measure(minimal.url, audited, patron.headers, load);
  say(`get by id, minimal + token check + audit insert: ${Math.round(withStatements.requestsPerSecond)}/s`);

  // A search without queueing: one request at a time, so p95 is the cost of one search.
  const single: LoadSettings = { connections: 1, seconds: load.seconds };
  const fuzzy = requestSource('name with a typo', sample, { firstPosition: 0, today, storeIds }, patron.prefix);
  const fuzzyAlone = await measure(patron.url, fuzzy, patron.headers, single);
  say(`name with a typo, 1 connection: p50 ${fuzzyAlone.p50.toFixed(1)} ms, p95 ${fuzzyAlone.p95.toFixed(1)} ms`);

  loadAfter = os.loadavg()[0]!;
  const surname = await commonestSurname(pool, orgId);
  const plans = await explainEach(pool, captured, sample);
  const table = markdownTable(rows);
  say(`\n${table}\n\n${failureNote(rows)}`);
  await writeMainPage(
    RESULTS,
    resultsPage({
      rows,
      table,
      plans,
      surname,
      withStatements,
      fuzzyAlone,
      seeded: database.seeded,
      vacuumSeconds: database.vacuumSeconds,
      captured,
    }),
  );
  say(`\nwritten to ${RESULTS.pathname}`);
} finally {
  // The servers close their pools before the database stops under them.
  await Promise.all(children.map(stopServer));
  await Promise.all(cleanups.map((clean) => clean()));
  await pool.end();
  await database.stop();
}

async function startServer(kind: string, env: Record<string, string>, into: ChildProcess[]): Promise<string> {
  // BENCH_PROFILE=<dir>: a CPU profile of the Patron server, to see where its time goes.
  const profile =
    kind === 'patron' && process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = fork(new URL('./serve.ts', import.meta.url).pathname, [kind], {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...profile],
  });
  into.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.connected) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.disconnect();
  });
}

interface Target {
  url: string;
  prefix: string;
  headers: Record<string, string>;
}

/** The comparison is fair only if both servers find the same customers in the same order. */
async function assertSameAnswers(patron: Target, minimal: Target, lists: string[], phones: string[]): Promise<void> {
  const idsOf = async (server: Target, query: string) => {
    const res = await fetch(`${server.url}${server.prefix}/customers?${query}`, { headers: server.headers });
    if (!res.ok) throw new Error(`${server.url} answered ${res.status} to ${query}`);
    return ((await res.json()) as { items: { id: string }[] }).items.map((c) => c.id).join(',');
  };
  const queries = [...lists, ...phones.map((p) => `phone=${encodeURIComponent(p)}`)];
  for (const query of queries) {
    if ((await idsOf(patron, query)) !== (await idsOf(minimal, query))) {
      throw new Error(`Patron and the minimal server disagree on ${query}: update bench/minimal-sql.ts`);
    }
  }
}

function resultsPage(input: {
  rows: Row[];
  table: string;
  plans: PlanReport[];
  surname: { name: string; share: number };
  withStatements: Measurement;
  fuzzyAlone: Measurement;
  seeded: { inserted: number; elapsedMs: number; rate: number };
  vacuumSeconds: number;
  captured: CapturedSearches;
}): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const planLines = input.plans.map(
    (p) =>
      `- \`${decodeURIComponent(p.query)}\`: executed in ${p.executionMs.toFixed(2)} ms (planned in ${p.planningMs.toFixed(2)} ms), ` +
      `reads ${p.indexes.map((i) => `\`${i}\``).join(', ')}, sorts ${p.sortedRows} rows`,
  );
  const statements = Object.values(input.captured).map((s) => s.length);
  const stageNote = `Statements per search: ${Math.min(...statements)} to ${Math.max(...statements)} (a later stage runs only when the earlier left the page short).`;
  return `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); the last run replaces this page (the sync benchmark's section below is bench/sync.ts's).

- Date: ${started.toISOString()}
- Machine: ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}
- Load average (1 min) ${loadBefore.toFixed(1)} before the measurements, ${loadAfter.toFixed(1)} after them
- Node.js ${process.version}, PostgreSQL ${database.postgresVersion} (embedded, fsync off), shared machine
- Customers: ${input.seeded.inserted.toLocaleString('en-US')} seeded in ${(input.seeded.elapsedMs / 1000).toFixed(1)} s (${Math.round(input.seeded.rate).toLocaleString('en-US')}/s, every index in place), then VACUUM ANALYZE in ${input.vacuumSeconds.toFixed(1)} s
- Load: autocannon over 127.0.0.1, ${load.connections} connections, ${load.seconds} s per server and operation after ${warmup.seconds} s of warm-up; Patron first, then the minimal server
- Latencies are percentiles of every response time autocannon reported (ms)

${input.table}

${failureNote(input.rows)}

**Patron** is the real app (buildApp, staff session token, request logs at info level written to /dev/null).
**Minimal** is bench/minimal-server.ts: Fastify routes running the same statements with \`pg\`, nothing else.
Both run in processes of their own with a pool of 20 connections. Targets: ${Object.entries(TARGETS)
    .map(([op, t]) => `${op} ${t.text}`)
    .join('; ')}.

## Where the get-by-id gap goes

The minimal route plus the two other statements Patron runs for a view (the session-token check and
the audit insert), measured the same way: ${Math.round(input.withStatements.requestsPerSecond).toLocaleString('en-US')} req/s, p50 ${input.withStatements.p50.toFixed(2)} ms, p99 ${input.withStatements.p99.toFixed(1)} ms.
${getGap(input.rows, input.withStatements)}

## Search plans (EXPLAIN ANALYZE after the run, one input per shape)

One search with a typo at a time (1 connection, no queueing) on Patron: ${Math.round(input.fuzzyAlone.requestsPerSecond)} req/s, p50 ${input.fuzzyAlone.p50.toFixed(1)} ms, p95 ${input.fuzzyAlone.p95.toFixed(1)} ms, p99 ${input.fuzzyAlone.p99.toFixed(1)} ms.

${planLines.join('\n')}
- The commonest surname, ${input.surname.name}, is ${(input.surname.share * 100).toFixed(1)}% of customers.
- ${stageNote}

<details><summary>Plan of the first full-name search</summary>

\`\`\`
${input.plans[0]?.plan ?? ''}
\`\`\`
</details>
`;
}

/** The first statement of one search per shape, explained (the tiered search's union). */
async function explainEach(pool: pg.Pool, captured: CapturedSearches, sample: Sample): Promise<PlanReport[]> {
  const reports: PlanReport[] = [];
  for (const shape of SEARCH_SHAPES) {
    const q = sample.searches[shape][0];
    const first = q === undefined ? undefined : captured[q]?.find((st) => /^\s*select/i.test(st.text));
    if (q !== undefined && first) reports.push(await explainSearch(pool, q, first));
  }
  return reports;
}

function getGap(rows: readonly Row[], withStatements: Measurement): string {
  const get = rows.find((r) => r.operation === 'get by id');
  if (!get) return '';
  const pct = (a: number, b: number) => `${Math.round((a / b) * 100)}%`;
  return (
    `Three statements instead of one keep ${pct(withStatements.requestsPerSecond, get.minimal.requestsPerSecond)} of the minimal route's throughput; ` +
    `Patron reaches ${pct(get.patron.requestsPerSecond, withStatements.requestsPerSecond)} of that, the rest being its own code ` +
    '(routing, validation, decryption and masking, response schema, logging).'
  );
}
