/**
 * The Dutchie POS (formerly LeafLogix) client, REFERENCE.md §4: HTTP Basic with the location key,
 * bare-array lists paged by `PageNumber`/`PageSize`, `customerLookup`, one `POST /customer/customer`
 * for create and sparse update, loyalty from the reporting snapshot, and 120 calls a minute.
 * Responses are parsed with zod at the edge; a record that does not parse becomes a `PosMalformed`
 * and the rest of its page survives. Liberal readings live in `DUTCHIE_CLIENT_CHOICES`.
 */
import { z } from 'zod';
import type { OutboundHttp } from '../../egress/outbound-http.ts';
import type { Logger } from '../../logger.ts';
import { credentialKey, sharedState } from '../credential-state.ts';
import { usNationalDigits } from '../normalize.ts';
import {
  type PosBatch,
  type PosClient,
  type PosCursor,
  type PosCustomer,
  type PosCustomerInput,
  PosError,
  PosMalformed,
  PosNotFound,
  type PosPage,
  PosRejected,
} from '../port.ts';
import type { RateLimit } from '../token-bucket.ts';
import {
  createTransport,
  staticAuth,
  type Transport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
} from '../transport.ts';
import { DUTCHIE_CLIENT_CHOICES as CHOICES } from './choices.ts';
import type { DutchieCredentials } from './credentials.ts';
import { fieldErrorsFromBody, fromPosCustomer, normalizeKeys, rawCustomerId, readDutchieCustomer } from './mapping.ts';

export interface DutchieClientOptions {
  credentials: DutchieCredentials;
  /** Unused: Dutchie times are UTC [summary, 4.4]. Kept for the common client options. */
  timeZone?: string;
  logger?: Logger;
  /** At most 100 [4.5]; smaller pages only for tests. */
  pageSize?: number;
  /** The customer-endpoint limit (default 120/min [4.6]); tests shorten the window. */
  rateLimit?: RateLimit;
  /** Timeouts, retry and breaker policy, clock: tests shorten them. */
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
  /** The guarded connector for every call (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp;
}

export const DUTCHIE_MAX_PAGE_SIZE = 100; // [4.5]
/**
 * 120/min per key per endpoint [4.6]. One bucket covers every customer endpoint together, which
 * stays within each endpoint's share (whoami's 200/min included).
 */
export const DUTCHIE_RATE_LIMIT: RateLimit = { limit: 120, intervalMs: 60_000 };
/** Reporting endpoints: 60/min [4.6]. */
export const DUTCHIE_REPORTING_RATE_LIMIT: RateLimit = { limit: 60, intervalMs: 60_000 };

const loyaltyRowSchema = z
  .object({
    customerId: z.union([z.number(), z.string()]).transform((v) => String(v).trim()),
    loyaltyBalance: z.union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+(\.\d+)?$/)
        .transform(Number),
    ]),
  })
  .loose();

/** A fresh empty result each time: callers may add to it. */
const empty = (): PosBatch => ({ customers: [], malformed: [] });

/**
 * Validation answers (400, 422 [4.6]) become `PosRejected` with neutral field paths; the rest is
 * mapped by status in the transport (401/403 AuthFailed, 404 NotFound, 429 RateLimited, 5xx
 * Unavailable). Dutchie says not to retry a 500 [4.6] while public clients do; the transport
 * retries reads a bounded number of times after any 5xx and never retries a create.
 */
function readDutchieError(response: TransportResponse, request: TransportRequest): PosRejected | undefined {
  if (![400, 409, 422].includes(response.status)) return undefined;
  return new PosRejected(
    'dutchie',
    `${request.method} ${request.route} answered ${response.status}`,
    fieldErrorsFromBody(response.body),
    { alreadyExists: response.status === 409 },
  );
}

