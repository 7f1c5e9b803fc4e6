/**
 * The Treez client ("SellTreez v2" customer API, REFERENCE.md §1): paths, headers, the `resultCode`
 * envelope, 50-record pages and the full-replace update. Responses are parsed with zod here, at the
 * edge; a record that does not parse becomes a `PosMalformed` and the rest of its page survives.
 */
import { z } from 'zod';
import type { OutboundHttp } from '../../egress/outbound-http.ts';
import type { Logger } from '../../logger.ts';
import { credentialKey, sharedState } from '../credential-state.ts';
import { offsetDateTimeToUtc } from '../dates.ts';
import { usNationalDigits } from '../normalize.ts';
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
  PosRejected,
} from '../port.ts';
import { TokenCache } from '../token-cache.ts';
import {
  createTransport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  tokenAuth,
} from '../transport.ts';
import { TREEZ_CLIENT_CHOICES } from './choices.ts';
import type { TreezCredentials } from './credentials.ts';
import {
  deactivationBody,
  fieldErrorsFromMessage,
  fromPosCustomer,
  readTreezCustomer,
  replacementBody,
} from './mapping.ts';

export interface TreezClientOptions {
  credentials: TreezCredentials;
  /** IANA zone of the store, to read Treez's local times without offset [1.4]. */
  timeZone: string;
  logger?: Logger;
  /** At most 50 [1.5]; smaller pages only for tests. */
  pageSize?: number;
  /** Timeouts, retry and breaker policy, clock: tests shorten them. */
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
  /** The guarded connector for every call (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp;
}

export const TREEZ_MAX_PAGE_SIZE = 50; // [1.5]
/** 10 requests per second per location [1.6]. */
export const TREEZ_RATE_LIMIT = { limit: 10, intervalMs: 1000 };
/** A full pull starts here: Treez has no "all customers" list, only "changed after" [1.3]. */
const BEGINNING = '1970-01-01T00:00:00.000Z';
/** 2 h tokens [1.2], used when the answer's own expiry cannot be read. */
const DEFAULT_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;

const envelopeSchema = z
  .object({
    resultCode: z.string(),
    resultReason: z.unknown().optional(),
    resultDetail: z.unknown().optional(),
    data: z.unknown().optional(),
  })
  .loose();
type Envelope = z.infer<typeof envelopeSchema>;

const tokenSchema = z
  .object({
    resultCode: z.string().optional(),
    access_token: z.string().min(1),
    // A string in the samples [1.2]; a number is accepted too.
    expires_in: z.union([z.string(), z.number()]).optional(),
    expires_at: z.string().optional(),
  })
  .loose();

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/** Error bodies share the success envelope with `resultCode: "FAIL"` [1.6]. */
function readTreezError(
  response: TransportResponse,
  request: TransportRequest,
): PosRejected | PosNotFound | PosAuthFailed | undefined {
  const parsed = envelopeSchema.safeParse(response.body);
  if (!parsed.success || parsed.data.resultCode === 'SUCCESS') return undefined;
  const reason = safeReason(textOf(parsed.data.resultReason) ?? 'FAIL');
  const detail = textOf(parsed.data.resultDetail);
  const what = `${request.method} ${request.route} answered ${response.status} ${reason}`;
  if (response.status === 401) return new PosAuthFailed('treez', what);
  if (response.status === 404) return new PosNotFound('treez', what);
  if (response.status === 400 || response.status === 409 || response.status === 422) {
    return new PosRejected('treez', what, fieldErrorsFromMessage(reason, detail ?? textOf(parsed.data.resultReason)), {
      alreadyExists: response.status === 409 || isDuplicateReason(reason),
    });
  }
  return undefined;
}

/** A refused create whose phone or email another customer has [1.8] (see `TREEZ_CLIENT_CHOICES`). */
function isDuplicateReason(reason: string): boolean {
  return TREEZ_CLIENT_CHOICES.duplicateReason.test(reason);
}

/** Reason codes are upper-case words; anything else (a sentence that may quote data) is not repeated. */
function safeReason(reason: string): string {
  return /^[A-Z_]{2,64}$/.test(reason) ? reason : 'FAIL';
}

export function createTreezClient(options: TreezClientOptions): PosClient {
  const { credentials, timeZone } = options;
  const pageSize = Math.min(options.pageSize ?? TREEZ_MAX_PAGE_SIZE, TREEZ_MAX_PAGE_SIZE);
  const key = credentialKey('treez', credentials.baseUrl, credentials.clientId, credentials.apiKey);

  const tokens: TokenCache = sharedState('treez-token', key, () => new TokenCache(fetchToken));
  const transport = createTransport({
    vendor: 'treez',
    baseUrl: credentials.baseUrl,
    rateLimit: TREEZ_RATE_LIMIT,
    limiterKey: key,
    // Headers on each call [1.2]. The bare token follows the partner doc; `Bearer` also works (UNCONFIRMED which is canonical).
    auth: tokenAuth(tokens, (token) => ({ client_id: credentials.clientId, authorization: token })),
    readError: readTreezError,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...options.transport,
  });
  const context = { timeZone };

  /** v2 token exchange: form-encoded `client_id` + `apikey` [1.2]. Reused until it expires (certification rule). */
  async function fetchToken() {
    const response = await transport.request({
      method: 'POST',
      route: '/config/api/gettokens',
      path: '/config/api/gettokens',
      form: { client_id: credentials.clientId, apikey: credentials.apiKey },
      idempotent: true,
      authenticated: false,
    });
    const parsed = tokenSchema.safeParse(response.body);
    if (!parsed.success || (parsed.data.resultCode !== undefined && parsed.data.resultCode !== 'SUCCESS')) {
      throw new PosAuthFailed('treez', 'token exchange did not return a token');
    }
    return { value: parsed.data.access_token, expiresAt: Date.now() + tokenLifetimeMs(parsed.data) };
  }

  /** Reads the envelope of a 2xx answer; a `FAIL` inside a 2xx is mapped like an error status. */
  async function call(request: Parameters<typeof transport.request>[0]): Promise<Envelope> {
    const response = await transport.request(request);
    const parsed = envelopeSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new PosMalformed(
        'treez',
        `${request.method} ${request.route} answered without the resultCode envelope`,
        response.body,
      );
    }
    if (parsed.data.resultCode !== 'SUCCESS') {
      throw (
        readTreezError({ ...response, status: 400 }, request) ??
        new PosRejected('treez', `${request.method} ${request.route} failed`, [])
      );
    }
    return parsed.data;
  }

