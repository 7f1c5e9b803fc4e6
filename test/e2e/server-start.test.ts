/** The real `patron start` process: on embedded PostgreSQL, on DATABASE_URL, and its shutdown. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../src/db/embedded.ts';
import { startChildServer } from '../support/child-server.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'patron-start-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emptyDb(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  cleanups.push(() => db.close());
  return db;
}

async function loginStatus(
  url: string,
  email = 'admin@demo.test',
  password = 'patron-demo',
  dispatcher?: Agent,
): Promise<number> {
  const res = await undiciFetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    ...(dispatcher ? { dispatcher } : {}),
  });
  return res.status;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

describe('patron start', () => {
  it('starts on embedded PostgreSQL with the demo data, and stops it on SIGTERM', async () => {
    const dataDir = await tempDir();
    const server = await startChildServer({ PATRON_DATA_DIR: dataDir });
    expect(await loginStatus(server.url)).toBe(200);
    expect(server.output()).toMatch(/kiosk key for the Treez Store: pk_/);
    const postmasterPid = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(alive(postmasterPid)).toBe(true);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(alive(postmasterPid)).toBe(false);

    // A second start reuses the cluster and the demo data without duplicating it.
    const again = await startChildServer({ PATRON_DATA_DIR: dataDir });
    const token = (
      (await (
        await fetch(`${again.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'staff@demo.test', password: 'patron-demo' }),
        })
      ).json()) as { token: string }
    ).token;
    const res = await fetch(`${again.url}/api/v1/stores`, { headers: { authorization: `Bearer ${token}` } });
    const stores = (await res.json()) as { items: unknown[] };
    expect(stores.items).toHaveLength(5);
    expect(await again.stop('SIGINT')).toBe(0);
  }, 120_000);

  it('starts on the PostgreSQL named by DATABASE_URL without starting its own', async () => {
    const dataDir = await tempDir();
    const db = await emptyDb();
    const server = await startChildServer({ PATRON_DATA_DIR: dataDir, DATABASE_URL: db.url });
    expect(await loginStatus(server.url)).toBe(200);
    expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
    // The application's connections (the login just made) log in as patron_app, not as the owner.
    const logins = await db.pool.query(
      'SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    expect(logins.rows.map((r) => r.usename)).toContain('patron_app');
    const orgs = await db.pool.query('SELECT name FROM organizations ORDER BY name');
    expect(orgs.rows.map((r) => r.name)).toEqual(['Demo Dispensary', 'Other Dispensary']);
    expect(await server.stop()).toBe(0);
  }, 60_000);

  it("in demo mode mails a kiosk customer's one-time code to the local sink, which staff read on /demo/mailbox", async () => {
    const db = await emptyDb();
    const server = await startChildServer({ PATRON_DATA_DIR: await tempDir(), DATABASE_URL: db.url });
    expect(server.output()).toMatch(/demo\/mailbox/);
    const kioskKey = /kiosk key for the Treez Store: (pk_[A-Za-z0-9_-]+)/.exec(server.output())![1]!;
    const call = async (method: string, url: string, token: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const email = 'kiosk.sink@example.com';
    const signup = await call('POST', '/kiosk/signup', kioskKey, {
      firstName: 'Sink',
      lastName: 'Reader',
      dateOfBirth: '1979-04-04',
      phone: '(702) 555-7711',
      email,
    });
    expect(signup.status).toBe(201);
    const customerToken = signup.json.customerToken as string;
    const opened = await call('DELETE', '/me', customerToken);
    expect(opened.json).toMatchObject({ status: 'awaiting_verification', codeSentTo: 'k•••@example.com' });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'staff@demo.test', password: 'patron-demo' }),
    });
    const staff = ((await login.json()) as { token: string }).token;
    const mailbox = await call('GET', '/demo/mailbox', staff);
    const [message] = mailbox.json.items as { to: string[]; text: string }[];
    expect(message!.to).toEqual([email]);
    const code = /\b(\d{6})\b/.exec(message!.text)![1]!;
    const done = await call('POST', `/me/requests/${opened.json.requestId}/verify`, customerToken, { code });
    expect(done).toMatchObject({ status: 200, json: { kind: 'erasure', status: 'done' } });
    expect(await server.stop()).toBe(0);
  }, 60_000);

  it('finishes in-flight requests before it exits on SIGTERM', async () => {
    const db = await emptyDb();
    const server = await startChildServer({ PATRON_DATA_DIR: await tempDir(), DATABASE_URL: db.url });
    // Spread over the demo users: more than three logins of one account from one address in flight
    // at once count as failures until they succeed (src/auth/login-throttle.ts).
    const users = ['admin@demo.test', 'manager@demo.test', 'staff@demo.test', 'admin@other.test'];
    // The connections are open before the logins go: on a loaded machine a connection still in the
    // listen backlog when the server closes is reset, which is not the in-flight case this proves.
    const connections = new Agent({ connections: 8 });
    await Promise.all(
      Array.from({ length: 8 }, () =>
        undiciFetch(`${server.url}/healthz`, { dispatcher: connections }).then((r) => r.text()),
      ),
    );
    const inFlight = Array.from({ length: 8 }, (_, i) =>
      loginStatus(server.url, users[i % users.length], 'patron-demo', connections),
    );
    await new Promise((r) => setTimeout(r, 100));
    const exit = server.stop('SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array(8).fill(200));
    expect(await exit).toBe(0);
    await connections.close();
    // New connections are refused once it has stopped.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('serves /metrics on the metrics listener only, behind the metrics token, and 404 on the public port', async () => {
    const db = await emptyDb();
    const metricsPort = await freeLoopbackPort();
    const token = 'metrics-token-of-the-start-test';
    const server = await startChildServer({
      PATRON_DATA_DIR: await tempDir(),
      DATABASE_URL: db.url,
      PATRON_METRICS_PORT: String(metricsPort),
      PATRON_METRICS_TOKEN: token,
    });
    try {
      expect(await loginStatus(server.url)).toBe(200);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
      const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
      expect((await fetch(metricsUrl)).status).toBe(401);
      expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
      const scraped = await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(
        /^patron_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/auth\/login",status="200"\} 1$/m,
      );
      expect(server.output()).not.toContain(token);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The listener stops with the server.
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  }, 90_000);

  it('without demo data, creates the first admin from the environment', async () => {
    const db = await emptyDb();
    const server = await startChildServer({
      PATRON_DATA_DIR: await tempDir(),
      DATABASE_URL: db.url,
      PATRON_DEMO: '0',
      PATRON_ADMIN_EMAIL: 'owner@greenleaf.test',
      PATRON_ADMIN_PASSWORD: 'owner-password-1',
      PATRON_ORG_NAME: 'Green Leaf',
    });
    expect(await loginStatus(server.url, 'owner@greenleaf.test', 'owner-password-1')).toBe(200);
    expect(await loginStatus(server.url, 'admin@demo.test')).toBe(401);
    expect(await server.stop()).toBe(0);
  }, 60_000);

  it('refuses to start without demo data and without a first admin, saying what to set', async () => {
    const db = await emptyDb();
    await expect(
      startChildServer({ PATRON_DATA_DIR: await tempDir(), DATABASE_URL: db.url, PATRON_DEMO: '0' }),
    ).rejects.toThrow(/set PATRON_ADMIN_EMAIL and PATRON_ADMIN_PASSWORD/);
  }, 60_000);

  it('refuses a bad configuration value with a readable message', async () => {
    await expect(startChildServer({ PATRON_DATA_DIR: await tempDir(), PORT: 'eighty' })).rejects.toThrow(
      /PORT: expected a whole number/,
    );
  });
});

// The machine image carries PostgreSQL 15, the oldest version Patron supports; when it is there,
// prove the server runs on it too.
const PG15 = '/usr/lib/postgresql/15/bin';
describe.runIf(existsSync(`${PG15}/initdb`) && process.getuid?.() === 0)('on PostgreSQL 15', () => {
  it('migrates and serves on a PostgreSQL 15 server', async () => {
    const dir = await tempDir();
    const cluster = path.join(dir, 'pg15');
    execFileSync('chmod', ['755', dir]);
    execFileSync('install', ['-d', '-o', 'postgres', '-m', '700', cluster]);
    execFileSync('runuser', ['-u', 'postgres', '--', `${PG15}/initdb`, '-D', cluster, '-U', 'patron', '--auth=trust'], {
      stdio: 'ignore',
    });
    const port = await freeLoopbackPort();
    execFileSync(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        `${PG15}/pg_ctl`,
        '-D',
        cluster,
        '-w',
        '-o',
        `-p ${port} -k ${cluster} -c listen_addresses=127.0.0.1`,
        'start',
      ],
      { stdio: 'ignore' },
    );
    cleanups.push(async () =>
      execFileSync('runuser', ['-u', 'postgres', '--', `${PG15}/pg_ctl`, '-D', cluster, '-m', 'fast', 'stop'], {
        stdio: 'ignore',
      }),
    );
    const server = await startChildServer({
      PATRON_DATA_DIR: dir,
      DATABASE_URL: `postgres://patron@127.0.0.1:${port}/postgres`,
    });
    expect(await loginStatus(server.url)).toBe(200);
    expect(await server.stop()).toBe(0);
  }, 90_000);
});
