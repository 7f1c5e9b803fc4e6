/**
 * A Flowhub public customer API on loopback, as REFERENCE.md §2 describes it: `clientId` + `key`
 * headers, `/v1/customers/` (trailing slash) with `page`/`page_size` and `yyyy-mm-dd` date filters in
 * store-local time, singular `/v1/customer` writes with `store_id`, camelCase records with one `name`,
 * and 429s without rate-limit headers at about 59 requests a second. Where the reference says
 * UNCONFIRMED, the choice is made in `FLOWHUB_SIM_CHOICES` below and nowhere else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isCalendarDate, localDateTimeToUtc } from '../dates.ts';
import { neutralChanges } from '../simulator-kit/neutral-changes.ts';
import type {
  RunningSimulator,
  SimulatorContext,
  SimulatorDefinition,
  SimulatorOptions,
  VendorSimulator,
} from '../simulator-kit/simulator-types.ts';
import { startSimulator } from '../simulator-kit/start-simulator.ts';
import type { FlowhubCredentials } from './credentials.ts';
import {
  customerFromRecord,
  FLOWHUB_FIELDS,
  type FlowhubSimRecord,
  flowhubSimId,
  flowhubTimestamp,
  recordFromPerson,
  recordFromWrite,
  servedRecord,
} from './sim-record.ts';

/** Behaviour REFERENCE.md leaves open, chosen here as the most likely, in one place. */
export const FLOWHUB_SIM_CHOICES = {
  /** List envelope [2.3, REFERENCE 7.3]: `{status, data:[…]}` like Flowhub's v0 lists; dashboards read `d.data`. */
  listEnvelope: (data: unknown[]) => ({ status: 200, data }),
  /** Get by id, phone lookup, create and update answer the bare customer model (the Swagger's single model [2.3]). */
  singleIsBare: true,
  /** `page_size` when none is sent. */
  defaultPageSize: 100,
  /** `page_size=500` is observed working [2.5]; a larger one is silently cut to 500 (the maximum is UNCONFIRMED). */
  maxPageSize: 500,
  /** Error bodies are undocumented [2.6]: `{status, message}`, plus `errors[{field, message}]` on a 422. */
  unauthorized: { status: 401, body: { status: 401, message: 'Unauthorized' } },
  notFound: { status: 404, message: 'Customer not found' },
  rateLimited: { status: 429, message: 'Too Many Requests' },
  serverError: { status: 500, body: { status: 500, message: 'Internal Server Error' } },
  /** A `store_id` the client cannot see: 404, like a missing customer. */
  unknownLocation: { status: 404, message: 'Location not found' },
  /** Writes need `store_id` [2.3, 2.8]; without it, 400. */
  missingStoreId: { status: 400, message: 'store_id is required' },
  /** `/v1/customers` without the trailing slash [2.8] is not routed: 404. */
  listWithoutSlashStatus: 404,
  /** `updated_after=D` keeps changes from the store's local midnight that starts D (so D itself is included). */
  afterIncludesTheDay: true,
  // Lists are ordered by `updatedAt`, then id, and `order_by` flips the direction [2.5] (the sort key is UNCONFIRMED).
  /** The phone lookup compares digits only (the stored format is free text [2.8]); the first match answers. */
  phoneMatchesDigits: true,
  /** The location has a loyalty program, so get by id with `store_id` adds `loyaltyPointsInPennies` [2.3], one cent a point. */
  loyaltyProgram: true,
  /** The card and state ID are write-only in the model [2.4]: stored, never served. */
  servesWriteOnlyIds: false,
  // No duplicate rule is documented: a second customer with the same phone or email is accepted.
  /** Writes answer 200 with the stored customer. */
  writeStatus: 200,
  /** Back-office groups a `groupId` names; an id it does not know makes a group named by the id. */
  groups: [
    { groupId: 'grp-vip', name: 'VIP' },
    { groupId: 'grp-industry', name: 'INDUSTRY' },
    { groupId: 'grp-veteran', name: 'VETERAN' },
    { groupId: 'grp-senior', name: 'SENIOR' },
  ],
} as const;

/** About 59 requests a second observed before 429s, per client [2.6]. */
export const FLOWHUB_OBSERVED_RATE_LIMIT = { limit: 59, intervalMs: 1000 };

