/**
 * The BLAZE Retail partner API client (REFERENCE.md §5): two auth headers, `members` under
 * `/api/v1/partner`, `skip`/`limit` paging over a `startDate`/`endDate` window in epoch ms, and
 * `{values, total}` answers. Responses are parsed with zod here, at the edge; a record that does
 * not parse becomes a `PosMalformed` and the rest of its page survives. UNCONFIRMED choices come
 * from `BLAZE_CLIENT_CHOICES`.
 */
import { z } from 'zod';
import type { OutboundHttp } from '../../egress/outbound-http.ts';
import type { Logger } from '../../logger.ts';
import { credentialKey } from '../credential-state.ts';
import {
  type PosBatch,
  type PosClient,
  type PosCursor,
  type PosCustomer,
  type PosCustomerInput,
  type PosError,
  PosMalformed,
  PosNotFound,
  type PosPage,
  PosRejected,
} from '../port.ts';
import type { RateLimit } from '../token-bucket.ts';
import {
  createTransport,
  staticAuth,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
} from '../transport.ts';
import { BLAZE_CLIENT_CHOICES as CHOICES } from './choices.ts';
import type { BlazeCredentials } from './credentials.ts';
import { fieldErrorsFromBody, fromPosCustomer, readBlazeMember, replacementBody } from './mapping.ts';

const API_PATH = '/api/v1/partner'; // [5.1]

