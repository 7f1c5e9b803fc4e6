/**
 * A BLAZE Retail partner API on loopback, as REFERENCE.md §5 describes it: two-header auth (partner
 * key + raw developer key in `Authorization`), `members` under `/api/v1/partner`, `skip`/`limit`
 * paging (or `start`) with `{values, total}` answers, `startDate`/`endDate` windows and every date in
 * epoch ms, 24-hex ids. Where the reference says UNCONFIRMED, the choice is made in
 * `BLAZE_SIM_CHOICES` below and nowhere else.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FakePerson } from '../simulator-kit/fake-people.ts';
import { type NeutralFields, neutralChanges } from '../simulator-kit/neutral-changes.ts';
import type {
  RunningSimulator,
  SimCustomer,
  SimulatorContext,
  SimulatorDefinition,
  SimulatorOptions,
  VendorSimulator,
} from '../simulator-kit/simulator-types.ts';
import { startSimulator } from '../simulator-kit/start-simulator.ts';
import type { RateLimit } from '../token-bucket.ts';
import type { BlazeCredentials } from './credentials.ts';

const INVALID_ARG = 'BlazeInvalidArgException';

/** Behaviour REFERENCE.md leaves open, chosen here as the most likely, in one place. */
export const BLAZE_SIM_CHOICES = {
  /** No limit is published [5.6]; integrators plan for 429. This default is configurable per simulator. */
  rateLimit: { limit: 10, intervalMs: 1000 } satisfies RateLimit,
  /** Error bodies are UNCONFIRMED [5.6]: BLAZE-style `{field, message, errorType}` throughout. */
  rateLimitedBody: { field: null, message: 'Too many requests.', errorType: 'BlazeRateLimitException' },
  serverError: {
    status: 500,
    body: { field: null, message: 'An unexpected error occurred.', errorType: 'InternalServerError' },
  },
  /** A wrong or missing key: 401 (only the 403 for a missing permission is documented [5.2]). */
  badKeyStatus: 401,
  badPartnerKeyBody: { field: 'partnerKey', message: 'Invalid partner key.', errorType: 'BlazeAuthException' },
  badDeveloperKeyBody: { field: 'Authorization', message: 'Invalid developer key.', errorType: 'BlazeAuthException' },
  /** An unknown member: 400 with "does not exist", the way BLAZE's argument checks answer (UNCONFIRMED). */
  notFound: { status: 400, body: { field: 'memberId', message: 'Member does not exist.', errorType: INVALID_ARG } },
  /** Maximum `limit` is UNCONFIRMED [5.5]: larger asks are cut to 500 silently (`limit` in the answer says so). */
  maxLimit: 500,
  /** The sample answer shows `limit: 50` [5.4]: the page size when none is asked for. */
  defaultLimit: 50,
  /** The window filters `modified` [5.3 "modified window"], both ends inclusive. Ordering is UNCONFIRMED [5.5]: `modified`, then id. */
  windowIncludesEnds: true,
  /** Deleted members stay in lists with `deleted: true`, so a sync learns about them. */
  listsDeleted: true,
  /** Update semantics are UNCONFIRMED [5.3]: the worse case, every writable field the body leaves out is cleared. */
  updateReplaces: true,
  /** `PUT` is accepted on the update path as well as the guessed `POST` [5.3]. */
  updateMethods: ['POST', 'PUT'] as const,
  /** Both names are required on a write (what a POS member form asks for; UNCONFIRMED). */
  requiredOnWrite: ['firstName', 'lastName'] as const,
  /** A medical `consumerType` value is not published [5.4]. */
  consumerTypes: { adult: 'AdultUse', medical: 'MedicinalState' },
} as const;

const PARTNER_PERMISSIONS = [
  'NORMAL',
  'ACCEPT_MEMBER',
  'PERFORM_RECONCILIATION',
  'AUTO_APPLY',
  'RETRIEVE_PROMOTION_PRODUCTS',
  'READ_SMART_COLLECTIONS',
  'UNASSIGNED_ADD_MEMBER_TO_QUEUE',
] as const; // [5.2]
export type BlazePartnerPermission = (typeof PARTNER_PERMISSIONS)[number];

