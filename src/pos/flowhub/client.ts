/**
 * The Flowhub client (public REST customer API, REFERENCE.md §2): `clientId` + `key` headers, the
 * trailing-slash list with `page`/`page_size` and a store-local `updated_after` day, singular writes
 * with `store_id`, and envelopes read liberally (`FLOWHUB_CLIENT_CHOICES`). Records are parsed with
 * zod at the edge; one that does not parse becomes a `PosMalformed` and the rest of its page survives.
 */
import { z } from 'zod';
import type { OutboundHttp } from '../../egress/outbound-http.ts';
import type { Logger } from '../../logger.ts';
import { credentialKey } from '../credential-state.ts';
import {
  PosAuthFailed,
  type PosBatch,
  type PosClient,
  type PosCursor,
  type PosCustomer,
  type PosCustomerInput,
  PosMalformed,
  PosNotFound,
  type PosPage,
} from '../port.ts';
import type { RateLimit } from '../token-bucket.ts';
import { createTransport, staticAuth, type TransportOptions, type TransportRequest } from '../transport.ts';
import { FLOWHUB_CLIENT_CHOICES as CHOICES } from './choices.ts';
import type { FlowhubCredentials } from './credentials.ts';
import { isObject, recordsIn, totalIn } from './envelopes.ts';
import { readFlowhubError } from './errors.ts';
import {
  flowhubCustomerSchema,
  fromPosCustomer,
  phoneForFlowhub,
  readFlowhubCustomer,
  replacementBody,
} from './mapping.ts';

export interface FlowhubClientOptions {
  credentials: FlowhubCredentials;
  /** IANA zone of the store: `updated_after` is a day in store-local time [2.5]. */
  timeZone: string;
  logger?: Logger;
  /** Records per page; default 500, the size observed working [2.5]. */
  pageSize?: number;
  /**
   * Flowhub publishes no limit; 429s were seen at about 59 requests a second [2.6]. The default
   * stays below it; a deployment that knows its own ceiling can set another.
   */
  rateLimit?: RateLimit;
  /** Timeouts, retry and breaker policy, clock: tests shorten them. */
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
  /** The guarded connector for every call (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp;
}

/** 45 requests a second, as the public client throttles, below the ~59 at which 429s were observed [2.6]. */
export const FLOWHUB_DEFAULT_RATE_LIMIT: RateLimit = { limit: 45, intervalMs: 1000 };

const LIST_ROUTE = '/v1/customers/';
const DAY_MS = 86_400_000;

const resumeSchema = z.object({
  page: z.number().int().min(1),
  newest: z.string().nullable(),
  longest: z.number().int().min(0),
});
type Resume = z.infer<typeof resumeSchema>;

/** `YYYY-MM-DD` of `instant` in `timeZone`, `daysBack` days earlier. */
function localDay(instant: string, timeZone: string, daysBack: number): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(instant),
  );
  return new Date(Date.parse(`${day}T00:00:00Z`) - daysBack * DAY_MS).toISOString().slice(0, 10);
}

function readResume(resume: string | null, since: string | null): Resume {
  const start = { page: 1, newest: since, longest: 0 };
  if (resume === null) return start;
  try {
    return resumeSchema.parse(JSON.parse(resume));
  } catch {
    return start;
  }
}

