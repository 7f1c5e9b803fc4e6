/**
 * The Cova client (Cova CRM on the iQmetrix resource model, REFERENCE.md §3): the OAuth2 password
 * grant, company-scoped OData paths, `$filter` on `LastModifiedDateUtc` with `$skip`/`$top` HAL
 * paging, Search for phone and email, the iQmetrix `PUT Customers` update with child calls, and the
 * delete that disables. Responses are parsed with zod at the edge; a record that does not parse
 * becomes a `PosMalformed` and the rest of its page survives.
 */

import type { OutboundHttp } from '../../egress/outbound-http.ts';
import type { Logger } from '../../logger.ts';
import { credentialKey } from '../credential-state.ts';
import { usNationalDigits } from '../normalize.ts';
import { passwordGrantTokens } from '../oauth-password-grant.ts';
import {
  type PosBatch,
  type PosClient,
  type PosCursor,
  type PosCustomer,
  type PosCustomerInput,
  PosMalformed,
  PosNotFound,
  type PosPage,
  PosRateLimited,
  PosRejected,
} from '../port.ts';
import type { RateLimit } from '../token-bucket.ts';
import {
  createTransport,
  type TransportOptions,
  type TransportRequest,
  type TransportResponse,
  tokenAuth,
} from '../transport.ts';
import { COVA_CLIENT_CHOICES } from './choices.ts';
import { type CovaCredentials, crmApiBase, tokenUrl } from './credentials.ts';
import { readListAnswer } from './list-answer.ts';
import {
  type CovaCustomer,
  contactKind,
  covaCustomerSchema,
  fieldErrorsFromModelState,
  fromPosCustomer,
  pascalKeys,
  readCovaCustomer,
  samePhone,
} from './mapping.ts';
import { childChanges, customerPutBody } from './update-plan.ts';

const CHOICES = COVA_CLIENT_CHOICES;

export interface CovaClientOptions {
  credentials: CovaCredentials;
  /** The store's zone; Cova's `…Utc` times are read as UTC (`COVA_CLIENT_CHOICES.zoneLessTimesAreUtc`) [3.4]. */
  timeZone: string;
  logger?: Logger;
  /** `$top`, at most 100 [3.5]; smaller pages only for tests. */
  pageSize?: number;
  /** No published limit [3.6]: `COVA_CLIENT_CHOICES.rateLimit` unless an operator knows better. */
  rateLimit?: RateLimit;
  /** Timeouts, retry and breaker policy, clock: tests shorten them. */
  transport?: Partial<Pick<TransportOptions, 'retry' | 'breaker' | 'timeoutMs' | 'sleep' | 'random'>>;
  /** The guarded connector for every call (src/egress/outbound-http.ts); public addresses only when absent. */
  outbound?: OutboundHttp;
}

export const COVA_MAX_PAGE_SIZE = 100; // [3.5]
/** 12 h tokens [3.2], used when the token answer has no `expires_in`. */
const DEFAULT_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;

