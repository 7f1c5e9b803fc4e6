/**
 * A Cova customer API (Cova CRM on the iQmetrix resource model) on loopback, as REFERENCE.md §3
 * describes it: the OAuth2 password grant with 12 h bearer tokens, company-scoped OData paths with
 * keys in parentheses, PascalCase CustomerFull records with phones and emails in `ContactMethods`,
 * `$filter` on `LastModifiedDateUtc`, `$skip`/`$top` paging with HAL links, Search, `PUT Customers`
 * with child calls, and a delete that disables. Every UNCONFIRMED choice is in `COVA_SIM_CHOICES`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { neutralChanges } from '../simulator-kit/neutral-changes.ts';
import type {
  RunningSimulator,
  SimulatorContext,
  SimulatorDefinition,
  SimulatorOptions,
  VendorSimulator,
} from '../simulator-kit/simulator-types.ts';
import { startSimulator } from '../simulator-kit/start-simulator.ts';
import type { CovaCredentials } from './credentials.ts';
import { COVA_SIM_CHOICES } from './sim-choices.ts';
import {
  addressFromWrite,
  baseFieldsFromWrite,
  COVA_FIELDS,
  type CovaSimRecord,
  contactMethodFromWrite,
  covaCustomerFromRecord,
  covaRecordFromPerson,
  covaRecordFromWrite,
  dotNetUtc,
  extensionFromWrite,
} from './sim-record.ts';
import {
  addressState,
  byChangeThenId,
  type ChangedFilter,
  contactMethodState,
  customerModelState,
  duplicatesSomeone,
  extensionState,
  type ModelState,
  matchesAll,
  parseChangedFilter,
  passes,
  plainDateFilter,
  readCriterion,
  type SearchCriterion,
} from './sim-rules.ts';

export type { CovaSimRecord } from './sim-record.ts';

const CHOICES = COVA_SIM_CHOICES;

export interface CovaSimulatorOptions extends SimulatorOptions {
  companyId?: number;
  locationId?: number;
  username?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface RunningCovaSimulator extends RunningSimulator<CovaSimRecord> {
  credentials: CovaCredentials;
}

interface Settings {
  companyId: number;
  username: string;
  password: string;
  clientId: string;
  clientSecret: string;
}

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body =>
  request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Body) : {};

/** OData keys in parentheses [3.8]: `Companies(12)`, `CustomerFull(7f25…)`. */
const COMPANY = '/crm/v1/Companies(:companyId(^\\d+))';
const key = (name: string) => `(:${name}(^[\\w-]+))`;
const CHILD_COLLECTIONS = ['Addresses', 'ContactMethods', 'CustomerExtensions'] as const;
type ChildCollection = (typeof CHILD_COLLECTIONS)[number];

function invalid(reply: FastifyReply, state: ModelState) {
  return reply.code(400).send({ Message: 'The request is invalid.', ModelState: state });
}

function notFound(reply: FastifyReply) {
  return reply.code(CHOICES.notFound.status).type(CHOICES.notFound.contentType).send(CHOICES.notFound.body);
}

/** `$top` default 50, max 100, out-of-range falls back to 100 [3.5]. */
function pageSize(raw: unknown): number {
  if (raw === undefined) return CHOICES.defaultTop;
  const top = Number(raw);
  return Number.isInteger(top) && top >= 1 && top <= CHOICES.maxTop ? top : CHOICES.maxTop;
}

function readFilter(query: Record<string, string | undefined>): ChangedFilter | null {
  if (query.$filter !== undefined) return parseChangedFilter(query.$filter);
  if (CHOICES.acceptPlainDateParameter && query.LastModifiedDateUtc !== undefined) {
    return plainDateFilter(query.LastModifiedDateUtc);
  }
  return null;
}

/** A child write, validated the way its collection requires, or the `ModelState` that refuses it. */
function childFromWrite(
  collection: ChildCollection,
  body: Body,
  customerId: string,
  id?: string,
): { child: CovaSimRecord[ChildCollection][number] } | { state: ModelState } {
  const state: ModelState = {};
  if (collection === 'Addresses') addressState(body, 'address', state);
  else if (collection === 'ContactMethods') contactMethodState(body, 'contactMethod', state);
  else extensionState(body, 'extension', state);
  if (Object.keys(state).length) return { state };
  if (collection === 'Addresses') return { child: addressFromWrite(body, customerId, id) };
  if (collection === 'ContactMethods') return { child: contactMethodFromWrite(body, customerId, id) };
  const extension = extensionFromWrite(body, customerId, id);
  return extension ? { child: extension } : { state: { extension: ['The extension type does not exist.'] } };
}

function touched(record: CovaSimRecord, changes: Partial<CovaSimRecord>): CovaSimRecord {
  return { ...record, ...changes, Version: record.Version + 1, LastModifiedDateUtc: dotNetUtc(new Date()) };
}