export interface FlowhubSimulatorOptions extends SimulatorOptions {
  clientId?: string;
  key?: string;
  locationId?: string;
  /** Zone of the store: date filters are applied in store-local time [2.5]. Default America/Denver. */
  timeZone?: string;
  /** The state of a customer who gave no address (`state` is required [2.4]). Default CO. */
  homeState?: string;
}

export interface RunningFlowhubSimulator extends RunningSimulator<FlowhubSimRecord> {
  credentials: FlowhubCredentials;
  timeZone: string;
}

type Query = Record<string, string | undefined>;
type WriteBody = Record<string, unknown>;

function message(reply: FastifyReply, status: number, text: string) {
  return reply.code(status).send({ status, message: text });
}

function groupName(groupId: string): string {
  const wanted = groupId.trim().toLowerCase();
  const known = FLOWHUB_SIM_CHOICES.groups.find(
    (group) => group.groupId === wanted || group.name.toLowerCase() === wanted,
  );
  return known?.name ?? groupId;
}

/** `CustomerWriteParams` validation [2.4]: name, birthDate, state and type are required. */
function validationErrors(body: WriteBody): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  if (typeof body.name !== 'string' || body.name.trim() === '') errors.push({ field: 'name', message: 'is required' });
  if (typeof body.birthDate !== 'string' || !isCalendarDate(body.birthDate)) {
    errors.push({ field: 'birthDate', message: 'must be in format yyyy-mm-dd' });
  }
  if (typeof body.state !== 'string' || !/^[A-Za-z]{2}$/.test(body.state)) {
    errors.push({ field: 'state', message: 'must be a 2-letter state code' });
  }
  if (body.type !== 'medCustomer' && body.type !== 'recCustomer') {
    errors.push({ field: 'type', message: 'must be medCustomer or recCustomer' });
  }
  for (const field of ['medIdExpiration', 'stateIdExpiration']) {
    const value = body[field];
    if (value !== null && value !== undefined && (typeof value !== 'string' || !isCalendarDate(value))) {
      errors.push({ field, message: 'must be in format yyyy-mm-dd' });
    }
  }
  return errors;
}

/** Epoch ms of a record time; the simulator writes ISO with `Z`, which `Date.parse` reads directly. */
function changedAt(record: FlowhubSimRecord, field: 'updatedAt' | 'createdAt'): number {
  const at = Date.parse(record[field]);
  return Number.isNaN(at) ? 0 : at;
}