const BASE = '/api/v1/partner'; // [5.1]
const COMPANY_ID = '5f1e0c2a9b1d4a0012ab34cd';
const SHOP_ID = '5f1e0c2a9b1d4a0012ab9999';

export interface BlazeSimAddress {
  address: string | null;
  city: string | null;
  state: string | null;
  zipCode: string | null;
  country: string | null;
}

export interface BlazeSimNote {
  id: string;
  message: string;
  [other: string]: unknown;
}

/** A member as the simulator holds and serves it: the sample of [5.4] plus ConsumerUser fields. */
export interface BlazeSimMember {
  id: string;
  companyId: string;
  shopId: string;
  created: number;
  modified: number;
  deleted: boolean;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  email: string | null;
  primaryPhone: string | null;
  dob: number | null;
  address: BlazeSimAddress | null;
  status: string;
  medical: boolean;
  consumerType: string;
  textOptIn: boolean;
  emailOptIn: boolean;
  dlNo: string | null;
  dlExpiration: number | null;
  dlState: string | null;
  recNo: string | null;
  recExpiration: number | null;
  recIssueDate: number | null;
  doctorFirstName: string | null;
  doctorLastName: string | null;
  doctorLicense: string | null;
  lastVisitDate: number | null;
  marketingSource: string | null;
  pointsBalance: number;
  notes: BlazeSimNote[];
  metadata: unknown[];
}

export interface BlazeSimulatorOptions extends SimulatorOptions {
  partnerKey?: string;
  apiKey?: string;
  /** Requests per interval for one developer key (none is published [5.6]). */
  rateLimit?: RateLimit;
  /** What the partner key may do [5.2]; without `NORMAL` every call answers 403. Default: all. */
  permissions?: BlazePartnerPermission[];
}

export interface RunningBlazeSimulator extends RunningSimulator<BlazeSimMember> {
  credentials: BlazeCredentials;
}

/** 24-hex, Mongo ObjectId style [5.4], from the kit's sequential number. */
export function blazeId(n: number): string {
  return `65f0a1b2c3d4e5f6${n.toString(16).padStart(8, '0')}`;
}

const midnightUtc = (date: string): number => Date.parse(`${date}T00:00:00.000Z`);

function recordFromPerson(person: FakePerson, n: number): BlazeSimMember {
  const card = person.medicalCard;
  const licence = person.driversLicense;
  const address = person.address;
  const id = blazeId(n);
  return {
    id,
    companyId: COMPANY_ID,
    shopId: SHOP_ID,
    created: person.createdAt.getTime(), // every time in epoch ms [5.8]
    modified: person.updatedAt.getTime(),
    deleted: false,
    firstName: person.firstName,
    middleName: person.middleName,
    lastName: person.lastName,
    email: person.email,
    primaryPhone: person.phone,
    dob: midnightUtc(person.dateOfBirth), // 1900-01-01 placeholders included, as typed
    // One street line [5.4]: a budtender types the apartment into it.
    address: address
      ? {
          address: address.line2 ? `${address.line1} ${address.line2}` : address.line1,
          city: address.city,
          state: address.state,
          zipCode: address.postalCode,
          country: 'US',
        }
      : null,
    status: 'Active',
    medical: person.customerType === 'medical',
    consumerType: BLAZE_SIM_CHOICES.consumerTypes[person.customerType],
    textOptIn: person.smsOptIn ?? false,
    emailOptIn: person.emailOptIn ?? false,
    dlNo: licence?.number ?? null,
    dlExpiration: licence ? midnightUtc(licence.expiresOn) : null,
    dlState: licence?.state ?? null,
    recNo: card?.number ?? null,
    recExpiration: card ? midnightUtc(card.expiresOn) : null,
    recIssueDate: null,
    doctorFirstName: null,
    doctorLastName: null,
    doctorLicense: null,
    lastVisitDate: person.lastVisitAt?.getTime() ?? null,
    marketingSource: null,
    pointsBalance: person.loyaltyPoints,
    notes: person.notes ? [{ id: blazeId(0xe000000 + n), message: person.notes }] : [],
    metadata: [],
  };
}