export function createFlowhubClient(options: FlowhubClientOptions): PosClient {
  const { credentials, timeZone } = options;
  const pageSize = Math.max(1, options.pageSize ?? CHOICES.defaultPageSize);
  // One credential reaches every location [2.2], so the limit is shared across them: the location is not in the key.
  const key = credentialKey('flowhub', credentials.baseUrl, credentials.clientId, credentials.key);
  const transport = createTransport({
    vendor: 'flowhub',
    baseUrl: credentials.baseUrl,
    rateLimit: options.rateLimit ?? FLOWHUB_DEFAULT_RATE_LIMIT,
    limiterKey: key,
    // Two headers on every call, no token [2.2].
    auth: staticAuth({ clientId: credentials.clientId, key: credentials.key }),
    readError: readFlowhubError,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...options.transport,
  });
  const context = { timeZone };
  const storeQuery = { store_id: credentials.locationId };

  async function body(request: TransportRequest): Promise<unknown> {
    return (await transport.request(request)).body;
  }

  function batch(rows: unknown[]): PosBatch {
    const result: PosBatch = { customers: [], malformed: [] };
    for (const raw of rows) {
      const read = readFlowhubCustomer(raw, context);
      if (read instanceof PosMalformed) result.malformed.push(read);
      else result.customers.push(read);
    }
    return result;
  }

  async function getRaw(externalId: string): Promise<unknown> {
    const route = 'GET /v1/customers/{customerId}';
    const [raw] = recordsIn(
      await body({
        method: 'GET',
        route: '/v1/customers/{customerId}',
        path: `/v1/customers/${encodeURIComponent(externalId)}`,
        query: storeQuery,
        idempotent: true,
      }),
      route,
    );
    if (raw === undefined) throw new PosNotFound('flowhub', `${route} answered no customer`);
    return raw;
  }

  function single(raw: unknown): PosCustomer {
    const read = readFlowhubCustomer(raw, context);
    if (read instanceof PosMalformed) throw read;
    return read;
  }

  /** A write's answer: the stored customer, or only its id (then read back), or nothing (then `fallbackId`). */
  async function written(answer: unknown, route: string, fallbackId: string | null): Promise<PosCustomer> {
    const [raw] = recordsIn(answer, route);
    if (isObject(raw) && ('name' in raw || 'birthDate' in raw)) return single(raw);
    const id =
      isObject(raw) && (typeof raw.id === 'string' || typeof raw.id === 'number') ? String(raw.id) : fallbackId;
    if (id === null) throw new PosMalformed('flowhub', `${route} answered without the customer or its id`, answer);
    return single(await getRaw(id));
  }

  async function* listChangedSince(cursor: PosCursor): AsyncIterable<PosPage> {
    // A day in store-local time, the day before the cursor's (choices.updatedAfterDaysBack) [2.5].
    // An unreadable `since` reads everything: repeats are tolerated, a missed change is not.
    const since = cursor.since && !Number.isNaN(Date.parse(cursor.since)) ? cursor.since : null;
    const updatedAfter = since ? localDay(since, timeZone, CHOICES.updatedAfterDaysBack) : undefined;
    let { page, newest, longest } = readResume(cursor.resume, since);
    let previousFirstId: string | null = null;
    for (;;) {
      let answer: unknown = [];
      try {
        answer = await body({
          method: 'GET',
          route: LIST_ROUTE,
          path: LIST_ROUTE, // the trailing slash is part of the path [2.8]
          query: { updated_after: updatedAfter, page, page_size: pageSize, order_by: CHOICES.orderBy },
          idempotent: true,
        });
      } catch (error) {
        // A page past the end may answer 404 (choices.listNotFoundEndsPull); a date complaint is Rejected, not NotFound.
        if (!(CHOICES.listNotFoundEndsPull && error instanceof PosNotFound)) throw error;
      }
      const rows = recordsIn(answer, `GET ${LIST_ROUTE}`);
      const result = batch(rows);
      const firstId = result.customers[0]?.externalId ?? result.malformed[0]?.externalId ?? null;
      if (firstId !== null && firstId === previousFirstId) {
        throw new PosMalformed(
          'flowhub',
          `GET ${LIST_ROUTE} answered the same page twice: paging did not advance`,
          answer,
        );
      }
      previousFirstId = firstId;
      for (const customer of result.customers) {
        if (customer.updatedAt && (newest === null || customer.updatedAt > newest)) newest = customer.updatedAt;
      }
      // A short page ends the pull only after a longer one: the server may cap page_size silently (choices).
      const total = totalIn(answer);
      const readSoFar = (page - 1) * Math.max(longest, rows.length) + rows.length;
      const done =
        rows.length === 0 ||
        (CHOICES.stopOnShortPageOnlyAfterFullOne ? rows.length < longest : rows.length < pageSize) ||
        (total !== null && readSoFar >= total);
      longest = Math.max(longest, rows.length);
      const next: PosCursor = done
        ? { since: newest, resume: null }
        : { since: cursor.since, resume: JSON.stringify({ page: page + 1, newest, longest }) };
      yield { ...result, next, done };
      if (done) return;
      page += 1;
    }
  }

  const client: PosClient = {
    vendor: 'flowhub',
    // No email lookup [2.3]; no deactivate call or status flag [2.4]; PUT read as a full replacement (choices).
    capabilities: {
      // Proven by mapping.test.ts "round trip".
      fields: [
        'firstName',
        'middleName',
        'lastName',
        'dateOfBirth',
        'phone',
        'email',
        'customerType',
        'address',
        'consents.sms',
        'consents.email',
        'loyaltyPoints',
        'tags',
      ],
      // The consent booleans are optional on write and read back as booleans [2.4]: what a customer
      // created without them reads is UNCONFIRMED, so `false` is taken as possibly nobody's answer.
      unsetConsent: false,
      findByPhone: true,
      findByEmail: false,
      deactivate: false,
      update: CHOICES.updateIsFullReplace ? 'full-replace' : 'merge',
    },

    async testConnection() {
      const rows = recordsIn(
        await body({
          method: 'GET',
          route: LIST_ROUTE,
          path: LIST_ROUTE,
          query: { page: 1, page_size: 1 },
          idempotent: true,
        }),
        `GET ${LIST_ROUTE}`,
      );
      // The headers reach every location [2.2]: read one customer with `store_id` to prove the location exists.
      const id = isObject(rows[0]) ? rows[0].id : undefined;
      if (typeof id !== 'string' && typeof id !== 'number') return;
      try {
        await getRaw(String(id));
      } catch (error) {
        if (error instanceof PosNotFound) throw new PosAuthFailed('flowhub', 'the location (store_id) is not known');
        throw error;
      }
    },

    listChangedSince,

    async get(externalId) {
      return single(await getRaw(externalId));
    },

    async findByPhone(phone) {
      try {
        const answer = await body({
          method: 'GET',
          route: '/v1/customers/findByPhoneNumber',
          path: '/v1/customers/findByPhoneNumber',
          query: { phone_number: phoneForFlowhub(phone) }, // 10 national digits (choices) [2.8]
          idempotent: true,
        });
        return batch(recordsIn(answer, 'GET /v1/customers/findByPhoneNumber'));
      } catch (error) {
        // No match is a 404 (UNCONFIRMED): an empty result, not an error.
        if (error instanceof PosNotFound) return { customers: [], malformed: [] };
        throw error;
      }
    },

    async create(input: PosCustomerInput) {
      // No idempotency keys: not retried after an ambiguous failure; callers look up by phone first.
      const answer = await body({
        method: 'POST',
        route: '/v1/customer',
        path: '/v1/customer', // singular, with `store_id` [2.3, 2.8]
        query: storeQuery,
        json: fromPosCustomer(input),
        idempotent: false,
      });
      return written(answer, 'POST /v1/customer', null);
    },

    async update(externalId, input) {
      // Full replacement (choices.updateIsFullReplace): read what Flowhub holds so nothing is wiped by omission.
      const raw = await getRaw(externalId);
      const current = flowhubCustomerSchema.safeParse(raw);
      if (!current.success) {
        throw new PosMalformed(
          'flowhub',
          'GET /v1/customers/{customerId} answered no readable customer',
          raw,
          externalId,
        );
      }
      const answer = await body({
        method: 'PUT',
        route: '/v1/customer/{customerId}',
        path: `/v1/customer/${encodeURIComponent(externalId)}`,
        query: storeQuery,
        json: replacementBody(current.data, input),
        // The same whole body sent twice leaves the same record.
        idempotent: true,
      });
      return written(answer, 'PUT /v1/customer/{customerId}', externalId);
    },
  };
  return client;
}