/** `2024-01-15T10:30:00Z` [4.8], rounded down to the second (which only widens the window). */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(Math.max(0, ms) / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface LoyaltyCache {
  map: ReadonlyMap<string, number>;
  fetchedAt: number;
  inFlight: Promise<ReadonlyMap<string, number>> | null;
}

export function createDutchieClient(options: DutchieClientOptions): PosClient {
  const { credentials } = options;
  const pageSize = Math.max(1, Math.min(options.pageSize ?? DUTCHIE_MAX_PAGE_SIZE, DUTCHIE_MAX_PAGE_SIZE));
  const key = credentialKey('dutchie', credentials.baseUrl, credentials.apiKey);
  // The key is the user name, the password empty [4.2].
  const auth = staticAuth({ authorization: `Basic ${Buffer.from(`${credentials.apiKey}:`).toString('base64')}` });
  const common = {
    vendor: 'dutchie' as const,
    baseUrl: credentials.baseUrl,
    auth,
    readError: readDutchieError,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...options.transport,
  };
  const transport: Transport = createTransport({
    ...common,
    rateLimit: options.rateLimit ?? DUTCHIE_RATE_LIMIT,
    limiterKey: key,
  });
  // Reporting has its own, lower limit [4.6], so it gets its own bucket.
  const reporting: Transport = createTransport({
    ...common,
    rateLimit: DUTCHIE_REPORTING_RATE_LIMIT,
    limiterKey: `${key}:reporting`,
  });
  const loyaltyCache = sharedState<LoyaltyCache>('dutchie-loyalty', key, () => ({
    map: new Map(),
    fetchedAt: Number.NEGATIVE_INFINITY,
    inFlight: null,
  }));

  /** Lists are a bare array [4.3]; see `DUTCHIE_CLIENT_CHOICES.listEnvelopeKeys` for the wrapped variants. */
  function rowsOf(body: unknown, label: string): unknown[] {
    if (Array.isArray(body)) return body;
    if (body === null || body === '') return [];
    if (typeof body === 'object') {
      for (const name of CHOICES.listEnvelopeKeys) {
        const inner = (body as Record<string, unknown>)[name];
        if (Array.isArray(inner)) return inner;
      }
    }
    throw new PosMalformed('dutchie', `${label} answered something other than a list of customers`, body);
  }

  /**
   * Balances by customer id, from `/reporting/loyalty-snapshot` [4.3], reused for a minute and shared
   * by clients of the same key. A key without the reporting scope (403) or a failing snapshot leaves
   * loyalty unknown rather than failing the customer read.
   */
  async function loyalty(): Promise<ReadonlyMap<string, number>> {
    const cache = loyaltyCache;
    if (Date.now() - cache.fetchedAt < CHOICES.loyaltySnapshotTtlMs) return cache.map;
    cache.inFlight ??= (async () => {
      try {
        const response = await reporting.request({
          method: 'GET',
          route: '/reporting/loyalty-snapshot',
          path: '/reporting/loyalty-snapshot',
          idempotent: true,
        });
        const map = new Map<string, number>();
        for (const row of rowsOf(response.body, 'GET /reporting/loyalty-snapshot')) {
          const record = row !== null && typeof row === 'object' ? normalizeKeys(row as Record<string, unknown>) : row;
          const parsed = loyaltyRowSchema.safeParse(record);
          if (parsed.success) map.set(parsed.data.customerId, parsed.data.loyaltyBalance);
        }
        cache.map = map;
      } catch (error) {
        if (!(error instanceof PosError)) throw error;
        options.logger?.warn(
          { vendor: 'dutchie', kind: error.kind },
          'loyalty snapshot unavailable; loyalty left unknown',
        );
      }
      cache.fetchedAt = Date.now();
      return cache.map;
    })().finally(() => {
      cache.inFlight = null;
    });
    return cache.inFlight;
  }

  function batch(rows: unknown[], balances: ReadonlyMap<string, number>): PosBatch {
    const result: PosBatch = { customers: [], malformed: [] };
    for (const raw of rows) {
      const read = readDutchieCustomer(raw, { loyalty: balances });
      if (read instanceof PosMalformed) result.malformed.push(read);
      else result.customers.push(read);
    }
    return result;
  }

  async function single(raw: unknown, label: string): Promise<PosCustomer> {
    const read = readDutchieCustomer(raw, { loyalty: await loyalty() });
    if (read instanceof PosMalformed) throw read;
    if (!(raw && typeof raw === 'object')) throw new PosMalformed('dutchie', `${label} answered no customer`, raw);
    return read;
  }

  /** Integer ids only [4.4]: anything else cannot name a Dutchie customer (and must never reach a write as `null`). */
  function requireId(externalId: string, label: string): string {
    const id = externalId.trim();
    if (!/^\d+$/.test(id) || id === '0') throw new PosNotFound('dutchie', `${label}: not a Dutchie customer id`);
    return id;
  }

  async function get(externalId: string): Promise<PosCustomer> {
    const id = requireId(externalId, 'GET /customer/customers');
    // No get-by-id route [4.3]: the whole list in one call, then the id (DUTCHIE_CLIENT_CHOICES.getReadsFullList).
    const response = await transport.request({
      method: 'GET',
      route: '/customer/customers',
      path: '/customer/customers',
      idempotent: true,
    });
    const raw = rowsOf(response.body, 'GET /customer/customers').find((row) => rawCustomerId(row) === id);
    if (raw === undefined) throw new PosNotFound('dutchie', 'GET /customer/customers has no such customer');
    return single(raw, 'GET /customer/customers');
  }

  /** `customerLookup` [4.3]; no match is empty whatever its shape (DUTCHIE_CLIENT_CHOICES.lookupNoMatchStatuses). */
  async function lookupRaw(body: Record<string, string>): Promise<unknown[]> {
    let response: TransportResponse;
    try {
      response = await transport.request({
        method: 'POST',
        route: '/customer/customerLookup',
        path: '/customer/customerLookup',
        json: body,
        // A lookup changes nothing.
        idempotent: true,
      });
    } catch (error) {
      if (error instanceof PosNotFound) return [];
      throw error;
    }
    if ((CHOICES.lookupNoMatchStatuses as readonly number[]).includes(response.status)) return [];
    const found = response.body;
    if (found === null || found === '') return [];
    if (typeof found === 'object' && !Array.isArray(found) && Object.keys(found).length === 0) return [];
    // One customer object [4.3] (a broken one is quarantined in the batch), or a list of matches.
    const wrapped = typeof found === 'object' && CHOICES.listEnvelopeKeys.some((name) => Object.hasOwn(found, name));
    return Array.isArray(found) || wrapped ? rowsOf(found, 'POST /customer/customerLookup') : [found];
  }

  async function lookup(body: Record<string, string>): Promise<PosBatch> {
    const rows = await lookupRaw(body);
    return rows.length ? batch(rows, await loyalty()) : empty();
  }

  /**
   * The dispensary's own `customerType` of customer `id` (e.g. `Medical - Out of State` [4.8]),
   * found by looking the customer up by the phone, then the email, Patron holds for it: there is no
   * cheap get-by-id [4.3]. `null` when neither finds that customer.
   */
  async function currentType(id: string, input: PosCustomerInput): Promise<string | null> {
    const probes: Record<string, string>[] = [];
    if (input.phone) probes.push({ phone: usNationalDigits(input.phone) ?? input.phone.replace(/\D/g, '') });
    if (input.email) probes.push({ emailAddress: input.email.trim() });
    for (const probe of probes) {
      const row = (await lookupRaw(probe)).find((raw) => rawCustomerId(raw) === id);
      if (row && typeof row === 'object') {
        const type = normalizeKeys(row as Record<string, unknown>).customerType;
        return typeof type === 'string' ? type : null;
      }
    }
    return null;
  }

  /**
   * The answer to `POST /customer/customer` is UNCONFIRMED [4.3]: a customer is read as it is; a bare
   * id, `{customerId}` alone or an empty body is followed by a read of that customer.
   */
  async function written(body: unknown, knownId: string | null, label: string): Promise<PosCustomer> {
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const fields = Object.keys(normalizeKeys(body as Record<string, unknown>));
      const id = rawCustomerId(body);
      if (id !== null && fields.some((f) => ['firstName', 'lastName', 'lastModifiedDateUTC'].includes(f))) {
        return single(body, label);
      }
      if (id !== null) return get(id);
    }
    if (typeof body === 'number' || (typeof body === 'string' && /^\d+$/.test(body.trim()))) {
      return get(String(body).trim());
    }
    if (knownId !== null) return get(knownId);
    throw new PosMalformed('dutchie', `${label} answered without the new customer or its id`, body);
  }

  async function* listChangedSince(cursor: PosCursor): AsyncIterable<PosPage> {
    const since = cursor.since;
    // The 60-second backward buffer [4.8]; no `since` reads everything.
    const from = since === null ? undefined : isoSeconds(Date.parse(since) - CHOICES.changedSinceOverlapMs);
    let { page, newest } = readResume(cursor.resume, since);
    const balances = await loyalty();
    let previousIds: string | null = null;
    for (;;) {
      const response = await transport.request({
        method: 'GET',
        route: '/customer/customers-paginated',
        path: '/customer/customers-paginated',
        // PascalCase paging parameters, 1-based [4.3, 4.5].
        query: { PageNumber: page, PageSize: pageSize, fromLastModifiedDateUTC: from },
        idempotent: true,
      });
      const rows = rowsOf(response.body, 'GET /customer/customers-paginated');
      const result = batch(rows, balances);
      for (const customer of result.customers) {
        if (customer.updatedAt && (newest === null || customer.updatedAt > newest)) newest = customer.updatedAt;
      }
      // No total: a short page is the last [4.5]; a longer one means paging was ignored (DUTCHIE_CLIENT_CHOICES).
      const ids = rows.map(rawCustomerId).join(',');
      const done =
        rows.length < pageSize ||
        (CHOICES.longerPageIsEverything && rows.length > pageSize) ||
        (CHOICES.repeatedPageEnds && ids === previousIds);
      previousIds = ids;
      const next: PosCursor = done
        ? { since: newest ?? since, resume: null }
        : { since, resume: JSON.stringify({ page: page + 1, newest }) };
      yield { ...result, next, done };
      if (done) return;
      page += 1;
    }
  }

  return {
    vendor: 'dutchie',
    // No deactivate call is documented [4.3]; updates are sparse: omitted fields are kept [4.3].
    // `fields`: what mapping.test.ts "round trip" proves this vendor keeps.
    capabilities: {
      fields: [
        'firstName',
        'middleName',
        'lastName',
        'dateOfBirth',
        'gender',
        'phone',
        'email',
        'customerType',
        'medical',
        'address',
        'notes',
      ],
      // No consent fields on the customer [4.4]: nothing is ever read.
      unsetConsent: null,
      findByPhone: true,
      findByEmail: true,
      deactivate: false,
      update: 'merge',
    },

    async testConnection() {
      // whoami proves the key [4.2]; one customer page proves the customer scope (403 otherwise).
      const whoami = await transport.request({ method: 'GET', route: '/whoami', path: '/whoami', idempotent: true });
      if (whoami.body === null || typeof whoami.body !== 'object') {
        throw new PosMalformed('dutchie', 'GET /whoami answered no location', whoami.body);
      }
      const page = await transport.request({
        method: 'GET',
        route: '/customer/customers-paginated',
        path: '/customer/customers-paginated',
        query: { PageNumber: 1, PageSize: 1 },
        idempotent: true,
      });
      rowsOf(page.body, 'GET /customer/customers-paginated');
    },

    listChangedSince,
    get,

    async findByPhone(phone) {
      // Lookup by phone, not a list filter: the lists have no phone parameter [4.3].
      return lookup({ phone: usNationalDigits(phone) ?? phone.replace(/\D/g, '') });
    },

    async findByEmail(email) {
      return lookup({ emailAddress: email.trim() });
    },

    async create(input) {
      // No idempotency keys: not retried after an ambiguous failure; callers look up by phone or email first.
      const response = await transport.request({
        method: 'POST',
        route: '/customer/customer',
        path: '/customer/customer',
        json: fromPosCustomer(input),
        idempotent: false,
      });
      return written(response.body, null, 'POST /customer/customer');
    },

    async update(externalId, input) {
      const id = requireId(externalId, 'POST /customer/customer');
      // Keep a finer dispensary type that already says the same (medical or adult use) [4.8].
      const keepType = input.customerType === null ? null : await currentType(id, input);
      const response = await transport.request({
        method: 'POST',
        route: '/customer/customer',
        path: '/customer/customer',
        // `customerId` in the body makes it an update [4.3].
        json: fromPosCustomer(input, id, keepType),
        // Setting the same fields twice leaves the same result.
        idempotent: true,
      });
      return written(response.body, id, 'POST /customer/customer');
    },
  };
}

function readResume(resume: string | null, since: string | null): { page: number; newest: string | null } {
  if (resume === null) return { page: 1, newest: since };
  try {
    return z.object({ page: z.number().int().min(1), newest: z.string().nullable() }).parse(JSON.parse(resume));
  } catch {
    return { page: 1, newest: since };
  }
}