const ROUTES = {
  customerFull: '/Companies({CompanyId})/CustomerFull',
  customerFullById: '/Companies({CompanyId})/CustomerFull({CustomerId})',
  search: '/Companies({CompanyId})/Search',
  customer: '/Companies({CompanyId})/Customers({CustomerId})',
  child: (collection: string, withId: boolean) =>
    `/Companies({CompanyId})/Customers({CustomerId})/${collection}${withId ? '({ChildId})' : ''}`,
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** APIM's 429 says "Try again in N seconds" [COVA_SIM_CHOICES]: used when `Retry-After` is missing. */
export function retryAfterFromBody(body: unknown): number | null {
  const message = isObject(body) ? String(body.message ?? body.Message ?? '') : '';
  const match = /try again in (\d+(?:\.\d+)?) seconds?/i.exec(message);
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

/**
 * Cova's error bodies: ASP.NET `{Message, ModelState}` on 400s (not documented; the vendor's stack
 * is ASP.NET Web API [3.6]), `{"Message":"Resource cannot be found"}` on 404 [3.6]. Vendor messages
 * are never repeated: they name vendor fields and can quote customer data.
 */
function readCovaError(
  response: TransportResponse,
  request: TransportRequest,
): PosRejected | PosRateLimited | undefined {
  const what = `${request.method} ${request.route} answered ${response.status}`;
  if (response.status === 429 && !response.headers.get('retry-after')) {
    const wait = retryAfterFromBody(response.body);
    return wait === null ? undefined : new PosRateLimited('cova', what, wait);
  }
  if (response.status !== 400 && response.status !== 409 && response.status !== 422) return undefined;
  const body = pascalKeys(response.body);
  const modelState = isObject(body) && isObject(body.ModelState) ? body.ModelState : null;
  // No duplicate answer is documented (Cova asks integrators to search first [3.3]): a 409 is one.
  return new PosRejected('cova', what, modelState ? fieldErrorsFromModelState(modelState) : [], {
    alreadyExists: response.status === 409,
  });
}

/** Whole seconds, lower-case `z`, as in Cova's own example [3.3, 3.8]: `datetime'2019-01-01T00:00:00z'`. */
export function changedSinceFilter(instant: number): string {
  const whole = new Date(Math.floor(Math.max(0, instant) / 1000) * 1000).toISOString().slice(0, 19);
  return `LastModifiedDateUtc ge datetime'${whole}${CHOICES.filterZoneSuffix}'`;
}

/** A query string with spaces as `%20`: OData parsers do not all read `+` as a space. */
function query(parameters: Record<string, string | number>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&');
}

export function createCovaClient(options: CovaClientOptions): PosClient {
  const { credentials } = options;
  const pageSize = Math.max(1, Math.min(options.pageSize ?? COVA_MAX_PAGE_SIZE, COVA_MAX_PAGE_SIZE));
  const base = crmApiBase(credentials);
  const context = { timeZone: options.timeZone };
  const company = `/Companies(${credentials.companyId})`;
  const key = credentialKey(
    'cova',
    base,
    credentials.companyId,
    tokenUrl(credentials),
    credentials.username,
    credentials.clientId,
  );

  // One grant in flight per credential set, reused for 12 h [3.2].
  const tokens = passwordGrantTokens({
    vendor: 'cova',
    tokenUrl: tokenUrl(credentials),
    username: credentials.username,
    password: credentials.password,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    defaultLifetimeMs: DEFAULT_TOKEN_TTL_MS,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...(options.transport ? { transport: options.transport } : {}),
  });
  const transport = createTransport({
    vendor: 'cova',
    baseUrl: base,
    rateLimit: options.rateLimit ?? CHOICES.rateLimit,
    limiterKey: key,
    // `Authorization: Bearer <token>` on every call [3.2]; a refused token is dropped and fetched again once.
    auth: tokenAuth(tokens, (token) => ({ authorization: `Bearer ${token}` })),
    readError: readCovaError,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...options.transport,
  });

  function batch(rows: unknown[], keep: (record: CovaCustomer) => boolean = () => true): PosBatch {
    const result: PosBatch = { customers: [], malformed: [] };
    for (const raw of rows) {
      const parsed = covaCustomerSchema.safeParse(pascalKeys(raw));
      if (parsed.success && !keep(parsed.data)) continue;
      const read = readCovaCustomer(raw, context);
      if (read instanceof PosMalformed) result.malformed.push(read);
      else result.customers.push(read);
    }
    return result;
  }

  async function getRaw(externalId: string): Promise<unknown> {
    const response = await transport.request({
      method: 'GET',
      route: ROUTES.customerFullById,
      path: `${company}/CustomerFull(${encodeURIComponent(externalId)})`,
      idempotent: true,
    });
    return response.body;
  }

  function single(raw: unknown): PosCustomer {
    const read = readCovaCustomer(raw, context);
    if (read instanceof PosMalformed) throw read;
    return read;
  }

  async function listPage(since: number, skip: number, top: number) {
    const response = await transport.request({
      method: 'GET',
      route: `${ROUTES.customerFull}?$filter&$skip&$top`,
      path: `${company}/CustomerFull?${query({ $filter: changedSinceFilter(since), $skip: skip, $top: top })}`,
      // `$skip`/`$top` are honoured with HAL [3.3, 3.5].
      headers: { accept: 'application/hal+json' },
      idempotent: true,
    });
    return readListAnswer(response.body, `GET ${ROUTES.customerFull}`);
  }

  async function search(field: string, value: string, keep: (record: CovaCustomer) => boolean): Promise<PosBatch> {
    try {
      const response = await transport.request({
        method: 'POST',
        route: ROUTES.search,
        path: `${company}/Search`,
        json: { Criteria: [{ Criteria: value, Field: field, Operation: CHOICES.search.operation }] },
        // A search changes nothing: safe to send again.
        idempotent: true,
      });
      return batch(readListAnswer(response.body, `POST ${ROUTES.search}`).rows, keep);
    } catch (error) {
      if (error instanceof PosNotFound) return { customers: [], malformed: [] };
      throw error;
    }
  }

  async function* listChangedSince(cursor: PosCursor): AsyncIterable<PosPage> {
    // An unreadable saved cursor reads everything again: repeats are tolerated, losses are not.
    const since = cursor.since !== null && !Number.isNaN(Date.parse(cursor.since)) ? cursor.since : CHOICES.beginning;
    const from = Date.parse(since) - CHOICES.changedSinceOverlapMs;
    let { skip, newest } = readResume(cursor.resume, new Date(Date.parse(since)).toISOString());
    let previousFirstId: string | null = null;
    for (;;) {
      const answer = await listPage(from, skip, pageSize);
      let rows = answer.rows;
      const firstId = idOf(rows[0]);
      // Without links, a server that ignores `$skip` repeats its first page: that is the end.
      const repeated = !answer.hasLinks && skip > 0 && firstId !== null && firstId === previousFirstId;
      if (repeated) rows = [];
      previousFirstId = firstId;
      const result = batch(rows);
      for (const customer of result.customers) {
        if (customer.updatedAt && customer.updatedAt > newest) newest = customer.updatedAt;
      }
      const nextSkip =
        answer.nextSkip !== null && Number.isFinite(answer.nextSkip) ? answer.nextSkip : skip + rows.length;
      const done =
        rows.length === 0 ||
        nextSkip <= skip ||
        (answer.hasLinks ? answer.nextSkip === null : rows.length !== pageSize);
      const next: PosCursor = done
        ? { since: newest, resume: null }
        : { since: cursor.since, resume: JSON.stringify({ skip: nextSkip, newest }) };
      yield { ...result, next, done };
      if (done) return;
      skip = nextSkip;
    }
  }

  const client: PosClient = {
    vendor: 'cova',
    // `fields`: what mapping.test.ts "round trip" proves this vendor keeps.
    capabilities: {
      fields: [
        'firstName',
        'middleName',
        'lastName',
        'preferredName',
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
      // `DoNotContact` defaults to true [3.4, 3.8]: "no consent" is also what nobody asked reads as.
      unsetConsent: false,
      findByPhone: true,
      findByEmail: true,
      deactivate: true,
      update: 'full-replace',
    },

    async testConnection() {
      await tokens.get();
      await listPage(Date.now(), 0, 1);
    },

    listChangedSince,

    async get(externalId) {
      return single(await getRaw(externalId));
    },

    async findByPhone(phone) {
      // Search matching is undocumented: the digits are sent, and matches are checked here [3.3].
      const digits = usNationalDigits(phone) ?? phone.replace(/\D/g, '');
      return search(
        CHOICES.search.phoneField,
        CHOICES.search.phoneValue === 'national-digits' ? digits : phone,
        (record) =>
          (record.ContactMethods ?? []).some(
            (method) => contactKind(method) === 'phone' && samePhone(method.Value, phone),
          ),
      );
    },

    async findByEmail(email) {
      const wanted = email.trim().toLowerCase();
      return search(CHOICES.search.emailField, email.trim(), (record) =>
        (record.ContactMethods ?? []).some(
          (method) => contactKind(method) === 'email' && method.Value?.trim().toLowerCase() === wanted,
        ),
      );
    },

    async create(input: PosCustomerInput) {
      // No idempotency keys: not retried after an ambiguous failure; Cova asks to Search first [3.3].
      const response = await transport.request({
        method: 'POST',
        route: ROUTES.customerFull,
        path: `${company}/CustomerFull`,
        json: fromPosCustomer(input),
        idempotent: false,
      });
      // 201 with the record [3.3]; an answer that is not a whole record but names the new id is read back.
      const read = readCovaCustomer(response.body, context);
      if (!(read instanceof PosMalformed)) return read;
      const id = idOf(response.body);
      if (id === null) throw read;
      return client.get(id);
    },

    async update(externalId, input) {
      const raw = await getRaw(externalId);
      const parsed = covaCustomerSchema.safeParse(pascalKeys(raw));
      if (!parsed.success) throw new PosMalformed('cova', `GET ${ROUTES.customerFullById} answered no customer`, raw);
      const current = parsed.data;
      const customerPath = `${company}/Customers(${encodeURIComponent(current.Id)})`;
      // The whole Customer, Id included [3.3]: the same body twice leaves the same result.
      await transport.request({
        method: 'PUT',
        route: ROUTES.customer,
        path: customerPath,
        json: customerPutBody(current, input),
        idempotent: true,
      });
      for (const change of childChanges(current, input)) {
        const childPath = change.childId === null ? '' : `(${encodeURIComponent(change.childId)})`;
        await transport.request({
          method: change.method,
          route: ROUTES.child(change.collection, change.childId !== null),
          path: `${customerPath}/${change.collection}${childPath}`,
          ...(change.body ? { json: change.body } : {}),
          idempotent: change.method !== 'POST',
        });
      }
      return client.get(current.Id);
    },

    async deactivate(externalId) {
      // "The Delete operation acts as a Disable operation" [3.3].
      await transport.request({
        method: 'DELETE',
        route: ROUTES.customer,
        path: `${company}/Customers(${encodeURIComponent(externalId)})`,
        idempotent: true,
      });
    },
  };
  return client;
}

function idOf(raw: unknown): string | null {
  const record = pascalKeys(raw) as { Id?: unknown } | null;
  return typeof record?.Id === 'string' || typeof record?.Id === 'number' ? String(record.Id) : null;
}

function readResume(resume: string | null, since: string): { skip: number; newest: string } {
  if (resume === null) return { skip: 0, newest: since };
  try {
    const parsed = JSON.parse(resume) as { skip?: unknown; newest?: unknown };
    if (Number.isInteger(parsed.skip) && (parsed.skip as number) >= 0 && typeof parsed.newest === 'string') {
      return { skip: parsed.skip as number, newest: parsed.newest };
    }
  } catch {
    // An unreadable token starts the pull over: records may repeat, none are lost.
  }
  return { skip: 0, newest: since };
}
