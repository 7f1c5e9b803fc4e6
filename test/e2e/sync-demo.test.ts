/** The demo's POS side in real processes: simulators started by `patron start`, pulls on schedule, roles split. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer, startChildWorker } from '../support/child-server.ts';
import { createEmptyDatabase, type TestDatabase } from '../support/test-database.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A data folder of its own: the simulators keep their customers there, and must not find another run's. */
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'patron-sync-demo-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emptyDb(): Promise<TestDatabase> {
  const db = await createEmptyDatabase();
  cleanups.push(() => db.close());
  return db;
}

async function api(url: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { items?: unknown[] } };
}

async function adminToken(url: string): Promise<string> {
  const login = await api(url, undefined, 'POST', '/auth/login', { email: 'admin@demo.test', password: 'patron-demo' });
  return login.body.token as string;
}

async function treezStoreId(url: string, token: string): Promise<string> {
  const stores = (await api(url, token, 'GET', '/stores')).body.items as { id: string; name: string }[];
  return stores.find((s) => s.name === 'Treez Store')!.id;
}

interface Run {
  id: string;
  status: string;
  stats: { fetched: number; created: number; linked: number };
}

async function succeededRun(url: string, token: string, query: string, timeoutMs = 60_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = (await api(url, token, 'GET', `/sync-runs?${query}`)).body.items as Run[];
    const done = runs.find((r) => r.status === 'succeeded');
    if (done) return done;
    if (Date.now() > deadline) throw new Error(`no succeeded run: ${JSON.stringify(runs)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('demo sync', () => {
  it('points the Treez store at its simulator and pulls its seeded customers on the schedule', async () => {
    const db = await emptyDb();
    const server = await startChildServer({ DATABASE_URL: db.url, PATRON_DATA_DIR: await tempDir() });
    cleanups.push(() => server.stop());
    const token = await adminToken(server.url);
    const store = await treezStoreId(server.url, token);

    const integration = await api(server.url, token, 'GET', `/stores/${store}/integration`);
    expect(integration.body).toMatchObject({ vendor: 'treez', configured: true, enabled: true });
    expect(integration.body.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2\.0\/dispensary\//);

    const run = await succeededRun(server.url, token, `storeId=${store}`);
    expect(run.stats.fetched).toBe(300);
    expect(run.stats.created + run.stats.linked).toBe(300);
    expect(await server.stop('SIGTERM')).toBe(0);
  }, 120_000);

  it('splits roles: the api process queues a pull, a separate worker process runs it', async () => {
    const db = await emptyDb();
    const dataDir = await tempDir();
    const worker = await startChildWorker({ DATABASE_URL: db.url, PATRON_DATA_DIR: dataDir }, ['--role=worker']);
    cleanups.push(() => worker.stop());
    const server = await startChildServer({ DATABASE_URL: db.url, PATRON_DATA_DIR: dataDir }, 60_000, ['--role=api']);
    cleanups.push(() => server.stop());
    const token = await adminToken(server.url);
    const store = await treezStoreId(server.url, token);

    const queued = await api(server.url, token, 'POST', `/stores/${store}/sync`, { mode: 'full' });
    expect(queued.status).toBe(202);
    const deadline = Date.now() + 60_000;
    let run = (await api(server.url, token, 'GET', `/sync-runs/${queued.body.runId}`)).body as unknown as Run;
    while (run.status !== 'succeeded' && run.status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      run = (await api(server.url, token, 'GET', `/sync-runs/${queued.body.runId}`)).body as unknown as Run;
    }
    expect(run.status).toBe('succeeded');
    expect(run.stats.fetched).toBe(300);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(await worker.stop('SIGTERM')).toBe(0);
  }, 120_000);
});
