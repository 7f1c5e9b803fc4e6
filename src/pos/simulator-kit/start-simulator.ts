/**
 * Runs a vendor simulator: a Fastify server on 127.0.0.1 with an in-memory store seeded with fake
 * people (or, given a `dataFile`, the store saved there by an earlier run), the vendor's rate limit,
 * fault injection and the admin surface. A vendor's `simulator.ts` supplies only what is its own (a
 * `SimulatorDefinition`): record shape, routes, auth, error bodies, state kept outside the store.
 * Tests outside a vendor's folder add customers in neutral field names (`addCustomer`); the vendor's
 * own `fromPerson` writes the record, so they never name a vendor field.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { PosVendor } from '../port.ts';
import { type RateLimit, TokenBucket } from '../token-bucket.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { type FakePerson, fakePerson } from './fake-people.ts';
import { type FaultSettings, Faults } from './faults.ts';
import { readSimFile, type SimFile, simFile } from './sim-file.ts';
import { SimStore } from './sim-store.ts';
import { SimTokens } from './sim-tokens.ts';

export interface SimulatorContext<R> {
  store: SimStore<R>;
  faults: Faults;
  tokens: SimTokens;
  /** The record as it should go out in a list answer: itself, or broken when the malformed fault says so. */
  serve(record: R): unknown;
}

export interface SimulatorDefinition<R> {
  vendor: PosVendor;
  idOf(record: R): string;
  /** A vendor record for a fake person, as if entered at the POS; `id` is the next sequential number. */
  fromPerson(person: FakePerson, id: number): R;
  /** A budtender's edit, in the vendor's own field names; the vendor's change time moves to `now`. */
  edit(record: R, changes: Record<string, unknown>, now: Date): R;
  /** A copy that breaks the vendor's schema (wrong types), for the malformed-record fault. */
  malform(record: R): unknown;
  /** The vendor's published limit for one credential set or location. */
  rateLimit: RateLimit;
  /** The credential set or location a call counts against; `null` for calls the limit does not cover. */
  rateLimitKey(request: FastifyRequest): string | null;
  /** Answers 429 the vendor's way. */
  rateLimited(reply: FastifyReply, retryAfterSeconds: number | null): FastifyReply;
  /** Answers 5xx the vendor's way. */
  serverError(reply: FastifyReply): FastifyReply;
  routes(app: FastifyInstance, context: SimulatorContext<R>): void;
  /**
   * What the vendor holds outside the store and must keep across a restart (a balance table, a
   * counter of child ids), as JSON; absent when the store's records are all there is.
   */
  state?: { save(): unknown; load(saved: unknown): void };
}

export interface SimulatorOptions {
  /** Seeds the fake people and the fault dice (default 1). */
  seed?: number;
  /** How many customers the store starts with (default 50). */
  customers?: number;
  faults?: Partial<FaultSettings>;
  /** Default 0: any free port. */
  port?: number;
  /**
   * Where the store is kept across restarts (demo mode, sim-file.ts): loaded at start instead of
   * seeding when it exists, written after changes and on close. Without it the store lives in memory.
   */
  dataFile?: string;
}

/**
 * A customer "typed at the POS", in neutral field names (a `FakePerson`'s, values as typed: a phone
 * may be `(702) 555-0123`); what is left out comes from the seeded fake person.
 */
export type SimCustomerInput = Partial<Omit<FakePerson, 'index'>>;

export interface RecordedRequest {
  method: string;
  /** The route template, e.g. `/customer/:customer_id`. */
  route: string;
  status: number;
}

export interface RunningSimulator<R> {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  store: SimStore<R>;
  faults: Faults;
  tokens: SimTokens;
  /** The last 5,000 vendor calls, oldest first. */
  requests: RecordedRequest[];
  /** The vendor's id of one of its records, so tests outside the vendor folder need not know its id field. */
  idOf(record: R): string;
  /**
   * Adds a customer "at the POS": a new fake person with `input` (neutral field names) in place of
   * its own values, written in the vendor's shape by the vendor's `fromPerson`. Changed now.
   */
  addCustomer(input?: SimCustomerInput): R;
  /** Adds a customer "at the POS" with `changes` in the vendor's own field names: for tests in the vendor's folder. */
  addRecord(changes?: Record<string, unknown>): R;
  /** Edits a customer "at the POS", as a budtender would. */
  editCustomer(id: string, changes: Record<string, unknown>): R | undefined;
  close(): Promise<void>;
}

/** A started vendor simulator with credentials that work against it, as `src/pos/simulators.ts` hands it out. */
export interface StartedVendorSimulator<C> {
  simulator: RunningSimulator<unknown>;
  /** Credentials that work against this simulator, in the vendor's credentials shape. */
  credentials: C;
}

/** A vendor's entry in the simulator registry (`src/pos/simulators.ts`): exported by its `simulator.ts`. */
export interface VendorSimulator<C> {
  vendor: PosVendor;
  start(options?: SimulatorOptions): Promise<StartedVendorSimulator<C>>;
}

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
  const editCustomer = (id: string, changes: Record<string, unknown>): R | undefined => {
    const record = store.get(id);
    return record === undefined ? undefined : store.put(definition.edit(record, changes, new Date()));
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
  registerAdminRoutes(app, ADMIN_PREFIX, { store, faults, tokens, requests, addRecord, editCustomer });

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
    close: async () => {
      // No request changes the store once the server is closed; then the last changes are written.
      await app.close();
      await file?.flush();
    },
  };
}