export function flowhubSimulatorDefinition(settings: {
  clientId: string;
  key: string;
  locationId: string;
  timeZone: string;
  homeState: string;
}): SimulatorDefinition<FlowhubSimRecord> {
  const { clientId, key, locationId, timeZone } = settings;

  /** Local midnight starting `date` in the store's zone, as epoch ms [2.5]. */
  const localMidnight = (date: string) => Date.parse(localDateTimeToUtc(`${date} 00:00:00`, timeZone) ?? '');

  return {
    vendor: 'flowhub',
    idOf: (record) => record.id,
    fromPerson: (person, id) => recordFromPerson(person, id, settings.homeState),
    edit: (record, changes, now) => ({ ...record, ...changes, updatedAt: flowhubTimestamp(now) }),
    toCustomer: customerFromRecord,
    recordChanges: (changes, record) => neutralChanges('flowhub', FLOWHUB_FIELDS, changes, record),
    malform: (record) => ({ ...record, name: 42, birthDate: ['not', 'a', 'date'] }),
    rateLimit: FLOWHUB_OBSERVED_RATE_LIMIT,
    // A credential reaches every location [cross-vendor summary]: the limit counts per client id.
    rateLimitKey: (request) => {
      const id = request.headers.clientid;
      return typeof id === 'string' ? id : null;
    },
    // No rate-limit headers, even on the 429 [2.6]: `Retry-After` only when a test injects it.
    rateLimited(reply, retryAfterSeconds) {
      if (retryAfterSeconds !== null) reply.header('retry-after', String(retryAfterSeconds));
      return message(reply, FLOWHUB_SIM_CHOICES.rateLimited.status, FLOWHUB_SIM_CHOICES.rateLimited.message);
    },
    serverError: (reply) =>
      reply.code(FLOWHUB_SIM_CHOICES.serverError.status).send(FLOWHUB_SIM_CHOICES.serverError.body),

    routes(app, context: SimulatorContext<FlowhubSimRecord>) {
      const { store } = context;
      const served = (record: FlowhubSimRecord) =>
        FLOWHUB_SIM_CHOICES.servesWriteOnlyIds ? context.serve(record) : servedRecord(context.serve(record));
      /** A single customer as it goes out: bare, or in the list envelope. */
      const one = (record: FlowhubSimRecord, extra: Record<string, unknown> = {}) => {
        const body = served(record);
        const withExtra = body && typeof body === 'object' ? { ...body, ...extra } : body;
        return FLOWHUB_SIM_CHOICES.singleIsBare ? withExtra : { status: 200, data: withExtra };
      };

      // Two headers, no token [2.2]; HTTP header names are case-insensitive, so `Clientid`/`Key` work too.
      const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
        if (request.headers.clientid !== clientId || request.headers.key !== key) {
          return reply.code(FLOWHUB_SIM_CHOICES.unauthorized.status).send(FLOWHUB_SIM_CHOICES.unauthorized.body);
        }
      };
      const guarded = { onRequest: authenticate };

      /** `store_id` [2.3]: absent is allowed where optional; present must name the location. */
      const locationRefused = (reply: FastifyReply, storeId: string | undefined, required: boolean) => {
        if (storeId === undefined || storeId === '') {
          return required
            ? message(reply, FLOWHUB_SIM_CHOICES.missingStoreId.status, FLOWHUB_SIM_CHOICES.missingStoreId.message)
            : null;
        }
        return storeId === locationId
          ? null
          : message(reply, FLOWHUB_SIM_CHOICES.unknownLocation.status, FLOWHUB_SIM_CHOICES.unknownLocation.message);
      };

      app.get<{ Querystring: Query }>('/v1/customers/', guarded, async (request, reply) => {
        const query = request.query;
        // Date filters take yyyy-mm-dd only; anything else is a 404 with this message [2.5].
        const bounds: { field: 'updatedAt' | 'createdAt'; after: boolean; at: number }[] = [];
        for (const [param, field, after] of [
          ['updated_after', 'updatedAt', true],
          ['updated_before', 'updatedAt', false],
          ['created_after', 'createdAt', true],
          ['created_before', 'createdAt', false],
        ] as const) {
          const value = query[param];
          if (value === undefined) continue;
          if (!isCalendarDate(value)) return message(reply, 404, `${param} must be in format yyyy-mm-dd`);
          const midnight = localMidnight(value);
          bounds.push({
            field,
            after,
            at: FLOWHUB_SIM_CHOICES.afterIncludesTheDay || !after ? midnight : midnight + 86_400_000,
          });
        }
        const page = query.page === undefined ? 1 : Number(query.page);
        const size = query.page_size === undefined ? FLOWHUB_SIM_CHOICES.defaultPageSize : Number(query.page_size);
        if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) {
          return message(reply, 400, 'page and page_size must be positive integers');
        }
        const order = query.order_by ?? 'asc';
        if (order !== 'asc' && order !== 'desc') return message(reply, 400, 'order_by must be asc or desc');
        const take = Math.min(size, FLOWHUB_SIM_CHOICES.maxPageSize);
        const direction = order === 'asc' ? 1 : -1;
        // Each time is read once per call, not once per comparison: thousands of records page quickly.
        const listing = store.derived(JSON.stringify([query.customer_id, bounds, direction]), () =>
          store
            .all()
            .filter((r) => query.customer_id === undefined || r.id === query.customer_id)
            .filter((r) =>
              bounds.every((b) => (b.after ? changedAt(r, b.field) >= b.at : changedAt(r, b.field) < b.at)),
            )
            .map((record) => ({ record, at: changedAt(record, 'updatedAt') }))
            .sort((a, b) => direction * (a.at - b.at || a.record.id.localeCompare(b.record.id))),
        );
        const rows = listing.slice((page - 1) * take, page * take).map((row) => row.record);
        return FLOWHUB_SIM_CHOICES.listEnvelope(rows.map(served));
      });
      app.get('/v1/customers', guarded, async (_request, reply) =>
        message(reply, FLOWHUB_SIM_CHOICES.listWithoutSlashStatus, 'Not Found'),
      );

      app.get<{ Querystring: Query }>('/v1/customers/findByPhoneNumber', guarded, async (request, reply) => {
        const wanted = (request.query.phone_number ?? '').replace(/\D/g, '');
        const digits = (phone: string | null) => (phone ?? '').replace(/\D/g, '');
        const match = wanted
          ? store.all().find((r) => (FLOWHUB_SIM_CHOICES.phoneMatchesDigits ? digits(r.phone) : r.phone) === wanted)
          : undefined;
        return match ? one(match) : message(reply, 404, FLOWHUB_SIM_CHOICES.notFound.message);
      });

      app.get<{ Params: { customerId: string }; Querystring: Query }>(
        '/v1/customers/:customerId',
        guarded,
        async (request, reply) => {
          const refused = locationRefused(reply, request.query.store_id, false);
          if (refused) return refused;
          const record = store.get(request.params.customerId);
          if (!record) return message(reply, 404, FLOWHUB_SIM_CHOICES.notFound.message);
          // With a location that has a loyalty program, the answer adds `loyaltyPointsInPennies` [2.3].
          const loyalty = request.query.store_id && FLOWHUB_SIM_CHOICES.loyaltyProgram;
          return one(record, loyalty ? { loyaltyPointsInPennies: record.loyaltyPoints } : {});
        },
      );

      app.post<{ Querystring: Query }>('/v1/customer', guarded, async (request, reply) => {
        const refused = locationRefused(reply, request.query.store_id, true);
        if (refused) return refused;
        const body = (request.body ?? {}) as WriteBody;
        const errors = validationErrors(body);
        if (errors.length) return reply.code(422).send({ status: 422, message: 'Validation failed', errors });
        const record = recordFromWrite(body, flowhubSimId(store.nextId()), new Date(), groupName);
        return reply.code(FLOWHUB_SIM_CHOICES.writeStatus).send(one(store.put(record)));
      });

      app.put<{ Params: { customerId: string }; Querystring: Query }>(
        '/v1/customer/:customerId',
        guarded,
        async (request, reply) => {
          const refused = locationRefused(reply, request.query.store_id, true);
          if (refused) return refused;
          const previous = store.get(request.params.customerId);
          if (!previous) return message(reply, 404, FLOWHUB_SIM_CHOICES.notFound.message);
          const body = (request.body ?? {}) as WriteBody;
          const errors = validationErrors(body);
          if (errors.length) return reply.code(422).send({ status: 422, message: 'Validation failed', errors });
          const record = recordFromWrite(body, previous.id, new Date(), groupName, previous);
          return reply.code(FLOWHUB_SIM_CHOICES.writeStatus).send(one(store.put(record)));
        },
      );
    },
  };
}

