/**
 * One embedded PostgreSQL per test run, on a free loopback port, with a migrated template database;
 * each test file clones the template into a database of its own (see `test-database.ts`). The
 * application's login (`patron_app`, a role of the whole cluster) gets its password here, once, before
 * any test file runs: the one derived from the owner's password, which every test database and every
 * `patron` child process given a test database's URL derives alike, so none of them changes it.
 *
 * Before any test file runs it also brings the web app's build (dist/web) up to date, so `npx vitest
 * run` alone serves the current src/web, and makes sure Chromium is there for the browser tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../../src/cli/web-build.ts';
import { derivedApplicationUrl, ensureApplicationLogin } from '../../src/db/app-login.ts';
import { ensureDatabaseExists, withDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { ensureChromium } from './browser.ts';

export const TEMPLATE_DATABASE = 'patron_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  await ensureWebBuilt((line) => console.log(line));
  await ensureChromiumOrSay();
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

/**
 * Installs Chromium if it is missing and we are root. When it cannot (not root), the run goes on and
 * says so once: only the browser tests need it, and they fail with the same message (launchBrowser
 * asks again), while every other test still runs.
 */
async function ensureChromiumOrSay(): Promise<void> {
  try {
    await ensureChromium();
  } catch (error) {
    console.warn((error as Error).message);
  }
}
