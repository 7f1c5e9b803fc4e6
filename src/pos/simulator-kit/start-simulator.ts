/**
 * Runs a vendor simulator: a Fastify server on 127.0.0.1 with an in-memory store seeded with fake
 * people (or, given a `dataFile`, the store saved there by an earlier run), the vendor's rate limit,
 * fault injection and the admin surface. A vendor's `simulator.ts` supplies only what is its own (a
 * `SimulatorDefinition`): record shape, routes, auth, error bodies, state kept outside the store.
 * Tests outside a vendor's folder add, edit and read customers in neutral field names (`addCustomer`,
 * `editCustomer`, `customerOf`); the vendor's own `fromPerson`, `recordChanges` and `toCustomer`
 * translate, so they never name a vendor field (`addRecord`, `editRecord` take the vendor's own). The shapes it runs and hands
 * out are in `simulator-types.ts` (shared with `admin-routes.ts` without a cycle).
 */
import Fastify from 'fastify';
import { TokenBucket } from '../token-bucket.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { fakePerson } from './fake-people.ts';
import { Faults } from './faults.ts';
import { readSimFile, type SimFile, simFile } from './sim-file.ts';
import { SimStore } from './sim-store.ts';
import { SimTokens } from './sim-tokens.ts';
import type {
  RecordedRequest,
  RunningSimulator,
  SimCustomerInput,
  SimulatorContext,
  SimulatorDefinition,
  SimulatorOptions,
} from './simulator-types.ts';

const ADMIN_PREFIX = '/_sim';
const REQUEST_LOG_LIMIT = 5_000;

export async function startSimulator<R>(
  definition: SimulatorDefinition<R>,
  options: SimulatorOptions = {},
): Promise<RunningSimulator<R>> {
  const seed = options.seed ?? 1;
  const store = new SimStore<R>((record) => definition.idOf(record));
  const faults = new Faults(options.faults, seed);
  const tokens = new SimTokens();
  const requests: RecordedRequest[] = [];
  const buckets = new Map<string, TokenBucket>();

  const addRecord = (changes: Record<string, unknown> = {}): R => {
    const id = store.nextId();
    const record = definition.fromPerson(fakePerson(seed, id - 1), id);
    // Added now, so changed now: an incremental pull must see a walk-in even without other changes.
    return store.put(definition.edit(record, changes, new Date()));
  };
  const addCustomer = (input: SimCustomerInput = {}): R => {
    const id = store.nextId();
    const record = definition.fromPerson({ ...fakePerson(seed, id - 1), ...input }, id);
    return store.put(definition.edit(record, {}, new Date()));
  };
  const editRecord = (id: string, changes: Record<string, unknown>): R | undefined => {
    const record = store.get(id);
    return record === undefined ? undefined : store.put(definition.edit(record, changes, new Date()));
  };
  const editCustomer = (id: string, changes: SimCustomerInput): R | undefined => {
    const record = store.get(id);
    return record === undefined ? undefined : editRecord(id, definition.recordChanges(changes, record));
  };
  const customerOf = (id: string) => {
    const record = store.get(id);
    return record === undefined ? undefined : definition.toCustomer(record);
  };
  const saved = options.dataFile === undefined ? undefined : await readSimFile<R>(options.dataFile);
  if (saved) {
    store.restore(saved.store);
    definition.state?.load(saved.state);
  } else {
    for (let i = 0; i < (options.customers ?? 50); i += 1) {
      const id = store.nextId();
      store.put(definition.fromPerson(fakePerson(seed, id - 1), id));
    }
  }
  let file: SimFile | undefined;
  if (options.dataFile !== undefined) {
    file = simFile(options.dataFile, () => ({ store: store.snapshot(), state: definition.state?.save() ?? null }));
    store.onChange(() => file?.changed());
    // A first start writes its seed at once: the file, not the seed, is the store from now on.
    if (!saved) {
      file.changed();
      await file.flush();
    }
  }

  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return;
    const settings = faults.settings;
    if (settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, settings.latencyMs));
    const fault = faults.draw();
    if (fault === 'reset') {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault === 'rate-limited') return definition.rateLimited(reply, settings.retryAfterSeconds);
    if (fault === 'server-error') return definition.serverError(reply);
    const key = settings.enforceRateLimit ? definition.rateLimitKey(request) : null;
    if (key !== null) {
      const bucket = buckets.get(key) ?? new TokenBucket(definition.rateLimit);
      buckets.set(key, bucket);
      const wait = bucket.tryTake();
      if (wait > 0) {
        const retryAfter = settings.retryAfterSeconds === null ? null : Math.max(1, Math.ceil(wait / 1000));
        return definition.rateLimited(reply, retryAfter);
      }
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith(ADMIN_PREFIX)) return;
    requests.push({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: reply.statusCode });
    if (requests.length > REQUEST_LOG_LIMIT) requests.splice(0, requests.length - REQUEST_LOG_LIMIT);
  });

  const context: SimulatorContext<R> = {
    store,
    faults,
    tokens,
    serve: (record) => (faults.breaks(definition.idOf(record)) ? definition.malform(record) : record),
  };
  definition.routes(app, context);
  registerAdminRoutes(app, ADMIN_PREFIX, { store, faults, tokens, requests, addRecord, editRecord });

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    faults,
    tokens,
    requests,
    idOf: (record) => definition.idOf(record),
    addCustomer,
    addRecord,
    editCustomer,
    editRecord,
    customerOf,
    close: async () => {
      // No request changes the store once the server is closed; then the last changes are written.
      await app.close();
      await file?.flush();
    },
  };
}
