import { afterEach, describe, expect, it } from 'vitest';
import type { FakePerson } from './fake-people.ts';
import { type RunningSimulator, type SimulatorDefinition, startSimulator } from './start-simulator.ts';

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