const calendarDate = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));

/** A BLAZE member in neutral field names (`customerOf`): dates are epoch ms, notes a list [5.8]. */
function customerFromMember(member: BlazeSimMember): SimCustomer {
  return {
    status: member.deleted || member.status !== 'Active' ? 'deactivated' : 'active',
    firstName: member.firstName ?? '',
    middleName: member.middleName,
    lastName: member.lastName ?? '',
    dateOfBirth: calendarDate(member.dob),
    phone: member.primaryPhone,
    email: member.email,
    customerType: member.medical ? 'medical' : 'adult',
    notes: member.notes.map((note) => note.message).join('\n') || null,
    loyaltyPoints: member.pointsBalance ?? 0,
  };
}

/** Neutral edits in BLAZE's fields, written as `recordFromPerson` writes them. */
const BLAZE_FIELDS: Partial<NeutralFields<BlazeSimMember>> = {
  firstName: (value) => ({ firstName: value }),
  middleName: (value) => ({ middleName: value }),
  lastName: (value) => ({ lastName: value }),
  dateOfBirth: (value) => ({ dob: midnightUtc(value) }),
  phone: (value) => ({ primaryPhone: value }),
  email: (value) => ({ email: value }),
  loyaltyPoints: (value) => ({ pointsBalance: value }),
};

type WriteBody = Record<string, unknown>;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

let noteCounter = 0;
function notesFrom(value: unknown): BlazeSimNote[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((note): BlazeSimNote[] => {
    if (typeof note === 'string') return [{ id: blazeId(0xf000000 + ++noteCounter), message: note }];
    if (note && typeof note === 'object' && typeof (note as WriteBody).message === 'string') {
      const held = note as BlazeSimNote;
      return [{ ...held, id: typeof held.id === 'string' ? held.id : blazeId(0xf000000 + ++noteCounter) }];
    }
    return [];
  });
}

function addressFrom(value: unknown): BlazeSimAddress | null {
  if (!value || typeof value !== 'object') return null;
  const a = value as WriteBody;
  return {
    ...a,
    address: str(a.address),
    city: str(a.city),
    state: str(a.state),
    zipCode: str(a.zipCode),
    country: str(a.country),
  };
}

/**
 * What the simulator stores for a create or update body. An update replaces every writable field
 * (`BLAZE_SIM_CHOICES.updateReplaces`); identity, status and history survive.
 */
export function blazeRecordFromWrite(
  body: WriteBody,
  id: string,
  now: Date,
  previous?: BlazeSimMember,
): BlazeSimMember {
  const medical = body.medical === true;
  return {
    id,
    companyId: previous?.companyId ?? COMPANY_ID,
    shopId: previous?.shopId ?? SHOP_ID,
    created: previous?.created ?? now.getTime(),
    modified: now.getTime(),
    deleted: previous?.deleted ?? false,
    firstName: str(body.firstName),
    middleName: str(body.middleName),
    lastName: str(body.lastName),
    email: str(body.email),
    primaryPhone: str(body.primaryPhone),
    dob: num(body.dob),
    address: addressFrom(body.address),
    status: previous?.status ?? 'Active',
    medical,
    consumerType: str(body.consumerType) ?? BLAZE_SIM_CHOICES.consumerTypes[medical ? 'medical' : 'adult'],
    // Booleans default to false, as `medical` does on ConsumerUser [5.4].
    textOptIn: body.textOptIn === true,
    emailOptIn: body.emailOptIn === true,
    dlNo: str(body.dlNo),
    dlExpiration: num(body.dlExpiration),
    dlState: str(body.dlState),
    recNo: str(body.recNo),
    recExpiration: num(body.recExpiration),
    recIssueDate: num(body.recIssueDate),
    doctorFirstName: str(body.doctorFirstName),
    doctorLastName: str(body.doctorLastName),
    doctorLicense: str(body.doctorLicense),
    lastVisitDate: previous?.lastVisitDate ?? null,
    marketingSource: str(body.marketingSource),
    pointsBalance: num(body.pointsBalance) ?? 0,
    notes: notesFrom(body.notes),
    metadata: Array.isArray(body.metadata) ? body.metadata : [],
  };
}