export function covaSimulatorDefinition(settings: Settings): SimulatorDefinition<CovaSimRecord> {
  return {
    vendor: 'cova',
    idOf: (record) => record.Id,
    fromPerson: (person, id) => covaRecordFromPerson(person, id),
    edit: (record, changes, now) => ({
      ...record,
      ...changes,
      Version: record.Version + 1,
      LastModifiedDateUtc: dotNetUtc(now),
    }),
    malform: (record) => ({ ...record, PrimaryName: 42, ContactMethods: 'broken' }),
    toCustomer: covaCustomerFromRecord,
    recordChanges: (changes, record) => neutralChanges('cova', COVA_FIELDS, changes, record),
    rateLimit: CHOICES.rateLimit,
    // Scope is the company [3.8]; the token call is not counted.
    rateLimitKey: (request) => /\/Companies\((\d+)\)/.exec(request.url)?.[1] ?? null,
    rateLimited(reply, retryAfterSeconds) {
      if (retryAfterSeconds !== null) reply.header('retry-after', String(retryAfterSeconds));
      return reply.code(429).send(CHOICES.rateLimitedBody(retryAfterSeconds));
    },
    serverError: (reply) => reply.code(CHOICES.serverError.status).send(CHOICES.serverError.body),
    routes: (app, context) => routes(app, context, settings),
  };
}

