/**
 * The shapes of the simulator kit: what a vendor's `simulator.ts` defines (`SimulatorDefinition`),
 * the options a simulator starts with, what a running one offers tests, and its entry in the
 * simulator registry (`src/pos/simulators.ts`). Apart from `start-simulator.ts` so that the admin
 * routes and the vendors import the shapes without importing the runner back.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PosVendor } from '../port.ts';
import type { RateLimit } from '../token-bucket.ts';
import type { FakePerson } from './fake-people.ts';
import type { FaultSettings, Faults } from './faults.ts';
import type { SimStore } from './sim-store.ts';
import type { SimTokens } from './sim-tokens.ts';

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
  /** The record in neutral field names, as the vendor holds it (`customerOf`). */
  toCustomer(record: R): SimCustomer;
  /**
   * Neutral changes in the vendor's own field names, for `edit` (`editCustomer`); throws on a neutral
   * field the vendor's record cannot hold or the simulator does not translate (see `neutral-changes.ts`).
   */
  recordChanges(changes: SimCustomerInput, record: R): Record<string, unknown>;
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
  /**
   * The account the simulator's credentials name (Treez: the dispensary in the base URL). Tests that
   * start many simulators give each its own, so the clients' per-credential tokens, rate buckets and
   * breakers never carry over from a closed simulator whose port is reused. Vendors whose credentials
   * name no such account ignore it.
   */
  account?: string;
}

/**
 * A customer "typed at the POS", in neutral field names (a `FakePerson`'s, values as typed: a phone
 * may be `(702) 555-0123`); what is left out comes from the seeded fake person.
 */
export type SimCustomerInput = Partial<Omit<FakePerson, 'index'>>;

/** An ID document or medical card as a POS holds it: some vendors keep no state or no expiry. */
export interface SimDocument {
  number: string;
  state: string | null;
  expiresOn: string | null;
}

/**
 * A customer as the POS holds them, in the neutral field names `addCustomer` takes (values as the
 * vendor stores them: a phone may come back formatted). Fields the vendor's record has no place for
 * are absent. `status` says whether the POS still serves the record, deactivated (or deleted) it, or
 * merged it into another.
 */
export type SimCustomer = Omit<SimCustomerInput, 'medicalCard' | 'driversLicense'> & {
  medicalCard?: SimDocument | null;
  driversLicense?: SimDocument | null;
  status: 'active' | 'deactivated' | 'merged';
};

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
  /** Edits a customer "at the POS", as a budtender would, in neutral field names; `undefined` when no such record. */
  editCustomer(id: string, changes: SimCustomerInput): R | undefined;
  /** Edits a customer "at the POS" in the vendor's own field names: for tests in the vendor's folder. */
  editRecord(id: string, changes: Record<string, unknown>): R | undefined;
  /** The customer the POS holds under `id`, in neutral field names; `undefined` when no such record. */
  customerOf(id: string): SimCustomer | undefined;
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
  /** The limit on list calls for one credential set, as the simulator enforces it by default (benchmarks read it). */
  listRateLimit: RateLimit;
  /** The most records one list call answers; a larger ask is refused or cut. */
  maxPageSize: number;
  start(options?: SimulatorOptions): Promise<StartedVendorSimulator<C>>;
}
