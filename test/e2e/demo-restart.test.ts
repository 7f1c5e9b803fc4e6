/**
 * The demo stopped and started again on the same data folder, as real `patron start` processes: the
 * POS simulators still have the customers the links point at (seeded and created at run time), new
 * POS ids do not take old ones, the kiosk key printed before still works, and the stop logs no error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildServer, startChildServer } from '../support/child-server.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function api(url: string, token: string | undefined, method: string, route: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${route}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Link {
  storeId: string;
  externalId: string | null;
  status: string;
  lastError: string | null;
}

async function treezLink(url: string, token: string, customerId: string, storeId: string): Promise<Link | undefined> {
  const answer = (await api(url, token, 'GET', `/customers/${customerId}/sync`)).body;
  // A list (`{items}`) per API.md; a bare array before that change landed.
  const links = (Array.isArray(answer) ? answer : (answer.items as Link[])) ?? [];
  return links.find((l) => l.storeId === storeId);
}

/** Creates a customer and links them to the store; resolves with their POS id once the link is synced. */
async function createdAndLinked(url: string, token: string, storeId: string, n: number) {
  const created = await api(url, token, 'POST', '/customers', {
    firstName: 'Restart',
    lastName: `Walkin${n}`,
    dateOfBirth: `1984-07-1${n}`,
    phone: `+1702555${String(8100 + n)}`,
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const link = await api(url, token, 'POST', `/customers/${id}/stores/${storeId}/link`);
  expect([200, 202]).toContain(link.status);
  const synced = await until('the link to be synced', async () => {
    const found = await treezLink(url, token, id, storeId);
    return found?.status === 'synced' && found.externalId ? found : undefined;
  });
  return { id, externalId: synced.externalId as string };
}

const kioskKeyIn = (output: string) => /kiosk key for the Treez Store: (pk_[A-Za-z0-9_-]+)/.exec(output)?.[1];

/** Log lines at error level or above (pino: 50 error, 60 fatal). */
const errorLines = (output: string) =>
  output.split('\n').filter((line) => /"level":(5\d|6\d)\b/.test(line) || /^\s*(Error|TypeError)\b/.test(line));

describe('demo restart', () => {
  it('keeps the simulators customers, the POS ids and the kiosk key across a stop and a start, and stops without an error', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'patron-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const start = async () => {
      const server = await startChildServer({ PATRON_DATA_DIR: dataDir }, 150_000);
      cleanups.push(() => server.stop('SIGKILL'));
      const login = await api(server.url, undefined, 'POST', '/auth/login', {
        email: 'admin@demo.test',
        password: 'patron-demo',
      });
      const token = login.body.token as string;
      const stores = (await api(server.url, token, 'GET', '/stores')).body.items as { id: string; name: string }[];
      const storeId = stores.find((s) => s.name === 'Treez Store')!.id;
      const integration = (await api(server.url, token, 'GET', `/stores/${storeId}/integration`)).body;
      const simulator = new URL(integration.baseUrl as string).origin;
      return { server, token, storeId, simulator };
    };
    const simulatorIds = async (simulator: string) =>
      (
        (await (await fetch(`${simulator}/_sim/customers`)).json()) as { customers: { customer_id: string }[] }
      ).customers.map((c) => c.customer_id);
    const stop = async (server: ChildServer) => {
      expect(await server.stop('SIGTERM')).toBe(0);
      expect(errorLines(server.output())).toEqual([]);
    };

    // First start: the seeded customers are pulled and linked, and one is created here and linked.
    const first = await start();
    expect(first.server.output()).toContain('with the password patron-demo');
    const kioskKey = kioskKeyIn(first.server.output());
    expect(kioskKey).toMatch(/^pk_/);
    await until('the first Treez pull', async () => {
      const runs = (await api(first.server.url, first.token, 'GET', `/sync-runs?storeId=${first.storeId}`)).body
        .items as { status: string }[];
      return runs.some((r) => r.status === 'succeeded') ? true : undefined;
    });
    const walkIn = await createdAndLinked(first.server.url, first.token, first.storeId, 1);
    const idsBefore = await simulatorIds(first.simulator);
    expect(idsBefore).toContain(walkIn.externalId);
    expect(idsBefore.length).toBe(301);
    await stop(first.server);

    // Second start on the same data folder.
    const second = await start();
    expect(second.server.output()).toContain('with the password patron-demo');
    expect(kioskKeyIn(second.server.output())).toBe(kioskKey);
    const identify = await fetch(`${second.server.url}/api/v1/kiosk/identify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kioskKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+17025550199', dateOfBirth: '1980-01-01' }),
    });
    expect([200, 404]).toContain(identify.status);

    expect((await simulatorIds(second.simulator)).sort()).toEqual([...idsBefore].sort());
    // An edit is pushed to the POS record the link points at: still there, so the link stays synced.
    const edit = await fetch(`${second.server.url}/api/v1/customers/${walkIn.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${second.token}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ email: 'restart.walkin1@example.com' }),
    });
    expect(edit.status).toBe(200);
    const afterPush = await until('the edit to be pushed', async () => {
      const link = await treezLink(second.server.url, second.token, walkIn.id, second.storeId);
      return link && link.status !== 'pending' ? link : undefined;
    });
    expect(afterPush).toMatchObject({ status: 'synced', externalId: walkIn.externalId, lastError: null });

    // A customer created and linked now gets a POS id no earlier customer had.
    const next = await createdAndLinked(second.server.url, second.token, second.storeId, 2);
    expect(idsBefore).not.toContain(next.externalId);
    await stop(second.server);
  }, 420_000);
});