  /** List and lookup answers carry an array; get-by-id an object; public code handles both [1.3]. */
  function records(data: unknown): unknown[] {
    if (data === null || data === undefined) return [];
    return Array.isArray(data) ? data : [data];
  }

  function batch(data: unknown): PosBatch {
    const result: PosBatch = { customers: [], malformed: [] };
    for (const raw of records(data)) {
      const read = readTreezCustomer(raw, context);
      if (read instanceof PosMalformed) result.malformed.push(read);
      else result.customers.push(read);
    }
    return result;
  }

  function single(data: unknown, route: string): PosCustomer {
    const [raw] = records(data);
    if (raw === undefined) throw new PosMalformed('treez', `${route} answered no customer`, data);
    const read = readTreezCustomer(raw, context);
    if (read instanceof PosMalformed) throw read;
    return read;
  }

  /** Lookups with no match answer 404 `NOT_FOUND` [1.6]: that is an empty result, not an error. */
  async function lookup(route: string, path: string): Promise<PosBatch> {
    try {
      return batch((await call({ method: 'GET', route, path, idempotent: true })).data);
    } catch (error) {
      if (error instanceof PosNotFound) return { customers: [], malformed: [] };
      throw error;
    }
  }

  async function getRaw(externalId: string): Promise<unknown> {
    const envelope = await call({
      method: 'GET',
      route: '/customer/{customer_id}',
      path: `/customer/${encodeURIComponent(externalId)}`,
      idempotent: true,
    });
    return records(envelope.data)[0];
  }

  async function* listChangedSince(cursor: PosCursor): AsyncIterable<PosPage> {
    const since = cursor.since ?? BEGINNING;
    const after = new Date(Math.max(0, Date.parse(since) - TREEZ_CLIENT_CHOICES.changedSinceOverlapMs)).toISOString();
    let { page, newest } = readResume(cursor.resume, new Date(Date.parse(since)).toISOString());
    for (;;) {
      let data: unknown = [];
      try {
        // `yyyy-MM-ddTHH:mm:ss.SSSXXX`, URL-encoded, pages 1-based in the path [1.3, 1.5].
        const envelope = await call({
          method: 'GET',
          route: '/customer/lastUpdated/after/{datetime}/page/{page}/pagesize/{n}',
          path: `/customer/lastUpdated/after/${encodeURIComponent(after)}/page/${page}/pagesize/${pageSize}`,
          idempotent: true,
        });
        data = envelope.data;
      } catch (error) {
        // A page past the end may answer 404 NOT_FOUND rather than an empty list (UNCONFIRMED): both end the pull.
        if (!(error instanceof PosNotFound)) throw error;
      }
      const rows = records(data);
      const result = batch(rows);
      for (const customer of result.customers) {
        if (customer.updatedAt && customer.updatedAt > newest) newest = customer.updatedAt;
      }
      // No total or next link: a short or empty page is the last [1.5].
      const done = rows.length < pageSize;
      const next: PosCursor = done
        ? { since: newest, resume: null }
        : { since: cursor.since, resume: JSON.stringify({ page: page + 1, newest }) };
      yield { ...result, next, done };
      if (done) return;
      page += 1;
    }
  }

