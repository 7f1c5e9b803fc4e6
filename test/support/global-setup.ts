/**
 * One embedded PostgreSQL per test run, on a free loopback port, with a migrated template database;
 * each test file clones the template into a database of its own (see `test-database.ts`). The
 * application's login (`patron_app`, a role of the whole cluster) gets its password here, once, before
 * any test file runs: the one derived from the owner's password, which every test database and every
 * `patron` child process given a test database's URL derives alike, so none of them changes it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { derivedApplicationUrl, ensureApplicationLogin } from '../../src/db/app-login.ts';
import { ensureDatabaseExists, withDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrate.ts';

export const TEMPLATE_DATABASE = 'patron_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'patron-test-pg-'));
  const server = await startEmbeddedPostgres({ dir, ephemeral: true });
  await ensureDatabaseExists(server.adminUrl, TEMPLATE_DATABASE);
  const templateUrl = withDatabase(server.adminUrl, TEMPLATE_DATABASE);
  const pool = new pg.Pool({ connectionString: templateUrl, max: 1 });
  try {
    await runMigrations(pool);
    await ensureApplicationLogin(pool, derivedApplicationUrl(templateUrl));
  } finally {
    await pool.end();
  }
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
