/**
 * A fresh, migrated database for one test file, cloned from the run's template, with both logins:
 * the owner's (`url`, `pool`, `ownerDb`) and the application's (`appUrl`, `db`: `patron_app` with the
 * password global-setup.ts gave it).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { derivedApplicationUrl } from '../../src/db/app-login.ts';
import { connect, type Database, withDatabase } from '../../src/db/database.ts';

const TEMPLATE_DATABASE = 'patron_template';

export interface TestDatabase extends Database {
  /** The owner's URL. */
  url: string;
  /** The application's own login on the same database. */
  appUrl: string;
  name: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = withDatabase(inject('pgAdminUrl'), name);
  const appUrl = derivedApplicationUrl(url);
  const database = connect({ ownerUrl: url, appUrl }, { poolSize: 10 }, () =>
    adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
  return { ...database, url, appUrl, name };
}

/** An empty database (no migrations), for testing the migrations themselves. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabase(inject('pgAdminUrl'), name);
  const appUrl = derivedApplicationUrl(url);
  const database = connect({ ownerUrl: url, appUrl }, { poolSize: 2 }, () =>
    adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
  return { ...database, url, appUrl, name };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