  const client: PosClient = {
    vendor: 'treez',
    // Deactivation is the `DEACTIVATED` status [1.4] written through the full-replace update [1.3].
    // `fields`: what mapping.test.ts "round trip" proves this vendor keeps.
    capabilities: {
      fields: [
        'firstName',
        'middleName',
        'lastName',
        'preferredName',
        'dateOfBirth',
        'gender',
        'phone',
        'email',
        'customerType',
        'medical',
        'idDocument',
        'address',
        // One marketing flag for both channels [mapping.test.ts round trip]: held as SMS consent.
        'consents.sms',
        'loyaltyPoints',
        'tags',
        'notes',
        'banned',
      ],
      // `opt_out` is boolean or null; a customer nobody asked reads `null` [1.4].
      unsetConsent: null,
      findByPhone: true,
      findByEmail: true,
      deactivate: true,
      update: 'full-replace',
    },

    async testConnection() {
      await tokens.get();
      await call({
        method: 'GET',
        route: '/customer/lastUpdated/after/{datetime}/page/{page}/pagesize/{n}',
        path: `/customer/lastUpdated/after/${encodeURIComponent(new Date().toISOString())}/page/1/pagesize/1`,
        idempotent: true,
      });
    },

    listChangedSince,

    async get(externalId) {
      return single(await getRaw(externalId), 'GET /customer/{customer_id}');
    },

    async findByPhone(phone) {
      const digits = usNationalDigits(phone) ?? phone.replace(/\D/g, '');
      return lookup('/customer/phone/{phone}', `/customer/phone/${encodeURIComponent(digits)}`);
    },

    async findByEmail(email) {
      return lookup('/customer/email/{email}', `/customer/email/${encodeURIComponent(email.trim())}`);
    },

    async create(input: PosCustomerInput) {
      // No idempotency keys [1.6]: not retried after an ambiguous failure; callers look up by phone or email first.
      const envelope = await call({
        method: 'POST',
        route: '/customer/detailcustomer',
        path: '/customer/detailcustomer',
        json: fromPosCustomer(input),
        idempotent: false,
      });
      return single(envelope.data, 'POST /customer/detailcustomer');
    },

    async update(externalId, input) {
      // Full replacement [1.3]: read what Treez holds so fields Patron does not model are sent back.
      const current = await getRaw(externalId);
      if (current === null || typeof current !== 'object' || Array.isArray(current)) {
        throw new PosMalformed('treez', 'GET /customer/{customer_id} answered no customer object', current);
      }
      const envelope = await call({
        method: 'POST',
        route: '/customer/update/{customer_id}',
        path: `/customer/update/${encodeURIComponent(externalId)}`,
        json: replacementBody(current as Record<string, unknown>, input, context),
        // Sending the same full record twice leaves the same result.
        idempotent: true,
      });
      return records(envelope.data).length
        ? single(envelope.data, 'POST /customer/update/{customer_id}')
        : client.get(externalId);
    },

    async deactivate(externalId) {
      const current = await getRaw(externalId);
      if (current === null || typeof current !== 'object' || Array.isArray(current)) {
        throw new PosMalformed('treez', 'GET /customer/{customer_id} answered no customer object', current);
      }
      await call({
        method: 'POST',
        route: '/customer/update/{customer_id}',
        path: `/customer/update/${encodeURIComponent(externalId)}`,
        json: deactivationBody(current as Record<string, unknown>),
        idempotent: true,
      });
      // Writing the status is UNCONFIRMED [1.4]: a Treez that kept the customer active says so here.
      if ((await client.get(externalId)).status !== 'inactive') {
        throw new PosRejected('treez', 'POST /customer/update/{customer_id} kept the customer ACTIVE', [
          { path: 'status', message: 'was not deactivated' },
        ]);
      }
    },
  };
  return client;
}

function readResume(resume: string | null, since: string): { page: number; newest: string } {
  if (resume === null) return { page: 1, newest: since };
  try {
    const parsed = z.object({ page: z.number().int().min(1), newest: z.string() }).parse(JSON.parse(resume));
    return parsed;
  } catch {
    return { page: 1, newest: since };
  }
}

/** `expires_in` (seconds, as a string) first; else `expires_at` with its colon-less offset [1.2]; else 2 h. */
function tokenLifetimeMs(token: { expires_in?: string | number | undefined; expires_at?: string | undefined }): number {
  const seconds = Number(token.expires_in);
  if (token.expires_in !== undefined && Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  const at = token.expires_at ? offsetDateTimeToUtc(token.expires_at) : null;
  if (at) return Math.max(0, Date.parse(at) - Date.now());
  return DEFAULT_TOKEN_TTL_MS;
}