function routes(app: FastifyInstance, context: SimulatorContext<CovaSimRecord>, settings: Settings): void {
  const { store, tokens, faults } = context;

  app.setNotFoundHandler((_request, reply) => notFound(reply));

  // Password grant, form-encoded [3.2]; wrong credentials answer the OAuth2 error fields.
  app.post('/v1/oauth2/token', async (request, reply) => {
    const form = bodyOf(request);
    if (form.grant_type !== 'password') {
      return reply.code(CHOICES.unsupportedGrant.status).send(CHOICES.unsupportedGrant.body);
    }
    if (form.client_id !== settings.clientId || form.client_secret !== settings.clientSecret) {
      return reply.code(CHOICES.badCredentials.status).send(CHOICES.badCredentials.client);
    }
    if (form.username !== settings.username || form.password !== settings.password) {
      return reply.code(CHOICES.badCredentials.status).send(CHOICES.badCredentials.user);
    }
    const ttl = faults.settings.tokenTtlMs ?? CHOICES.tokenTtlMs;
    const issued = tokens.issue(ttl);
    return { access_token: issued.token, token_type: 'bearer', expires_in: Math.round(ttl / 1000) };
  });

  // `Authorization: Bearer <token>` on every call [3.2], for this company only.
  const authenticate = async (request: FastifyRequest<{ Params: { companyId?: string } }>, reply: FastifyReply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !tokens.isValid(match[1])) {
      return reply.code(CHOICES.unauthorized.status).send(CHOICES.unauthorized.body);
    }
    if (Number(request.params.companyId) !== settings.companyId) {
      return reply.code(CHOICES.wrongCompanyStatus).send(CHOICES.unauthorized.body);
    }
  };
  const guarded = { onRequest: authenticate };

  type CustomerParams = { companyId: string; customerId: string };
  type ChildParams = CustomerParams & { childId: string };

  app.get<{ Params: { companyId: string }; Querystring: Record<string, string | undefined> }>(
    `${COMPANY}/CustomerFull`,
    guarded,
    async (request, reply) => {
      let filter: ChangedFilter | null;
      try {
        filter = readFilter(request.query);
      } catch {
        return reply.code(CHOICES.badFilter.status).send(CHOICES.badFilter.body);
      }
      const rows = store.derived(`CustomerFull ${JSON.stringify(filter)}`, () =>
        store
          .all()
          .filter((record) => passes(record, filter))
          .sort(byChangeThenId),
      );
      const hal = (request.headers.accept ?? '').includes('hal+json');
      if (!hal && CHOICES.pagesOnlyWithHal) return rows.map(context.serve);
      const skip = Math.max(0, Math.trunc(Number(request.query.$skip ?? 0)) || 0);
      const top = pageSize(request.query.$top);
      // Relative links [3.5]; the client prepends its base.
      const filterPart = request.query.$filter ? `$filter=${encodeURIComponent(request.query.$filter)}&` : '';
      const href = (at: number) => `Companies(${settings.companyId})/CustomerFull?${filterPart}$skip=${at}&$top=${top}`;
      const links: Record<string, { href: string }> = { self: { href: href(skip) } };
      if (skip + top < rows.length) links.next = { href: href(skip + top) };
      if (skip > 0) links.prev = { href: href(Math.max(0, skip - top)) };
      return reply
        .type('application/hal+json')
        .send({ _links: links, _embedded: { self: rows.slice(skip, skip + top).map(context.serve) } });
    },
  );

  app.get<{ Params: CustomerParams }>(
    `${COMPANY}/CustomerFull${key('customerId')}`,
    guarded,
    async (request, reply) => {
      const record = store.get(request.params.customerId);
      return record ? context.serve(record) : notFound(reply);
    },
  );

  app.post(`${COMPANY}/CustomerFull`, guarded, async (request, reply) => {
    const body = bodyOf(request);
    const state = customerModelState(body, true);
    if (state) return invalid(reply, state);
    if (CHOICES.refuseDuplicates && duplicatesSomeone(body, store.all())) {
      return invalid(reply, { 'customer.ContactMethods': ['A customer with this contact method already exists.'] });
    }
    return reply.code(201).send(store.put(covaRecordFromWrite(body, store.nextId(), new Date())));
  });

  app.post(`${COMPANY}/Search`, guarded, async (request, reply) => {
    const raw = bodyOf(request).Criteria;
    const criteria = (Array.isArray(raw) ? raw : []).map((c: Body) => readCriterion(c));
    if (!criteria.length || criteria.some((c) => c === null)) {
      return reply.code(400).send({ Message: 'The search criteria are not supported.' });
    }
    const matches = store.all().filter((record) => matchesAll(record, criteria as SearchCriterion[]));
    return { Id: 1, Criteria: raw, Results: matches.map(context.serve) };
  });

  // iQmetrix update: the full Customer including Id, children untouched [3.3].
  app.put<{ Params: CustomerParams }>(`${COMPANY}/Customers${key('customerId')}`, guarded, async (request, reply) => {
    const record = store.get(request.params.customerId);
    if (!record) return notFound(reply);
    const body = bodyOf(request);
    if (CHOICES.putNeedsMatchingId && String(body.Id ?? '') !== record.Id) {
      return invalid(reply, { 'customer.Id': ['The Id in the body does not match the Id in the URI.'] });
    }
    const state = customerModelState(body, false);
    if (state) return invalid(reply, state);
    const { Addresses, ContactMethods, CustomerExtensions, RelatedCustomers, MemberOf, Documents, ...customer } =
      store.put(touched(record, baseFieldsFromWrite(body)));
    return customer;
  });

  // "The Delete operation acts as a Disable operation" [3.3].
  app.delete<{ Params: CustomerParams }>(
    `${COMPANY}/Customers${key('customerId')}`,
    guarded,
    async (request, reply) => {
      const record = store.get(request.params.customerId);
      if (!record) return notFound(reply);
      store.put(touched(record, { Disabled: true }));
      return reply.code(CHOICES.deleteStatus).send();
    },
  );

  for (const collection of CHILD_COLLECTIONS) {
    const base = `${COMPANY}/Customers${key('customerId')}/${collection}`;

    app.post<{ Params: CustomerParams }>(base, guarded, async (request, reply) => {
      const record = store.get(request.params.customerId);
      if (!record) return notFound(reply);
      const result = childFromWrite(collection, bodyOf(request), record.Id);
      if ('state' in result) return invalid(reply, result.state);
      store.put(touched(record, { [collection]: [...record[collection], result.child] }));
      return reply.code(201).send(result.child);
    });

    app.put<{ Params: ChildParams }>(`${base}${key('childId')}`, guarded, async (request, reply) => {
      const record = store.get(request.params.customerId);
      const children: { Id: string }[] = record?.[collection] ?? [];
      if (!record || !children.some((c) => c.Id === request.params.childId)) return notFound(reply);
      const result = childFromWrite(collection, bodyOf(request), record.Id, request.params.childId);
      if ('state' in result) return invalid(reply, result.state);
      const replaced = children.map((c) => (c.Id === request.params.childId ? result.child : c));
      store.put(touched(record, { [collection]: replaced }));
      return result.child;
    });

    app.delete<{ Params: ChildParams }>(`${base}${key('childId')}`, guarded, async (request, reply) => {
      const record = store.get(request.params.customerId);
      const children: { Id: string }[] = record?.[collection] ?? [];
      if (!record || !children.some((c) => c.Id === request.params.childId)) return notFound(reply);
      store.put(touched(record, { [collection]: children.filter((c) => c.Id !== request.params.childId) }));
      return reply.code(204).send();
    });
  }
}

export async function startCovaSimulator(options: CovaSimulatorOptions = {}): Promise<RunningCovaSimulator> {
  const settings: Settings = {
    companyId: options.companyId ?? 1,
    username: options.username ?? 'patron-sim-user',
    password: options.password ?? 'patron-sim-password',
    clientId: options.clientId ?? 'patron-sim-client',
    clientSecret: options.clientSecret ?? 'patron-sim-secret',
  };
  const simulator = await startSimulator(covaSimulatorDefinition(settings), options);
  return {
    ...simulator,
    credentials: {
      baseUrl: `${simulator.url}/crm`,
      authUrl: `${simulator.url}/v1/oauth2/token`,
      username: settings.username,
      password: settings.password,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      companyId: String(settings.companyId),
      locationId: String(options.locationId ?? 101),
    },
  };
}

/** Cova's entry in the simulator registry (`src/pos/simulators.ts`, demo and tests only). */
export const covaSimulator: VendorSimulator<CovaCredentials> = {
  vendor: 'cova',
  listRateLimit: CHOICES.rateLimit,
  maxPageSize: CHOICES.maxTop,
  async start(options) {
    const simulator = await startCovaSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
};
