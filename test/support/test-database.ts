/** A fresh, migrated database for one test file, cloned from the run's template. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database, withDatabase } from '../../src/db/database.ts';

const TEMPLATE_DATABASE = 'patron_template';

export interface TestDatabase extends Database {
  url: string;
  name: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = withDatabase(inject('pgAdminUrl'), name);
  const database = connect(url, { poolSize: 10 }, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return { ...database, url, name };
}

/** An empty database (no migrations), for testing the migrations themselves. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = withDatabase(inject('pgAdminUrl'), name);
  const database = connect(url, { poolSize: 2 }, () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return { ...database, url, name };
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