export interface BlazeClientOptions {
  credentials: BlazeCredentials;
  /** IANA zone of the store: a date of birth saved at local midnight is read in it. */
  timeZone: string;
  logger?: Logger;
  /** Members per page; the vendor's maximum is UNCONFIRMED [5.5]. */
  pageSize?: number;
  /** No limit is published [5.6]; default `BLAZE_CLIENT_CHOICES.defaultRateLimit`. */
  rateLimit?: RateLimit;
  /** Timeouts, retry and breaker policy, clock: tests shorten them. */
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
  /** The guarded connector for every call (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp;
}

/** The partner API root below an origin or a URL that already names it. */
export function blazeApiBase(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(API_PATH) ? trimmed : `${trimmed}${API_PATH}`;
}

/** `{values, total, …}` [5.5]; a bare array is accepted (liberal). */
const listSchema = z.union([
  z.array(z.unknown()),
  z
    .object({
      values: z.array(z.unknown()),
      total: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
    })
    .loose(),
]);

const errorBodySchema = z.object({ field: z.unknown().optional(), errorType: z.unknown().optional() }).loose();

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * Error bodies are UNCONFIRMED [5.6]: a message under one of a few names, sometimes the field.
 * A member that "does not exist" is NotFound whatever the status; other 400/409/422s are refusals.
 */
export function readBlazeError(response: TransportResponse, request: TransportRequest): PosError | undefined {
  const { status } = response;
  if (status !== 400 && status !== 404 && status !== 409 && status !== 422) return undefined;
  const parsed = errorBodySchema.safeParse(response.body);
  const body = parsed.success ? (parsed.data as Record<string, unknown>) : {};
  const message =
    CHOICES.errorMessageFields.map((name) => textOf(body[name])).find((text) => text !== null) ?? textOf(response.body);
  const type = textOf(body.errorType);
  const what = `${request.method} ${request.route} answered ${status}${type && /^[A-Za-z]{2,64}$/.test(type) ? ` ${type}` : ''}`;
  if (status === 404 || (message !== null && CHOICES.notFoundMessage.test(message))) {
    return new PosNotFound('blaze', what);
  }
  return new PosRejected('blaze', what, fieldErrorsFromBody(textOf(body.field), message), {
    alreadyExists: status === 409,
  });
}

interface Resume {
  skip: number;
  /** The window's end, fixed for the whole pull so paging runs over a set that can only shrink. */
  endDate: number;
  total: number | null;
  newest: string | null;
}

const resumeSchema = z.object({
  skip: z.number().int().min(0),
  endDate: z.number().int(),
  total: z.number().int().nullable(),
  newest: z.string().nullable(),
});

export function createBlazeClient(options: BlazeClientOptions): PosClient {
  const { credentials } = options;
  const context = { timeZone: options.timeZone };
  const pageSize = Math.max(1, options.pageSize ?? CHOICES.defaultPageSize);
  const base = blazeApiBase(credentials.baseUrl);
  const key = credentialKey('blaze', base, credentials.partnerKey, credentials.apiKey);
  const headers: Record<string, string> = { authorization: credentials.apiKey }; // raw, no scheme [5.8]
  for (const name of CHOICES.partnerKeyHeaders) headers[name] = credentials.partnerKey;

  const transport = createTransport({
    vendor: 'blaze',
    baseUrl: base,
    rateLimit: options.rateLimit ?? CHOICES.defaultRateLimit,
    limiterKey: key,
    // Fixed keys, no token [5.2]: a refusal is final (AuthFailed).
    auth: staticAuth(headers),
    readError: readBlazeError,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...options.transport,
  });

  /** Get-by-id and writes answer one member; a list envelope or array is accepted too (liberal). */
  function records(body: unknown): unknown[] {
    if (body === null || body === undefined || body === '') return [];
    if (Array.isArray(body)) return body;
    const values = (body as { values?: unknown }).values;
    return Array.isArray(values) ? values : [body];
  }

  function single(body: unknown, label: string): PosCustomer {
    const [raw] = records(body);
    if (raw === undefined) throw new PosMalformed('blaze', `${label} answered no member`, body);
    const read = readBlazeMember(raw, context);
    if (read instanceof PosMalformed) throw read;
    return read;
  }

  function batch(rows: unknown[]): PosBatch {
    const result: PosBatch = { customers: [], malformed: [] };
    for (const raw of rows) {
      const read = readBlazeMember(raw, context);
      if (read instanceof PosMalformed) result.malformed.push(read);
      else result.customers.push(read);
    }
    return result;
  }

  async function listPage(query: TransportRequest['query']): Promise<{ rows: unknown[]; total: number | null }> {
    const request: TransportRequest = {
      method: 'GET',
      route: '/members',
      path: '/members',
      query,
      idempotent: true,
    };
    const response = await transport.request(request);
    const parsed = listSchema.safeParse(response.body);
    if (!parsed.success) {
      throw new PosMalformed('blaze', 'GET /members answered without the {values, total} envelope', response.body);
    }
    return Array.isArray(parsed.data)
      ? { rows: parsed.data, total: null }
      : { rows: parsed.data.values, total: parsed.data.total ?? null };
  }

  /** The offset under both names [5.5] and the page size. */
  function paging(skip: number, limit: number): Record<string, number> {
    const query: Record<string, number> = { limit };
    for (const name of CHOICES.offsetParams) query[name] = skip;
    return query;
  }

  async function getRaw(externalId: string): Promise<unknown> {
    const response = await transport.request({
      method: 'GET',
      route: '/members/{memberId}',
      path: `/members/${encodeURIComponent(externalId)}`,
      idempotent: true,
    });
    return records(response.body)[0];
  }

  async function* listChangedSince(cursor: PosCursor): AsyncIterable<PosPage> {
    const state: Resume = readResume(cursor.resume) ?? {
      skip: 0,
      endDate: Date.now(),
      total: null,
      newest: cursor.since,
    };
    // Epoch ms windows over `modified` [5.3]; a full pull starts at 0.
    const startDate = cursor.since ? Math.max(0, Date.parse(cursor.since) - CHOICES.changedSinceOverlapMs) : 0;
    let previous: { skip: number; firstId: unknown } | null = null;
    for (;;) {
      const { rows, total } = await listPage({ startDate, endDate: state.endDate, ...paging(state.skip, pageSize) });
      // A vendor that ignores the offset [5.5 "doesn't respect 'start'"] would page forever: stop instead.
      const firstId = (rows[0] as { id?: unknown } | undefined)?.id;
      if (previous && state.skip > previous.skip && firstId !== undefined && firstId === previous.firstId) {
        throw new PosMalformed('blaze', 'GET /members answered the same page for a later skip', null);
      }
      previous = { skip: state.skip, firstId };
      const result = batch(rows);
      let newest = state.newest;
      for (const customer of result.customers) {
        if (customer.updatedAt && (newest === null || customer.updatedAt > newest)) newest = customer.updatedAt;
      }
      // With `endDate` fixed the window can only lose members (edited past it, or deleted). A smaller
      // total means members ahead of `skip` may have shifted into pages already read: step back over them.
      const left = state.total !== null && total !== null && total < state.total ? state.total - total : 0;
      const read = state.skip + rows.length;
      // The answer may hold fewer than asked (a smaller vendor maximum); `total` says when the end is reached [5.5].
      const done = left === 0 && (rows.length === 0 || (total === null ? rows.length < pageSize : read >= total));
      const following: Resume = {
        skip: left > 0 ? Math.max(0, state.skip - left) : read,
        endDate: state.endDate,
        total,
        newest,
      };
      yield {
        ...result,
        next: done ? { since: newest, resume: null } : { since: cursor.since, resume: JSON.stringify(following) },
        done,
      };
      if (done) return;
      Object.assign(state, following);
    }
  }

  const client: PosClient = {
    vendor: 'blaze',
    // Search by phone/email and create/update are UNCONFIRMED [5.3]; no deactivate call is known.
    // Merge or replace on update is UNCONFIRMED: the client reads first, as for a full replace.
    // `fields`: what mapping.test.ts "round trip" proves this vendor keeps.
    capabilities: {
      fields: [
        'firstName',
        'middleName',
        'lastName',
        'dateOfBirth',
        'phone',
        'email',
        'customerType',
        'medical',
        'idDocument',
        'address',
        'consents.sms',
        'consents.email',
        'loyaltyPoints',
        'notes',
      ],
      // `textOptIn`/`emailOptIn` are booleans whose default is UNCONFIRMED [5.4]: `false` may be nobody's answer.
      unsetConsent: false,
      findByPhone: false,
      findByEmail: false,
      deactivate: false,
      update: 'full-replace',
    },

    async testConnection() {
      await listPage(paging(0, 1));
    },

    listChangedSince,

    async get(externalId) {
      return single(await getRaw(externalId), 'GET /members/{memberId}');
    },

    async create(input: PosCustomerInput) {
      // No idempotency keys: not retried after an ambiguous failure.
      const response = await transport.request({
        method: 'POST',
        route: '/members',
        path: '/members',
        json: fromPosCustomer(input),
        idempotent: false,
      });
      return single(response.body, 'POST /members');
    },

    async update(externalId, input) {
      const current = await getRaw(externalId);
      if (current === null || typeof current !== 'object' || Array.isArray(current)) {
        throw new PosMalformed('blaze', 'GET /members/{memberId} answered no member object', current);
      }
      const response = await transport.request({
        method: CHOICES.updateMethod,
        route: '/members/{memberId}',
        path: `/members/${encodeURIComponent(externalId)}`,
        json: replacementBody(current as Record<string, unknown>, input, context),
        // The same whole record sent twice leaves the same result.
        idempotent: true,
      });
      return records(response.body).length ? single(response.body, 'POST /members/{memberId}') : client.get(externalId);
    },
  };
  return client;
}

function readResume(resume: string | null): Resume | null {
  if (resume === null) return null;
  try {
    return resumeSchema.parse(JSON.parse(resume));
  } catch {
    return null;
  }
}
