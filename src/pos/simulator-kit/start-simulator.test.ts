import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakePerson } from './fake-people.ts';
import { neutralChanges } from './neutral-changes.ts';
import type { RunningSimulator, SimulatorDefinition } from './simulator-types.ts';
import { startSimulator } from './start-simulator.ts';

/** The smallest vendor there is: one list route, 429 and 5xx as plain JSON. */
interface Row {
  id: string;
  name: string;
  changedAt: string;
}
const tinyVendor: SimulatorDefinition<Row> = {
  vendor: 'treez',
  idOf: (row) => row.id,
  fromPerson: (person: FakePerson, id) => ({
    id: String(id),
    name: person.lastName,
    changedAt: person.updatedAt.toISOString(),
  }),
  edit: (row, changes, now) => ({ ...row, ...changes, changedAt: now.toISOString() }),
  malform: (row) => ({ ...row, name: 42 }),
  toCustomer: (row) => ({ status: 'active', lastName: row.name }),
  recordChanges: (changes, row) => neutralChanges('treez', { lastName: (name) => ({ name }) }, changes, row),
  rateLimit: { limit: 5, intervalMs: 1000 },
  rateLimitKey: (request) => String(request.headers['x-key'] ?? 'anonymous'),
  rateLimited: (reply, retryAfter) => {
    if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
    return reply.code(429).send({ error: 'slow down' });
  },
  serverError: (reply) => reply.code(503).send({ error: 'down' }),
  routes(app, context) {
    app.get('/rows', async () => context.store.all().map((row) => context.serve(row)));
  },
};