export async function startFlowhubSimulator(options: FlowhubSimulatorOptions = {}): Promise<RunningFlowhubSimulator> {
  const settings = {
    clientId: options.clientId ?? 'patron-sim-client',
    key: options.key ?? 'patron-sim-key',
    locationId: options.locationId ?? 'c0ffee00-5a1e-4d0c-9e5b-000000000001',
    timeZone: options.timeZone ?? 'America/Denver',
    homeState: options.homeState ?? 'CO',
  };
  // Flowhub sends no rate-limit headers, not even on a 429 [2.6]: no `Retry-After` unless a test asks.
  const faults = { retryAfterSeconds: null, ...options.faults };
  const simulator = await startSimulator(flowhubSimulatorDefinition(settings), { ...options, faults });
  return {
    ...simulator,
    timeZone: settings.timeZone,
    credentials: {
      baseUrl: simulator.url,
      clientId: settings.clientId,
      key: settings.key,
      locationId: settings.locationId,
    },
  };
}

/** Flowhub's entry in the simulator registry (`src/pos/simulators.ts`, demo and tests only). */
export const flowhubSimulator: VendorSimulator<FlowhubCredentials> = {
  vendor: 'flowhub',
  listRateLimit: FLOWHUB_OBSERVED_RATE_LIMIT,
  maxPageSize: FLOWHUB_SIM_CHOICES.maxPageSize,
  async start(options) {
    const simulator = await startFlowhubSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
};