function refusal(body: WriteBody): { field: string; message: string } | null {
  for (const field of BLAZE_SIM_CHOICES.requiredOnWrite) {
    const value = body[field];
    if (typeof value !== 'string' || value.trim() === '') {
      return { field, message: `${field === 'firstName' ? 'First' : 'Last'} name is required.` };
    }
  }
  for (const field of ['dob', 'dlExpiration', 'recExpiration', 'recIssueDate']) {
    const value = body[field];
    // Dates are epoch ms [5.8]: a date string is refused.
    if (value !== null && value !== undefined && num(value) === null) {
      return { field, message: 'Dates must be epoch milliseconds.' };
    }
  }
  return null;
}

function fail(reply: FastifyReply, status: number, field: string | null, message: string) {
  return reply.code(status).send({ field, message, errorType: INVALID_ARG });
}

/** A non-negative integer query value; `undefined` when absent, `null` when not one. */
function intParam(value: unknown): number | null | undefined {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : null;
}

export function blazeSimulatorDefinition(settings: {
  partnerKey: string;
  apiKey: string;
  rateLimit: RateLimit;
  permissions: readonly BlazePartnerPermission[];
}): SimulatorDefinition<BlazeSimMember> {
  const { partnerKey, apiKey } = settings;

  return {
    vendor: 'blaze',
    idOf: (record) => record.id,
    fromPerson: (person, n) => recordFromPerson(person, n),
    edit: (record, changes, now) => ({ ...record, ...changes, modified: now.getTime() }),
    toCustomer: customerFromMember,
    recordChanges: (changes, record) => neutralChanges('blaze', BLAZE_FIELDS, changes, record),
    malform: (record) => ({ ...record, firstName: 42, dob: ['not', 'a', 'date'] }),
    // Note ids come from a counter of their own; after a restart it continues, so none is issued twice.
    state: {
      save: () => ({ noteCounter }),
      load(saved) {
        const counter = (saved as { noteCounter?: unknown } | null)?.noteCounter;
        if (typeof counter === 'number') noteCounter = Math.max(noteCounter, counter);
      },
    },
    rateLimit: settings.rateLimit,
    // The developer key names one shop [5.2]: the limit (if any) would be per shop.
    rateLimitKey: (request) => (request.url.startsWith(BASE) ? (request.headers.authorization ?? null) : null),
    rateLimited(reply, retryAfterSeconds) {
      if (retryAfterSeconds !== null) reply.header('retry-after', String(retryAfterSeconds));
      return reply.code(429).send(BLAZE_SIM_CHOICES.rateLimitedBody);
    },
    serverError: (reply) => reply.code(BLAZE_SIM_CHOICES.serverError.status).send(BLAZE_SIM_CHOICES.serverError.body),

    routes(app, context: SimulatorContext<BlazeSimMember>) {
      const { store } = context;

      // Two headers on every call [5.2]: the partner key as `x-api-key` (any case) or the older
      // `partner_key`, and the developer key raw in `Authorization`, with no scheme [5.8].
      const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
        const partner = request.headers['x-api-key'] ?? request.headers.partner_key;
        if (partner !== partnerKey) {
          return reply.code(BLAZE_SIM_CHOICES.badKeyStatus).send(BLAZE_SIM_CHOICES.badPartnerKeyBody);
        }
        if (request.headers.authorization !== apiKey) {
          return reply.code(BLAZE_SIM_CHOICES.badKeyStatus).send(BLAZE_SIM_CHOICES.badDeveloperKeyBody);
        }
        // A missing partner-key permission answers 403 [5.2].
        if (!settings.permissions.includes('NORMAL')) {
          return reply
            .code(403)
            .send({ field: null, message: 'Partner key lacks permission NORMAL.', errorType: 'BlazeAuthException' });
        }
      };
      const guarded = { onRequest: authenticate };

      app.get<{ Querystring: Record<string, string | undefined> }>(
        `${BASE}/members`,
        guarded,
        async (request, reply) => {
          const q = request.query;
          // `skip`, or `start` on some endpoints [5.5].
          const skip = intParam(q.skip) ?? intParam(q.start) ?? 0;
          const asked = intParam(q.limit) ?? BLAZE_SIM_CHOICES.defaultLimit;
          const start = intParam(q.startDate);
          const end = intParam(q.endDate);
          if (skip === null || skip < 0 || asked === null || asked < 1) {
            return fail(reply, 400, 'skip', 'skip and limit must be non-negative integers.');
          }
          // Member windows are epoch ms [5.3]; an ISO date or a day number is refused.
          if (start === null || end === null) {
            return fail(reply, 400, 'startDate', 'startDate and endDate must be epoch milliseconds.');
          }
          const limit = Math.min(asked, BLAZE_SIM_CHOICES.maxLimit);
          const inclusive = BLAZE_SIM_CHOICES.windowIncludesEnds;
          const rows = store.derived(`members ${start} ${end}`, () =>
            store
              .all()
              .filter((r) => BLAZE_SIM_CHOICES.listsDeleted || !r.deleted)
              .filter((r) => start === undefined || r.modified > start || (inclusive && r.modified === start))
              .filter((r) => end === undefined || r.modified < end || (inclusive && r.modified === end))
              .sort((a, b) => a.modified - b.modified || a.id.localeCompare(b.id)),
          );
          return {
            values: rows.slice(skip, skip + limit).map(context.serve),
            skip,
            limit,
            total: rows.length,
          };
        },
      );

      const notFound = (reply: FastifyReply) =>
        reply.code(BLAZE_SIM_CHOICES.notFound.status).send(BLAZE_SIM_CHOICES.notFound.body);

      app.get<{ Params: { memberId: string } }>(`${BASE}/members/:memberId`, guarded, async (request, reply) => {
        const record = store.get(request.params.memberId);
        return record ? context.serve(record) : notFound(reply);
      });

      app.post(`${BASE}/members`, guarded, async (request, reply) => {
        const body = (request.body ?? {}) as WriteBody;
        const refused = refusal(body);
        if (refused) return fail(reply, 400, refused.field, refused.message);
        return store.put(blazeRecordFromWrite(body, blazeId(store.nextId()), new Date()));
      });

      app.route<{ Params: { memberId: string } }>({
        method: [...BLAZE_SIM_CHOICES.updateMethods],
        url: `${BASE}/members/:memberId`,
        onRequest: authenticate,
        handler: async (request, reply) => {
          const previous = store.get(request.params.memberId);
          if (!previous) return notFound(reply);
          const body = (request.body ?? {}) as WriteBody;
          const refused = refusal(body);
          if (refused) return fail(reply, 400, refused.field, refused.message);
          const written = BLAZE_SIM_CHOICES.updateReplaces ? body : { ...previous, ...body };
          return store.put(blazeRecordFromWrite(written, previous.id, new Date(), previous));
        },
      });
    },
  };
}

export async function startBlazeSimulator(options: BlazeSimulatorOptions = {}): Promise<RunningBlazeSimulator> {
  const settings = {
    partnerKey: options.partnerKey ?? 'patron-sim-partner-key',
    apiKey: options.apiKey ?? 'patron-sim-developer-key',
    rateLimit: options.rateLimit ?? BLAZE_SIM_CHOICES.rateLimit,
    permissions: options.permissions ?? [...PARTNER_PERMISSIONS],
  };
  const simulator = await startSimulator(blazeSimulatorDefinition(settings), options);
  return {
    ...simulator,
    credentials: { baseUrl: simulator.url, partnerKey: settings.partnerKey, apiKey: settings.apiKey },
  };
}

/** BLAZE's entry in the simulator registry (`src/pos/simulators.ts`, demo and tests only). */
export const blazeSimulator: VendorSimulator<BlazeCredentials> = {
  vendor: 'blaze',
  listRateLimit: BLAZE_SIM_CHOICES.rateLimit,
  maxPageSize: BLAZE_SIM_CHOICES.maxLimit,
  async start(options) {
    const simulator = await startBlazeSimulator(options);
    return { simulator: simulator as RunningSimulator<unknown>, credentials: simulator.credentials };
  },
};