let sim: RunningSimulator<Row> | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('simulator kit', () => {
  it('listens on loopback with the seeded number of customers', async () => {
    sim = await startSimulator(tinyVendor, { customers: 12, seed: 4 });
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const rows = (await (await fetch(`${sim.url}/rows`)).json()) as Row[];
    expect(rows).toHaveLength(12);
  });

  it('answers 429 the vendor way once a credential set exceeds the published limit, per key', async () => {
    sim = await startSimulator(tinyVendor, { customers: 1 });
    const url = `${sim.url}/rows`;
    const statuses = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await fetch(url, { headers: { 'x-key': 'a' } })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await fetch(url, { headers: { 'x-key': 'a' } });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await fetch(url, { headers: { 'x-key': 'b' } })).status).toBe(200);
  });

  it('lets faults be set at run time through the admin surface', async () => {
    sim = await startSimulator(tinyVendor, { customers: 3 });
    const patch = await fetch(`${sim.url}/_sim/faults`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serverErrorBurst: 1, rateLimitBurst: 1, retryAfterSeconds: null, malformedIds: ['2'] }),
    });
    expect(patch.status).toBe(200);
    const first = await fetch(`${sim.url}/rows`);
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, null]);
    expect((await fetch(`${sim.url}/rows`)).status).toBe(503);
    const rows = (await (await fetch(`${sim.url}/rows`)).json()) as { id: string; name: unknown }[];
    expect(rows.find((row) => row.id === '2')?.name).toBe(42);
    expect(rows.find((row) => row.id === '1')?.name).toEqual(expect.any(String));
  });

  it('drops the connection without an answer when a reset is injected', async () => {
    sim = await startSimulator(tinyVendor, { customers: 1, faults: { resetBurst: 1 } });
    await expect(fetch(`${sim.url}/rows`)).rejects.toThrow();
    expect((await fetch(`${sim.url}/rows`)).status).toBe(200);
  });

  it('adds and edits customers at the POS through the admin surface, moving their change time', async () => {
    sim = await startSimulator(tinyVendor, { customers: 2 });
    const added = (await (
      await fetch(`${sim.url}/_sim/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Walk-in' }),
      })
    ).json()) as Row;
    expect(added).toMatchObject({ id: '3', name: 'Walk-in' });
    const before = sim.store.get('1')?.changedAt;
    const edited = await fetch(`${sim.url}/_sim/customers/1`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed' }),
    });
    expect(((await edited.json()) as Row).name).toBe('Renamed');
    expect(sim.store.get('1')?.changedAt).not.toBe(before);
    expect((await fetch(`${sim.url}/_sim/customers/99`, { method: 'PATCH', body: '{}' })).status).toBe(404);
  });

  it('adds a delay to every vendor call when latency is set', async () => {
    sim = await startSimulator(tinyVendor, { customers: 1, faults: { latencyMs: 80 } });
    const started = Date.now();
    await fetch(`${sim.url}/rows`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe('simulator kit with a data file', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const dataFile = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'patron-sim-'));
    dirs.push(dir);
    return path.join(dir, 'simulators', 'tiny.json');
  };
  const post = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('finds after a restart the customers created and edited at run time, and issues no id twice', async () => {
    const file = await dataFile();
    sim = await startSimulator(tinyVendor, { customers: 3, seed: 2, dataFile: file });
    expect(((await (await post(`${sim.url}/_sim/customers`, { name: 'Walk-in' })).json()) as Row).id).toBe('4');
    await fetch(`${sim.url}/_sim/customers/2`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Renamed' }),
    });
    const before = sim.store.all();
    await sim.close();

    // Asked to seed 10 this time: the saved store wins over the seed.
    sim = await startSimulator(tinyVendor, { customers: 10, seed: 2, dataFile: file });
    const rows = (await (await fetch(`${sim.url}/rows`)).json()) as Row[];
    expect(rows.map((row) => row.id).sort()).toEqual(['1', '2', '3', '4']);
    expect(rows.find((row) => row.id === '2')?.name).toBe('Renamed');
    expect(rows.find((row) => row.id === '4')?.name).toBe('Walk-in');
    expect(sim.store.all()).toEqual(before);
    expect(((await (await post(`${sim.url}/_sim/customers`, { name: 'Next' })).json()) as Row).id).toBe('5');
  });

  it('continues past an id that was issued but never stored', async () => {
    const file = await dataFile();
    sim = await startSimulator(tinyVendor, { customers: 2, dataFile: file });
    // A vendor create that took an id and then refused the record: the id is spent all the same.
    expect(sim.store.nextId()).toBe(3);
    await sim.close();
    sim = await startSimulator(tinyVendor, { customers: 2, dataFile: file });
    expect(sim.store.nextId()).toBe(4);
  });

  it('writes changes to the file shortly after they happen, without waiting for close', async () => {
    const file = await dataFile();
    sim = await startSimulator(tinyVendor, { customers: 1, dataFile: file });
    sim.addRecord({ name: 'Written soon' });
    const deadline = Date.now() + 5_000;
    let names: string[] = [];
    while (!names.includes('Written soon') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const saved = JSON.parse(await readFile(file, 'utf8')) as { store: { records: Row[] } };
      names = saved.store.records.map((row) => row.name);
    }
    expect(names).toContain('Written soon');
    // Written through a temporary file renamed into place: none is left beside it.
    expect(await readdir(path.dirname(file))).toEqual(['tiny.json']);
  });

  it("keeps the vendor's state held outside the store", async () => {
    const file = await dataFile();
    const balances = new Map<string, number>();
    const withState: SimulatorDefinition<Row> = {
      ...tinyVendor,
      state: {
        save: () => Object.fromEntries(balances),
        load: (saved) => {
          for (const [id, points] of Object.entries(saved as Record<string, number>)) balances.set(id, points);
        },
      },
    };
    sim = await startSimulator(withState, { customers: 1, dataFile: file });
    balances.set('1', 275);
    sim.editRecord('1', { name: 'Points' });
    await sim.close();
    balances.clear();
    sim = await startSimulator(withState, { customers: 1, dataFile: file });
    expect(balances.get('1')).toBe(275);
  });

  it('refuses to start on a store file it cannot read, naming the file, rather than seed over it', async () => {
    const file = await dataFile();
    sim = await startSimulator(tinyVendor, { customers: 1, dataFile: file });
    await sim.close();
    sim = undefined;
    await writeFile(file, '{"version":1,"store":');
    await expect(startSimulator(tinyVendor, { customers: 1, dataFile: file })).rejects.toThrow(
      `${file} is not a simulator store this version can read; delete it to start afresh`,
    );
  });

  it('without a data file, seeds afresh on every start', async () => {
    sim = await startSimulator(tinyVendor, { customers: 2 });
    sim.addRecord({ name: 'Gone after close' });
    await sim.close();
    sim = await startSimulator(tinyVendor, { customers: 2 });
    expect(sim.store.all().map((row) => row.id)).toEqual(['1', '2']);
  });
});
